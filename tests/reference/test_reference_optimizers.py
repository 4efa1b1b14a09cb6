"""Optimizer steps against independent formulations, over several steps.

The reference updates the state step by step; the expectations here are written another
way, one Python float at a time: the state in closed form (a momentum or a moving average
is a weighted sum of all gradients so far), and Adam in the paper's "efficient" form with
the bias corrections folded into the step size. Inputs follow cs231n's optimizer tests
(linspace weights, gradients and non-zero states); each step gets a different gradient.
"""

import math
from functools import partial

import numpy as np
import pytest

import reference as ref

SHAPE = (4, 5)
W0 = np.linspace(-0.4, 0.6, 20).reshape(SHAPE)
BASE_GRAD = np.linspace(-0.6, 0.4, 20).reshape(SHAPE)  # every |g| >= 0.02
STATE0 = np.linspace(0.6, 0.9, 20).reshape(SHAPE)
SQ_STATE0 = np.linspace(0.7, 0.5, 20).reshape(SHAPE)  # squared-gradient state: >= 0
STEPS = 5


def grads(steps: int = STEPS) -> list[np.ndarray]:
    """A different gradient each step: rolled, rescaled, alternating in sign."""
    return [(-1) ** k * np.roll(BASE_GRAD, 3 * k) * (1 + 0.2 * k) for k in range(steps)]


def _collect(results: list, shape: tuple):
    """Per-position results (floats, or tuples of floats) as arrays of the given shape."""
    if isinstance(results[0], tuple):
        return tuple(np.reshape(column, shape) for column in zip(*results, strict=True))
    return np.reshape(results, shape)


def per_element(formula, *arrays):
    """Apply a formula on Python floats at each position of equally shaped arrays."""
    shape = arrays[0].shape
    return _collect([formula(*(float(a[i]) for a in arrays)) for i in np.ndindex(shape)], shape)


def per_element_history(formula, w0, gradients, *states):
    """Like per_element; the formula gets that position's gradients as a list."""
    return _collect(
        [
            formula(float(w0[i]), [float(g[i]) for g in gradients], *(float(s[i]) for s in states))
            for i in np.ndindex(w0.shape)
        ],
        w0.shape,
    )


def rel(a, b) -> float:
    return float(np.max(np.abs(np.asarray(a) - b) / np.maximum(np.abs(a) + np.abs(b), 1e-300)))


# --- SGD and momentum -------------------------------------------------------------------


def test_sgd_steps_add_up_to_lr_times_the_summed_gradients():
    w = W0
    for g in grads():
        w = ref.sgd_step(w, g, lr=0.05)
    expected = per_element_history(lambda w0, gs: w0 - 0.05 * math.fsum(gs), W0, grads())
    np.testing.assert_allclose(w, expected, rtol=1e-13)


def momentum_closed_form(w0, gs, v0, lr, mu):
    """v_k = mu^k v0 - lr sum_j mu^(k-j) g_j;  w_k = w0 + v_1 + ... + v_k."""
    velocities = [
        mu**k * v0 - lr * math.fsum(mu ** (k - j) * gs[j - 1] for j in range(1, k + 1))
        for k in range(1, len(gs) + 1)
    ]
    return w0 + math.fsum(velocities), velocities[-1]


def _run_momentum(step_fn, lr=0.1, mu=0.9):
    w, v = W0, STATE0 * 0.1
    for g in grads():
        w, v = step_fn(w, g, v, lr, mu)
    return w, v


def _expected_momentum(lr=0.1, mu=0.9):
    formula = partial(momentum_closed_form, lr=lr, mu=mu)
    return per_element_history(formula, W0, grads(), STATE0 * 0.1)


def test_momentum_velocity_is_the_decaying_sum_of_past_steps():
    (w, v), (w_expected, v_expected) = _run_momentum(ref.momentum_step), _expected_momentum()
    np.testing.assert_allclose(v, v_expected, rtol=1e-12)
    np.testing.assert_allclose(w, w_expected, rtol=1e-12)


def test_momentum_sign_misconception_fails_the_same_check():
    def wrong(w, grad, v, lr, momentum):  # momentum_step.sign
        v = momentum * v + lr * grad
        return w + v, v

    assert rel(_run_momentum(wrong)[0], _expected_momentum()[0]) > 1e-2


def test_momentum_with_zero_momentum_is_sgd():
    w, v = ref.momentum_step(W0, BASE_GRAD, STATE0, lr=0.1, momentum=0.0)
    np.testing.assert_allclose(w, ref.sgd_step(W0, BASE_GRAD, 0.1), rtol=1e-15)
    np.testing.assert_allclose(v, -0.1 * BASE_GRAD, rtol=1e-15)


# --- AdaGrad and RMSProp ----------------------------------------------------------------


def adagrad_loop(w0, gs, h0, lr, eps):
    """h is everything squared so far: h_k = h0 + g_1^2 + ... + g_k^2."""
    w = w0
    for k, g in enumerate(gs, start=1):
        h = h0 + math.fsum(x * x for x in gs[:k])
        w -= lr * g / (math.sqrt(h) + eps)
    return w, h


def rmsprop_loop(w0, gs, h0, lr, decay, eps):
    """h_k = decay^k h0 + (1 - decay) sum_j decay^(k-j) g_j^2."""
    w = w0
    for k, g in enumerate(gs, start=1):
        h = decay**k * h0 + (1 - decay) * math.fsum(
            decay ** (k - j) * gs[j - 1] ** 2 for j in range(1, k + 1)
        )
        w -= lr * g / (math.sqrt(h) + eps)
    return w, h


def _adagrad_no_accumulation(w, grad, h, lr, eps=1e-7):  # adagrad_step.no_accumulation
    h = grad**2
    return w - lr * grad / (np.sqrt(h) + eps), h


SQUARED_STATE_OPTIMIZERS = {
    # id: (reference step, kwargs, independent formula, misconceptions)
    "adagrad": (
        ref.adagrad_step,
        {"lr": 0.1},
        partial(adagrad_loop, lr=0.1, eps=1e-7),
        [_adagrad_no_accumulation],
    ),
    "adagrad eps=1e-3": (
        ref.adagrad_step,
        {"lr": 0.1, "eps": 1e-3},
        partial(adagrad_loop, lr=0.1, eps=1e-3),
        [],
    ),
    "rmsprop": (
        ref.rmsprop_step,
        {"lr": 0.01},
        partial(rmsprop_loop, lr=0.01, decay=0.99, eps=1e-7),
        [lambda w, g, h, lr: ref.adagrad_step(w, g, h, lr)],  # forgets to decay
    ),
    "rmsprop decay=0.9": (
        ref.rmsprop_step,
        {"lr": 0.01, "decay": 0.9, "eps": 1e-6},
        partial(rmsprop_loop, lr=0.01, decay=0.9, eps=1e-6),
        [],
    ),
}


def _run(step_fn, kwargs, h0):
    w, h = W0, h0
    for g in grads():
        w, h = step_fn(w, g, h, **kwargs)
    return w, h


@pytest.mark.parametrize("h0", [np.zeros(SHAPE), SQ_STATE0], ids=["h0=0", "h0 cs231n"])
@pytest.mark.parametrize("name", SQUARED_STATE_OPTIMIZERS)
def test_squared_gradient_optimizer_matches_the_loop(name, h0):
    step_fn, kwargs, formula, _ = SQUARED_STATE_OPTIMIZERS[name]
    w, h = _run(step_fn, kwargs, h0)
    w_expected, h_expected = per_element_history(formula, W0, grads(), h0)
    np.testing.assert_allclose(w, w_expected, rtol=1e-12)
    np.testing.assert_allclose(h, h_expected, rtol=1e-12)


@pytest.mark.parametrize(
    ("name", "wrong"),
    [(name, wrong) for name, spec in SQUARED_STATE_OPTIMIZERS.items() for wrong in spec[3]],
)
def test_squared_gradient_misconception_fails_the_same_check(name, wrong):
    _, kwargs, formula, _ = SQUARED_STATE_OPTIMIZERS[name]
    w, _ = _run(wrong, kwargs, SQ_STATE0)
    w_expected, _ = per_element_history(formula, W0, grads(), SQ_STATE0)
    assert rel(w, w_expected) > 1e-3


# --- Adam -------------------------------------------------------------------------------


def adam_efficient(w, m, v, g, t, lr, beta1, beta2, eps_hat):
    """The paper's section 2 rewrite: lr_t = lr sqrt(1 - b2^t) / (1 - b1^t); eps_hat outside."""
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    lr_t = lr * math.sqrt(1 - beta2**t) / (1 - beta1**t)
    return w - lr_t * m / (math.sqrt(v) + eps_hat), m, v


ADAM_HYPER = [
    {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    {"lr": 1e-2, "beta1": 0.8, "beta2": 0.99, "eps": 1e-4},  # a large eps makes its place visible
]
ADAM_STARTS = {"m0=v0=0": (np.zeros(SHAPE), np.zeros(SHAPE)), "cs231n state": (STATE0, SQ_STATE0)}


def _run_adam(step_fn, m0, v0, hyper):
    """[(update w' - w, m', v') for t = 1..STEPS], the state fed forward."""
    w, m, v, out = W0, m0, v0, []
    for t, g in enumerate(grads(), start=1):
        w_new, m, v = step_fn(w, g, m, v, t, **hyper)
        out.append((w_new - w, m, v))
        w = w_new
    return out


def _expected_adam(m0, v0, hyper, eps_hat):
    """The efficient form's own trajectory: [(update, m', v')] for t = 1..STEPS."""
    out, w, m, v = [], W0, m0, v0
    for t, g in enumerate(grads(), start=1):
        lr, beta1, beta2 = hyper["lr"], hyper["beta1"], hyper["beta2"]
        formula = partial(adam_efficient, t=t, lr=lr, beta1=beta1, beta2=beta2, eps_hat=eps_hat(t))
        w_new, m, v = per_element(formula, w, m, v, g)
        out.append((w_new - w, m, v))
        w = w_new
    return out


@pytest.mark.parametrize("start", ADAM_STARTS)
@pytest.mark.parametrize("hyper", ADAM_HYPER, ids=["default", "eps=1e-4"])
def test_adam_equals_the_efficient_form_with_matching_eps(hyper, start):
    """Algorithm 1 with eps is the efficient form with eps_hat = eps * sqrt(1 - beta2^t)."""
    m0, v0 = ADAM_STARTS[start]
    got = _run_adam(ref.adam_step, m0, v0, hyper)
    expected = _expected_adam(
        m0, v0, hyper, lambda t: hyper["eps"] * math.sqrt(1 - hyper["beta2"] ** t)
    )
    for (dw, m, v), (dw_e, m_e, v_e) in zip(got, expected, strict=True):
        np.testing.assert_allclose(dw, dw_e, rtol=1e-10)
        np.testing.assert_allclose(m, m_e, rtol=1e-13)
        np.testing.assert_allclose(v, v_e, rtol=1e-13)


@pytest.mark.parametrize("start", ADAM_STARTS)
def test_adam_efficient_form_with_plain_eps_is_within_the_graded_tolerance(start):
    """The lecture writes the efficient form with eps itself: the catalog's 0.1 % admits it."""
    m0, v0 = ADAM_STARTS[start]
    hyper = ADAM_HYPER[0]
    got = _run_adam(ref.adam_step, m0, v0, hyper)
    for eps_hat in (1e-8, 1e-7):
        expected = _expected_adam(m0, v0, hyper, lambda t, e=eps_hat: e)
        for (dw, _, _), (dw_e, _, _) in zip(got, expected, strict=True):
            np.testing.assert_allclose(dw, dw_e, rtol=1e-3)


def _adam_no_bias_correction(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    return w - lr * m / (np.sqrt(v) + eps), m, v


@pytest.mark.parametrize("start", ADAM_STARTS)
def test_adam_without_bias_correction_misses_the_first_step_by_far(start):
    m0, v0 = ADAM_STARTS[start]
    (dw, _, _), *_ = _run_adam(ref.adam_step, m0, v0, ADAM_HYPER[0])
    (dw_wrong, _, _), *_ = _run_adam(_adam_no_bias_correction, m0, v0, ADAM_HYPER[0])
    relative_miss = np.abs(dw_wrong - dw) / np.abs(dw)
    assert relative_miss.min() > 0.5  # far beyond the catalog's 0.1 %


def test_adam_first_step_from_zero_state_moves_every_weight_by_about_lr():
    """With m = v = 0, m_hat / sqrt(v_hat) = g / |g| at t = 1: the step is lr * sign(g)."""
    w, _, _ = ref.adam_step(W0, BASE_GRAD, np.zeros(SHAPE), np.zeros(SHAPE), 1, lr=1e-3)
    np.testing.assert_allclose(W0 - w, 1e-3 * np.sign(BASE_GRAD), rtol=1e-5)
