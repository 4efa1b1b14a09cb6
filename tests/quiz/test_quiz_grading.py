"""Every item type grades right, wrong and partial answers with the right credit and says why
(choice feedback, the misconception's name and hint, the explanation)."""

from __future__ import annotations

import numpy as np
import pytest

from autograde.kit.quiz import grade, key
from autograde.kit.quiz.grading import lcs_length, multiple_fraction
from autograde.kit.quiz.items import LETTERS


def test_single_choice(item):
    single = item("s-single")
    right, wrong = grade(single, "b", "en"), grade(single, "c", "en")
    assert (right.score, right.max_score) == (1, 1)
    assert right.feedback.splitlines() == ["Correct.", "b: Right."]
    assert wrong.score == 0
    assert wrong.misconceptions == ["quiz.cancel"]
    assert "Deviations above 1 grow." in wrong.feedback
    assert "A common mistake (signs cancel): Positive and negative errors cancel." \
        in wrong.feedback
    ja = grade(single, "ｃ", "ja")
    assert ja.feedback.startswith("正解ではありません。")
    assert "よくある誤り「正負の打ち消し」: 正と負の誤差は打ち消し合います。" in ja.feedback


# PrairieLearn's pl-checkbox, with choices a, b correct and c, d wrong (4 options, 2 correct):
# net-correct max(0, (t − w) / c); coverage (t / c)·(t / n); each-answer share of options
# marked as they should be.
PARTIAL = {
    #  answer: (all-or-nothing, net-correct, coverage, each-answer)
    "ab": (1, 1, 1, 1),
    "a": (0, (1 - 0) / 2, (1 / 2) * (1 / 1), (1 + 2) / 4),
    "abc": (0, (2 - 1) / 2, (2 / 2) * (2 / 3), (2 + 1) / 4),
    "ac": (0, (1 - 1) / 2, (1 / 2) * (1 / 2), (1 + 1) / 4),
    "cd": (0, 0, 0, 0 / 4),
    "abcd": (0, 0, (2 / 2) * (2 / 4), 2 / 4),
    "c": (0, 0, 0, (0 + 1) / 4),
}
SCORINGS = ("all-or-nothing", "net-correct", "coverage", "each-answer")


@pytest.mark.parametrize("answer", PARTIAL)
@pytest.mark.parametrize("scoring", SCORINGS)
def test_multiple_choice_partial_credit_as_prairielearn_defines_it(item, answer, scoring):
    multiple = item("s-multiple").model_copy(update={"scoring": scoring})
    expected = PARTIAL[answer][SCORINGS.index(scoring)]
    result = grade(multiple, answer, "en")
    assert result.score == pytest.approx(expected * multiple.points, abs=1e-6)
    assert result.max_score == multiple.points == 2
    chosen = {LETTERS.index(ch) for ch in answer}
    assert multiple_fraction(scoring, chosen, {0, 1}, 4) == pytest.approx(expected)


def test_multiple_choice_says_partly_and_shows_the_chosen_feedback(item):
    result = grade(item("s-multiple"), "abc", "en")
    assert result.feedback.splitlines()[:2] == ["Partly correct (1 of 2 points).",
                                               "c: Inputs are data."]


def test_true_false(item):
    tf = item("s-true-false")
    right, wrong = grade(tf, "○", "ja"), grade(tf, "×", "en")
    assert (right.score, right.read_as) == (1, "正")
    assert "max(0, x) です。" in right.feedback
    assert (wrong.score, wrong.read_as, wrong.misconceptions) == (0, "false", ["quiz.sign"])
    assert "Recall max(0, x)." in wrong.feedback


def test_numeric_relative_tolerance_and_wrong_rules(item):
    sse = item("s-sse")
    assert sse.answer == pytest.approx(0.5 * np.sum((np.array([0.82, 0.07, 0.11])
                                                     - [1, 0, 0]) ** 2))
    inside, outside = sse.answer * 1.009, sse.answer * 1.02
    assert grade(sse, f"{inside:.6f}", "en").score == 1
    assert grade(sse, f"{outside:.6f}", "en").score == 0
    no_half = grade(sse, "0.0494", "en")
    assert (no_half.score, no_half.misconceptions) == (0, ["quiz.no-half"])
    assert "A common mistake (factor ½ left out): Did you stop at the sum of squares?" \
        in no_half.feedback
    assert "Explanation: E = ½ Σ (y − t)²" in no_half.feedback
    flipped = grade(sse, "−0.0247", "en")
    assert flipped.misconceptions == ["quiz.sign"]
    assert "Check the direction of the difference." in flipped.feedback  # the bank's hint


def test_numeric_significant_figures(item):
    delta = item("s-delta")  # -0.032 to 2 significant figures: ± 0.0005
    assert delta.answer == pytest.approx((0.8 - 1) * 0.8 * (1 - 0.8))
    for answer, score in (("-0.032", 1), ("−0.0324", 1), ("-0.0316", 1), ("-3.2e-2", 1),
                          ("-0.033", 0), ("-0.03", 0), ("-4/125", 1)):
        assert grade(delta, answer, "en").score == score, answer
    assert grade(delta, "0.032", "en").misconceptions == ["quiz.sign"]


def test_numeric_array_credit_per_element(item):
    softmax = item("s-softmax")
    assert grade(softmax, "[1/3, 1/3, 1/3]", "en").score == 1
    two = grade(softmax, "[1/3, 1/3, 0.5]", "en")
    assert two.score == pytest.approx(2 / 3, abs=1e-6)
    assert "2 of 3 elements are right." in two.feedback
    assert grade(softmax, "[0, 0, 0]", "en").score == 0
    e = float(np.exp(1))
    exp_only = grade(softmax, f"[{e}, {e}, {e}]", "en")
    assert (exp_only.score, exp_only.misconceptions) == (0, ["quiz.cancel"])
    matrix = item("s-matrix")
    assert grade(matrix, "[[2, 4], [6, 9]]", "en").score == pytest.approx(0.75)


def test_text_normalised_alternatives_and_regex(item):
    text = item("s-text")
    for answer in ("ReLU", "relu", "ＲＥＬＵ", "  ランプ関数 ", "Ramp   Function", "reu"):
        assert grade(text, answer, "en").score == 1, answer
    for answer in ("sigmoid", "re lu", "ramp"):
        assert grade(text, answer, "en").score == 0, answer
    strict = text.model_copy(update={"case_sensitive": True, "regex": None})
    assert grade(strict, "ReLU", "en").score == 1
    assert grade(strict, "relu", "en").score == 0


def test_lcs():
    assert lcs_length([0, 1, 2, 3], [0, 1, 2, 3]) == 4
    assert lcs_length([1, 0, 2, 3], [0, 1, 2, 3]) == 3
    assert lcs_length([3, 2, 1, 0], [0, 1, 2, 3]) == 1
    assert lcs_length([2, 0, 3, 1], [0, 1, 2, 3]) == 2


def test_ordering_partial_credit_by_longest_common_subsequence(item):
    ordering = item("s-ordering")
    letters = key(ordering).split(",")
    assert sorted(ordering.shown) != ordering.shown  # scrambled as shown
    assert grade(ordering, ",".join(letters), "en").score == 1
    swapped = [letters[1], letters[0], *letters[2:]]
    result = grade(ordering, ",".join(swapped), "en")
    assert result.score == pytest.approx(3 / 4)
    assert "3 of 4 steps are in the right order." in result.feedback
    assert grade(ordering, ",".join(reversed(letters)), "en").score == pytest.approx(1 / 4)


def test_matching_credit_per_pair(item):
    matching = item("s-matching")
    pairs = dict(p.split("-") for p in key(matching).split(","))
    assert grade(matching, key(matching), "en").score == 1
    swapped = {**pairs, "1": pairs["2"], "2": pairs["1"]}
    result = grade(matching, ",".join(f"{k}-{v}" for k, v in swapped.items()), "en")
    assert result.score == pytest.approx(1 / 3)
    assert "1 of 3 pairs are right." in result.feedback
    distractor = next(ch for ch in "abcd" if ch not in pairs.values())
    assert grade(matching, f"1-{distractor}, 2-{pairs['2']}, 3-{pairs['3']}",
                 "en").score == pytest.approx(2 / 3)
    assert grade(matching, f"1-{pairs['1']}", "en").score == pytest.approx(1 / 3)


def test_every_key_earns_full_marks_and_only_the_key_does_for_choices(sample):
    for entry in sample.items.values():
        for variant in range(entry.item.variants):
            resolved = entry.resolved(variant)
            result = grade(resolved, key(resolved), "ja")
            assert result.score == resolved.points, (resolved.id, variant, result)
    single = sample.items["s-single"].resolved()
    assert [grade(single, ch, "en").score for ch in "abc"] == [0, 1, 0]
