"""Properties of the reference that the catalog promises: formulas, stability, purity.

Expected values are the catalog's formulas written out here with loops or plain NumPy, never
numbers taken from the reference. Where a property is there to catch a misconception, the
property is also run on that wrong implementation to show it fails.
"""

import math
import warnings
from contextlib import contextmanager

import numpy as np
import pytest

import reference as ref

rng = np.random.default_rng(42)


@contextmanager
def strict_floats():
    """Any NumPy floating-point problem or warning raises (overflow, NaN, divide by 0...)."""
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        yield


def away_from_zero(shape, scale=3.0):
    """Random values with |x| >= 0.1: where the seeds' step/ReLU conventions agree."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.1, scale, size=shape)


# --- activations ------------------------------------------------------------------------


def test_step_is_one_where_positive_else_zero():
    x = away_from_zero((4, 5))
    expected = [[1 if v > 0 else 0 for v in row] for row in x]
    assert np.array_equal(ref.step(x), expected)


def test_relu_returns_the_values_not_the_mask():
    x = away_from_zero((4, 5))
    expected = [[v if v > 0 else 0.0 for v in row] for row in x]
    assert np.array_equal(ref.relu(x), expected)


def test_identity_returns_equal_values_in_a_new_array():
    x = rng.normal(size=(3, 2))
    out = ref.identity(x)
    assert np.array_equal(out, x) and not np.shares_memory(out, x)


def test_sigmoid_is_the_logistic_function():
    x = np.linspace(-30, 30, 61)
    expected = [1 / (1 + math.exp(-v)) for v in x]
    np.testing.assert_allclose(ref.sigmoid(x), expected, rtol=1e-14, atol=0)


def test_sigmoid_is_point_symmetric():
    x = np.linspace(-8, 8, 33)
    np.testing.assert_allclose(ref.sigmoid(-x), 1 - ref.sigmoid(x), rtol=1e-13, atol=1e-16)


def _sigmoid_at_1000_is_exact_and_quiet(sigmoid):
    with strict_floats():
        out = sigmoid(np.array([1000.0, -1000.0, 750.0, -750.0]))
    assert np.array_equal(out, [1.0, 0.0, 1.0, 0.0])


def _softmax_is_stable(softmax):
    rows = np.array([[1010.0, 1000.0, 990.0], [-990.0, -1000.0, -1010.0], [0.0, 1e3, -1e3]])
    with strict_floats():
        one_row = softmax(rows[0])
        batch = softmax(rows)
    e = [math.exp(20), math.exp(10), 1.0]  # softmax is shift invariant: [20, 10, 0]
    expected_first = [v / sum(e) for v in e]
    np.testing.assert_allclose(one_row, expected_first, rtol=1e-14)
    np.testing.assert_allclose(batch[:2], [expected_first, expected_first], rtol=1e-14)
    np.testing.assert_allclose(batch[2], [0.0, 1.0, 0.0], rtol=0, atol=1e-300)


def _softmax_normalises_each_row(softmax):
    x = rng.normal(scale=3, size=(5, 4))
    out = softmax(x)
    for row_in, row_out in zip(x, out, strict=True):
        e = [math.exp(v) for v in row_in]
        np.testing.assert_allclose(row_out, [v / sum(e) for v in e], rtol=1e-13)


def _sigmoid_naive(x):
    return 1 / (1 + np.exp(-x))


def _softmax_unstable(x):
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


def _softmax_wrong_axis(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


STABILITY = {
    # property: (check, the misconception it rules out)
    "sigmoid at +-1000": (_sigmoid_at_1000_is_exact_and_quiet, ref.sigmoid, _sigmoid_naive),
    "softmax stable": (_softmax_is_stable, ref.softmax, _softmax_unstable),
    "softmax per row": (_softmax_normalises_each_row, ref.softmax, _softmax_wrong_axis),
}


@pytest.mark.parametrize(
    ("prop", "impl"), [(p, r) for p, r, _ in STABILITY.values()], ids=STABILITY
)
def test_activation_property(prop, impl):
    prop(impl)


@pytest.mark.parametrize(
    ("prop", "wrong"), [(p, w) for p, _, w in STABILITY.values()], ids=STABILITY
)
def test_activation_property_rejects_misconception(prop, wrong):
    with pytest.raises((AssertionError, FloatingPointError, RuntimeWarning)):
        prop(wrong)


@pytest.mark.parametrize("shape", [(4,), (6, 4), (2, 3, 4)])
def test_softmax_sums_to_one_along_the_last_axis(shape):
    out = ref.softmax(rng.normal(scale=10, size=shape))
    assert out.shape == shape
    np.testing.assert_allclose(out.sum(axis=-1), 1.0, rtol=1e-14)


def test_softmax_is_shift_invariant_per_row():
    x = rng.normal(size=(4, 3))
    shift = rng.normal(scale=100, size=(4, 1))
    np.testing.assert_allclose(ref.softmax(x + shift), ref.softmax(x), rtol=1e-12)


# --- losses -----------------------------------------------------------------------------


def test_sum_squared_error_is_half_the_sum_of_squares():
    y, t = rng.uniform(size=(3, 4)), rng.uniform(size=(3, 4))
    expected = 0.5 * sum((y[i, j] - t[i, j]) ** 2 for i in range(3) for j in range(4))
    assert ref.sum_squared_error(y, t) == pytest.approx(expected, rel=1e-14)


def _probabilities(n, classes):
    y = rng.uniform(0.05, 1.0, size=(n, classes))
    return y / y.sum(axis=1, keepdims=True)


def test_cross_entropy_is_the_batch_mean_of_minus_log_of_the_true_class():
    y = _probabilities(5, 4)
    t = np.array([0, 3, 1, 1, 2])
    expected = -sum(math.log(y[n, t[n]] + 1e-7) for n in range(5)) / 5
    assert ref.cross_entropy_error(y, t) == pytest.approx(expected, rel=1e-14)


def test_cross_entropy_is_finite_when_the_true_class_has_probability_zero():
    y = np.array([[0.0, 1.0, 0.0], [0.2, 0.5, 0.3]])
    t = np.array([0, 1])
    with strict_floats():
        loss = ref.cross_entropy_error(y, t)
    assert loss == pytest.approx((-math.log(1e-7) - math.log(0.5 + 1e-7)) / 2, rel=1e-14)


def test_cross_entropy_accepts_one_hot_and_labels_alike():
    y = _probabilities(6, 5)
    labels = np.array([4, 0, 2, 2, 1, 3])
    one_hot = np.eye(5)[labels]
    assert ref.cross_entropy_error(y, one_hot) == ref.cross_entropy_error(y, labels)


@pytest.mark.parametrize("form", ["label", "one-hot"])
def test_cross_entropy_of_a_1d_y_is_that_of_one_sample(form):
    y = _probabilities(1, 4)
    t = np.array([2]) if form == "label" else np.eye(4)[[2]]
    t_single = 2 if form == "label" else np.eye(4)[2]
    assert ref.cross_entropy_error(y[0], t_single) == ref.cross_entropy_error(y, t)
    assert ref.cross_entropy_error(y[0], t_single) == pytest.approx(-math.log(y[0, 2] + 1e-7))


@pytest.mark.parametrize("shape", [(4,), (3, 4)])
def test_softmax_cross_entropy_grad_rows_sum_to_zero(shape):
    """softmax(x) - onehot(t) sums to 1 - 1 = 0 per sample: the gradient only redistributes."""
    x = rng.normal(size=shape)
    t = rng.integers(0, 4, size=shape[:-1]) if len(shape) == 2 else 1
    np.testing.assert_allclose(ref.softmax_cross_entropy_grad(x, t).sum(axis=-1), 0, atol=1e-15)


# --- layers -----------------------------------------------------------------------------


def test_neuron_is_relu_of_the_weighted_sum():
    x, w = np.array([0.5, -1.0, 2.0]), np.array([1.5, 0.25, -0.5])
    for b in (2.0, -2.0):
        expected = max(0.0, sum(wi * xi for wi, xi in zip(w, x, strict=True)) + b)
        out = ref.neuron(x, w, b)
        assert np.ndim(out) == 0 and float(out) == pytest.approx(expected, rel=1e-15)


def test_dense_is_x_at_w_plus_b():
    x, W, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    expected = [
        [sum(x[n, i] * W[i, j] for i in range(3)) + b[j] for j in range(2)] for n in range(4)
    ]
    np.testing.assert_allclose(ref.dense(x, W, b), expected, rtol=1e-13)


def test_dense_of_one_sample_is_the_row_of_the_batch():
    x, W, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    batch = ref.dense(x, W, b)
    for n in range(4):
        out = ref.dense(x[n], W, b)
        assert out.shape == (2,)
        np.testing.assert_allclose(out, batch[n], rtol=1e-15)


@pytest.mark.parametrize("lead", [(), (5,)], ids=["one sample", "batch"])
def test_forward_returns_middle_and_output_layer(lead):
    x = rng.normal(size=(*lead, 2))
    W1, b1, W2, b2 = (
        rng.normal(size=(2, 3)),
        rng.normal(size=3),
        rng.normal(size=(3, 1)),
        rng.normal(size=1),
    )
    z, y = ref.forward(x, W1, b1, W2, b2)
    expected_z = 1 / (1 + np.exp(-(x @ W1 + b1)))
    np.testing.assert_allclose(z, expected_z, rtol=1e-14)
    np.testing.assert_allclose(y, 1 / (1 + np.exp(-(expected_z @ W2 + b2))), rtol=1e-14)
    assert z.shape == (*lead, 3) and y.shape == (*lead, 1)


# --- nothing modifies its inputs --------------------------------------------------------


def _small_sets():
    x_iris, t_iris = ref.iris_binary()
    x_digits, t_digits = ref.digits()
    return (x_iris[::5], t_iris[::5]), (x_digits[:150], t_digits[:150])


def _calls():
    """Every public function of reference with typical arguments (models fitted on few samples)."""
    x, W, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    y, t1h, labels = _probabilities(4, 2), np.eye(2)[[0, 1, 1, 0]], np.array([0, 1, 1, 0])
    z, delta2 = rng.uniform(size=(4, 3)), rng.normal(size=(4, 2))
    w, g, s1, s2 = (rng.normal(size=(2, 3)) for _ in range(4))
    s2 = np.abs(s2)
    (xi, ti), (xd, td) = _small_sets()
    iris_model = ref.iris_fit(xi, ti)
    digits_model = ref.digits_fit(xd, td)
    return {
        "step": (ref.step, x),
        "sigmoid": (ref.sigmoid, x),
        "relu": (ref.relu, x),
        "identity": (ref.identity, x),
        "softmax": (ref.softmax, x),
        "sigmoid_grad": (ref.sigmoid_grad, x),
        "relu_grad": (ref.relu_grad, x),
        "neuron": (ref.neuron, x[0], W[:, 0], 0.5),
        "dense": (ref.dense, x, W, b),
        "forward": (ref.forward, x, W, b, rng.normal(size=(2, 2)), b),
        "sum_squared_error": (ref.sum_squared_error, y, t1h),
        "cross_entropy_error": (ref.cross_entropy_error, y, labels),
        "softmax_cross_entropy_grad": (ref.softmax_cross_entropy_grad, y, t1h),
        "numerical_gradient": (ref.numerical_gradient, lambda v: np.sum(v**2), x),
        "output_delta": (ref.output_delta, y, t1h),
        "middle_delta": (ref.middle_delta, delta2, W, z),
        "weight_update": (ref.weight_update, W, z, delta2, 0.1),
        "bias_update": (ref.bias_update, b, delta2, 0.1),
        "train_step": (ref.train_step, x, t1h, W, b, rng.normal(size=(2, 2)), b, 0.1),
        "sgd_step": (ref.sgd_step, w, g, 0.1),
        "momentum_step": (ref.momentum_step, w, g, s1, 0.1, 0.9),
        "adagrad_step": (ref.adagrad_step, w, g, s2, 0.1),
        "rmsprop_step": (ref.rmsprop_step, w, g, s2, 0.1),
        "adam_step": (ref.adam_step, w, g, s1, s2, 3),
        "split": (ref.split, xi, ti, 0.3, 0),
        "iris_fit": (ref.iris_fit, xi, ti),
        "iris_predict": (ref.iris_predict, iris_model, xi),
        "digits_fit": (ref.digits_fit, xd, td),
        "digits_predict": (ref.digits_predict, digits_model, xd),
    }


CALLS = _calls()
NO_ARGUMENTS = {"iris_binary", "digits"}  # data loaders


def _read_only(value):
    if isinstance(value, np.ndarray):
        value = value.copy()
        value.setflags(write=False)
    elif isinstance(value, dict):
        value = {k: _read_only(v) for k, v in value.items()}
    return value


def _arrays(value):
    if isinstance(value, np.ndarray):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _arrays(v)
    elif isinstance(value, tuple | list):
        for v in value:
            yield from _arrays(v)


def assert_pure(fn, *args):
    """fn works on read-only arguments, leaves them equal, returns arrays of its own."""
    args = [_read_only(a) for a in args]
    before = [a.copy() for a in _arrays(args)]
    out = fn(*args)
    for a, b in zip(_arrays(args), before, strict=True):
        assert np.array_equal(a, b), f"{fn.__name__} changed an input"
    for o in _arrays(out):
        assert not any(np.shares_memory(o, a) for a in _arrays(args)), (
            "output is a view of an input"
        )


def test_purity_check_covers_every_public_function():
    assert set(CALLS) | NO_ARGUMENTS == set(ref.__all__)


@pytest.mark.parametrize("name", CALLS)
def test_function_works_on_read_only_inputs_and_leaves_them_unchanged(name):
    fn, *args = CALLS[name]
    assert_pure(fn, *args)


@pytest.mark.parametrize("loader", [ref.iris_binary, ref.digits])
def test_data_loaders_return_fresh_arrays(loader):
    x1, _ = loader()
    x1[0, 0] = -99.0
    x2, _ = loader()
    assert x2[0, 0] != -99.0


def _sgd_in_place(w, grad, lr):
    w -= lr * grad
    return w


def _softmax_view(x):
    x -= np.max(x, axis=-1, keepdims=True)  # the textbook's in-place shift
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


@pytest.mark.parametrize(
    ("fn", "args"),
    [(_sgd_in_place, CALLS["sgd_step"][1:]), (_softmax_view, CALLS["softmax"][1:])],
    ids=["sgd in place", "softmax shifting x in place"],
)
def test_purity_check_rejects_in_place_implementations(fn, args):
    with pytest.raises((AssertionError, ValueError)):  # ValueError: assignment is read-only
        assert_pure(fn, *args)
