"""Variants: a fixed pool of K per item, variant 0 the lesson's numbers, a student's variant
from the hidden-case seed scheme (course, assignment, student) — deterministic, and a class
spreads over all K; an answer right only for another variant is reported as such."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from autograde.kit.quiz import grade, key
from autograde.kit.seeds import hidden_seed, seed_for, student_variant
from autograde.quiz.resolve import scrambled
from autograde.quiz.variants import parameters

STUDENTS = [f"student{n:03d}" for n in range(200)]


def test_variant_0_is_the_lessons_numbers_and_the_pool_is_fixed(sample):
    entry = sample.items["s-sse"]
    pool = parameters(entry.item)
    assert len(pool) == entry.item.variants == 8
    np.testing.assert_array_equal(pool[0]["y"], [0.82, 0.07, 0.11])
    again = parameters(entry.item)
    for mine, theirs in zip(pool, again, strict=True):
        np.testing.assert_array_equal(mine["y"], theirs["y"])
    drawn = [tuple(p["y"]) for p in pool]
    assert len(set(drawn)) == 8  # all different
    for y in drawn[1:]:
        assert np.all(np.array(y) > 0) and sum(y) == pytest.approx(1.0)
        assert all(round(v, 2) == v for v in y)
    assert all(np.array_equal(p["t"], [1, 0, 0]) for p in pool)  # not varied


def test_integers_keep_the_shape_of_the_lessons_value(sample):
    for variant in parameters(sample.items["s-matrix"].item)[1:]:
        w = variant["w"]
        assert w.shape == (2, 2) and np.all(w == np.round(w)) and np.all(np.abs(w) <= 5)


def test_prompts_show_the_variants_numbers(sample):
    entry = sample.items["s-sse"]
    for k, values in enumerate(entry.pool):
        prompt = entry.resolved(k).prompt
        shown = "[" + ", ".join(f"{v:g}" for v in values["y"]) + "]"
        assert f"y = {shown}" in prompt.ja and f"y = {shown}" in prompt.en
        assert "t = [1, 0, 0]" in prompt.en


def test_a_students_variant_is_the_hidden_case_seed_scheme(sample):
    entry = sample.items["s-sse"]
    for student in STUDENTS[:20]:
        expected = seed_for(hidden_seed("c1", "90_sample", student), "s-sse") % 8
        assert entry.variant_of(student, "c1") == expected
        assert entry.variant_of(student, "c1") == entry.variant_of(student, "c1")
    assert entry.variant_of(None, "c1") == entry.variant_of("", "c1") == 0
    assert sample.items["s-single"].variant_of("student001", "c1") == 0  # K = 1


@pytest.mark.parametrize("course", ["", "nn-dojo", "tokyo-2025"])
def test_a_class_of_200_spreads_over_all_k_variants(course):
    counts = Counter(student_variant("s-sse", "90_sample", 8, course, s) for s in STUDENTS)
    assert sorted(counts) == list(range(8))
    assert min(counts.values()) >= 200 / 8 / 3
    other = Counter(student_variant("s-sse", "90_sample", 8, course + "x", s)
                    for s in STUDENTS)
    assert counts != other or course == ""  # another course, another assignment of variants


def test_students_who_share_one_items_variant_do_not_share_every_items():
    def together(item_id: str) -> set[tuple[str, str]]:
        variant = {s: student_variant(item_id, "l", 8, "c", s) for s in STUDENTS}
        return {(a, b) for a in STUDENTS for b in STUDENTS if a < b and variant[a] == variant[b]}

    first, second = together("item-a"), together("item-b")
    assert len(first & second) < len(first) / 4  # about 1/8 by chance


def test_an_answer_right_only_for_another_variant_names_that_variant(sample):
    entry = sample.items["s-sse"]
    keys = [key(entry.resolved(k)) for k in range(8)]
    for mine in range(8):
        for theirs in range(8):
            result = entry.check(keys[theirs], mine, "en")
            if theirs == mine:
                assert (result.score, result.other_variant) == (1, None)
            elif result.score == 0:
                assert entry.resolved(result.other_variant).answer == pytest.approx(
                    entry.resolved(theirs).answer, rel=0.01)
    assert entry.check("12345", 0, "en").other_variant is None
    assert entry.check("abc", 0, "en").other_variant is None


def test_orderings_are_shown_scrambled_the_same_way_every_time(item):
    for n in range(2, 9):
        order = scrambled(f"x-{n}", n)
        assert sorted(order) == list(range(n)) and order != list(range(n))
        assert order == scrambled(f"x-{n}", n)
    assert item("s-ordering").shown == item("s-ordering").shown
    matching = item("s-matching")
    assert len(matching.shown) == 4 and grade(matching, key(matching), "en").score == 1
