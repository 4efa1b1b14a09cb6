"""A neuron, a dense layer, and the forward pass of the lecture's 2-layer sigmoid network.

A 1-D ``x`` is one sample; a 2-D ``x`` is a batch ``(N, features)``. Weights are stored
``(n_in, n_out)`` so that ``x @ W`` works for both.
"""

import numpy as np
from numpy.typing import ArrayLike, NDArray

from reference.activations import relu, sigmoid


def neuron(x: ArrayLike, w: ArrayLike, b: float) -> float:
    """One ReLU neuron: relu(sum_i w_i x_i + b) for x, w of shape (n,); returns a scalar."""
    return relu(np.dot(w, x) + b)


def dense(x: ArrayLike, W: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    """Affine layer x @ W + b; x (n_in,) or (N, n_in), W (n_in, n_out), b (n_out,)."""
    return np.asarray(x) @ np.asarray(W) + np.asarray(b)


def forward(
    x: ArrayLike, W1: ArrayLike, b1: ArrayLike, W2: ArrayLike, b2: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Forward pass of the 2-layer sigmoid net: returns (z, y).

    z = sigmoid(x @ W1 + b1) is the middle layer's output, y = sigmoid(z @ W2 + b2) the
    network's output; backprop needs both.
    """
    z = sigmoid(dense(x, W1, b1))
    y = sigmoid(dense(z, W2, b2))
    return z, y
