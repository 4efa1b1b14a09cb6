"""The reference against PyTorch (float64): optimizers, softmax-cross-entropy, backprop.

Run with ``make crosscheck`` / ``pytest -m crosscheck tests/crosscheck``. Where PyTorch keeps
its state in another form, the mapping is stated next to the test:

* SGD with momentum: torch keeps b' = mu * b + g and steps w - lr * b'. Our velocity is
  v' = mu * v - lr * g, w' = w + v'. With v = -lr * b both give the same iterates (for a
  constant lr): v' = mu * (-lr * b) - lr * g = -lr * (mu * b + g) = -lr * b'.
* Adagrad: torch's state "sum" is our h (initial_accumulator_value fills it), eps is
  added outside the square root as in the catalog; lr_decay = 0.
* RMSprop: torch's alpha is our decay, "square_avg" our h, eps outside the square root.
* Adam: torch.optim.Adam is Algorithm 1 with bias correction, as in the catalog.
"""

import numpy as np
import pytest

import reference as ref

torch = pytest.importorskip("torch")

pytestmark = pytest.mark.crosscheck

SHAPE = (4, 5)
W0 = np.linspace(-0.4, 0.6, 20).reshape(SHAPE)
BASE_GRAD = np.linspace(-0.6, 0.4, 20).reshape(SHAPE)
STATE0 = np.linspace(0.6, 0.9, 20).reshape(SHAPE)
SQ_STATE0 = np.linspace(0.7, 0.5, 20).reshape(SHAPE)
STEPS = 5
RTOL = 1e-10


def grads(steps: int = STEPS) -> list[np.ndarray]:
    return [(-1) ** k * np.roll(BASE_GRAD, 3 * k) * (1 + 0.2 * k) for k in range(steps)]


def tensor(a) -> "torch.Tensor":
    return torch.tensor(np.asarray(a), dtype=torch.float64)


def torch_run(make_optimizer, state: dict | None = None):
    """w after each of STEPS torch optimizer steps fed with grads(); plus the final state.

    state, if given, replaces the optimizer's state for w before the first step.
    """
    w = torch.nn.Parameter(tensor(W0))
    optimizer = make_optimizer([w])
    if state is not None:
        optimizer.state[w] = {k: v.clone() for k, v in state.items()}
    trajectory = []
    for g in grads():
        w.grad = tensor(g)
        optimizer.step()
        trajectory.append(w.detach().numpy().copy())
    final_state = {k: v.detach().numpy().copy() for k, v in optimizer.state[w].items()}
    return trajectory, final_state


def reference_run(step, state: tuple):
    """w after each reference step (state fed forward), plus the final state."""
    w, trajectory = W0, []
    for g in grads():
        w, *state = step(w, g, *state)
        trajectory.append(w)
    return trajectory, state


def assert_same_trajectory(ours, theirs, rtol=RTOL):
    for step, (a, b) in enumerate(zip(ours, theirs, strict=True), start=1):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=0, err_msg=f"after step {step}")


# --- optimizers -------------------------------------------------------------------------


def test_sgd_matches_torch():
    ours, _ = reference_run(lambda w, g: (ref.sgd_step(w, g, 0.05),), ())
    theirs, _ = torch_run(lambda p: torch.optim.SGD(p, lr=0.05))
    assert_same_trajectory(ours, theirs)


@pytest.mark.parametrize("v0", [np.zeros(SHAPE), 0.1 * STATE0], ids=["v0=0", "v0 cs231n"])
def test_momentum_matches_torch_with_velocity_minus_lr_times_buffer(v0):
    lr, mu = 0.1, 0.9
    ours, (v,) = reference_run(lambda w, g, v: ref.momentum_step(w, g, v, lr, mu), (v0,))
    # torch starts a missing buffer at b = g, which is mu * 0 + g: v0 = 0 needs no state
    state = None if not v0.any() else {"momentum_buffer": tensor(-v0 / lr)}
    theirs, torch_state = torch_run(lambda p: torch.optim.SGD(p, lr=lr, momentum=mu), state)
    assert_same_trajectory(ours, theirs)
    np.testing.assert_allclose(v, -lr * torch_state["momentum_buffer"], rtol=RTOL)


@pytest.mark.parametrize("h0", [0.0, 0.1], ids=["h0=0", "h0=0.1"])
@pytest.mark.parametrize("eps", [1e-7, 1e-3])
def test_adagrad_matches_torch_initial_accumulator_value(h0, eps):
    lr = 0.1
    ours, (h,) = reference_run(
        lambda w, g, h: ref.adagrad_step(w, g, h, lr, eps=eps), (np.full(SHAPE, h0),)
    )
    theirs, torch_state = torch_run(
        lambda p: torch.optim.Adagrad(p, lr=lr, eps=eps, initial_accumulator_value=h0)
    )
    assert_same_trajectory(ours, theirs)
    np.testing.assert_allclose(h, torch_state["sum"], rtol=RTOL)


def test_adagrad_matches_torch_from_a_non_uniform_state():
    lr = 0.1
    ours, (h,) = reference_run(lambda w, g, h: ref.adagrad_step(w, g, h, lr), (SQ_STATE0,))
    state = {"step": torch.tensor(0.0), "sum": tensor(SQ_STATE0)}
    theirs, torch_state = torch_run(lambda p: torch.optim.Adagrad(p, lr=lr, eps=1e-7), state)
    assert_same_trajectory(ours, theirs)
    np.testing.assert_allclose(h, torch_state["sum"], rtol=RTOL)


@pytest.mark.parametrize("h0", [np.zeros(SHAPE), SQ_STATE0], ids=["h0=0", "h0 cs231n"])
@pytest.mark.parametrize("decay", [0.99, 0.9])
def test_rmsprop_matches_torch_with_alpha_as_decay(decay, h0):
    lr, eps = 0.01, 1e-7
    ours, (h,) = reference_run(
        lambda w, g, h: ref.rmsprop_step(w, g, h, lr, decay=decay, eps=eps), (h0,)
    )
    state = {"step": torch.tensor(0.0), "square_avg": tensor(h0)}
    theirs, torch_state = torch_run(
        lambda p: torch.optim.RMSprop(p, lr=lr, alpha=decay, eps=eps), state
    )
    assert_same_trajectory(ours, theirs)
    np.testing.assert_allclose(h, torch_state["square_avg"], rtol=RTOL)


ADAM_HYPER = [
    {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    {"lr": 1e-2, "beta1": 0.8, "beta2": 0.99, "eps": 1e-4},
]


@pytest.mark.parametrize("start", ["zeros", "cs231n"])
@pytest.mark.parametrize("hyper", ADAM_HYPER, ids=["default", "eps=1e-4"])
def test_adam_matches_torch(hyper, start):
    m0, v0 = (np.zeros(SHAPE), np.zeros(SHAPE)) if start == "zeros" else (STATE0, SQ_STATE0)
    steps = iter(range(1, STEPS + 1))

    def step(w, g, m, v):
        return ref.adam_step(w, g, m, v, next(steps), **hyper)

    ours, (m, v) = reference_run(step, (m0, v0))
    state = {"step": torch.tensor(0.0), "exp_avg": tensor(m0), "exp_avg_sq": tensor(v0)}
    theirs, torch_state = torch_run(
        lambda p: torch.optim.Adam(
            p, lr=hyper["lr"], betas=(hyper["beta1"], hyper["beta2"]), eps=hyper["eps"]
        ),
        state,
    )
    assert_same_trajectory(ours, theirs)
    np.testing.assert_allclose(m, torch_state["exp_avg"], rtol=RTOL)
    np.testing.assert_allclose(v, torch_state["exp_avg_sq"], rtol=RTOL)


def test_adam_without_bias_correction_does_not_match_torch():
    """The comparison can fail: Adam without bias correction is far from torch's first step."""

    def no_bias_correction(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        return w - lr * m / (np.sqrt(v) + eps), m, v

    w1, _, _ = no_bias_correction(W0, grads()[0], np.zeros(SHAPE), np.zeros(SHAPE), 1)
    (theirs, *_), _ = torch_run(lambda p: torch.optim.Adam(p, lr=1e-3))
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(w1 - W0, theirs - W0, rtol=1e-3)


# --- softmax + cross-entropy ------------------------------------------------------------


def _torch_ce_grad(scores, target):
    logits = tensor(scores).requires_grad_()
    target = torch.tensor(target) if np.asarray(target).dtype.kind in "iu" else tensor(target)
    loss = torch.nn.functional.cross_entropy(logits, target)  # reduction="mean"
    loss.backward()
    return logits.grad.numpy(), loss.item()


_rng = np.random.default_rng(11)
_SCORES = _rng.normal(scale=3, size=(7, 5))
_LABELS = _rng.integers(0, 5, size=7)
CE_CASES = {
    "labels batch": (_SCORES, _LABELS),
    "one-hot batch": (_SCORES, np.eye(5)[_LABELS]),
    "label one sample": (_SCORES[0], np.int64(_LABELS[0])),
    "one-hot one sample": (_SCORES[0], np.eye(5)[_LABELS[0]]),
}


@pytest.mark.parametrize("case", CE_CASES)
def test_softmax_cross_entropy_grad_matches_torch_autograd(case):
    scores, target = CE_CASES[case]
    theirs, _ = _torch_ce_grad(scores, target)
    np.testing.assert_allclose(
        ref.softmax_cross_entropy_grad(scores, target), theirs, rtol=1e-12, atol=1e-15
    )


def _labels(target):
    target = np.asarray(target)
    return target.argmax(axis=-1) if target.dtype.kind == "f" else target


@pytest.mark.parametrize("case", CE_CASES)
def test_cross_entropy_of_softmax_matches_torch_up_to_the_epsilon(case):
    """torch has no 1e-7 inside the log: the losses differ by at most 1e-7 / p_true."""
    scores, target = CE_CASES[case]
    _, theirs = _torch_ce_grad(scores, target)
    p = ref.softmax(scores)
    p_true = np.atleast_2d(p)[np.arange(np.atleast_2d(p).shape[0]), np.atleast_1d(_labels(target))]
    ours = ref.cross_entropy_error(p, target)
    assert ours == pytest.approx(theirs, abs=1.01e-7 / p_true.min())


# --- backprop ---------------------------------------------------------------------------


@pytest.mark.parametrize("batch", [None, 6], ids=["one sample", "batch"])
def test_train_step_is_gradient_descent_by_torch_autograd(batch):
    rng = np.random.default_rng(12)
    lead = () if batch is None else (batch,)
    x, t = rng.normal(size=(*lead, 4)), rng.uniform(size=(*lead, 3))
    params = [
        rng.normal(size=(4, 5)),
        rng.normal(size=5),
        rng.normal(size=(5, 3)),
        rng.normal(size=3),
    ]
    lr = 0.2

    W1, b1, W2, b2 = (tensor(p).requires_grad_() for p in params)
    z = torch.sigmoid(tensor(x) @ W1 + b1)
    y = torch.sigmoid(z @ W2 + b2)
    (0.5 * ((y - tensor(t)) ** 2).sum()).backward()
    expected = [(p - lr * p.grad).detach().numpy() for p in (W1, b1, W2, b2)]

    for ours, theirs in zip(ref.train_step(x, t, *params, lr), expected, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)
