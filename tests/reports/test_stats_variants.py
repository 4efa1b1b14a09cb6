"""Per-variant facility of a parameterised item and the fairness flag.

t-num has 3 variants. Thirty students, ten per variant: variant 0 all right, variant 1 nine
right, variant 2 one right. Each variant against the other twenty, Fisher's exact test
(computed here from the hypergeometric distribution with math.comb, not with SciPy), the
p-values times 3 (Bonferroni): variant 2 (10 % against 95 %) is flagged; variant 0 (100 %
against 50 %) too, being as far from the rest on the other side; variant 1 (90 % against 55 %)
is not.
"""

from __future__ import annotations

import math

import pytest
from class_store import answer, banks, small_class, submission

from autograde.reports.responses import build_responses
from autograde.reports.variants import ALPHA, all_variant_fairness, variant_fairness


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return banks(tmp_path_factory.mktemp("course"))


def fisher_two_sided(a: int, b: int, c: int, d: int) -> float:
    """Fisher's exact test of [[a, b], [c, d]]: the probability, with the margins fixed, of a
    table at most as likely as this one."""
    row, other_row, column, n = a + b, c + d, a + c, a + b + c + d

    def probability(x: int) -> float:
        return math.comb(row, x) * math.comb(other_row, column - x) / math.comb(n, column)

    observed = probability(a)
    return sum(p for x in range(max(0, column - other_row), min(row, column) + 1)
               if (p := probability(x)) <= observed * (1 + 1e-7))


def mann_whitney_two_sided(xs: list[float], ys: list[float]) -> float:
    """The normal approximation with tie and continuity corrections (SciPy's with ties)."""
    values = sorted(xs + ys)
    ranks = {v: (values.index(v) + 1 + len(values) - values[::-1].index(v)) / 2 for v in values}
    n1, n2, n = len(xs), len(ys), len(values)
    u = sum(ranks[x] for x in xs) - n1 * (n1 + 1) / 2
    ties = sum(values.count(v) ** 3 - values.count(v) for v in set(values))
    sigma = math.sqrt(n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1))))
    z = (abs(u - n1 * n2 / 2) - 0.5) / sigma
    return math.erfc(z / math.sqrt(2))


def variant_class(scores: dict[int, list[float]]):
    return [submission(f"v{variant}-{i}", quiz=[answer("t-num", score, variant=variant)])
            for variant, marks in scores.items() for i, score in enumerate(marks)]


def fairness(library, scores):
    responses = build_responses(variant_class(scores), library)
    return variant_fairness(responses, responses.items[0])


def test_a_variant_much_harder_than_the_others_is_flagged(library):
    right = {0: 10, 1: 9, 2: 1}
    found = fairness(library, {v: [1.0] * k + [0.0] * (10 - k) for v, k in right.items()})
    assert found.test == "fisher"
    assert found.facility == pytest.approx(100 * 20 / 30)
    rows = {row.variant: row for row in found.variants}
    assert {v: (row.n, row.facility) for v, row in rows.items()} == {
        0: (10, 100.0), 1: (10, 90.0), 2: (10, 10.0)}
    for variant, k in right.items():
        others = sum(right.values()) - k
        expected = min(1.0, 3 * fisher_two_sided(k, 10 - k, others, 20 - others))
        assert rows[variant].p_value == pytest.approx(expected, rel=1e-9)
    assert {v: row.flagged for v, row in rows.items()} == {0: True, 1: False, 2: True}
    assert rows[1].p_value >= ALPHA > rows[2].p_value


def test_partial_credit_is_compared_with_mann_whitney(library):
    scores = {0: [1.0, 0.75, 1.0, 1.0, 0.5, 1.0], 1: [0.75, 1.0, 1.0, 0.5, 1.0, 0.75],
              2: [0.0, 0.25, 0.0, 0.25, 0.5, 0.0]}
    found = fairness(library, scores)
    assert found.test == "mann-whitney"
    rows = {row.variant: row for row in found.variants}
    for variant, mine in scores.items():
        rest = [x for other, xs in scores.items() if other != variant for x in xs]
        assert rows[variant].p_value == pytest.approx(
            min(1.0, 3 * mann_whitney_two_sided(mine, rest)), rel=1e-9)
    assert rows[2].flagged and not rows[1].flagged
    assert rows[2].facility == pytest.approx(100 * sum(scores[2]) / 6)


def test_variants_alike_are_not_flagged(library):
    found = fairness(library, {0: [1.0, 0.0] * 5, 1: [0.0, 1.0] * 5, 2: [1.0, 1.0, 0.0, 0.0]})
    assert not any(row.flagged for row in found.variants)
    assert {row.p_value for row in found.variants} == {1.0}


def test_only_parameterised_items_seen_in_two_variants_are_reported(library):
    assert all_variant_fairness(build_responses(small_class(), library)) == []
    assert fairness(library, {1: [1.0, 0.0, 1.0]}) is None
    everyone_right = fairness(library, {0: [1.0, 1.0], 1: [1.0]})
    assert [row.p_value for row in everyone_right.variants] == [1.0, 1.0]
