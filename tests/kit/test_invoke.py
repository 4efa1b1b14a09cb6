"""Running graded code: whatever a submission does, the grade reflects only honest numbers."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from autograde.catalog.exercises import EXERCISES
from autograde.catalog.spec import build_plan
from autograde.kit.feedback import grade_functions
from autograde.kit.invoke import invoke
from autograde.kit.values import readonly


def plan_for(exercise_id: str):
    return build_plan(EXERCISES[exercise_id], seed=0, include_hidden=True)


def grade(exercise_id: str, *functions, lang: str = "en"):
    return grade_functions(plan_for(exercise_id), list(functions), lang)


def relu(x):
    return np.maximum(0, x)


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __array__(self, dtype=None, copy=None):
        return np.zeros(0)


class LyingArray(np.ndarray):
    """Claims to be close to anything: every ufunc answers True."""

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.True_

    def __eq__(self, other):
        return True


def test_reference_like_solution_gets_full_marks():
    result = grade("relu", relu)
    assert result.score == result.max_score > 0


def test_object_with_always_true_eq_scores_zero():
    result = grade("relu", lambda x: AlwaysEqual())
    assert result.score == 0
    assert "AlwaysEqual" in result.checks[0].message


def test_ndarray_subclass_is_judged_by_its_real_data():
    lying = grade("relu", lambda x: np.zeros_like(x).view(LyingArray))
    honest = grade("relu", lambda x: np.maximum(0, x).view(LyingArray))
    assert lying.score == 0
    assert honest.score == honest.max_score


def test_input_mutation_is_refused_with_a_clear_message():
    def in_place(x):
        x[x < 0] = 0
        return x

    result = grade("relu", in_place)
    assert result.score == 0
    assert "modify its input" in result.checks[0].message


def test_read_only_inputs_cannot_be_made_writable_again():
    x = readonly(np.arange(3.0))
    with pytest.raises(ValueError):
        x.setflags(write=True)
    with pytest.raises(ValueError):
        x[0] = 1.0


def test_memorised_public_answers_do_not_get_full_marks():
    public = plan_for("relu").public()
    answers = {tuple(np.ravel(c.args[0])): c.expected[0] for ch in public.checks for c in ch.cases}

    def memorised(x):
        return answers.get(tuple(np.ravel(x)), np.zeros_like(x))

    assert grade_functions(public, [memorised], "en").score == public.max_score
    result = grade("relu", memorised)
    assert result.score < result.max_score


def test_prints_and_warnings_of_the_submission_do_not_reach_stderr(capfd):
    def noisy(x):
        print("debug", x)
        import sys

        print("oops", file=sys.stderr)
        warnings.warn("careful", stacklevel=1)
        np.log(np.zeros(1))  # a RuntimeWarning from NumPy
        return np.maximum(0, x)

    result = grade("relu", noisy)
    captured = capfd.readouterr()
    assert result.score == result.max_score
    assert captured.err == "" and captured.out == ""


def test_exception_names_the_error_and_the_line():
    def broken(x):
        return x / undefined_name  # noqa: F821

    result = grade("relu", broken)
    assert result.score == 0
    assert "NameError" in result.checks[0].message
    assert "line" in result.checks[0].message


def test_sys_exit_inside_the_function_is_contained():
    def leaves(x):
        raise SystemExit(3)

    result = grade("relu", leaves)
    assert result.score == 0 and "sys.exit" in result.checks[0].message


def test_keyboard_interrupt_still_reaches_the_student():
    def interrupted(x):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        invoke([interrupted], [np.zeros(2)], 1)


@pytest.mark.parametrize(
    ("returned", "words"),
    [
        (lambda x: list(np.maximum(0, x)), "NumPy array"),
        (lambda x: np.array([object()] * x.size), "dtype object"),
        (lambda x: x.astype(complex), "complex"),
        (lambda x: None, "NoneType"),
        (lambda x: (np.maximum(0, x), 1), "tuple"),
    ],
    ids=["list", "object-dtype", "complex", "none", "tuple"],
)
def test_values_that_are_not_real_arrays_score_zero_with_a_reason(returned, words):
    result = grade("relu", returned)
    assert result.score == 0
    assert words in result.checks[0].message


def test_nan_output_is_reported_as_not_finite():
    result = grade("softmax", lambda x: np.full(np.shape(x), np.nan))
    assert result.score == 0
    assert "NaN" in result.checks[0].message


def test_wrong_shape_is_reported_with_both_shapes():
    result = grade("relu", lambda x: np.maximum(0, x).ravel()[:1])
    assert result.score == 0
    assert "wrong shape" in result.checks[0].message


def test_bool_arrays_count_as_zero_and_one():
    result = grade("step", lambda x: np.asarray(x) > 0)
    assert result.score == result.max_score


def test_python_and_numpy_scalars_are_accepted_for_scalar_results():
    outcome = invoke([lambda: np.float32(1.5)], [], 1)
    assert outcome.error is None and float(outcome.values[0]) == 1.5
    outcome = invoke([lambda: True], [], 1)
    assert float(outcome.values[0]) == 1.0
