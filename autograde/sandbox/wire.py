"""Frames that cross the sandbox boundary: a JSON header plus binary blobs (arrays).

A frame is ``>I`` header length, the UTF-8 JSON header (``{"blobs": n, ...}``), then ``n`` blobs,
each ``>I`` length and bytes. An array travels as its raw bytes (C order) with its dtype and
shape in the header, ``{"array": i, "dtype": "float64", "shape": [2, 3]}``; only whitelisted
dtypes are read and the bytes must fill the shape exactly, so nothing is ever unpickled or
parsed but JSON. Reading is strict and bounded: a malformed frame raises :class:`WireError`
and nothing after it is trusted.
"""

from __future__ import annotations

import io
import json
import math
import struct
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO

import numpy as np

HEADER_LIMIT = 4 << 20
BLOB_LIMIT = 256 << 20
ARRAY_DTYPES = frozenset({"float64", "int64", "bool"})
_LENGTH = struct.Struct(">I")


class WireError(ValueError):
    """A frame is torn, oversized or holds something other than plain data."""


def frame(header: dict[str, Any], blobs: Sequence[bytes] = ()) -> bytes:
    text = json.dumps({**header, "blobs": len(blobs)}, allow_nan=False).encode()
    parts = [_LENGTH.pack(len(text)), text]
    for blob in blobs:
        parts += [_LENGTH.pack(len(blob)), blob]
    return b"".join(parts)


def _take(stream: BinaryIO, size: int, limit: int) -> bytes:
    if size > limit:
        raise WireError(f"a frame part of {size} bytes exceeds the limit of {limit}")
    data = stream.read(size)
    if len(data) != size:
        raise WireError("torn frame")
    return data


def read_frame(stream: BinaryIO) -> tuple[dict[str, Any], list[bytes]] | None:
    """The next frame, or None at a clean end of stream."""
    prefix = stream.read(_LENGTH.size)
    if not prefix:
        return None
    if len(prefix) != _LENGTH.size:
        raise WireError("torn frame")
    try:
        header = json.loads(_take(stream, _LENGTH.unpack(prefix)[0], HEADER_LIMIT))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise WireError(f"frame header is not JSON: {error}") from None
    if not isinstance(header, dict) or not isinstance(header.get("blobs"), int):
        raise WireError("frame header is not an object with a blob count")
    blobs = []
    for _ in range(header.pop("blobs")):
        (size,) = _LENGTH.unpack(_take(stream, _LENGTH.size, _LENGTH.size))
        blobs.append(_take(stream, size, BLOB_LIMIT))
    return header, blobs


def read_frames(data: bytes) -> Iterator[tuple[dict[str, Any], list[bytes]]]:
    """Every frame in ``data``; raises :class:`WireError` at the first bad one."""
    stream = io.BytesIO(data)
    while (item := read_frame(stream)) is not None:
        yield item


MAX_DIMENSIONS = 32
ARRAY_KEYS = frozenset({"array", "dtype", "shape"})


def blob_array(blob: bytes, dtype: object, shape: object) -> np.ndarray:
    """The array ``blob`` holds (a writable copy), if ``dtype`` is whitelisted and ``shape``
    is a list of sizes the bytes fill exactly."""
    if not isinstance(dtype, str) or dtype not in ARRAY_DTYPES:
        raise WireError(f"array dtype not allowed: {dtype!r}")
    if (not isinstance(shape, list) or len(shape) > MAX_DIMENSIONS
            or not all(type(n) is int and n >= 0 for n in shape)):
        raise WireError(f"not an array shape: {shape!r}")
    kind = np.dtype(dtype)
    if math.prod(shape) * kind.itemsize != len(blob):
        raise WireError(f"{len(blob)} bytes do not hold a {dtype} array of shape {shape}")
    return np.frombuffer(blob, dtype=kind).reshape(tuple(shape)).copy()


def pack(value: Any, blobs: list[bytes]) -> Any:
    """Arrays (also inside lists) become ``{"array": i, "dtype", "shape"}`` references into
    ``blobs``."""
    if isinstance(value, np.ndarray):
        blobs.append(value.tobytes(order="C"))
        return {"array": len(blobs) - 1, "dtype": str(value.dtype), "shape": list(value.shape)}
    if isinstance(value, list | tuple):
        return [pack(item, blobs) for item in value]
    return value


def unpack(value: Any, blobs: list[bytes]) -> Any:
    """Inverse of :func:`pack`: references become arrays, checked with :func:`blob_array`."""
    if isinstance(value, dict) and value.keys() == ARRAY_KEYS:
        index = value["array"]
        if type(index) is not int or not 0 <= index < len(blobs):
            raise WireError("array reference out of range")
        return blob_array(blobs[index], value["dtype"], value["shape"])
    if isinstance(value, list):
        return [unpack(item, blobs) for item in value]
    return value
