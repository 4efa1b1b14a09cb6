"""The key of a resolved item written as a student would type it: an ANSWER string that
:func:`~autograde.kit.quiz.grading.grade` scores full marks (``autograde quiz show --key``)."""

from __future__ import annotations

import numpy as np

from autograde.kit.quiz.grading import close
from autograde.kit.quiz.items import LETTERS, Item, Tolerance


def number(x: float, tolerance: Tolerance) -> str:
    """``x`` in the fewest digits (at least 6 significant) still within ``tolerance``."""
    for digits in range(6, 18):
        text = f"{x:.{digits}g}"
        if bool(close(float(text), x, tolerance)):
            return "0" if float(text) == 0 else text
    return repr(float(x))


def _array(value: list | float, tolerance: Tolerance) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_array(v, tolerance) for v in value) + "]"
    return number(value, tolerance)


def key(item: Item) -> str:
    """The answer that earns every point of ``item``."""
    if item.type in ("single", "multiple"):
        return ",".join(item.correct_letters)
    if item.type == "true-false":
        return "true" if item.answer else "false"
    if item.type == "numeric":
        return number(item.answer, item.tolerance)
    if item.type == "numeric-array":
        return _array(np.asarray(item.answer, np.float64).tolist(), item.tolerance)
    if item.type == "text":
        return item.accept[0]
    if item.type == "ordering":
        return ",".join(LETTERS[item.shown.index(step)] for step in range(len(item.steps)))
    if item.type == "matching":
        return ",".join(f"{left + 1}-{LETTERS[item.shown.index(left)]}"
                        for left in range(len(item.pairs)))
    raise ValueError(f"unknown item type {item.type!r}")
