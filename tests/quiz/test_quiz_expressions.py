"""Computed keys: the whitelisted evaluator computes what the reference computes and refuses
everything outside its whitelist, without ever calling eval."""

from __future__ import annotations

import builtins

import numpy as np
import pytest

import reference
from autograde.quiz.expressions import ExpressionError, evaluate

Y, T = np.array([0.82, 0.07, 0.11]), np.array([1.0, 0.0, 0.0])


def test_the_lectures_worked_example_is_0_0247_not_the_misprinted_0_01871():
    worked = evaluate("0.5 * ((1 - 0.82) ** 2 + (0 - 0.07) ** 2 + (0 - 0.11) ** 2)")
    assert worked == pytest.approx(reference.sum_squared_error(Y, T), rel=1e-12)
    assert round(worked, 4) == 0.0247
    assert abs(worked - 0.01871) > 0.005
    names = {"y": Y, "t": T}
    assert evaluate("ref.sum_squared_error(y, t)", names) == pytest.approx(worked)
    assert evaluate("0.5 * sum((t - y) ** 2)", names) == pytest.approx(worked)


def test_allowed_forms_compute_what_numpy_and_the_reference_compute():
    names = {"y": Y, "t": T, "W": np.arange(6.0).reshape(2, 3), "u": 0.0}
    cases = {
        "y[0] - t[-1]": Y[0] - T[-1],
        "W[:, 1]": np.arange(6.0).reshape(2, 3)[:, 1],
        "W[1, 1:]": np.arange(6.0).reshape(2, 3)[1, 1:],
        "[ref.sigmoid(u), ref.sigmoid_grad(u)]": [reference.sigmoid(0.0),
                                                  reference.sigmoid_grad(0.0)],
        "ref.softmax([1.0, 1.0, 1.0])": reference.softmax(np.ones(3)),
        "sqrt(1 / 100)": 0.1, "-log(mean(y))": -np.log(Y.mean()), "max(y)": 0.82,
        "min(y, 0.1)": np.minimum(Y, 0.1), "(1.1 ** 3 - 0.9 ** 3) / 0.2": 3.01,
        "60000 / 100": 600, "W @ [1, 1, 1]": np.arange(6.0).reshape(2, 3) @ np.ones(3),
        "len(y) * 2": 6, "round(2 * pi, 2)": 6.28, "abs(y - t)": np.abs(Y - T),
    }
    for expression, expected in cases.items():
        np.testing.assert_allclose(evaluate(expression, names), expected, rtol=1e-12,
                                   err_msg=expression)


def test_values_are_floats_or_float_arrays():
    assert isinstance(evaluate("13"), float)
    array = evaluate("[[1, 2], [3, 4]]")
    assert array.dtype == np.float64 and array.shape == (2, 2)


@pytest.mark.parametrize(("expression", "message"), [
    ("y.__class__", "attribute access"),
    ("y.T", "attribute access"),
    ("y.shape", "attribute access"),
    ("ref.sigmoid.__globals__", "attribute access"),
    ("ref.__dict__", "attribute access"),
    ("ref._private(1)", "ref._private is not a public function"),
    ("ref.no_such_function(1)", "ref.no_such_function is not a public function"),
    ("__import__('os')", "calling '__import__' is not allowed"),
    ("__builtins__", "the name '__builtins__' is not allowed"),
    ("_x", "the name '_x' is not allowed"),
    ("open('/etc/passwd')", "calling 'open' is not allowed"),
    ("eval('1')", "calling 'eval' is not allowed"),
    ("np.sum(y)", "calling 'np.sum' is not allowed"),
    ("(lambda: 1)()", "calling 'lambda: 1' is not allowed"),
    ("lambda: 1", "lambda is not allowed"),
    ("[v for v in y]", "a comprehension is not allowed"),
    ("(v for v in y)", "a generator is not allowed"),
    ("{1: 2}", "a dict is not allowed"),
    ("'text'", "'text' is not a number"),
    ("f'{y}'", "an f-string is not allowed"),
    ("True", "True is not a number"),
    ("y if y else t", "if/else is not allowed"),
    ("y < 1", "a comparison is not allowed"),
    ("(x := 1)", ":= is not allowed"),
    ("sum(*y)", "*args is not allowed"),
    ("import os", "not a valid expression"),
    ("y; t", "not a valid expression"),
    ("10 ** 10 ** 10", "an exponent above"),
    ("exp(1000)", "cannot compute it"),
    ("1 / 0", "cannot compute it"),
    ("y[0.5]", "an index must be a whole number"),
    ("z + 1", "unknown name 'z' (parameters: t, y)"),
    ("1 // 2", "the operator FloorDiv is not allowed"),
    ("not y", "the operator Not is not allowed"),
])
def test_anything_outside_the_whitelist_is_refused_by_name(expression, message):
    with pytest.raises(ExpressionError) as refused:
        evaluate(expression, {"y": Y, "t": T})
    assert message in str(refused.value)


def test_a_key_typed_as_a_number_is_refused():
    with pytest.raises(ExpressionError, match="must be written as a string"):
        evaluate(600)  # type: ignore[arg-type]


def test_eval_is_never_used(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    assert evaluate("0.5 * sum((y - t) ** 2)", {"y": Y, "t": T}) == pytest.approx(0.0247)
