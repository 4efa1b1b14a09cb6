"""Distractor analysis: each option's share of all students and of the upper and lower 27 %.

On the small class of test_stats_moodle.py (totals s1 4, s2 3, s3 3, s4 1, s5 0), the groups hold
round(0.27 · 5) = 1 student: s1 above, s5 below. t-choice (key a) was answered a, a, b, a and
nothing readable: a 3/5 = 60 % (upper 100 %, lower 0 %), b 20 % (0 %, 0 %), c and d nobody
(non-functioning), no option 20 % (0 %, 100 %). t-tf (key true): true 2/5 = 40 % (100 %, 0 %),
false 60 % (0 %, 100 %).
"""

from __future__ import annotations

import pytest
from class_store import answer, banks, check, exercise, small_class, submission

from autograde.reports.distractors import (
    NON_FUNCTIONING,
    Distractors,
    OptionShare,
    all_distractors,
    distractors,
    group_size,
    upper_lower,
)
from autograde.reports.responses import build_responses


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return banks(tmp_path_factory.mktemp("course"))


def by_item(library, results) -> dict[str, Distractors]:
    return {d.item.rsplit("/", 1)[1]: d for d in all_distractors(build_responses(results,
                                                                                 library))}


def shares(found: Distractors) -> dict[str | None, tuple[bool, int, float, float, float]]:
    return {o.option: (o.correct, o.count, o.share, o.upper, o.lower) for o in found.options}


def test_the_small_class_option_by_option(library):
    found = by_item(library, small_class())
    assert set(found) == {"t-choice", "t-tf"}  # a check has no options
    choice = found["t-choice"]
    assert (choice.n, choice.group_size) == (5, 1)
    assert shares(choice) == {"a": (True, 3, 60.0, 100.0, 0.0), "b": (False, 1, 20.0, 0.0, 0.0),
                              "c": (False, 0, 0.0, 0.0, 0.0), "d": (False, 0, 0.0, 0.0, 0.0),
                              None: (False, 1, 20.0, 0.0, 100.0)}
    assert {o.option: o.flags for o in choice.options} == {
        "a": (), "b": (), "c": ("non_functioning",), "d": ("non_functioning",), None: ()}
    assert shares(found["t-tf"]) == {"true": (True, 2, 40.0, 100.0, 0.0),
                                     "false": (False, 3, 60.0, 0.0, 100.0)}


@pytest.mark.parametrize(("n", "size"), [(0, 0), (1, 1), (3, 1), (5, 1), (10, 3), (50, 14),
                                         (100, 27), (1000, 270)])
def test_the_groups_are_27_percent_rounded_half_up(n, size):
    assert group_size(n) == size


def test_ties_at_the_cut_go_by_student_id():
    upper, lower = upper_lower({"d": 1.0, "b": 1.0, "c": 1.0, "a": 0.0, "e": 0.0})
    assert (upper, lower) == (["b"], ["a"])


def test_a_wrong_option_the_strong_students_prefer_is_flagged(library):
    """Ten students; totals 10 − i from a check plus the choice point. Upper 3: p0, p1, p2;
    lower 3: p7, p8, p9. p0 and p1 chose c (wrong): c is 2/3 of the upper group, none of the
    lower → attracts_upper; d (p9 only) is 10 % ≥ 5 %: it distracts someone."""
    chosen = ["c", "c", "a", "a", "a", "a", "a", "b", "b", "d"]
    results = [submission(f"p{i}", [exercise("e", [check("k", 10 - i, 10)])],
                          [answer("t-choice", float(c == "a"), chosen=[c])])
               for i, c in enumerate(chosen)]
    choice = by_item(library, results)["t-choice"]
    options = {o.option: o for o in choice.options}
    assert choice.group_size == 3
    assert (options["c"].upper, options["c"].lower) == (pytest.approx(200 / 3), 0.0)
    assert options["c"].flags == ("attracts_upper",)
    assert options["d"].share == 10.0 >= NON_FUNCTIONING and options["d"].flags == ()
    assert options["b"].flags == () and options["a"].flags == ()
    assert None not in options  # everyone chose something


def test_multiple_choice_counts_every_option_chosen(library):
    picks = [["a", "b"], ["a", "c"], ["b"], []]
    results = [submission(f"m{i}", quiz=[answer("t-many", float(p == ["a", "b"]), chosen=p)])
               for i, p in enumerate(picks)]
    found = distractors(build_responses(results, library),
                        build_responses(results, library).items[0])
    assert {o.option: o.count for o in found.options} == {"a": 2, "b": 2, "c": 1, None: 1}
    assert {o.option for o in found.options if o.correct} == {"a", "b"}


def test_an_option_share_of_the_key_is_never_flagged():
    key = OptionShare(option="a", correct=True, count=0, share=0.0, upper=0.0, lower=0.0)
    assert key.flags == ()
