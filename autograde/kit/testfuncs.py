"""Public test functions that exercises receive as arguments (e.g. ``numerical_gradient(f, x)``).

They are data from the student's point of view: shipped with the kit, referred to by name in
bundles, the same in the student kernel and in the grader.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def sum_of_squares(x: np.ndarray) -> float:
    """f(x) = Σ x², the book's first example (gradient 2x)."""
    return float(np.sum(x**2))


def cubic(x: np.ndarray) -> float:
    """f(x) = Σ (x³ − 2x); the forward difference is visibly off here."""
    return float(np.sum(x**3 - 2.0 * x))


def valley(x: np.ndarray) -> float:
    """f(x, y) = x²/20 + y², the lecture's elongated bowl (x has 2 elements)."""
    return float(x[0] ** 2 / 20.0 + x[1] ** 2)


def sine_mix(x: np.ndarray) -> float:
    """f(x) = Σ sin(x) · x₀ — every coordinate interacts with the first one."""
    return float(np.sum(np.sin(x)) * np.ravel(x)[0])


FUNCTIONS: dict[str, Callable[[np.ndarray], float]] = {
    f.__name__: f for f in (sum_of_squares, cubic, valley, sine_mix)
}


def name_of(f: object) -> str | None:
    """The public name of a test function, or None for any other object."""
    for name, g in FUNCTIONS.items():
        if f is g:
            return name
    return None


def get(name: str) -> Callable[[np.ndarray], float]:
    if name not in FUNCTIONS:
        raise ValueError(f"unknown test function {name!r}")
    return FUNCTIONS[name]
