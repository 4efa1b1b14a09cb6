"""How the bank's grading rules map onto what the LMS formats can say: tolerances as the
absolute ± Moodle and GIFT take, and multiple-choice partial credit as per-choice fractions
from Moodle's list of allowed grades."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from autograde.kit.quiz.grading import DEFAULT_REL
from autograde.kit.quiz.items import Multiple, Tolerance

MOODLE_GRADES = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3,
                 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05)
"""Moodle's allowed answer grades (``question_bank::fraction_options_full``: these, their
negatives and 0); its importer refuses any other fraction (it matches within 0.00001)."""
MOODLE_MATCH = 0.00001


def absolute_tolerance(key: float, tolerance: Tolerance) -> float:
    """The ± around ``key`` that the bank's rule accepts for this key (exactly the bound of
    :func:`autograde.kit.quiz.grading.close`): ``abs + rel·|key|``, or for ``sigfigs`` half a
    unit in the last significant figure; no rule: rel 0.01."""
    if tolerance.sigfigs is not None:
        if key == 0:
            return 0.0
        exponent = np.floor(np.log10(abs(key)))
        return float(0.5 * 10.0 ** (exponent - tolerance.sigfigs + 1))
    rel = tolerance.rel if tolerance.rel is not None else (
        DEFAULT_REL if tolerance.abs is None else 0.0)
    return float((tolerance.abs or 0.0) + rel * abs(key))


def describe(tolerance: Tolerance) -> str:
    """The bank's rule in words (``rel 0.01``, ``abs 0.0005``, ``3 significant figures``)."""
    if tolerance.sigfigs is not None:
        return f"{tolerance.sigfigs} significant figures"
    parts = [f"{name} {value:g}" for name, value in (("abs", tolerance.abs),
                                                     ("rel", tolerance.rel)) if value]
    return " + ".join(parts) or f"rel {DEFAULT_REL:g} (default)"


def is_absolute(tolerance: Tolerance) -> bool:
    """Whether the rule is already an absolute ± (Moodle's and GIFT's only kind)."""
    return tolerance.sigfigs is None and tolerance.abs is not None and not tolerance.rel


def moodle_grade(fraction: float) -> float | None:
    """``fraction`` as one of Moodle's allowed grades (signed), or None."""
    for grade in (0.0, *MOODLE_GRADES):
        for signed in (grade, -grade):
            if abs(fraction - signed) < MOODLE_MATCH:
                return signed
    return None


def percent(grade: float) -> str:
    """A Moodle grade as the percentage its files write (``100``, ``33.33333``, ``-50``)."""
    text = f"{grade * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


SCORING_GAP = {
    "all-or-nothing": "all-or-nothing is not a Moodle multiple-answer rule (only the "
                      "qtype_multichoiceset plugin has it): each right choice earns 1/{c} and a "
                      "wrong one −100%, so choosing only some of the right choices earns part "
                      "of the points",
    "coverage": "coverage scoring ((right/correct)·(right/chosen)) is not linear: exported as "
                "+1/{c} per right and −1/{c} per wrong choice (net-correct), which gives less "
                "when a wrong choice is added",
    "each-answer": "each-answer scoring (share of options marked right, so leaving a wrong "
                   "option out earns too) has no Moodle form: exported as +1/{c} per right and "
                   "−1/{c} per wrong choice (net-correct)",
}


def choice_fractions(item: Multiple) -> tuple[list[Fraction], str | None]:
    """A Moodle/GIFT fraction per choice of a multiple-answer item (positive ones add up to
    1, Moodle adds the chosen ones and clamps to [0, 1]) and, when that is not the bank's
    rule, why. ``net-correct`` is exact: max(0, (right − wrong)/#correct)."""
    c = len(item.correct_letters)
    wrong = Fraction(-1) if item.scoring == "all-or-nothing" else Fraction(-1, c)
    fractions = [Fraction(1, c) if choice.correct else wrong for choice in item.choices]
    gap = SCORING_GAP.get(item.scoring)
    return fractions, gap.format(c=c) if gap else None
