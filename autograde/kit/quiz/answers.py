"""The one answer parser: what the notebook, ``autograde grade`` and the CLI all read answers
with. :func:`read` turns what a student wrote (a string, or a Python value in a notebook) into
the item type's value, or a bilingual reason why it cannot be read — never an exception."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Real
from typing import Any

import numpy as np

from autograde.kit.quiz import numbers
from autograde.kit.quiz.items import (
    LETTERS,
    ChoiceFields,
    Item,
    Matching,
    NumericArray,
    Ordering,
)
from autograde.kit.quiz.messages import BOOL, ERRORS, HOW
from autograde.kit.quiz.normalise import normalise, normalise_text
from autograde.kit.text import Lang, current_lang

TRUE = frozenset({"true", "t", "正", "○", "◯"})
FALSE = frozenset({"false", "f", "誤", "×"})
LETTER_SEPARATORS = re.compile(r"[\s,;・()\.]+")
ORDER_SEPARATORS = re.compile(r"[\s,;・()\.>→\-]+")
PAIR = re.compile(r"(\d+)\s*[-:=>→]?\s*([a-z])")
PAIRS = re.compile(rf"\s*(?:{PAIR.pattern}\s*[,;・]?\s*)+")


@dataclass(frozen=True)
class Problem:
    """Why an answer cannot be read: a key of :data:`ERRORS` and what its message needs."""

    kind: str
    fields: dict[str, str] = field(default_factory=dict)


class Unreadable(Exception):
    def __init__(self, kind: str, **fields: object) -> None:
        super().__init__(kind)
        self.problem = Problem(kind, {k: str(v) for k, v in fields.items()})


@dataclass(frozen=True)
class Reading:
    """An answer as read: ``value`` in the item type's terms (choice indices, a float, an
    array, step indices, {left: option}...), ``read_as`` for people, or ``problem``."""

    item_type: str
    value: Any = None
    read_as: str | None = None
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    def error(self, lang: Lang | None = None) -> str | None:
        """Why the answer cannot be read and how to write one, in ``lang``."""
        if self.problem is None:
            return None
        lang = current_lang(lang)
        reason = ERRORS[self.problem.kind](lang, **self.problem.fields)
        return reason + ("" if lang == "ja" else " ") + HOW[self.item_type](lang)


def _text(raw: object) -> str:
    if isinstance(raw, str):
        text = normalise(raw)
    elif isinstance(raw, (list, tuple)) and all(isinstance(x, str) for x in raw):
        text = ",".join(normalise(x) for x in raw)
    else:
        raise Unreadable("wrong_type", got=type(raw).__name__)
    if not text:
        raise Unreadable("empty")
    if len(text) > numbers.MAX_LENGTH:
        raise Unreadable("too_long", limit=numbers.MAX_LENGTH)
    return text


def _letters(raw: object, count: int, separators: re.Pattern) -> list[int]:
    """Choice letters in the order written (``b``, ``a,c``, ``a, c``, ``ac``, ``Ａ、Ｃ``)."""
    text = _text(raw)
    joined = separators.sub("", text.casefold())
    if not joined or not joined.isascii() or not joined.isalpha():
        raise Unreadable("not_letters", text=text)
    for letter in joined:
        if LETTERS.index(letter) >= count:
            raise Unreadable("unknown_letter", letter=letter, last=LETTERS[count - 1])
    return [LETTERS.index(letter) for letter in joined]


def _show_letters(indices: list[int]) -> str:
    return ", ".join(LETTERS[i] for i in indices)


def _single(item: ChoiceFields, raw: object, lang: Lang) -> tuple[int, str]:
    chosen = list(dict.fromkeys(_letters(raw, len(item.choices), LETTER_SEPARATORS)))
    if len(chosen) != 1:
        raise Unreadable("one_choice", count=len(chosen))
    return chosen[0], LETTERS[chosen[0]]


def _multiple(item: ChoiceFields, raw: object, lang: Lang) -> tuple[tuple[int, ...], str]:
    chosen = tuple(sorted(set(_letters(raw, len(item.choices), LETTER_SEPARATORS))))
    return chosen, _show_letters(list(chosen))


def _true_false(item: Item, raw: object, lang: Lang) -> tuple[bool, str]:
    if isinstance(raw, (bool, np.bool_)):
        value = bool(raw)
    else:
        text = _text(raw)
        word = text.casefold()
        if word not in TRUE | FALSE:
            raise Unreadable("not_true_false", text=text)
        value = word in TRUE
    return value, BOOL[value](lang)


def _parsed(raw: object) -> numbers.Number | list:
    """A number or nested list, from text or from a Python value."""
    if isinstance(raw, (bool, np.bool_)):
        raise Unreadable("wrong_type", got=type(raw).__name__)
    if isinstance(raw, (Real, Fraction, np.number)):
        value = float(raw)
        return numbers.Number(value, numbers.show(value))
    if isinstance(raw, (list, tuple, np.ndarray)):
        try:
            array = np.asarray(raw, dtype=np.float64)
        except (ValueError, TypeError):
            raise Unreadable("ragged") from None
        text = str(array.tolist())
    else:
        text = _text(raw)
    try:
        return numbers.parse(text)
    except numbers.NumberError as problem:
        kind = "not_a_number" if problem.kind in ("expected", "incomplete", "trailing",
                                                   "too_deep", "empty") else problem.kind
        raise Unreadable(kind, **{"text": text, **problem.fields}) from None


def _numeric(item: Item, raw: object, lang: Lang) -> tuple[float, str]:
    value = _parsed(raw)
    if not isinstance(value, numbers.Number):
        raise Unreadable("number_expected")
    if not np.isfinite(value.value):
        raise Unreadable("not_finite")
    return value.value, value.shown


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def _numeric_array(item: NumericArray, raw: object, lang: Lang) -> tuple[np.ndarray, str]:
    value = _parsed(raw)
    if isinstance(value, numbers.Number):
        raise Unreadable("array_expected")
    try:
        array = numbers.as_array(value)
    except numbers.NumberError:
        raise Unreadable("ragged") from None
    if array.shape != item.shape:
        raise Unreadable("shape", got=_shape(array.shape), expected=_shape(item.shape))
    if not np.all(np.isfinite(array)):
        raise Unreadable("not_finite")
    return array, numbers.shown(value)


def _text_answer(item: Item, raw: object, lang: Lang) -> tuple[str, str]:
    if isinstance(raw, (bool, np.bool_)) or not isinstance(raw, (str, Real)):
        raise Unreadable("wrong_type", got=type(raw).__name__)
    shown = normalise_text(str(raw), case_sensitive=True)
    if not shown:
        raise Unreadable("empty")
    if len(shown) > numbers.MAX_LENGTH:
        raise Unreadable("too_long", limit=numbers.MAX_LENGTH)
    return shown, shown


def _ordering(item: Ordering, raw: object, lang: Lang) -> tuple[tuple[int, ...], str]:
    n = len(item.steps)
    order = _letters(raw, n, ORDER_SEPARATORS)
    missing = [i for i in range(n) if i not in order]
    repeated = sorted({i for i in order if order.count(i) > 1})
    if missing or repeated:
        problems = [ERRORS[kind](lang, letters=_show_letters(found)) for kind, found in
                    (("missing", missing), ("repeated", repeated)) if found]
        raise Unreadable("ordering_letters", letters=_show_letters(list(range(n))),
                         problem="; ".join(problems))
    return tuple(item.shown[i] for i in order), _show_letters(order)


def _pairs_text(raw: object) -> str:
    if isinstance(raw, Mapping):
        return ",".join(f"{k}-{v}" for k, v in raw.items())
    return _text(raw)


def _matching(item: Matching, raw: object, lang: Lang) -> tuple[dict[int, int], str]:
    text = _pairs_text(raw)
    folded = normalise(text).casefold()
    if not PAIRS.fullmatch(folded):
        raise Unreadable("not_pairs", text=text)
    n, options = len(item.pairs), len(item.shown)
    chosen: dict[int, int] = {}
    for number, letter in PAIR.findall(folded):
        left = int(number)
        if not 1 <= left <= n:
            raise Unreadable("unknown_left", number=number, last=n)
        if LETTERS.index(letter) >= options:
            raise Unreadable("unknown_letter", letter=letter, last=LETTERS[options - 1])
        if left - 1 in chosen:
            raise Unreadable("left_twice", number=left)
        chosen[left - 1] = LETTERS.index(letter)
    shown = ", ".join(f"{left + 1}-{LETTERS[j]}" for left, j in sorted(chosen.items()))
    return {left: item.shown[j] for left, j in chosen.items()}, shown


READERS: dict[str, Callable[[Any, object, Lang], tuple[Any, str]]] = {
    "single": _single, "multiple": _multiple, "true-false": _true_false, "numeric": _numeric,
    "numeric-array": _numeric_array, "text": _text_answer, "ordering": _ordering,
    "matching": _matching,
}


def read(item: Item, raw: object, lang: Lang | None = None) -> Reading:
    """What ``raw`` says as an answer to ``item`` (``lang``: how ``read_as`` and messages
    are worded); :attr:`Reading.problem` instead when it cannot be read."""
    lang = current_lang(lang)
    if raw is None:
        return Reading(item.type, problem=Problem("empty"))
    try:
        value, read_as = READERS[item.type](item, raw, lang)
    except Unreadable as unreadable:
        return Reading(item.type, problem=unreadable.problem)
    return Reading(item.type, value=value, read_as=read_as)
