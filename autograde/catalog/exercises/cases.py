"""Small helpers for writing cases: literal arrays and seeded random draws."""

from __future__ import annotations

import numpy as np


def arr(*values) -> np.ndarray:
    """A float64 array from literals: ``arr(1, 2)`` or ``arr([1, 2], [3, 4])``."""
    data = values[0] if len(values) == 1 and isinstance(values[0], list | tuple) else values
    return np.array(data, dtype=np.float64)


def normal(rng: np.random.Generator, shape, scale: float = 1.0) -> np.ndarray:
    return rng.normal(0.0, scale, size=shape)


def away_from_zero(rng: np.random.Generator, shape, scale: float = 1.0,
                   gap: float = 1e-2) -> np.ndarray:
    """Random values with |x| ≥ gap·scale, for functions whose conventions differ at 0."""
    magnitude = rng.uniform(gap, 1.0, size=shape) * scale * 3
    return magnitude * rng.choice([-1.0, 1.0], size=shape)


def uniform(rng: np.random.Generator, shape, low: float, high: float) -> np.ndarray:
    return rng.uniform(low, high, size=shape)


def labels(rng: np.random.Generator, n: int, classes: int) -> np.ndarray:
    """int64 class labels."""
    return rng.integers(0, classes, size=n).astype(np.int64)


def one_hot(t: np.ndarray, classes: int) -> np.ndarray:
    return np.eye(classes)[t]


def probabilities(rng: np.random.Generator, shape) -> np.ndarray:
    """Rows that are probability distributions (softmax outputs)."""
    p = rng.uniform(0.05, 1.0, size=shape)
    return p / p.sum(axis=-1, keepdims=True)
