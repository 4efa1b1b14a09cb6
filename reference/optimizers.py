"""Optimizer steps as pure functions: take the parameters and the state, return new ones.

The lecture's optimizer classes keep their state (v, h, m, ...) inside and update the
parameters in place; here the state is passed in and the new state returned, so that
nothing is modified. ``grad`` is dL/dw for the current step.
"""

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]


def sgd_step(w: ArrayLike, grad: ArrayLike, lr: float) -> Array:
    """Plain gradient descent: w - lr * grad."""
    return np.asarray(w) - lr * np.asarray(grad)


def momentum_step(
    w: ArrayLike, grad: ArrayLike, v: ArrayLike, lr: float, momentum: float
) -> tuple[Array, Array]:
    """Momentum SGD: v' = momentum * v - lr * grad; w' = w + v'. Returns (w', v').

    v is the velocity (a step, lr already inside). PyTorch keeps b = momentum * b + grad
    and steps w - lr * b instead: the same iterates for a constant lr, with v = -lr * b.
    """
    v_new = momentum * np.asarray(v) - lr * np.asarray(grad)
    return np.asarray(w) + v_new, v_new


def adagrad_step(
    w: ArrayLike, grad: ArrayLike, h: ArrayLike, lr: float, eps: float = 1e-7
) -> tuple[Array, Array]:
    """AdaGrad: h' = h + grad^2; w' = w - lr * grad / (sqrt(h') + eps). Returns (w', h').

    h accumulates squared gradients, so often-updated weights get smaller steps.
    eps (outside the square root, as in PyTorch) avoids dividing by zero.
    """
    grad = np.asarray(grad)
    h_new = np.asarray(h) + grad**2
    return np.asarray(w) - lr * grad / (np.sqrt(h_new) + eps), h_new


def rmsprop_step(
    w: ArrayLike, grad: ArrayLike, h: ArrayLike, lr: float, decay: float = 0.99, eps: float = 1e-7
) -> tuple[Array, Array]:
    """RMSProp: h' = decay * h + (1 - decay) * grad^2; w' = w - lr * grad / (sqrt(h') + eps).

    Like AdaGrad, but old squared gradients fade out. Returns (w', h').
    """
    grad = np.asarray(grad)
    h_new = decay * np.asarray(h) + (1 - decay) * grad**2
    return np.asarray(w) - lr * grad / (np.sqrt(h_new) + eps), h_new


def adam_step(
    w: ArrayLike,
    grad: ArrayLike,
    m: ArrayLike,
    v: ArrayLike,
    t: int,
    lr: float = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[Array, Array, Array]:
    """Adam (Kingma & Ba, Algorithm 1), step number t >= 1. Returns (w', m', v').

    m' = beta1 * m + (1 - beta1) * grad;  v' = beta2 * v + (1 - beta2) * grad^2
    m_hat = m' / (1 - beta1^t);  v_hat = v' / (1 - beta2^t)   (bias correction)
    w' = w - lr * m_hat / (sqrt(v_hat) + eps)

    The bias correction undoes the pull of m = v = 0 towards 0 in the first steps. This is
    the update of torch.optim.Adam. The paper's "efficient" form (and the lecture's Adam
    class) folds the corrections into the step size, lr_t = lr * sqrt(1 - beta2^t) /
    (1 - beta1^t), which differs only in where eps enters.
    """
    grad = np.asarray(grad)
    m_new = beta1 * np.asarray(m) + (1 - beta1) * grad
    v_new = beta2 * np.asarray(v) + (1 - beta2) * grad**2
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    return np.asarray(w) - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new
