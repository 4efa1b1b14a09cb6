"""The two capstones, solved with the reference's own pieces.

A model is a plain dict of float64 arrays: the input standardisation (mean, std, learned
from the training data inside fit) and the network's parameters W1, b1, W2, b2.
"""

import numpy as np
from numpy.typing import NDArray

from reference.activations import sigmoid
from reference.backprop import middle_delta, train_step
from reference.layers import dense, forward
from reference.losses import softmax_cross_entropy_grad
from reference.optimizers import adam_step

Model = dict[str, NDArray[np.float64]]

# Iris: the lecture's 2-3-1 sigmoid network, full-batch backprop (train_step).
IRIS_HIDDEN = 3
IRIS_LR = 1.0  # per sample: train_step sums the batch's gradients, so we pass IRIS_LR / N
IRIS_EPOCHS = 1000

# Digits: 64-100-10, sigmoid middle layer, softmax + cross-entropy, mini-batch Adam.
DIGITS_CLASSES = 10
DIGITS_HIDDEN = 100
DIGITS_LR = 0.01
DIGITS_EPOCHS = 40
DIGITS_BATCH = 32


def _init_params(rng: np.random.Generator, n_in: int, n_hidden: int, n_out: int) -> Model:
    """Random weights with variance 1/n_in (Xavier-like: sigmoid stays out of saturation)."""
    return {
        "W1": rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, 1.0 / np.sqrt(n_hidden), (n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def _standardise(model: Model, x: NDArray) -> NDArray[np.float64]:
    return (np.asarray(x, dtype=np.float64) - model["mean"]) / model["std"]


def iris_fit(x: NDArray, t: NDArray, seed: int = 0) -> Model:
    """Train the 2-3-1 sigmoid net on (x in cm, t in {0, 1}) with train_step, full batch."""
    x = np.asarray(x, dtype=np.float64)
    model = {"mean": x.mean(axis=0), "std": x.std(axis=0)}
    xs = _standardise(model, x)
    targets = np.asarray(t, dtype=np.float64).reshape(-1, 1)  # one output neuron
    params = _init_params(np.random.default_rng(seed), x.shape[1], IRIS_HIDDEN, 1)
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    for _ in range(IRIS_EPOCHS):
        W1, b1, W2, b2 = train_step(xs, targets, W1, b1, W2, b2, IRIS_LR / len(xs))
    return {**model, "W1": W1, "b1": b1, "W2": W2, "b2": b2}


def iris_predict(model: Model, x: NDArray) -> NDArray[np.int64]:
    """Class 1 (versicolor) where the output neuron says y > 0.5, else 0 (setosa)."""
    _, y = forward(_standardise(model, x), model["W1"], model["b1"], model["W2"], model["b2"])
    return (y[:, 0] > 0.5).astype(np.int64)


def _digits_scores(model: Model, xs: NDArray) -> tuple[NDArray, NDArray]:
    """(middle outputs z, class scores u) for standardised inputs xs."""
    z = sigmoid(dense(xs, model["W1"], model["b1"]))
    return z, dense(z, model["W2"], model["b2"])


def _digits_gradients(params: Model, xs: NDArray, t: NDArray) -> Model:
    """Backprop for softmax + mean cross-entropy on top of one sigmoid middle layer."""
    z, u = _digits_scores(params, xs)
    delta2 = softmax_cross_entropy_grad(u, t)  # already divided by the batch size
    delta1 = middle_delta(delta2, params["W2"], z)
    return {
        "W1": xs.T @ delta1,
        "b1": delta1.sum(axis=0),
        "W2": z.T @ delta2,
        "b2": delta2.sum(axis=0),
    }


def digits_fit(x: NDArray, t: NDArray, seed: int = 0) -> Model:
    """Train a 64-100-10 MLP (sigmoid, softmax + cross-entropy) with mini-batch Adam.

    Pixels are standardised with std + 1: always-blank pixels (std 0) stay finite.
    """
    x = np.asarray(x, dtype=np.float64)
    t = np.asarray(t)
    model = {"mean": x.mean(axis=0), "std": x.std(axis=0) + 1.0}
    xs = _standardise(model, x)
    rng = np.random.default_rng(seed)
    params = _init_params(rng, x.shape[1], DIGITS_HIDDEN, DIGITS_CLASSES)
    m = {name: np.zeros_like(p) for name, p in params.items()}
    v = {name: np.zeros_like(p) for name, p in params.items()}
    step = 0
    for _ in range(DIGITS_EPOCHS):
        order = rng.permutation(len(xs))
        for start in range(0, len(xs), DIGITS_BATCH):
            batch = order[start : start + DIGITS_BATCH]
            grads = _digits_gradients(params, xs[batch], t[batch])
            step += 1
            for name in params:
                params[name], m[name], v[name] = adam_step(
                    params[name], grads[name], m[name], v[name], step, lr=DIGITS_LR
                )
    return {**model, **params}


def digits_predict(model: Model, x: NDArray) -> NDArray[np.int64]:
    """The class with the highest score (softmax is monotone, so it is not needed here)."""
    _, u = _digits_scores(model, _standardise(model, x))
    return u.argmax(axis=1).astype(np.int64)
