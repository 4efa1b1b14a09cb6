"""Numerical gradient by central differences (to check backprop against)."""

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

H = 1e-4


def numerical_gradient(f: Callable[[NDArray], float], x: NDArray) -> NDArray[np.float64]:
    """Gradient of f at x by central differences (f(x+h) - f(x-h)) / 2h, h = 1e-4.

    f takes the whole array. Each element of x is perturbed in place and restored, the
    lecture's technique, so that f may also read x from outside (as in
    ``numerical_gradient(lambda W: net.loss(x, t), net.W1)``); x is unchanged on return.

    An integer x cannot hold x + h (it would be truncated back to x and the gradient would
    be 0), and a read-only x cannot be perturbed: then a float64 copy is perturbed instead.
    The central difference is exact for quadratics; in general its error is h^2/6 * f'''.
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64 or not x.flags.writeable:
        x = np.array(x, dtype=np.float64)
    grad = np.zeros(x.shape, dtype=np.float64)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        try:
            x[idx] = original + H
            f_plus = float(f(x))
            x[idx] = original - H
            f_minus = float(f(x))
        finally:
            x[idx] = original  # restore, even if f raises
        grad[idx] = (f_plus - f_minus) / (2 * H)
    return grad
