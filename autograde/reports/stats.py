"""Moodle's quiz statistics, computed as Moodle computes them, for every item and every quiz.

The formulas are those of Moodle's ``core_question\\statistics\\questions\\calculator``
(question statistics), ``quiz_statistics\\calculator`` (the quiz's), and the report's columns
(``statistics_table``), with the marks of one attempt per student (see
:mod:`autograde.reports.responses`). For an item with marks ``x`` (points), the rest of the test
``y = total − x`` and the total ``t``, over the ``s`` students of its quiz:

- facility index: mean(x) / max points;
- SD: sqrt(Σ(x − x̄)² / (s − 1)) / max points;
- random guess score: what guessing scores, per the item type as Moodle's question types
  estimate it (:func:`random_guess_score`);
- intended weight: max points / the quiz's max total;
- effective weight: sqrt(cov(x, t)) / Σ over the quiz's items of sqrt(cov(x, t)) (items with a
  negative covariance add nothing, and get none: Moodle's ``negcovar``);
- discrimination index: cov(x, y) / sqrt(var(x) var(y)) — the correlation with the rest of the
  test;
- discriminative efficiency: cov(x, y) / cov(sorted x, sorted y), the covariance the two would
  have if they ranked the students alike.

All covariances and variances divide by ``s − 1``. Everything is reported in percent, as Moodle
shows it; a statistic Moodle leaves blank (too few students, no variance, negative covariance)
is None. Per quiz: ``n``, mean, median, SD and the standard error as a percentage of the quiz's
max total, Cronbach's α as Moodle's coefficient of internal consistency (CIC, needs 3 students
and 2 items), the error ratio sqrt(1 − CIC) and the standard error = error ratio × SD.

Flags as Moodle raises them: discriminative efficiency under 15 % (the quiz report marks the
question "dubious") and discrimination index under 30 % (the question bank's "very likely"
needs checking; under 50 % is "likely", see :attr:`ItemStats.needs_checking`).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from autograde.reports.responses import Item, Responses

DUBIOUS_EFFICIENCY = 15.0
"""Moodle's quiz report marks a question dubious below this discriminative efficiency (%)."""
VERY_LIKELY = 30.0
"""Moodle's question bank: a discrimination index below this "very likely" needs checking."""
LIKELY = 50.0
"""… and below this "likely"."""
ZERO = 1e-12
"""A variance or covariance this small is zero (the rounding of a mean, not a spread)."""

Checking = Literal["very likely", "likely", "unlikely"]


@dataclass(frozen=True)
class Moments:
    """Moodle's ``calculated`` fields of one item, in points (None where Moodle's are null)."""

    s: int
    mark_average: float
    mark_variance: float | None
    other_mark_variance: float | None
    covariance: float | None
    covariance_max: float | None
    covariance_with_overall: float | None


@dataclass(frozen=True)
class ItemStats:
    """One item's statistics, in percent as Moodle shows them."""

    item: str
    assignment: str
    n: int
    facility: float | None
    sd: float | None
    random_guess_score: float | None
    intended_weight: float | None
    effective_weight: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None
    negative_covariance: bool
    """Moodle's ``negcovar``: the item's marks fall as the total rises (no effective weight)."""

    @property
    def flags(self) -> tuple[str, ...]:
        """``discriminative_efficiency`` below 15 %, ``discrimination_index`` below 30 %."""
        low_de = (self.discriminative_efficiency is not None
                  and self.discriminative_efficiency < DUBIOUS_EFFICIENCY)
        low_di = (self.discrimination_index is not None
                  and self.discrimination_index < VERY_LIKELY)
        return tuple(name for name, low in (("discriminative_efficiency", low_de),
                                            ("discrimination_index", low_di)) if low)

    @property
    def needs_checking(self) -> Checking | None:
        """The question bank's verdict on the discrimination index (None when there is none)."""
        value = self.discrimination_index
        if value is None:
            return None
        return "very likely" if value < VERY_LIKELY else "likely" if value < LIKELY \
            else "unlikely"

    def as_json(self) -> dict[str, object]:
        fields = asdict(self)
        del fields["assignment"], fields["negative_covariance"]
        return {**fields, "flags": list(self.flags)}


@dataclass(frozen=True)
class QuizStats:
    """One quiz's (assignment's) statistics, in percent as Moodle shows them."""

    assignment: str
    n: int
    mean: float | None
    median: float | None
    sd: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None

    def as_json(self) -> dict[str, object]:
        return asdict(self)


# --- one item -------------------------------------------------------------------------------

def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _co(xs: Sequence[float], ys: Sequence[float], x_mean: float, y_mean: float) -> float:
    """Σ (x − x̄)(y − ȳ)."""
    return math.fsum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True))


def _zero_small(value: float) -> float:
    return 0.0 if abs(value) < ZERO else value


def moments(marks: Sequence[float], totals: Sequence[float]) -> Moments:
    """Moodle's sums over one item: ``marks`` and the students' quiz ``totals``, in order."""
    s = len(marks)
    others = [t - x for x, t in zip(marks, totals, strict=True)]
    mark_average = _mean(marks) if s else 0.0
    if s <= 1:
        return Moments(s, mark_average, None, None, None, None, None)
    other_average, total_average = _mean(others), _mean(totals)

    def covariance(xs: Sequence[float], ys: Sequence[float], y_mean: float) -> float:
        return _zero_small(_co(xs, ys, mark_average, y_mean) / (s - 1))

    return Moments(
        s=s, mark_average=mark_average,
        mark_variance=covariance(marks, marks, mark_average),
        other_mark_variance=_zero_small(_co(others, others, other_average, other_average)
                                        / (s - 1)),
        covariance=covariance(marks, others, other_average),
        covariance_max=_zero_small(_co(sorted(marks), sorted(others), mark_average,
                                       other_average) / (s - 1)),
        covariance_with_overall=covariance(marks, totals, total_average))


def facility(m: Moments, max_points: float) -> float | None:
    if m.s == 0 or max_points == 0:
        return None
    return 100 * m.mark_average / max_points


def item_sd(m: Moments, max_points: float) -> float | None:
    if m.mark_variance is None or max_points == 0:
        return None
    return 100 * math.sqrt(m.mark_variance) / max_points


def discrimination_index(m: Moments) -> float | None:
    if not m.mark_variance or not m.other_mark_variance or m.covariance is None:
        return None
    return 100 * m.covariance / math.sqrt(m.mark_variance * m.other_mark_variance)


def discriminative_efficiency(m: Moments) -> float | None:
    if not m.covariance_max or m.covariance is None:
        return None
    return 100 * m.covariance / m.covariance_max


def effective_weights(all_moments: Sequence[Moments]) -> list[float | None]:
    """Each item's share of the spread of the total (Moodle's formula), in the same order."""
    roots = [math.sqrt(m.covariance_with_overall)
             if m.covariance_with_overall is not None and m.covariance_with_overall >= 0 else 0.0
             for m in all_moments]
    total = math.fsum(roots)
    return [None if not total or (m.covariance_with_overall or 0.0) < 0 else 100 * root / total
            for m, root in zip(all_moments, roots, strict=True)]


def random_guess_score(item: Item) -> float | None:
    """What a random guess scores on ``item``, in percent, as Moodle's question types say.

    Single choice: the mean fraction of the choices (1/n, one choice being right); multiple
    choice: none (Moodle: "pretty much impossible to compute"); true-false: 50 %; matching:
    1 / the right-hand options; numeric, numeric arrays and text: the fraction of a catch-all
    ``*`` answer, which banks do not have, so 0; ordering: 0 (qtype_ordering keeps the
    question type's default); an exercise check: 0 (nothing to guess from). None when the item
    is no longer in the banks.
    """
    if item.source == "check":
        return 0.0
    per_type: dict[str, float | None] = {
        "single": 100 / item.options if item.options else None, "multiple": None,
        "true-false": 50.0, "matching": 100 / item.options if item.options else None,
        "numeric": 0.0, "numeric-array": 0.0, "text": 0.0, "ordering": 0.0}
    return per_type.get(item.type or "")


def intended_weight(item: Item, max_total: float) -> float | None:
    return 100 * item.max_points / max_total if max_total else None


def item_stats(item: Item, m: Moments, max_total: float,
               effective_weight: float | None) -> ItemStats:
    return ItemStats(
        item=item.id, assignment=item.assignment, n=m.s,
        facility=facility(m, item.max_points), sd=item_sd(m, item.max_points),
        random_guess_score=random_guess_score(item),
        intended_weight=intended_weight(item, max_total), effective_weight=effective_weight,
        discrimination_index=discrimination_index(m),
        discriminative_efficiency=discriminative_efficiency(m),
        negative_covariance=(m.covariance_with_overall or 0.0) < 0)


# --- one quiz -------------------------------------------------------------------------------

def _percent(value: float | None, max_total: float) -> float | None:
    return None if value is None or not max_total else 100 * value / max_total


def quiz_stats(assignment: str, totals: Sequence[float], max_total: float, items: int,
               sum_of_mark_variance: float) -> QuizStats:
    """A quiz's statistics from its students' ``totals`` (points), its ``items`` count and the
    sum of its items' mark variances (Moodle's ``sumofmarkvariance``)."""
    s = len(totals)
    if s == 0:
        return QuizStats(assignment, 0, None, None, None, None, None, None)
    mean = _mean(totals)
    sd = cic = error_ratio = standard_error = None
    if s > 1:
        power2 = _co(totals, totals, mean, mean)
        sd = math.sqrt(power2 / (s - 1))
        k2 = _zero_small(power2 / (s - 1))
        if s > 2 and k2 and items > 1:
            cic = (100 * items / (items - 1)) * (1 - sum_of_mark_variance / k2)
            if cic <= 100:  # above, the square root is NaN and Moodle stores null
                error_ratio = 100 * math.sqrt(1 - cic / 100)
                standard_error = error_ratio * sd / 100
    return QuizStats(assignment=assignment, n=s, mean=_percent(mean, max_total),
                     median=_percent(statistics.median(totals), max_total),
                     sd=_percent(sd, max_total), cic=cic, error_ratio=error_ratio,
                     standard_error=_percent(standard_error, max_total))


# --- everything -----------------------------------------------------------------------------

def assignment_stats(responses: Responses, assignment: str
                     ) -> tuple[list[ItemStats], QuizStats]:
    """The statistics of an assignment's items and of the assignment as a quiz."""
    items = responses.items_of(assignment)
    totals = list(responses.totals(assignment).values())
    max_total = responses.max_total(assignment)
    all_moments = [moments(responses.marks(item.id), totals) for item in items]
    weights = effective_weights(all_moments)
    per_item = [item_stats(item, m, max_total, weight)
                for item, m, weight in zip(items, all_moments, weights, strict=True)]
    variance = math.fsum(m.mark_variance or 0.0 for m in all_moments)
    return per_item, quiz_stats(assignment, totals, max_total, len(items), variance)


def all_stats(responses: Responses) -> tuple[list[ItemStats], list[QuizStats]]:
    """Every item's and every quiz's statistics, in the responses' assignment order."""
    items: list[ItemStats] = []
    quizzes: list[QuizStats] = []
    for assignment in responses.assignments:
        per_item, quiz = assignment_stats(responses, assignment)
        items += per_item
        quizzes.append(quiz)
    return items, quizzes
