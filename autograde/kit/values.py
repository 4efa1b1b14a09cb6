"""Plain-data encoding of the values that cross a trust boundary (JSON only, never pickle).

Arrays become ``{"dtype", "shape", "data"}`` with a whitelist of dtypes; Python scalars stay
JSON numbers; a public test function is named, ``{"function": name}``. Decoding is strict:
anything else is rejected, so a value read from an untrusted file can only ever be numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Annotated, Any

import numpy as np
from pydantic import BeforeValidator, PlainSerializer

from autograde.kit import testfuncs
from autograde.kit.settings import SHOWN_ELEMENTS

DTYPES = {"float64": np.float64, "int64": np.int64, "bool": np.bool_}
NON_FINITE = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}
"""Strict JSON has no NaN or infinity: they travel as these strings."""


def _number(x: bool | int | float) -> bool | int | float | str:
    return x if not isinstance(x, float) or math.isfinite(x) else repr(x)


def _from_json(x: object) -> bool | int | float:
    if isinstance(x, str) and x in NON_FINITE:
        return NON_FINITE[x]
    if isinstance(x, bool | int | float):
        return x
    raise ValueFormatError(f"not a number: {x!r}")


class ValueFormatError(ValueError):
    """A value in a bundle or a worker message is not plain numeric data."""


def encode(value: Any) -> Any:
    """Turn an argument or output into JSON-compatible plain data."""
    if isinstance(value, np.ndarray):
        dtype = str(value.dtype)
        if dtype not in DTYPES:
            raise ValueFormatError(f"unsupported dtype {dtype}")
        data = [_number(x) for x in value.ravel().tolist()]
        return {"dtype": dtype, "shape": list(value.shape), "data": data}
    if isinstance(value, bool | int | float):
        return _number(value)
    if callable(value) and testfuncs.name_of(value):
        return {"function": testfuncs.name_of(value)}
    raise ValueFormatError(f"cannot encode {type(value).__name__}")


def decode(data: Any) -> Any:
    """Inverse of :func:`encode`; rejects anything that is not plain numeric data."""
    if isinstance(data, np.ndarray | np.generic) or callable(data):
        return data
    if isinstance(data, bool | int | float) or (isinstance(data, str) and data in NON_FINITE):
        return _from_json(data)
    if isinstance(data, dict) and set(data) == {"function"}:
        if data["function"] not in testfuncs.FUNCTIONS:
            raise ValueFormatError(f"unknown test function {data['function']!r}")
        return testfuncs.get(data["function"])
    if isinstance(data, dict) and set(data) == {"dtype", "shape", "data"}:
        dtype = DTYPES.get(data["dtype"])
        shape = data["shape"]
        items = data["data"]
        if dtype is None or not isinstance(shape, list) or not isinstance(items, list):
            raise ValueFormatError("malformed array")
        if not all(isinstance(n, int) and n >= 0 for n in shape):
            raise ValueFormatError("malformed array shape")
        if math.prod(shape) != len(items):
            raise ValueFormatError("array data does not match its shape")
        return np.array([_from_json(x) for x in items], dtype=dtype).reshape(shape)
    raise ValueFormatError(f"not a plain value: {type(data).__name__}")


Value = Annotated[Any, BeforeValidator(decode), PlainSerializer(encode, return_type=Any)]
"""A pydantic field type for arrays, numbers and public test functions."""


def readonly(value: Any) -> Any:
    """A copy whose memory cannot be made writable again (it lives in an immutable bytes)."""
    if not isinstance(value, np.ndarray):
        return value
    frozen = np.frombuffer(np.ascontiguousarray(value).tobytes(), dtype=value.dtype)
    return frozen.reshape(value.shape)


def writable(value: Any) -> Any:
    """A private writable copy (for the arguments a solution may perturb and restore)."""
    return value.copy() if isinstance(value, np.ndarray) else value


def describe(value: Any, limit: int = SHOWN_ELEMENTS) -> str:
    """A short human-readable form of a value for feedback tables."""
    if isinstance(value, np.ndarray):
        if value.size <= limit:
            text = np.array2string(value, precision=4, separator=", ", suppress_small=False)
            return " ".join(text.split())
        return f"array(shape={tuple(value.shape)}, dtype={value.dtype})"
    if isinstance(value, Callable):  # type: ignore[arg-type]
        return testfuncs.name_of(value) or "<function>"
    if isinstance(value, float):
        return f"{value:.6g}"
    return repr(value)
