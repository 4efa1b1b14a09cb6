"""Is every variant of a parameterised item as hard as the others? Per-variant facility and a
flag when a variant's facility differs significantly from the rest of the item's.

Each variant's facility is Moodle's (mean points / max points, in percent) over the students
who were given that variant. The test compares the variant's students with the students of all
the item's other variants:

- an item scored right or wrong (every score 0 or full marks): Fisher's exact test, two-sided,
  on the 2×2 table (full marks or not) × (this variant or another) (``scipy.stats.fisher_exact``);
- an item with partial credit: the Mann–Whitney U test, two-sided, on the fractions of full
  marks (``scipy.stats.mannwhitneyu``).

The p-values of an item's variants are Bonferroni-corrected (multiplied by the number of
variants tested, at most 1), and a variant is flagged when its corrected p-value is below 0.05.
A variant, or the rest, without students gets no p-value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from autograde.reports.responses import Item, Responses

ALPHA = 0.05
Test = Literal["fisher", "mann-whitney"]


@dataclass(frozen=True)
class VariantFacility:
    variant: int
    n: int
    facility: float
    """Percent."""
    p_value: float | None
    """Bonferroni-corrected, against the item's other variants."""

    @property
    def flagged(self) -> bool:
        return self.p_value is not None and self.p_value < ALPHA


@dataclass(frozen=True)
class VariantFairness:
    item: str
    facility: float
    """The item's facility over all its variants (percent)."""
    test: Test
    variants: tuple[VariantFacility, ...]


def _fractions(responses: Responses, item: Item) -> dict[int, list[float]]:
    """Variant → the fractions of full marks its students scored."""
    found: dict[int, list[float]] = {}
    for student in responses.students_of(item.assignment):
        response = responses.response(student, item.id)
        if response is not None and response.variant is not None and item.max_points:
            found.setdefault(response.variant, []).append(response.points / item.max_points)
    return dict(sorted(found.items()))


def p_value(test: Test, mine: Sequence[float], rest: Sequence[float]) -> float | None:
    """The two-sided p-value of ``test`` comparing one variant's fractions with the rest's."""
    from scipy import stats as scipy_stats  # a second to import: only when there are variants

    if not mine or not rest:
        return None
    if test == "fisher":
        right, other_right = sum(x == 1 for x in mine), sum(x == 1 for x in rest)
        table = [[right, len(mine) - right], [other_right, len(rest) - other_right]]
        value = float(scipy_stats.fisher_exact(table).pvalue)
    elif len(set(mine) | set(rest)) == 1:
        value = 1.0  # every fraction equal: no difference to test
    else:
        value = float(scipy_stats.mannwhitneyu(mine, rest, alternative="two-sided").pvalue)
    return None if math.isnan(value) else value


def variant_fairness(responses: Responses, item: Item) -> VariantFairness | None:
    """Per-variant facility of a parameterised item (None for one with a single variant seen)."""
    if item.variants < 2:
        return None
    by_variant = _fractions(responses, item)
    if len(by_variant) < 2:
        return None
    test: Test = ("fisher" if all(x in (0.0, 1.0) for xs in by_variant.values() for x in xs)
                  else "mann-whitney")
    everyone = [x for xs in by_variant.values() for x in xs]
    rows = []
    for variant, mine in by_variant.items():
        rest = [x for other, xs in by_variant.items() if other != variant for x in xs]
        raw = p_value(test, mine, rest)
        rows.append(VariantFacility(
            variant=variant, n=len(mine), facility=100 * math.fsum(mine) / len(mine),
            p_value=None if raw is None else min(1.0, raw * len(by_variant))))
    return VariantFairness(item=item.id, facility=100 * math.fsum(everyone) / len(everyone),
                           test=test, variants=tuple(rows))


def all_variant_fairness(responses: Responses) -> list[VariantFairness]:
    return [found for item in responses.items
            if (found := variant_fairness(responses, item)) is not None]
