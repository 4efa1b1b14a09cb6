"""Loading a bank: YAML → :class:`~autograde.quiz.models.Bank`, with every problem reported
as ``file:line: item <id>, field <path>: <what to fix>`` — the model's validation first, then
what only a computation shows (keys that cannot be computed, unknown misconceptions, wrong
rules equal to the key) for every variant."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from autograde.kit.quiz.grading import close
from autograde.kit.quiz.items import ITEM_TYPES
from autograde.quiz.expressions import ExpressionError
from autograde.quiz.models import ITEM_MODELS, Bank, BankBase, BankNumeric
from autograde.quiz.resolve import catalog_misconceptions, resolve
from autograde.quiz.variants import parameters
from autograde.quiz.yamlsource import Located, YamlError, line_of, load

Path_ = Sequence[str | int]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    item: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [f"item {self.item}"] if self.item else []
        where += [f"field {self.field}"] if self.field else []
        return f"{self.file}:{self.line}: " + (", ".join(where) + ": " if where else "") + \
            self.message


class BankError(ValueError):
    """A bank that cannot be used; ``problems`` lists every place to fix."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def _field(path: Path_) -> str:
    """``choices.#2.text.ja``: keys by name, list positions counted from 1."""
    return ".".join(f"#{p + 1}" if isinstance(p, int) else str(p) for p in path)


class _Locator:
    """Where a place in the bank is: line, item id and field, from a path in the data."""

    def __init__(self, file: str, data: Any) -> None:
        self.file, self.data = file, data

    def item(self, index: int) -> Any:
        items = self.data.get("items") if isinstance(self.data, dict) else None
        return items[index] if isinstance(items, list) and 0 <= index < len(items) else None

    def problem(self, path: Path_, message: str) -> Problem:
        path = list(path)
        line = line_of(self.data, path)
        if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
            raw = self.item(path[1])
            item_id = raw.get("id") if isinstance(raw, dict) else None
            label = str(item_id) if item_id else f"#{path[1] + 1} (no id)"
            return Problem(self.file, line, label, _field(path[2:]) or None, message)
        return Problem(self.file, line, None, _field(path) or None, message)


def _without_tag(loc: tuple, data: Any) -> list[str | int]:
    """A pydantic error location without the discriminator's tag (``items.3.numeric.x``)."""
    path = list(loc)
    if len(path) >= 3 and path[0] == "items" and isinstance(path[1], int) \
            and path[2] in ITEM_TYPES:
        del path[2]
    return path


def _known_fields(model: type) -> str:
    return ", ".join(model.model_fields)


def _explain(error: dict, path: list, raw_item: Any) -> str:
    """A pydantic error in words a teacher understands."""
    kind, value = error["type"], error.get("input")
    item_type = raw_item.get("type") if isinstance(raw_item, dict) else None
    last = path[-1] if path else ""
    if kind == "missing":
        return "is missing (required)"
    if kind == "extra_forbidden":
        model = ITEM_MODELS.get(item_type) if len(path) == 3 else None
        known = f"; the fields of a {item_type} item are {_known_fields(model)}" if model else ""
        return f"is not a known field (a typo?){known}"
    if kind == "union_tag_invalid":
        return f"type {value.get('type')!r} is unknown; use one of {', '.join(ITEM_TYPES)}" \
            if isinstance(value, dict) else f"type must be one of {', '.join(ITEM_TYPES)}"
    if kind == "union_tag_not_found":
        return f"the item has no type: add type: ({' | '.join(ITEM_TYPES)})"
    if kind == "string_type" and last == "answer":
        return (f"write the key as an expression in quotes, e.g. answer: \"60000 / 100\" — "
                f"keys are computed from the parameters, never typed (got {value!r})")
    if kind == "string_type":
        return f"must be text (got {value!r}); put it in quotes"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        return f"must be a number (got {value!r})"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false (got {value!r})"
    if kind == "literal_error":
        return f"must be one of {error['ctx']['expected']} (got {value!r})"
    if kind == "string_pattern_mismatch":
        return (f"{value!r} is not a valid id: letters, digits, '-', '_' and '.', starting "
                "with a letter or digit")
    if kind in ("too_short", "too_long"):
        return error["msg"].replace("List", "the list")
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, ")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of fields (got {value!r})"
    if kind == "list_type":
        return f"must be a list (got {value!r})"
    return f"{error['msg']} (got {value!r})"


def _validation_problems(locator: _Locator, error: ValidationError) -> list[Problem]:
    problems = []
    for e in error.errors():
        path = _without_tag(e["loc"], locator.data)
        if e["type"] in ("union_tag_invalid", "union_tag_not_found"):
            path.append("type")
        raw_item = locator.item(path[1]) if len(path) >= 2 and isinstance(path[1], int) \
            else None
        problems.append(locator.problem(path, _explain(e, path, raw_item)))
    return list(dict.fromkeys(problems))


def _expression_problems(locator: _Locator, index: int, item: BankNumeric,
                         pool: list[dict[str, np.ndarray]]) -> list[Problem]:
    from autograde.quiz.expressions import evaluate

    problems, where = [], ["items", index]
    expressions = [(["answer"], item.answer)] + [(["wrong", i, "answer"], w.answer)
                                                  for i, w in enumerate(item.wrong)]
    for path, expression in expressions:
        for k, values in enumerate(pool):
            try:
                value = evaluate(expression, values)
            except ExpressionError as problem:
                variant = f" (variant {k})" if len(pool) > 1 else ""
                problems.append(locator.problem(where + path, f"{expression!r}{variant}: "
                                                f"{problem}"))
                break
            scalar = np.ndim(value) == 0
            if scalar != (item.type == "numeric"):
                wanted = "one number" if item.type == "numeric" else "an array"
                problems.append(locator.problem(where + path, f"{expression!r} gives "
                                                f"{'a number' if scalar else 'an array'}; a "
                                                f"{item.type} item needs {wanted}"))
                break
    return problems


def _key_problems(locator: _Locator, bank: Bank, index: int, item: BankBase,
                  pool: list[dict[str, np.ndarray]]) -> list[Problem]:
    problems, reported = [], set()
    for k in range(item.variants):
        try:
            resolved = resolve(bank, item, k, pool)
        except (ValueError, ExpressionError) as problem:
            return [locator.problem(["items", index], f"variant {k} cannot be made: {problem}")]
        for i, wrong in enumerate(getattr(resolved, "wrong", [])):
            if i not in reported and np.shape(wrong.answer) == np.shape(resolved.answer) \
                    and bool(np.all(close(wrong.answer, resolved.answer, resolved.tolerance))):
                reported.add(i)
                problems.append(locator.problem(
                    ["items", index, "wrong", i, "answer"],
                    f"gives the key's value in variant {k} (within the tolerance): students "
                    "who are right would be told they made this mistake"))
    return problems


def _misconception_places(item: BankBase) -> list[tuple[list[str | int], str]]:
    """(path, id) of every misconception the item names."""
    places: list[tuple[list[str | int], str]] = []
    if getattr(item, "misconception", None):
        places.append((["misconception"], item.misconception))
    for field in ("choices", "wrong"):
        places += [([field, i, "misconception"], entry.misconception)
                   for i, entry in enumerate(getattr(item, field, [])) if entry.misconception]
    return places


def _item_problems(locator: _Locator, bank: Bank, index: int, item: BankBase) -> list[Problem]:
    known = set(bank.misconceptions) | set(catalog_misconceptions())
    problems = [locator.problem(["items", index, *path], f"misconception {m!r} is not "
                                "defined: add it under misconceptions: at the top of the bank "
                                "(or use a catalog misconception id)")
                for path, m in _misconception_places(item) if m not in known]
    rules = item.vary.rules if item.vary else {}
    unknown = [locator.problem(["items", index, "vary", name], f"varies {name!r}, which is "
                               f"not one of the parameters ({', '.join(item.parameters)})")
               for name in rules if name not in item.parameters]
    if unknown:
        return problems + unknown
    try:
        pool = parameters(item)
    except ValueError as problem:
        return [*problems, locator.problem(["items", index, "vary"], str(problem))]
    if isinstance(item, BankNumeric):
        problems += _expression_problems(locator, index, item, pool)
    return problems or _key_problems(locator, bank, index, item, pool)


def _duplicates(locator: _Locator, bank: Bank) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for index, item in enumerate(bank.items):
        if item.id in seen:
            problems.append(locator.problem(["items", index, "id"], f"the id {item.id!r} is "
                                            f"already used by item #{seen[item.id] + 1}"))
        seen.setdefault(item.id, index)
    return problems


def load_bank(path: Path, name: str | None = None) -> Bank:
    """The bank in ``path``, checked; :class:`BankError` lists every problem (``name``: how
    the file is named in messages, default its path)."""
    name = name or str(path)
    try:
        data = load(path)
    except (OSError, UnicodeDecodeError) as problem:
        raise BankError([Problem(name, 0, None, None, f"cannot read the file: {problem}")]) \
            from None
    except YamlError as problem:
        raise BankError([Problem(name, problem.line, None, None, str(problem))]) from None
    locator = _Locator(name, data)
    if not isinstance(data, Located):
        raise BankError([Problem(name, 1, None, None, "a bank is a mapping with lesson:, "
                                 "misconceptions: and items:")])
    try:
        bank = Bank.model_validate(data)
    except ValidationError as error:
        raise BankError(_validation_problems(locator, error)) from None
    problems = _duplicates(locator, bank)
    for index, item in enumerate(bank.items):
        problems += _item_problems(locator, bank, index, item)
    if problems:
        raise BankError(problems)
    return bank
