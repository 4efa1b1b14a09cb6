"""Grading one answer: :func:`grade` reads it with :func:`~autograde.kit.quiz.answers.read`
and scores it by the item type's rule (partial credit where the item allows it)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograde.kit.quiz.answers import Reading, read
from autograde.kit.quiz.items import (
    LETTERS,
    Item,
    Matching,
    Multiple,
    Numeric,
    NumericArray,
    Ordering,
    Single,
    TextItem,
    Tolerance,
    TrueFalse,
    WrongNumber,
)
from autograde.kit.quiz.messages import VERDICT
from autograde.kit.quiz.normalise import normalise_text
from autograde.kit.quiz.results import QuizResult
from autograde.kit.text import Lang, Text, current_lang

DEFAULT_REL = 0.01
"""Relative tolerance when an item gives none (PrairieLearn's default)."""


@dataclass
class Verdict:
    """A type's judgement: the fraction of the points, and what to say."""

    fraction: float
    lines: list[str] = field(default_factory=list)
    misconceptions: list[str] = field(default_factory=list)
    hints: dict[str, Text | None] = field(default_factory=dict)
    """Misconception id → the rule's own hint (None: the misconception's hint)."""


def close(x: np.ndarray | float, key: np.ndarray | float, tolerance: Tolerance) -> np.ndarray:
    """Elementwise: is ``x`` within ``tolerance`` of ``key``?"""
    x, key = np.asarray(x, np.float64), np.asarray(key, np.float64)
    if tolerance.sigfigs is not None:
        with np.errstate(divide="ignore"):
            exponent = np.floor(np.log10(np.abs(key)))
        half = np.where(key == 0, 0.0, 0.5 * 10.0 ** (exponent - tolerance.sigfigs + 1))
        return np.abs(x - key) <= half * (1 + 1e-9)
    rel = tolerance.rel if tolerance.rel is not None else (
        DEFAULT_REL if tolerance.abs is None else 0.0)
    bound = (tolerance.abs or 0.0) + rel * np.abs(key)
    return np.abs(x - key) <= bound * (1 + 1e-12) + 1e-300


def _choice_lines(item: Single | Multiple, chosen: list[int], lang: Lang) -> list[str]:
    lines = []
    for i in chosen:
        feedback = item.choices[i].feedback
        if feedback is not None:
            lines.append(VERDICT["choice"](lang, letter=LETTERS[i], text=feedback(lang)))
    return lines


def _chosen_misconceptions(item: Single | Multiple, chosen: list[int]) -> list[str]:
    found = [item.choices[i].misconception for i in chosen if not item.choices[i].correct]
    return list(dict.fromkeys(m for m in found if m))


def _single(item: Single, chosen: int, lang: Lang) -> Verdict:
    return Verdict(float(item.choices[chosen].correct), _choice_lines(item, [chosen], lang),
                   _chosen_misconceptions(item, [chosen]))


def multiple_fraction(scoring: str, chosen: set[int], correct: set[int], options: int) -> float:
    """PrairieLearn's pl-checkbox partial credit: ``all-or-nothing`` (its "off"),
    ``net-correct`` max(0, (right chosen − wrong chosen) / #correct), ``coverage``
    (t / c)·(t / n) with t right chosen, c correct, n chosen, ``each-answer`` the share of
    options marked as they should be (chosen if correct, left out if not)."""
    right, wrong = len(chosen & correct), len(chosen - correct)
    if scoring == "all-or-nothing":
        return float(chosen == correct)
    if scoring == "net-correct":
        return max(0.0, (right - wrong) / len(correct))
    if scoring == "coverage":
        return (right / len(correct)) * (right / len(chosen)) if chosen else 0.0
    if scoring == "each-answer":
        return (right + (options - len(chosen | correct))) / options
    raise ValueError(f"unknown scoring {scoring!r}")


def _multiple(item: Multiple, chosen: tuple[int, ...], lang: Lang) -> Verdict:
    correct = {i for i, c in enumerate(item.choices) if c.correct}
    fraction = multiple_fraction(item.scoring, set(chosen), correct, len(item.choices))
    return Verdict(fraction, _choice_lines(item, list(chosen), lang),
                   _chosen_misconceptions(item, list(chosen)))


def _true_false(item: TrueFalse, value: bool, lang: Lang) -> Verdict:
    feedback = item.feedback_true if value else item.feedback_false
    right = value == item.answer
    return Verdict(float(right), [feedback(lang)] if feedback else [],
                   [item.misconception] if item.misconception and not right else [])


def _wrong_rule(wrong: list[WrongNumber], value: Any, tolerance: Tolerance) -> Verdict | None:
    for rule in wrong:
        if np.shape(rule.answer) == np.shape(value) and bool(
                np.all(close(value, rule.answer, tolerance))):
            ids = [rule.misconception] if rule.misconception else []
            verdict = Verdict(0.0, misconceptions=ids,
                              hints={rule.misconception or "": rule.hint})
            return verdict
    return None


def _numeric(item: Numeric, value: float, lang: Lang) -> Verdict:
    if bool(close(value, item.answer, item.tolerance)):
        return Verdict(1.0)
    return _wrong_rule(item.wrong, value, item.tolerance) or Verdict(0.0)


def _numeric_array(item: NumericArray, value: np.ndarray, lang: Lang) -> Verdict:
    right = close(value, item.answer, item.tolerance)
    fraction = float(np.mean(right))
    lines = [] if fraction in (0.0, 1.0) else [
        VERDICT["elements"](lang, right=int(right.sum()), total=right.size)]
    if fraction == 1.0:
        return Verdict(1.0)
    rule = _wrong_rule(item.wrong, value, item.tolerance)
    if rule is not None:
        rule.fraction = fraction
        rule.lines = lines
        return rule
    return Verdict(fraction, lines)


def _text(item: TextItem, value: str, lang: Lang) -> Verdict:
    answer = normalise_text(value, item.case_sensitive)
    accepted = {normalise_text(a, item.case_sensitive) for a in item.accept}
    flags = 0 if item.case_sensitive else re.IGNORECASE
    right = answer in accepted or bool(
        item.regex and re.fullmatch(item.regex, answer, flags))
    return Verdict(float(right))


def lcs_length(a: list[int] | tuple[int, ...], b: list[int] | tuple[int, ...]) -> int:
    """Length of the longest common subsequence of ``a`` and ``b``."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def _ordering(item: Ordering, order: tuple[int, ...], lang: Lang) -> Verdict:
    n = len(item.steps)
    right = lcs_length(order, list(range(n)))
    lines = [] if right == n else [VERDICT["in_order"](lang, right=right, total=n)]
    return Verdict(right / n, lines)


def _matching(item: Matching, chosen: dict[int, int], lang: Lang) -> Verdict:
    n = len(item.pairs)
    right = sum(1 for left, option in chosen.items() if left == option)
    lines = [] if right == n else [VERDICT["pairs"](lang, right=right, total=n)]
    return Verdict(right / n, lines)


GRADERS: dict[str, Callable[[Any, Any, Lang], Verdict]] = {
    "single": _single, "multiple": _multiple, "true-false": _true_false, "numeric": _numeric,
    "numeric-array": _numeric_array, "text": _text, "ordering": _ordering,
    "matching": _matching,
}


def _points(x: float) -> str:
    return f"{round(x, 2):g}"


def _feedback(item: Item, verdict: Verdict, score: float, lang: Lang) -> str:
    if verdict.fraction >= 1.0:
        lines = [VERDICT["right"](lang)]
    elif verdict.fraction > 0.0:
        lines = [VERDICT["partial"](lang, score=_points(score), max_score=_points(item.points))]
    else:
        lines = [VERDICT["wrong"](lang)]
    lines += verdict.lines
    for misconception in verdict.misconceptions:
        note, own = item.misconceptions.get(misconception), verdict.hints.get(misconception)
        hint = own or (note.hint if note else None)
        if hint is not None:
            name = note.name(lang) if note else misconception
            lines.append(VERDICT["misconception"](lang, name=name, hint=hint(lang)))
    if "" in verdict.hints and verdict.hints[""] is not None:
        lines.append(VERDICT["hint"](lang, hint=verdict.hints[""](lang)))
    if item.explanation is not None:
        lines.append(VERDICT["explanation"](lang, text=item.explanation(lang)))
    return "\n".join(lines)


def verdict(item: Item, reading: Reading, lang: Lang | None = None) -> QuizResult:
    """Score an answer already read (``reading`` from :func:`read` on the same item)."""
    lang = current_lang(lang)
    base = {"item": item.id, "lang": lang, "variant": item.variant, "max_score": item.points}
    if not reading.ok:
        return QuizResult(**base, score=0.0, error=reading.error(lang))
    judged = GRADERS[item.type](item, reading.value, lang)
    fraction = min(1.0, max(0.0, judged.fraction))
    judged.fraction = 0.0 if math.isnan(fraction) else fraction
    score = round(judged.fraction * item.points, 6)
    return QuizResult(**base, read_as=reading.read_as, score=score,
                      feedback=_feedback(item, judged, score, lang),
                      misconceptions=judged.misconceptions)


def grade(item: Item, raw: object, lang: Lang | None = None) -> QuizResult:
    """Read ``raw`` as an answer to ``item`` and score it; a malformed answer scores 0 with
    ``error`` saying why (never an exception)."""
    lang = current_lang(lang)
    return verdict(item, read(item, raw, lang), lang)
