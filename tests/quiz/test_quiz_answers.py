"""The one answer parser: Japanese widths, minus signs, fractions, letters, true/false,
orderings, pairs and arrays read as the student meant; anything else a clear message."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest

from autograde.kit.quiz import grade, read
from autograde.kit.quiz.numbers import MINUS


@pytest.mark.parametrize(("raw", "value"), [
    ("０．５", 0.5), (" 0.5 ", 0.5), ("\u22120.032", -0.032), ("\u20100.032", -0.032),
    ("\u20130.032", -0.032), ("\u20150.032", -0.032), ("ー０．０３２", -0.032),
    ("－0.032", -0.032), ("-3.2e-2", -0.032), ("３．２Ｅ\u22122", 0.032), ("1／3", 1 / 3),
    ("1\u20443", 1 / 3), ("½", 0.5), ("1/-4", -0.25), (".5", 0.5), ("600", 600.0),
    (0.5, 0.5), (Fraction(1, 3), 1 / 3), (np.float64(-0.032), -0.032), (3, 3.0),
])
def test_numbers_are_read_as_the_student_meant(item, raw, value):
    reading = read(item("s-delta"), raw)
    assert reading.ok, reading.error("en")
    assert reading.value == pytest.approx(value, rel=1e-12)


def test_a_negative_number_is_shown_with_a_minus_sign(item):
    assert read(item("s-delta"), "-0.032").read_as == f"{MINUS}0.032"
    assert read(item("s-delta"), "１／３").read_as == "1/3"


@pytest.mark.parametrize("raw", ["b", "B", "ｂ", "Ｂ", " b ", "(b)", ["b"]])
def test_a_single_choice_letter_is_case_and_width_insensitive(item, raw):
    reading = read(item("s-single"), raw)
    assert (reading.value, reading.read_as) == (1, "b")


@pytest.mark.parametrize("raw", ["a,b", "a, b", "ab", "ba", "A B", "Ａ、Ｂ", "a，b", "a・b",
                                 ["a", "b"]])
def test_several_letters_in_any_usual_form(item, raw):
    reading = read(item("s-multiple"), raw)
    assert (reading.value, reading.read_as) == ((0, 1), "a, b")


@pytest.mark.parametrize(("raw", "value"), [
    ("true", True), ("True", True), ("t", True), ("Ｔ", True), ("正", True), ("○", True),
    ("false", False), ("F", False), ("誤", False), ("×", False), (True, True),
    (np.bool_(False), False),
])
def test_true_or_false(item, raw, value):
    assert read(item("s-true-false"), raw).value is value


@pytest.mark.parametrize(("raw", "shape"), [
    ("[1/3, 1/3, 1/3]", (3,)), ("［１／３，１／３，１／３］", (3,)), ("(1/3, 1/3, 1/3)", (3,)),
    ([1 / 3, 1 / 3, 1 / 3], (3,)), (np.full(3, 1 / 3), (3,)),
])
def test_vectors(item, raw, shape):
    reading = read(item("s-softmax"), raw)
    assert reading.ok, reading.error("en")
    assert reading.value.shape == shape
    np.testing.assert_allclose(reading.value, np.full(3, 1 / 3))


def test_matrices(item):
    reading = read(item("s-matrix"), "[[1, 2], [3, −4]]")
    np.testing.assert_array_equal(reading.value, [[1, 2], [3, -4]])
    assert reading.read_as == f"[[1, 2], [3, {MINUS}4]]"


def test_orderings_and_pairs(item):
    ordering = item("s-ordering")
    reading = read(ordering, "d, c, b, a")
    assert reading.value == tuple(ordering.shown[i] for i in (3, 2, 1, 0))
    for raw in ("dcba", "d-c-b-a", "d→c→b→a", "Ｄ，Ｃ，Ｂ，Ａ"):
        assert read(ordering, raw).value == reading.value
    matching = item("s-matching")
    pairs = read(matching, "1-b, 2-a")
    assert pairs.value == {0: matching.shown[1], 1: matching.shown[0]}
    assert pairs.read_as == "1-b, 2-a"
    for raw in ("1b 2a", "１－ｂ、２－ａ", "2-a,1-b", "1:b;2:a", {1: "b", "2": "a"}):
        assert read(matching, raw).value == pairs.value


MALFORMED = [
    ("s-single", "", "There is no answer yet"),
    ("s-single", None, "There is no answer yet"),
    ("s-single", "   ", "There is no answer yet"),
    ("s-single", "e", "There is no choice e (choose from a to c)"),
    ("s-single", "ab", "Choose only one letter (2 given)"),
    ("s-single", "0.5", "cannot be read as choice letters"),
    ("s-single", 2, "A value of type int cannot be read"),
    ("s-multiple", "a,b,z", "There is no choice z"),
    ("s-true-false", "yes", "cannot be read as true or false"),
    ("s-true-false", "はい", "cannot be read as true or false"),
    ("s-delta", "abc", "is not part of a number"),
    ("s-delta", "1/0", "divides by zero"),
    ("s-delta", "1e99999", "too large"),
    ("s-delta", "1,5", "cannot be read as a number"),
    ("s-delta", "[1, 2]", "Write a single number"),
    ("s-delta", "nan", "is not part of a number"),
    ("s-delta", True, "A value of type bool cannot be read"),
    ("s-delta", {"x": 1}, "A value of type dict cannot be read"),
    ("s-delta", "1" * 3000, "too long"),
    ("s-softmax", "0.3", "An array is asked for"),
    ("s-softmax", "[1/3, 1/3]", "your array is (2,), the answer is (3,)"),
    ("s-softmax", "[1, 2", "cannot be read as a number"),
    ("s-matrix", "[1, 2, 3, 4]", "your array is (4,), the answer is (2, 2)"),
    ("s-matrix", "[[1, 2], [3]]", "rows of the array differ in length"),
    ("s-matrix", [[1, 2], [3]], "rows of the array differ in length"),
    ("s-matrix", "[[[[[1]]]]]", "cannot be read as a number"),
    ("s-text", "", "There is no answer yet"),
    ("s-text", ["relu"], "A value of type list cannot be read"),
    ("s-ordering", "a,b,c", "missing: d"),
    ("s-ordering", "a,b,c,c", "used twice: c"),
    ("s-ordering", "a,b,c,e", "There is no choice e"),
    ("s-matching", "1-b, 1-a", "Number 1 on the left is paired more than once"),
    ("s-matching", "4-a", "There is no number 4 on the left"),
    ("s-matching", "1-z", "There is no choice z"),
    ("s-matching", "b-1", "cannot be read as pairs"),
]


@pytest.mark.parametrize(("item_id", "raw", "message"), MALFORMED)
def test_malformed_answers_score_0_with_a_message_in_both_languages(item, item_id, raw,
                                                                     message):
    english, japanese = (grade(item(item_id), raw, lang) for lang in ("en", "ja"))
    assert english.score == japanese.score == 0
    assert english.read_as is None
    assert message in english.error
    assert japanese.error and japanese.error != english.error
    assert any("\u3040" <= ch <= "\u30ff" for ch in japanese.error)  # kana: real Japanese


def test_no_input_whatsoever_raises(sample):
    rng = random.Random(11)
    alphabet = "abc123-−ー/.,、，[]()eE ０１ｂ正×○\u2044\u3000\x00\ud7ff{}'\"\\→:"
    for entry in sample.items.values():
        item = entry.resolved(0)
        for _ in range(150):
            raw = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
            result = grade(item, raw, "ja")
            assert 0 <= result.score <= item.points
            assert (result.error is None) == (result.read_as is not None)
        for raw in (object(), [object()], {"a": object()}, 1j, b"b", np.zeros((2, 2, 2))):
            assert grade(item, raw, "en").score == 0
