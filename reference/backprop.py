"""Backpropagation for the lecture's 2-layer sigmoid network with sum_squared_error.

Notation: u = x @ W + b is a layer's input sum, z = sigmoid(u) its output; the "delta" of a
layer is dE/du. A 1-D x (and delta) is one sample, a 2-D one a batch (N, features). Since
E sums over the batch, the gradients below are **summed** over the batch, not averaged.
"""

import numpy as np
from numpy.typing import ArrayLike, NDArray

from reference.layers import forward

Params = tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]


def output_delta(y: ArrayLike, t: ArrayLike) -> NDArray[np.float64]:
    """Delta of a sigmoid output layer under squared error: (y - t) * y * (1 - y).

    dE/dy = y - t, and y * (1 - y) is sigmoid's derivative written with its output y.
    y and t have the same shape.
    """
    y = np.asarray(y)
    return (y - np.asarray(t)) * y * (1 - y)


def middle_delta(delta_next: ArrayLike, W_next: ArrayLike, z: ArrayLike) -> NDArray[np.float64]:
    """Delta of a sigmoid middle layer: (delta_next @ W_next.T) * z * (1 - z).

    W_next, shape (n_mid, n_next), carries the next layer's delta back to this layer's
    outputs z; z * (1 - z) then passes it through this layer's sigmoid.
    """
    z = np.asarray(z)
    return (np.asarray(delta_next) @ np.asarray(W_next).T) * z * (1 - z)


def weight_update(W: ArrayLike, x: ArrayLike, delta: ArrayLike, lr: float) -> NDArray[np.float64]:
    """Gradient-descent step on a weight matrix: W - lr * x.T @ delta.

    x is the layer's input, delta its delta. For one sample (1-D x and delta) x.T @ delta
    is the outer product x_i * delta_j; for a batch the matrix product sums over samples.
    """
    x2, delta2 = np.atleast_2d(x), np.atleast_2d(delta)  # one sample = a batch of one
    return np.asarray(W) - lr * (x2.T @ delta2)


def bias_update(b: ArrayLike, delta: ArrayLike, lr: float) -> NDArray[np.float64]:
    """Gradient-descent step on a bias: b - lr * delta, delta summed over the batch axis."""
    return np.asarray(b) - lr * np.atleast_2d(delta).sum(axis=0)


def train_step(
    x: ArrayLike,
    t: ArrayLike,
    W1: ArrayLike,
    b1: ArrayLike,
    W2: ArrayLike,
    b2: ArrayLike,
    lr: float,
) -> Params:
    """One backprop step of the 2-layer sigmoid net; returns new (W1, b1, W2, b2).

    Both deltas are computed from the current weights **before** any parameter changes
    (computing the middle delta with an already-updated W2 is a classic bug). t is
    reshaped to y's shape, so labels (N,) for a single output (N, 1) cannot broadcast
    into an (N, N) error.
    """
    z, y = forward(x, W1, b1, W2, b2)
    t = np.reshape(t, y.shape)
    delta2 = output_delta(y, t)
    delta1 = middle_delta(delta2, W2, z)
    return (
        weight_update(W1, x, delta1, lr),
        bias_update(b1, delta1, lr),
        weight_update(W2, z, delta2, lr),
        bias_update(b2, delta2, lr),
    )
