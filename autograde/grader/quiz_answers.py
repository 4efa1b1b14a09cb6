"""Quiz answers of a submission, read and graded in the trusted process.

An answer is read from the code as written — the literal in ``answer("03-why-squared", "b")``
— never by running the student's code: a string, a number or a list of them (a minus sign
included). Anything else (a variable, a call) is not an answer the grader can read, and the
response says so. The last answer to an item counts, as in the notebook.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass

from autograde.grader.records import QuizResponse
from autograde.grader.syntax import parsed
from autograde.kit.text import Lang, Text
from autograde.quiz.banks import Library

SAY = {
    "not_literal": Text(
        ja="{cell} の answer(\"{item}\", ...) の答えは、文字列か数で直接書いてください（変数や式は"
           "読み取れません）。",
        en="In {cell}, write the answer of answer(\"{item}\", ...) directly as a string or a "
           "number (a variable or an expression cannot be read)."),
    "not_answered": Text(ja="クイズ「{item}」の answer(...) のセルが見つかりません。",
                         en="The answer(...) cell of the quiz “{item}” is missing."),
    "syntax": Text(ja="{cell} は構文エラーのため、その中の答えを読み取れません。",
                   en="{cell} has a syntax error: the answers in it cannot be read."),
}
CHOSEN_TYPES = ("single", "multiple", "ordering", "matching")


@dataclass(frozen=True)
class Written:
    """What a submission wrote as the answer to one item: a value, or why it is unreadable."""

    value: object = None
    problem: str | None = None


class _NotLiteral(Exception):
    pass


def literal(node: ast.expr) -> object:
    """The value of a literal answer: str, int, float, or a (nested) list of those."""
    if (isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float))
            and not isinstance(node.value, bool)):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = literal(node.operand)
        if isinstance(value, (int, float)):
            return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, (ast.List, ast.Tuple)):
        return [literal(element) for element in node.elts]
    raise _NotLiteral


def _answer_calls(tree: ast.AST, items: set[str]) -> Iterable[tuple[str, ast.expr | None]]:
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "answer" and node.args
                and isinstance(node.args[0], ast.Constant) and node.args[0].value in items):
            yield node.args[0].value, (node.args[1] if len(node.args) > 1 else None)


def answers_in(cells: Iterable[tuple[str, str]], items: set[str],
               lang: Lang) -> dict[str, Written]:
    """Item id → what the last ``answer(item, ...)`` in ``cells`` ((name, source)) wrote."""
    found: dict[str, Written] = {}
    for name, source in cells:
        try:
            tree = parsed(source)
        except SyntaxError:
            for item in items:
                if f'"{item}"' in source or f"'{item}'" in source:
                    found[item] = Written(problem=SAY["syntax"](lang, cell=name))
            continue
        for item, given in _answer_calls(tree, items):
            try:
                found[item] = Written(None if given is None else literal(given))
            except _NotLiteral:
                found[item] = Written(problem=SAY["not_literal"](lang, cell=name, item=item))
    return found


def _as_typed(value: object) -> str:
    return "" if value is None else value if isinstance(value, str) else repr(value)


def grade_answers(cells: Iterable[tuple[str, str]], places: list[str], banks: Library,
                  lang: Lang, student: str = "", course: str | None = None) -> list[QuizResponse]:
    """One response per quiz place of the assignment (an unanswered one scores 0), each on
    the student's own variant when ``course`` turned per-student variants on (else on the
    lesson's numbers, variant 0)."""
    known = [item for item in places if item in banks.items]
    given = answers_in(cells, set(known), lang)
    responses = []
    for item_id in known:
        entry = banks.items[item_id]
        variant = entry.variant_of(student, course) if course is not None else 0
        item = entry.resolved(variant)
        base = {"item": item_id, "lesson": entry.bank.lesson, "kind": item.kind,
                "variant": variant, "max_score": item.points}
        written = given.get(item_id, Written(problem=SAY["not_answered"](lang, item=item_id)))
        if written.problem is not None:
            responses.append(QuizResponse(**base, answer="", score=0.0, error=written.problem))
            continue
        result = entry.check(written.value, variant, lang)
        chosen = (result.read_as or "").split(", ") if item.type in CHOSEN_TYPES else []
        responses.append(QuizResponse(
            **base, answer=_as_typed(written.value), read_as=result.read_as,
            chosen=[c for c in chosen if c], score=result.score,
            misconceptions=result.misconceptions, other_variant=result.other_variant,
            error=result.error, feedback=result.feedback))
    return responses
