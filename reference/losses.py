"""Loss functions, and the gradient of softmax followed by cross-entropy.

A 1-D ``y`` is one sample; a 2-D ``y`` is a batch ``(N, classes)``. The class target ``t`` is
either one-hot (same shape as ``y``) or class labels (one int per sample).
"""

import numpy as np
from numpy.typing import ArrayLike, NDArray

from reference.activations import softmax

CROSS_ENTROPY_EPS = 1e-7


def sum_squared_error(y: ArrayLike, t: ArrayLike) -> float:
    """0.5 * sum of (y - t)^2 over all elements (the batch is summed, not averaged).

    The 0.5 cancels the 2 of the derivative, so that dE/dy = y - t.
    """
    return 0.5 * np.sum((np.asarray(y) - np.asarray(t)) ** 2)


def _as_batch(y: ArrayLike, t: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    """(y as (N, classes), t as N class labels), whichever form t came in."""
    y = np.asarray(y, dtype=np.float64)
    t = np.asarray(t)
    if y.ndim == 1:  # one sample
        y = y.reshape(1, -1)
        t = t.reshape(1, -1)
    if t.size == y.size:  # one-hot -> class labels
        t = t.argmax(axis=-1)
    return y, t.reshape(-1).astype(np.intp)


def cross_entropy_error(y: ArrayLike, t: ArrayLike) -> float:
    """Mean cross-entropy over the batch: -sum_n log(y[n, t_n] + 1e-7) / N.

    t is one-hot or class labels. 1e-7 keeps log() finite when the network assigns
    probability 0 to the right class.
    """
    y, labels = _as_batch(y, t)
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), labels] + CROSS_ENTROPY_EPS)) / n


def softmax_cross_entropy_grad(x: ArrayLike, t: ArrayLike) -> NDArray[np.float64]:
    """Gradient of cross_entropy_error(softmax(x), t) with respect to the scores x.

    (softmax(x) - onehot(t)) / N, with the shape of x (N = 1 for a 1-D x): the lecture's
    "softmax-with-loss" backward.

    Strictly, this is the gradient of the loss *without* the 1e-7: with it, the exact
    gradient is r * (softmax(x) - onehot(t)) / N per sample, r = p / (p + 1e-7), p the
    probability of the true class. The two agree to a relative 1e-7 / p, i.e. about 1e-7
    unless the network is confidently wrong. The lecture's softmax-with-loss layer and
    PyTorch (whose loss has no epsilon) both use this form.
    """
    x = np.asarray(x, dtype=np.float64)
    p, labels = _as_batch(softmax(x), t)
    n, classes = p.shape
    onehot = np.eye(classes)[labels]
    return ((p - onehot) / n).reshape(x.shape)
