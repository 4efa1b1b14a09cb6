"""One variant of a bank item as the student kit's item: parameters filled into the texts,
keys and wrong answers computed, orderings and matchings scrambled (fixed per item)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from autograde.kit.quiz.items import ITEM, Item, MisconceptionNote
from autograde.kit.quiz.numbers import show
from autograde.kit.seeds import seed_for
from autograde.quiz.expressions import evaluate
from autograde.quiz.models import Bank, BankBase, BankNumeric
from autograde.quiz.variants import parameters

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def shown(value: Any) -> str:
    """A parameter as a student reads it: ``0.82``, ``[0.82, 0.07, 0.11]``, ``1`` (U+2212
    for minus)."""
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 0:
        return show(float(array))
    return "[" + ", ".join(shown(v) for v in array) + "]"


def fill(text: str, values: Mapping[str, Any]) -> str:
    """``{name}`` replaced by the parameter ``name``; other braces (LaTeX) left alone."""
    return PLACEHOLDER.sub(
        lambda m: shown(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def _fill_all(data: Any, values: Mapping[str, Any]) -> Any:
    """Every bilingual text inside ``data`` (a dumped item) with its placeholders filled."""
    if isinstance(data, dict):
        if set(data) == {"ja", "en"} and all(isinstance(v, str) for v in data.values()):
            return {lang: fill(text, values) for lang, text in data.items()}
        return {k: _fill_all(v, values) for k, v in data.items()}
    if isinstance(data, list):
        return [_fill_all(v, values) for v in data]
    return data


@functools.cache
def catalog_misconceptions() -> dict[str, MisconceptionNote]:
    """Name and hint of every misconception of the exercise catalog (banks may name them)."""
    from autograde.catalog.exercises import EXERCISES

    return {m.id: MisconceptionNote(name=m.name, hint=m.hint)
            for exercise in EXERCISES.values() for m in exercise.misconceptions}


def named_misconceptions(item: BankBase) -> list[str]:
    """The misconception ids an item's choices, answers and wrong rules name."""
    ids = [getattr(item, "misconception", None)]
    ids += [c.misconception for c in getattr(item, "choices", [])]
    ids += [w.misconception for w in getattr(item, "wrong", [])]
    return list(dict.fromkeys(i for i in ids if i))


def scrambled(item_id: str, n: int) -> list[int]:
    """A fixed order of ``n`` things for an item, never the identity (n ≥ 2)."""
    order = [int(i) for i in np.random.default_rng(seed_for(item_id, "shown")).permutation(n)]
    if n >= 2 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def _computed(item: BankNumeric, values: Mapping[str, Any]) -> dict[str, Any]:
    def value(expression: str) -> Any:
        result = evaluate(expression, values)
        return result if isinstance(result, float) else result.tolist()

    return {"answer": value(item.answer),
            "wrong": [{**w.model_dump(exclude_none=True, exclude={"answer"}),
                       "answer": value(w.answer)} for w in item.wrong]}


def resolve(bank: Bank, item: BankBase, variant: int = 0,
            pool: list[dict[str, np.ndarray]] | None = None) -> Item:
    """Variant ``variant`` of ``item`` (from ``bank``) as the kit's item (``pool``: the
    item's :func:`~autograde.quiz.variants.parameters`, when already drawn)."""
    pool = pool if pool is not None else parameters(item)
    values = pool[variant]
    data = item.model_dump(exclude={"parameters", "vary"}, exclude_none=True)
    if isinstance(item, BankNumeric):
        data.update(_computed(item, values))
    if item.type == "ordering":
        data["shown"] = scrambled(item.id, len(item.steps))
    if item.type == "matching":
        data["shown"] = scrambled(item.id, len(item.pairs) + len(item.distractors))
    known = {**catalog_misconceptions(), **bank.misconceptions}
    data["misconceptions"] = {m: known[m].model_dump() for m in named_misconceptions(item)
                              if m in known}
    data = _fill_all(data, values)
    return ITEM.validate_python({**data, "lesson": bank.lesson, "variant": variant,
                                 "variants": item.variants})
