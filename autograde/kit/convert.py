"""Strict conversion of whatever a submission returned into float64 arrays (bool arrays stay
bool, so feedback can show True/False; they compare as 0/1).

Only real numbers are accepted: Python bool/int/float, NumPy real scalars and arrays of a real
dtype (ndarray subclasses are read through the base class, so overridden methods cannot lie).
Anything else — lists, objects with a clever ``__eq__``, object or complex arrays — is refused.
"""

from __future__ import annotations

from typing import Any

import numpy as np

_REAL_KINDS = "biuf"
_NUMPY_SCALARS = {np.dtype(code).type for code in "?bhilqpBHILQPefdg"}


class ConversionError(Exception):
    """The returned value is not a real number or array; ``kind`` names a message."""

    def __init__(self, kind: str, **fields: object) -> None:
        super().__init__(kind)
        self.kind = kind
        self.fields = fields


def to_array(value: Any) -> np.ndarray:
    """A float64 (or bool) copy of one returned number or array."""
    kind = type(value)
    if kind is bool or kind is np.bool_:
        return np.array(bool(value))
    if kind in (int, float):
        try:
            return np.array(float(value))
        except OverflowError:
            raise ConversionError("overflow") from None
    if kind in _NUMPY_SCALARS:
        return np.array(value, dtype=np.float64)
    if isinstance(value, np.ndarray):
        plain = np.ndarray.view(value, np.ndarray)
        if plain.dtype.kind not in _REAL_KINDS:
            raise ConversionError("dtype", dtype=str(plain.dtype))
        return plain.astype(np.bool_ if plain.dtype.kind == "b" else np.float64, copy=True)
    if kind in (list, tuple):
        raise ConversionError("sequence", type=kind.__name__)
    raise ConversionError("type", type=kind.__name__)


def to_outputs(result: Any, count: int) -> list[np.ndarray]:
    """The returned value(s) as a list of ``count`` float64 arrays."""
    if count == 1:
        return [to_array(result)]
    if type(result) not in (tuple, list):
        raise ConversionError("arity", expected=count, got=type(result).__name__)
    items = list(result)
    if len(items) != count:
        raise ConversionError("arity", expected=count, got=len(items))
    return [to_array(item) for item in items]
