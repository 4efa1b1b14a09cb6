"""Moodle's item and quiz statistics on a class small enough to check by hand.

Five students s1…s5, three items, one quiz (max total 4):

    item              max   s1 s2 s3 s4 s5
    relu/case 1 (x1)   2     2  2  2  0  0
    t-choice    (x2)   1     1  1  0  1  0     single choice, 4 options
    t-tf        (x3)   1     1  0  1  0  0     true-false
    total t                  4  3  3  1  0

Worked with fractions (variances and covariances divide by s − 1 = 4):

- means: x̄1 = 6/5, x̄2 = 3/5, x̄3 = 2/5, t̄ = 11/5. Facility: (6/5)/2 = 60 %, 60 %, 40 %.
- var(x1) = (3·16 + 2·36)/25 / 4 = 6/5; var(x2) = var(x3) = (3·4 + 2·9)/25 / 4 = 3/10.
  SD: 100·√(6/5)/2 = 54.77 %, 100·√(3/10) = 54.77 %, 54.77 %.
- rest of the test y = t − x: y1 = (2,1,1,1,0), y2 = (3,2,3,0,0), y3 = (3,3,2,1,0);
  var(y1) = 1/2, var(y2) = 23/10, var(y3) = 17/10;
  cov(x1,y1) = 1/2, cov(x2,y2) = 1/20, cov(x3,y3) = 7/20.
  Discrimination index = cov / √(var x · var y): 50·√(5/3) = 64.55 %, 50/√69 = 6.02 %,
  350/√51 = 49.01 %.
- the same covariance with x and y each sorted ascending: 1/2, 4/5, 3/5.
  Discriminative efficiency: 100 %, (1/20)/(4/5) = 6.25 %, (7/20)/(3/5) = 58.33 %.
- cov(x, t): 17/10, 7/20, 13/20 (they add up to var(t) = 27/10).
  Effective weight √c / Σ√c: √1.7, √0.35, √0.65 over their sum = 48.26 %, 21.90 %, 29.84 %.
- intended weight: 2/4 = 50 %, 25 %, 25 %; random guess: 0 (a check), 1/4 = 25 %, 50 %.
- quiz: mean 11/5 of 4 = 55 %; median 3 of 4 = 75 %; SD √(27/10)/4 = 41.08 %;
  CIC = 100·3/2·(1 − (6/5 + 3/10 + 3/10)/(27/10)) = 150·(1 − 2/3) = 50 %;
  error ratio 100·√(1 − 1/2) = 70.71 %; standard error 0.7071·√2.7 of 4 = 29.05 %.
- flags: t-choice has discriminative efficiency 6.25 % < 15 % and discrimination index
  6.02 % < 30 %; the others none (t-tf's 49 % is Moodle's "likely" to need checking).

Each number is also computed independently with NumPy (Pearson's r, np.cov, Cronbach's α).
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import numpy as np
import pytest
from class_store import (
    RELU,
    STUDENTS,
    answer,
    banks,
    check,
    exercise,
    small_class,
    store_with,
    submission,
)

from autograde.grader.store import Store
from autograde.reports.responses import build_responses, load_responses
from autograde.reports.stats import (
    DUBIOUS_EFFICIENCY,
    LIKELY,
    VERY_LIKELY,
    ItemStats,
    all_stats,
    quiz_stats,
    random_guess_score,
)

ITEMS = ("01_neuron/relu/case 1", "01_neuron/t-choice", "01_neuron/t-tf")
MARKS = np.array([RELU, (1, 1, 0, 1, 0), (1, 0, 1, 0, 0)], dtype=float)
MAX = np.array([2.0, 1.0, 1.0])
HAND = {
    "facility": [60, 60, 40],
    "sd": [100 * math.sqrt(F(6, 5)) / 2, 100 * math.sqrt(F(3, 10)), 100 * math.sqrt(F(3, 10))],
    "random_guess_score": [0, 25, 50],
    "intended_weight": [50, 25, 25],
    "discrimination_index": [50 * math.sqrt(F(5, 3)), 50 / math.sqrt(69), 350 / math.sqrt(51)],
    "discriminative_efficiency": [100, 100 * F(1, 20) / F(4, 5), 100 * F(7, 20) / F(3, 5)],
    "effective_weight": [100 * math.sqrt(c) / sum(map(math.sqrt, (F(17, 10), F(7, 20), F(13, 20))))
                         for c in (F(17, 10), F(7, 20), F(13, 20))],
}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return banks(tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="module")
def computed(library):
    items, quizzes = all_stats(build_responses(small_class(), library))
    return {s.item: s for s in items}, quizzes


def independent() -> dict[str, list[float]]:
    """The same statistics from their textbook definitions, with NumPy."""
    totals = MARKS.sum(axis=0)
    rest = totals - MARKS
    cov_total = [np.cov(x, totals)[0, 1] for x in MARKS]
    return {
        "facility": list(100 * MARKS.mean(axis=1) / MAX),
        "sd": list(100 * MARKS.std(axis=1, ddof=1) / MAX),
        "discrimination_index": [100 * np.corrcoef(x, y)[0, 1]
                                 for x, y in zip(MARKS, rest, strict=True)],
        "discriminative_efficiency": [
            100 * np.cov(x, y)[0, 1] / np.cov(np.sort(x), np.sort(y))[0, 1]
            for x, y in zip(MARKS, rest, strict=True)],
        "effective_weight": list(100 * np.sqrt(cov_total) / np.sqrt(cov_total).sum()),
        "intended_weight": list(100 * MAX / MAX.sum()),
    }


@pytest.mark.parametrize("name", list(HAND))
def test_every_item_statistic_is_the_hand_worked_one(computed, name):
    items, _ = computed
    assert [getattr(items[i], name) for i in ITEMS] == pytest.approx(HAND[name], abs=1e-9)


@pytest.mark.parametrize("name", list(independent()))
def test_every_item_statistic_agrees_with_numpy(computed, name):
    items, _ = computed
    assert [getattr(items[i], name) for i in ITEMS] == pytest.approx(independent()[name])


def test_the_quiz_statistics_are_the_hand_worked_ones(computed):
    _, [quiz] = computed
    sd = math.sqrt(F(27, 10))
    assert (quiz.assignment, quiz.n) == ("01_neuron", 5)
    assert quiz.mean == pytest.approx(55)
    assert quiz.median == pytest.approx(75)
    assert quiz.sd == pytest.approx(100 * sd / 4)
    assert quiz.cic == pytest.approx(50)
    assert quiz.error_ratio == pytest.approx(100 * math.sqrt(0.5))
    assert quiz.standard_error == pytest.approx(100 * math.sqrt(0.5) * sd / 4)


def test_cic_is_cronbachs_alpha(computed):
    _, [quiz] = computed
    k = len(MARKS)
    alpha = k / (k - 1) * (1 - MARKS.var(axis=1, ddof=1).sum() / MARKS.sum(axis=0).var(ddof=1))
    assert quiz.cic == pytest.approx(100 * alpha)


def test_moodles_flags_on_the_small_class(computed):
    items, _ = computed
    assert {i: items[i].flags for i in ITEMS} == {
        ITEMS[0]: (), ITEMS[1]: ("discriminative_efficiency", "discrimination_index"),
        ITEMS[2]: ()}
    assert [items[i].needs_checking for i in ITEMS] == ["unlikely", "very likely", "likely"]


def stats_with(di: float | None, de: float | None) -> ItemStats:
    return ItemStats(item="a/b", assignment="a", n=10, facility=50.0, sd=10.0,
                     random_guess_score=0.0, intended_weight=10.0, effective_weight=10.0,
                     discrimination_index=di, discriminative_efficiency=de,
                     negative_covariance=False)


@pytest.mark.parametrize(("de", "flagged"), [(DUBIOUS_EFFICIENCY - 0.01, True),
                                             (DUBIOUS_EFFICIENCY, False), (None, False)])
def test_discriminative_efficiency_below_15_percent_is_flagged(de, flagged):
    assert DUBIOUS_EFFICIENCY == 15
    assert ("discriminative_efficiency" in stats_with(80.0, de).flags) is flagged


@pytest.mark.parametrize(("di", "flagged", "checking"), [
    (VERY_LIKELY - 0.01, True, "very likely"), (VERY_LIKELY, False, "likely"),
    (LIKELY - 0.01, False, "likely"), (LIKELY, False, "unlikely"), (-20.0, True, "very likely"),
    (None, False, None)])
def test_discrimination_index_below_30_percent_is_flagged(di, flagged, checking):
    assert (VERY_LIKELY, LIKELY) == (30, 50)
    found = stats_with(di, 80.0)
    assert ("discrimination_index" in found.flags) is flagged
    assert found.needs_checking == checking


@pytest.mark.parametrize(("item_id", "expected"), [
    ("t-choice", 25.0), ("t-tf", 50.0), ("t-num", 0.0), ("t-many", None),
    ("t-match", 100 / 3), ("t-order", 0.0), ("t-text", 0.0), ("gone", None)])
def test_random_guess_score_per_item_type_as_moodle(library, item_id, expected):
    result = submission("s1", quiz=[answer(item_id, 0.0)])
    [item] = build_responses([result], library).items
    assert random_guess_score(item) == (pytest.approx(expected) if expected else expected)


def test_an_item_against_the_rest_has_no_effective_weight_and_moodles_sum_skips_it(library):
    """x1 falls as the total rises: cov(x1, t) < 0 → Moodle's negcovar, no effective weight;
    the two others share 100 %."""
    marks = {"a": (0, 0, 1, 1), "b": (1, 1, 0, 0), "c": (1, 1, 1, 0)}
    results = [submission(s, [exercise("e", [check(name, marks[name][i], 1)
                                             for name in marks])])
               for i, s in enumerate(STUDENTS[:4])]
    items, _ = all_stats(build_responses(results, library))
    totals = np.array(list(marks.values()), dtype=float).sum(axis=0)
    covs = {name: np.cov(np.array(x, dtype=float), totals)[0, 1] for name, x in marks.items()}
    assert covs["a"] < 0 <= min(covs["b"], covs["c"])
    weights = {s.item.rsplit("/", 1)[1]: s.effective_weight for s in items}
    assert weights["a"] is None and items[0].negative_covariance
    roots = math.sqrt(covs["b"]) + math.sqrt(covs["c"])
    assert weights["b"] == pytest.approx(100 * math.sqrt(covs["b"]) / roots)
    assert weights["b"] + weights["c"] == pytest.approx(100)


def test_too_few_students_leave_what_moodle_leaves_blank(library):
    one = build_responses(small_class()[:1], library)
    items, [quiz] = all_stats(one)
    assert [s.facility for s in items] == [100.0, 100.0, 100.0]
    assert {(s.sd, s.discrimination_index, s.discriminative_efficiency, s.effective_weight)
            for s in items} == {(None, None, None, None)}
    assert (quiz.n, quiz.mean, quiz.sd, quiz.cic, quiz.error_ratio) == (1, 100.0, None, None,
                                                                         None)
    _, [two] = all_stats(build_responses(small_class()[:2], library))
    assert two.sd is not None and (two.cic, two.error_ratio, two.standard_error) == (None,) * 3


def test_a_quiz_of_one_item_has_no_cic():
    assert quiz_stats("a", [1.0, 0.0, 1.0], 1.0, 1, 1 / 3).cic is None


def test_perfectly_consistent_items_give_cic_100_and_no_error():
    """Two identical items: Σ var = 2v, var(t) = 4v → CIC = 100·2·(1 − 1/2) = 100 %."""
    totals = [2.0, 0.0, 2.0, 0.0]
    variance = float(np.var([1, 0, 1, 0], ddof=1))
    quiz = quiz_stats("a", totals, 2.0, 2, 2 * variance)
    assert (quiz.cic, quiz.error_ratio, quiz.standard_error) == (pytest.approx(100), 0.0, 0.0)


def test_the_store_gives_the_same_numbers(tmp_path, library, computed):
    """Saved to SQLite and read back: the same statistics; a practice place and a check worth
    no points are not items."""
    zero = submission("s1", [exercise("relu", [check("case 1", 2, 2), check("note", 0, 0)])],
                      small_class()[0].quiz)
    store_with(tmp_path, [zero, *small_class()[1:]])
    with Store.for_course(tmp_path) as store:
        responses = load_responses(store, [], library)
    assert [i.id for i in responses.items] == list(ITEMS)
    items, [quiz] = all_stats(responses)
    expected, [expected_quiz] = computed
    assert [s.as_json() for s in items] == [expected[i].as_json() for i in ITEMS]
    assert quiz == expected_quiz


def test_a_submission_without_the_item_scores_0_and_a_missing_one_is_not_counted(tmp_path,
                                                                                 library):
    broken = submission("s6", [exercise("relu", [])])
    other = submission("s7", [exercise("relu", [check("case 1", 2, 2)])],
                       assignment="02_forward")
    store_with(tmp_path, [*small_class(), broken, other])
    with Store.for_course(tmp_path) as store:
        responses = load_responses(store, ["01_neuron"], library)
    assert responses.assignments == ("01_neuron",)
    assert responses.students_of("01_neuron") == (*STUDENTS, "s6")
    assert responses.marks(ITEMS[0]) == [*map(float, RELU), 0.0]
    assert responses.totals("01_neuron")["s6"] == 0.0
    items, [quiz] = all_stats(responses)
    assert quiz.n == 6 and {s.n for s in items} == {6}
