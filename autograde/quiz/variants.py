"""Variants of a parameterised item: a fixed pool of K, variant 0 the lesson's own numbers,
variants 1…K−1 drawn by the item's ``vary`` rules from ``seed_for(item id, k)``; a student's
variant from the same seed scheme as the hidden exercise cases (course, assignment, student)."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograde.kit.seeds import seed_for
from autograde.quiz.models import BankBase, VaryRule

ATTEMPTS = 20
"""Redraws before a variant may repeat an earlier one (small pools cannot always differ)."""


def _array(value: Any) -> np.ndarray:
    return np.asarray(value, dtype=np.float64)


def _simplex(rule: VaryRule, rng: np.random.Generator) -> np.ndarray:
    n = rule.simplex or 0
    unit = 10.0 ** -rule.decimals
    for _ in range(100):
        drawn = np.round(rng.dirichlet(np.ones(n)), rule.decimals)
        drawn[-1] = np.round(1.0 - drawn[:-1].sum(), rule.decimals)
        if np.all(drawn >= unit - 1e-12):
            return drawn
    raise ValueError(f"cannot draw {n} positive numbers with {rule.decimals} decimals "
                     "that sum to 1")


def draw(rule: VaryRule, lesson_value: Any, rng: np.random.Generator) -> np.ndarray:
    """One parameter of a new variant, shaped like the lesson's value."""
    shape = np.shape(lesson_value)
    if rule.uniform is not None:
        return np.round(rng.uniform(*rule.uniform, size=shape), rule.decimals)
    if rule.integers is not None:
        low, high = rule.integers
        return rng.integers(low, high + 1, size=shape).astype(np.float64)
    if rule.simplex is not None:
        return _simplex(rule, rng)
    options = rule.choice or []
    if shape and all(np.ndim(option) == 0 for option in options):
        return _array(options)[rng.integers(len(options), size=shape)]
    return _array(options[int(rng.integers(len(options)))])


def _same(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> bool:
    return all(np.shape(a[k]) == np.shape(b[k]) and np.array_equal(a[k], b[k]) for k in a)


def parameters(item: BankBase) -> list[dict[str, np.ndarray]]:
    """The parameters of every variant, 0…K−1 (float64 arrays)."""
    lesson = {name: _array(value) for name, value in item.parameters.items()}
    pool = [lesson]
    rules = item.vary.rules if item.vary else {}
    for k in range(1, item.variants):
        for attempt in range(ATTEMPTS):
            seed = seed_for(item.id, k) if attempt == 0 else seed_for(item.id, k, attempt)
            rng = np.random.default_rng(seed)
            drawn = {**lesson, **{name: draw(rule, item.parameters[name], rng)
                                  for name, rule in rules.items()}}
            if not any(_same(drawn, earlier) for earlier in pool):
                break
        pool.append(drawn)
    return pool
