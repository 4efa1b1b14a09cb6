"""Every derivative, delta and update of the reference against a numerical gradient.

The numerical side is this file's own five-point central difference with h = 1e-3
(``precise_gradient``), not the reference's ``numerical_gradient``:

* independence: a check of the reference by the reference cannot catch a bug they share;
* precision: the two-point difference with h = 1e-4 has a truncation error h^2/6 * f''' of
  ~1e-9 per unit of f''', which is a relative 1e-7 already when a gradient component is ~100
  times smaller than the third derivative; the five-point stencil's error is h^4/30 * f^(5)
  (~3e-14) plus rounding ~eps * |f| / h (~3e-13). The reference then agrees to a relative
  error of at most ~4e-9, 25 times below the bound, while every wrong formula below misses
  by more than 1e-2.

The losses on the numerical side are written here with plain NumPy (no reference code), so
that a delta is checked against its definition, dE/du, and not against another formula.
Each check also runs on known wrong implementations (the catalog's misconceptions) to show
that it can fail.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

import reference as ref

TOLERANCE = 1e-7  # maximal relative error of a correct analytic gradient
WRONG = 1e-3  # a wrong formula misses by far more than this


# --- the numerical side -----------------------------------------------------------------


def precise_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-3):
    """Five-point central difference of f at x, perturbing copies (x is left alone)."""
    x = np.array(x, dtype=np.float64)
    grad = np.empty_like(x)
    for idx in np.ndindex(x.shape):

        def f_at(offset: float, idx: tuple = idx) -> float:
            shifted = x.copy()
            shifted[idx] += offset
            return float(f(shifted))

        grad[idx] = (-f_at(2 * h) + 8 * f_at(h) - 8 * f_at(-h) + f_at(-2 * h)) / (12 * h)
    return grad


def rel_error(analytic, numerical) -> float:
    """Largest elementwise |a - n| / (|a| + |n|), cs231n's measure.

    Components smaller than 1e-4 of the largest one are measured on that 1e-4 scale: a true
    0 (a ReLU's flat side) comes back as rounding noise ~eps * |f| / h ~ 1e-13, which has
    no meaningful relative error of its own.
    """
    analytic, numerical = np.asarray(analytic, dtype=float), np.asarray(numerical, dtype=float)
    assert analytic.shape == numerical.shape, (analytic.shape, numerical.shape)
    size = np.abs(analytic) + np.abs(numerical)
    scale = np.maximum(size, max(1e-4 * size.max(), 1e-300))
    return float(np.max(np.abs(analytic - numerical) / scale))


def _sigmoid(u):
    return 1.0 / (1.0 + np.exp(-u))


def _error(y, t) -> float:
    return 0.5 * np.sum((y - t) ** 2)


# --- the lecture's 2-layer sigmoid network, with fixed random values ---------------------


@dataclass(frozen=True)
class Net:
    """x, t and the parameters of a sigmoid n_in-n_mid-n_out net (batch None: one sample)."""

    x: np.ndarray
    t: np.ndarray
    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray
    lr: float = 0.3

    @classmethod
    def random(cls, n_in: int, n_mid: int, n_out: int, batch: int | None, seed: int) -> "Net":
        rng = np.random.default_rng(seed)
        lead = () if batch is None else (batch,)
        return cls(
            x=rng.normal(size=(*lead, n_in)),
            t=rng.uniform(size=(*lead, n_out)),
            W1=rng.normal(size=(n_in, n_mid)),
            b1=rng.normal(size=n_mid),
            W2=rng.normal(size=(n_mid, n_out)),
            b2=rng.normal(size=n_out),
        )

    @property
    def params(self) -> dict[str, np.ndarray]:
        return {"W1": self.W1, "b1": self.b1, "W2": self.W2, "b2": self.b2}

    def u1(self):
        return self.x @ self.W1 + self.b1

    def z(self):
        return _sigmoid(self.u1())

    def error_of_u1(self, u1) -> float:
        return _error(_sigmoid(_sigmoid(u1) @ self.W2 + self.b2), self.t)

    def error_of_u2(self, u2) -> float:
        return _error(_sigmoid(u2), self.t)

    def error_of(self, name: str, value) -> float:
        p = {**self.params, name: value}
        z = _sigmoid(self.x @ p["W1"] + p["b1"])
        return _error(_sigmoid(z @ p["W2"] + p["b2"]), self.t)

    def delta1(self):
        """dE/du1, numerically: the middle layer's delta by definition."""
        return precise_gradient(self.error_of_u1, self.u1())

    def delta2(self):
        """dE/du2, numerically: the output layer's delta by definition."""
        return precise_gradient(self.error_of_u2, self.z() @ self.W2 + self.b2)

    def descent_step(self, name: str):
        """-lr * dE/d(name), numerically."""
        return -self.lr * precise_gradient(lambda p: self.error_of(name, p), self.params[name])


NETS = {
    "2-3-1 one sample": Net.random(2, 3, 1, batch=None, seed=1),
    "2-3-1 batch": Net.random(2, 3, 1, batch=5, seed=2),
    "4-5-3 one sample": Net.random(4, 5, 3, batch=None, seed=3),
    "4-5-3 batch": Net.random(4, 5, 3, batch=6, seed=4),
}
SINGLE_OUTPUT_NETS = {k: v for k, v in NETS.items() if k.startswith("2-3-1")}


# --- checks: (what the implementation computes, what it must equal numerically) ----------


@dataclass(frozen=True)
class Check:
    """The analytic value an implementation gives, and its numerical counterpart."""

    id: str
    analytic: Callable[[Callable], np.ndarray]  # called with the implementation under test
    numerical: Callable[[], np.ndarray]
    reference: Callable


def _elementwise(x, c):
    """d/dx sum(c * g(x)) = c * g'(x): weights c so that no element can hide in a sum."""
    return lambda impl: c * impl(x)


_rng = np.random.default_rng(0)
_X_SIG = _rng.uniform(-6, 6, size=(3, 4))
_X_RELU = _rng.choice([-1, 1], size=(3, 4)) * _rng.uniform(0.1, 3, size=(3, 4))  # away from 0
_C = _rng.normal(size=(3, 4))


def _stacked_step(step_fn, net: Net):
    """The changes of (W1, b1, W2, b2) made by a train_step-like function, flattened."""
    new = step_fn(net.x, net.t, net.W1, net.b1, net.W2, net.b2, net.lr)
    assert [np.shape(p) for p in new] == [p.shape for p in net.params.values()]
    return np.concatenate(
        [(np.asarray(n) - p).ravel() for n, p in zip(new, net.params.values(), strict=True)]
    )


def _softmax_ce_checks():
    rng = np.random.default_rng(5)
    scores = rng.normal(scale=3, size=(6, 4))
    labels = rng.integers(0, 4, size=6)

    def loss_without_eps(s, t_labels):
        """Mean -log softmax(s)[n, t_n], stably: logsumexp(s_n) - s[n, t_n]."""
        s = np.atleast_2d(s)
        top = s.max(axis=1)
        lse = top + np.log(np.exp(s - top[:, None]).sum(axis=1))
        return np.mean(lse - s[np.arange(len(s)), np.atleast_1d(t_labels)])

    cases = {  # name: (scores, target as given, the same target as labels)
        "labels batch": (scores, labels, labels),
        "one-hot batch": (scores, np.eye(4)[labels], labels),
        "labels one sample": (scores[0], labels[0], labels[0]),
        "one-hot one sample": (scores[0], np.eye(4)[labels[0]], labels[0]),
    }
    for name, (s, t, t_labels) in cases.items():
        yield Check(
            id=f"softmax_cross_entropy_grad[{name}]",
            analytic=lambda impl, s=s, t=t: impl(s, t),
            numerical=lambda s=s, t_labels=t_labels: precise_gradient(
                lambda v: loss_without_eps(v, t_labels), s
            ),
            reference=ref.softmax_cross_entropy_grad,
        )


def _checks():
    yield Check(
        "sigmoid_grad",
        analytic=_elementwise(_X_SIG, _C),
        numerical=lambda: precise_gradient(lambda x: np.sum(_C * _sigmoid(x)), _X_SIG),
        reference=ref.sigmoid_grad,
    )
    yield Check(
        "relu_grad",
        analytic=_elementwise(_X_RELU, _C),
        numerical=lambda: precise_gradient(lambda x: np.sum(_C * np.maximum(0, x)), _X_RELU),
        reference=ref.relu_grad,
    )
    for name, net in NETS.items():
        yield Check(
            f"output_delta[{name}]",
            analytic=lambda impl, n=net: impl(_sigmoid(n.z() @ n.W2 + n.b2), n.t),
            numerical=net.delta2,
            reference=ref.output_delta,
        )
        yield Check(
            f"middle_delta[{name}]",
            analytic=lambda impl, n=net: impl(n.delta2(), n.W2, n.z()),
            numerical=net.delta1,
            reference=ref.middle_delta,
        )
        yield Check(
            f"weight_update[W2, {name}]",
            analytic=lambda impl, n=net: impl(n.W2, n.z(), n.delta2(), n.lr) - n.W2,
            numerical=lambda n=net: n.descent_step("W2"),
            reference=ref.weight_update,
        )
        yield Check(
            f"weight_update[W1, {name}]",
            analytic=lambda impl, n=net: impl(n.W1, n.x, n.delta1(), n.lr) - n.W1,
            numerical=lambda n=net: n.descent_step("W1"),
            reference=ref.weight_update,
        )
        yield Check(
            f"bias_update[b2, {name}]",
            analytic=lambda impl, n=net: impl(n.b2, n.delta2(), n.lr) - n.b2,
            numerical=lambda n=net: n.descent_step("b2"),
            reference=ref.bias_update,
        )
        yield Check(
            f"bias_update[b1, {name}]",
            analytic=lambda impl, n=net: impl(n.b1, n.delta1(), n.lr) - n.b1,
            numerical=lambda n=net: n.descent_step("b1"),
            reference=ref.bias_update,
        )
        yield Check(
            f"train_step[{name}]",
            analytic=lambda impl, n=net: _stacked_step(impl, n),
            numerical=lambda n=net: np.concatenate(
                [n.descent_step(p).ravel() for p in ("W1", "b1", "W2", "b2")]
            ),
            reference=ref.train_step,
        )
    yield from _softmax_ce_checks()


CHECKS = {check.id: check for check in _checks()}


@pytest.mark.parametrize("check", CHECKS.values(), ids=CHECKS.keys())
def test_reference_equals_numerical_gradient(check: Check):
    assert rel_error(check.analytic(check.reference), check.numerical()) < TOLERANCE


# --- the same checks reject the catalog's misconceptions --------------------------------


def _train_step_stale_order(x, t, W1, b1, W2, b2, lr):
    z, y = ref.forward(x, W1, b1, W2, b2)
    delta2 = ref.output_delta(y, np.reshape(t, y.shape))
    W2_new = ref.weight_update(W2, z, delta2, lr)
    delta1 = ref.middle_delta(delta2, W2_new, z)  # uses the already-updated W2
    return (
        ref.weight_update(W1, x, delta1, lr),
        ref.bias_update(b1, delta1, lr),
        W2_new,
        ref.bias_update(b2, delta2, lr),
    )


def _train_step_middle_bias_uses_output_delta(x, t, W1, b1, W2, b2, lr):
    z, y = ref.forward(x, W1, b1, W2, b2)
    delta2 = ref.output_delta(y, np.reshape(t, y.shape))
    delta1 = ref.middle_delta(delta2, W2, z)
    return (
        ref.weight_update(W1, x, delta1, lr),
        b1 - lr * np.sum(delta2),  # one output neuron: broadcasts over b1's shape
        ref.weight_update(W2, z, delta2, lr),
        ref.bias_update(b2, delta2, lr),
    )


def _weight_update_averaged(W, x, delta, lr):
    x2, d2 = np.atleast_2d(x), np.atleast_2d(delta)
    return W - lr * x2.T @ d2 / len(x2)


MUTANTS = [
    # (misconception, wrong implementation, the checks it must fail)
    ("sigmoid_grad.of_output", lambda x: x * (1 - x), ["sigmoid_grad"]),
    ("sigmoid_grad.missing", ref.sigmoid, ["sigmoid_grad"]),
    ("relu_grad.values", ref.relu, ["relu_grad"]),
    ("output_delta.missing_derivative", lambda y, t: y - t, list(NETS)),
    ("output_delta.sign", lambda y, t: (t - y) * y * (1 - y), list(NETS)),
    (
        "middle_delta.missing_delta",
        lambda d, W, z: (np.ones_like(d) @ W.T) * z * (1 - z),
        list(NETS),
    ),
    ("middle_delta.missing_derivative", lambda d, W, z: d @ W.T, list(NETS)),
    (
        "middle_delta.derivative_of_output",  # sigmoid_grad(z) treats z as an input sum
        lambda d, W, z: (d @ W.T) * ref.sigmoid_grad(z),
        list(NETS),
    ),
    (
        "weight_update.sign",
        lambda W, x, d, lr: W + lr * np.atleast_2d(x).T @ np.atleast_2d(d),
        ["W1, 2-3-1 batch", "W2, 4-5-3 one sample"],
    ),
    ("weight_update.averaged", _weight_update_averaged, ["W1, 2-3-1 batch", "W2, 4-5-3 batch"]),
    (
        "bias_update.averaged",
        lambda b, d, lr: b - lr * np.atleast_2d(d).mean(axis=0),
        ["b1, 4-5-3 batch"],
    ),
    ("train_step.stale_order", _train_step_stale_order, list(NETS)),
    (
        "train_step.middle_bias_uses_output_delta",
        _train_step_middle_bias_uses_output_delta,
        list(SINGLE_OUTPUT_NETS),
    ),
    (
        "softmax_cross_entropy_grad.no_batch_mean",
        lambda s, t: ref.softmax_cross_entropy_grad(s, t) * len(np.atleast_2d(s)),
        ["labels batch", "one-hot batch"],
    ),
    (
        "softmax_cross_entropy_grad.sign",
        lambda s, t: -ref.softmax_cross_entropy_grad(s, t),
        ["labels one sample"],
    ),
]


def _mutant_cases():
    for name, mutant, targets in MUTANTS:
        exercise = name.split(".")[0]
        for check in CHECKS.values():
            if check.id.startswith(exercise) and any(target in check.id for target in targets):
                yield pytest.param(mutant, check, id=f"{name}-{check.id}")


@pytest.mark.parametrize(("mutant", "check"), list(_mutant_cases()))
def test_known_wrong_implementation_fails_the_check(mutant, check: Check):
    assert rel_error(check.analytic(mutant), check.numerical()) > WRONG


def test_every_misconception_is_exercised():
    exercised = {case.id.split("-")[0] for case in _mutant_cases()}
    assert exercised == {name for name, _, _ in MUTANTS}


# --- the 1e-7 inside cross_entropy_error ------------------------------------------------


def _loss_with_eps(s, labels):
    p = np.exp(s - s.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    return -np.mean(np.log(p[np.arange(len(s)), labels] + 1e-7))


@pytest.mark.parametrize("confidence", ["typical", "confidently wrong"])
def test_softmax_cross_entropy_grad_is_exact_up_to_the_epsilon(confidence):
    """With the 1e-7, the exact gradient is r_n * (p - onehot) / N, r_n = p_t / (p_t + 1e-7).

    So the reference (the gradient without the epsilon) agrees with the loss as graded to a
    relative 1e-7 / p_t: invisible for typical scores, visible when p_t is tiny.
    """
    rng = np.random.default_rng(6)
    scores = rng.normal(size=(5, 3))
    labels = rng.integers(0, 3, size=5)
    if confidence == "confidently wrong":
        scores[0, labels[0]] -= 16.0  # p_t ~ 1e-7 for the first sample
    p = np.exp(scores - scores.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p_true = p[np.arange(5), labels]
    r = p_true / (p_true + 1e-7)

    grad = ref.softmax_cross_entropy_grad(scores, labels)
    numerical = precise_gradient(lambda s: _loss_with_eps(s, labels), scores)

    assert rel_error(r[:, None] * grad, numerical) < TOLERANCE
    if confidence == "typical":
        assert rel_error(grad, numerical) < 10 * np.max(1e-7 / p_true)
    else:
        assert rel_error(grad, numerical) > 0.1


# --- numerical_gradient itself ----------------------------------------------------------


def _forward_difference(f, x):
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + 1e-4
        grad[idx] = (f(x) - fx) / 1e-4
        x[idx] = old
    return grad


def _no_restore(f, x):
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + 1e-4
        f_plus = f(x)
        x[idx] = old - 1e-4
        grad[idx] = (f_plus - f(x)) / 2e-4
    return grad


def _truncating_int(f, x):
    """The textbook loop run directly on an int array: x + h is truncated back to x."""
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + 1e-4
        f_plus = f(x)
        x[idx] = old - 1e-4
        grad[idx] = (f_plus - f(x)) / 2e-4
        x[idx] = old
    return grad


def assert_exact_for_quadratics(numerical_gradient):
    a = np.array([[1.5, -2.0, 0.5], [3.0, 0.25, -1.0]])
    b = np.linspace(-1, 1, 6).reshape(2, 3)
    x = np.array([[0.3, -1.2, 2.0], [-0.7, 1.1, 0.05]])
    grad = numerical_gradient(lambda v: np.sum(a * v**2 + b * v), x)
    assert rel_error(grad, 2 * a * x + b) < TOLERANCE


def assert_central_difference_with_h_1e4(numerical_gradient):
    """For sum(x^3) the central difference is exactly 3x^2 + h^2 (forward: 3x^2 + 3xh + h^2)."""
    x = np.array([-2.0, -0.5, 0.1, 0.7, 1.3, 2.0])
    grad = numerical_gradient(lambda v: np.sum(v**3), x)
    np.testing.assert_allclose(grad, 3 * x**2 + 1e-8, rtol=0, atol=1e-9)


def assert_restores_x(numerical_gradient):
    x = np.array([[0.3, -1.2], [2.0, 1e-3]])
    before = x.copy()
    numerical_gradient(lambda v: np.sum(np.sin(v) * v), x)
    assert np.array_equal(x, before)


def assert_works_for_integer_x(numerical_gradient):
    x = np.array([[1, -2], [3, 4]], dtype=np.int64)
    grad = numerical_gradient(lambda v: np.sum(v**2), x)
    assert x.dtype == np.int64
    assert np.array_equal(x, [[1, -2], [3, 4]])
    assert grad.dtype.kind == "f" and grad.shape == x.shape
    assert rel_error(grad, 2 * x) < TOLERANCE


NUMERICAL_GRADIENT_PROPERTIES = {
    "exact for quadratics": (assert_exact_for_quadratics, None),
    "central difference with h=1e-4": (assert_central_difference_with_h_1e4, _forward_difference),
    "restores x": (assert_restores_x, _no_restore),
    "works for integer x": (assert_works_for_integer_x, _truncating_int),
}


@pytest.mark.parametrize(
    "prop",
    [p for p, _ in NUMERICAL_GRADIENT_PROPERTIES.values()],
    ids=NUMERICAL_GRADIENT_PROPERTIES,
)
def test_numerical_gradient_property(prop):
    prop(ref.numerical_gradient)


@pytest.mark.parametrize(
    ("prop", "mutant"),
    [(p, m) for p, m in NUMERICAL_GRADIENT_PROPERTIES.values() if m is not None],
    ids=[k for k, (_, m) in NUMERICAL_GRADIENT_PROPERTIES.items() if m is not None],
)
def test_numerical_gradient_property_rejects_wrong_implementation(prop, mutant):
    with pytest.raises(AssertionError):
        prop(mutant)


def test_numerical_gradient_returns_a_new_float64_array_of_x_shape():
    x = np.arange(6.0).reshape(2, 3)
    grad = ref.numerical_gradient(lambda v: np.sum(v), x)
    assert grad.dtype == np.float64 and grad.shape == (2, 3)
    assert not np.shares_memory(grad, x)
    assert rel_error(grad, np.ones((2, 3))) < TOLERANCE


def test_numerical_gradient_perturbs_x_in_place_like_the_textbook():
    """deep-learning-from-scratch calls numerical_gradient(lambda W: net.loss(x, t), net.W1):
    f ignores its argument and reads the weights from outside, so x itself is perturbed."""
    W = np.array([[0.5, -1.0], [2.0, 0.1]])
    grad = ref.numerical_gradient(lambda _: np.sum(W**2), W)
    assert rel_error(grad, 2 * W) < TOLERANCE


def test_numerical_gradient_matches_the_precise_gradient_on_a_network():
    """The h = 1e-4 two-point difference is good to ~1e-8 relative on a smooth loss."""
    net = NETS["4-5-3 batch"]
    grad = ref.numerical_gradient(lambda W: net.error_of("W1", W), net.W1.copy())
    assert rel_error(grad, precise_gradient(lambda W: net.error_of("W1", W), net.W1)) < 1e-6


def test_numerical_gradient_restores_x_even_when_f_raises():
    x = np.array([1.0, 2.0])

    def failing(v):
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        ref.numerical_gradient(failing, x)
    assert np.array_equal(x, [1.0, 2.0])
