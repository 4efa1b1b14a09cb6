"""Numbers and arrays as students type them (``0.5``, ``-3.2e-2``, ``1/3``, ``[1/3, 1/3]``,
``[[1, 2], [3, 4]]``): a small tokeniser and recursive-descent parser, never ``eval``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

MAX_LENGTH = 2000
"""Longer answers are refused before parsing."""
MAX_DEPTH = 4
MAX_EXPONENT_DIGITS = 4
"""``1e9999`` is read (and found too large); ``1e99999`` is refused unread."""
TOKEN = re.compile(r"\s*(?:(?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"
                   r"|(?P<sym>[-+/\[\](),]))")
MINUS = "\u2212"
"""Shown for negative numbers (how a textbook prints −0.032)."""


class NumberError(ValueError):
    """The text is not a number (or array) of the expected form; ``kind`` names the message."""

    def __init__(self, kind: str, **fields: object) -> None:
        super().__init__(kind)
        self.kind, self.fields = kind, {k: str(v) for k, v in fields.items()}


@dataclass(frozen=True)
class Number:
    value: float
    shown: str
    """How it was read, e.g. ``1/3``, ``−0.032``."""


def show(x: float) -> str:
    """A float for people: shortest repr (12 significant digits at most), U+2212 for minus."""
    text = repr(float(x))
    if len(text.lstrip("-")) > 14:
        text = f"{x:.12g}"
    text = text[:-2] if text.endswith(".0") else text
    return text.replace("-", MINUS, 1) if text.startswith("-") else text


def _tokens(text: str) -> list[str]:
    tokens, pos = [], 0
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if match is None:
            if not text[pos:].strip():
                break
            bad = text[pos:].lstrip()[0]
            raise NumberError("bad_character", character=bad)
        tokens.append(match.group("num") or match.group("sym"))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.pos = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise NumberError("incomplete")
        self.pos += 1
        return token

    def value(self, depth: int = 0) -> Number | list:
        if self.peek() in ("[", "("):
            return self.array(depth + 1)
        return self.scalar()

    def array(self, depth: int) -> list:
        if depth > MAX_DEPTH:
            raise NumberError("too_deep", depth=MAX_DEPTH)
        close = "]" if self.take() == "[" else ")"
        items: list = []
        while self.peek() != close:
            items.append(self.value(depth))
            if self.peek() == ",":
                self.take()
            elif self.peek() != close:
                raise NumberError("expected", expected=f"',' / '{close}'",
                                  got=self.peek() or "end")
        self.take()
        return items

    def unsigned(self) -> tuple[Fraction, str]:
        token = self.take()
        if not token[0].isdigit() and token[0] != ".":
            raise NumberError("expected", expected="a number", got=token)
        exponent = re.search(r"[eE][+-]?(\d+)$", token)
        if exponent and len(exponent.group(1)) > MAX_EXPONENT_DIGITS:
            raise NumberError("too_large", text=token)
        return Fraction(token), token

    def signed(self) -> tuple[Fraction, str]:
        sign = self.take() if self.peek() in ("-", "+") else ""
        value, text = self.unsigned()
        return (-value if sign == "-" else value), (sign if sign == "-" else "") + text

    def scalar(self) -> Number:
        value, text = self.signed()
        if self.peek() == "/":
            self.take()
            denominator, below = self.signed()
            if denominator == 0:
                raise NumberError("zero_division")
            value, text = value / denominator, f"{text}/{below}"
        try:
            x = float(value)
        except OverflowError:
            raise NumberError("too_large", text=text) from None
        shown = text.replace("-", MINUS) if "/" in text else show(x)
        return Number(x, shown)


def parse(text: str) -> Number | list:
    """A number or a nested list of numbers (rows may differ in length: see :func:`array`)."""
    if len(text) > MAX_LENGTH:
        raise NumberError("too_long", limit=MAX_LENGTH)
    parser = _Parser(_tokens(text))
    if parser.peek() is None:
        raise NumberError("empty")
    value = parser.value()
    if parser.peek() is not None:
        raise NumberError("trailing", rest=" ".join(parser.tokens[parser.pos:]))
    return value


def shown(value: Number | list) -> str:
    if isinstance(value, Number):
        return value.shown
    return "[" + ", ".join(shown(v) for v in value) + "]"


def as_array(value: Number | list) -> np.ndarray:
    """A parsed value as a float64 array; :class:`NumberError` ``ragged`` if rows differ."""

    def floats(v: Number | list) -> float | list:
        return v.value if isinstance(v, Number) else [floats(x) for x in v]

    try:
        return np.array(floats(value), dtype=np.float64)
    except ValueError:
        raise NumberError("ragged") from None
