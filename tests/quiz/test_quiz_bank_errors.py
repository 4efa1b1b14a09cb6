"""A bank with a mistake is refused with file, line, item id and field named in words a
teacher understands; every problem at once, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE_BANKS

from autograde.quiz import BankError, load_bank
from autograde.quiz.bank import Problem

SAMPLE = (SAMPLE_BANKS / "90_sample.yaml").read_text(encoding="utf-8")


def _problems(tmp_path: Path, text: str) -> tuple[Path, list[Problem]]:
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BankError) as refused:
        load_bank(path)
    assert str(refused.value) == "\n".join(map(str, refused.value.problems))
    return path, refused.value.problems


def _line(text: str, fragment: str) -> int:
    """The 1-based line of the only line of ``text`` that contains ``fragment``."""
    lines = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    assert len(lines) == 1, (fragment, lines)
    return lines[0]


def _changed(old: str, new: str) -> str:
    assert SAMPLE.count(old) == 1, old
    return SAMPLE.replace(old, new)


def test_the_sample_bank_loads():
    assert len(load_bank(SAMPLE_BANKS / "90_sample.yaml").items) == 10


# (what changes in the sample, the line that is named, item, field, words of the message)
MISTAKES = [
    ('answer: "(y - t) * y * (1 - y)"', "answer: -0.032", "s-delta", "answer",
     'write the key as an expression in quotes, e.g. answer: "60000 / 100"'),
    ("tolerance: {sigfigs: 2}", "tolerance: {sigfigs: two}", "s-delta", "tolerance.sigfigs",
     "must be a number (got 'two')"),
    ("type: text", "type: free-text", "s-text", "type",
     "type 'free-text' is unknown; use one of single, multiple, true-false, numeric"),
    ("    scoring: net-correct", "    scoring: partial", "s-multiple", "scoring",
     "must be one of 'all-or-nothing', 'net-correct', 'coverage' or 'each-answer'"),
    ("    accept: [ReLU, ランプ関数, ramp function]", "    accepted: [ReLU]", "s-text",
     "accepted", "is not a known field (a typo?); the fields of a text item are accept"),
    ('prompt: {ja: "学習の 1 ステップを順に並べてください。", en: "Order one training step."}',
     'prompt: {ja: "学習の 1 ステップを順に並べてください。"}', "s-ordering", "prompt.en",
     "is missing (required)"),
    ("        correct: true\n        feedback: {ja: \"そのとおりです。\", en: \"Right.\"}",
     "        feedback: {ja: \"そのとおりです。\", en: \"Right.\"}", "s-single", None,
     "needs exactly one choice with correct: true (found 0)"),
    ("        misconception: quiz.no-half", "        misconception: quiz.no-halve", "s-sse",
     "wrong.#1.misconception", "misconception 'quiz.no-halve' is not defined"),
    ('answer: "2 * w"', 'answer: "2 * w.T"', "s-matrix", "answer",
     "attribute access"),
    ('answer: "2 * w"', 'answer: "2 * v"', "s-matrix", "answer",
     "unknown name 'v' (parameters: w)"),
    ('      - answer: "-0.5 * sum((y - t) ** 2)"', '      - answer: "0.5 * sum((y - t) ** 2)"',
     "s-sse", "wrong.#2.answer", "gives the key's value in variant 0"),
    ("vary: {count: 4, w: {integers: [-5, 5]}}", "vary: {count: 4, v: {integers: [-5, 5]}}",
     "s-matrix", "vary.v", "varies 'v', which is not one of the parameters (w)"),
    ("vary: {count: 4, w: {integers: [-5, 5]}}", "vary: {count: 4, w: {integers: [5, -5]}}",
     "s-matrix", "vary.w", "the low end 5 is above the high end -5"),
    ('answer: "(y - t) * y * (1 - y)"', 'answer: "[y, t]"', "s-delta", "answer",
     "gives an array; a numeric item needs one number"),
    ("  - id: s-text", "  - id: s text", "s text", "id", "is not a valid id"),
    ("  - id: s-text", "  - id: s-single", "s-single", "id",
     "the id 's-single' is already used by item #1"),
]


@pytest.mark.parametrize(("old", "new", "item_id", "field", "words"), MISTAKES)
def test_a_mistake_is_named_by_file_line_item_and_field(tmp_path, old, new, item_id, field,
                                                        words):
    text = _changed(old, new)
    path, problems = _problems(tmp_path, text)
    problem = next(p for p in problems if words in p.message)
    assert problem.file == str(path)
    assert (problem.item, problem.field) == (item_id, field)
    if "needs exactly one" in words:  # about the item as a whole: its first line
        expected = _line(text, "  - id: s-single")
    elif "already used" in words:  # the second of the two
        expected = [n for n, line in enumerate(text.splitlines(), 1) if new in line][-1]
    else:
        expected = _line(text, new.strip().splitlines()[0])
    assert problem.line == expected
    assert len(problems) == (2 if field == "accepted" else 1), problems
    assert str(problem).startswith(f"{path}:{expected}: item {item_id}")


def test_every_problem_is_listed_at_once(tmp_path):
    text = _changed("tolerance: {sigfigs: 2}", "tolerance: {sigfigs: two}").replace(
        "type: text", "type: free-text")
    _, problems = _problems(tmp_path, text)
    assert [p.item for p in problems] == ["s-delta", "s-text"]


def test_an_item_without_id_is_named_by_its_position(tmp_path):
    _, problems = _problems(tmp_path, _changed("  - id: s-text\n", "  - \n"))
    assert problems[0].item == "#8 (no id)" and problems[0].field == "id"


def test_yaml_that_does_not_parse_names_its_line(tmp_path):
    text = _changed("    regex: \"rel?u\"", "    regex: [\"rel?u\"")
    _, problems = _problems(tmp_path, text)
    assert len(problems) == 1 and "not valid YAML" in problems[0].message
    assert problems[0].line >= _line(text, 'regex: ["rel?u"')


@pytest.mark.parametrize(("text", "words"), [
    ("", "a bank is a mapping"), ("- 1\n- 2\n", "a bank is a mapping"),
    ("lesson: x\nitems: []\n", "List should have at least 1 item"),
])
def test_not_a_bank_at_all(tmp_path, text, words):
    _, problems = _problems(tmp_path, text)
    assert words.lower() in problems[0].message.lower()


def test_a_missing_file(tmp_path):
    with pytest.raises(BankError, match="cannot read the file"):
        load_bank(tmp_path / "nothing.yaml")
