"""A bank as teachers write it (``course/quizzes/<lesson>.yaml``): items with parameters,
drawing rules for variants, and keys as expressions. :mod:`autograde.quiz.resolve` turns one
variant of an item into the student kit's :data:`~autograde.kit.quiz.items.Item`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from autograde.kit.quiz.items import (
    Kind,
    MatchingFields,
    MisconceptionNote,
    MultipleFields,
    OrderingFields,
    SingleFields,
    Strict,
    TextFields,
    Tolerance,
    TrueFalseFields,
)
from autograde.kit.text import Text

Value = float | list
"""A parameter: a number or a (nested) list of numbers."""
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
MAX_VARIANTS = 64


class VaryRule(Strict):
    """How variants 1…K−1 draw one parameter (its shape is that of the lesson's value)."""

    uniform: tuple[float, float] | None = None
    """Uniform in [low, high], rounded to ``decimals``."""
    integers: tuple[int, int] | None = None
    """A whole number in [low, high] (both included)."""
    choice: list[Value] | None = Field(default=None, min_length=1)
    """One of these values (a whole vector each), or one per element for a vector parameter
    when the values are numbers."""
    simplex: int | None = Field(default=None, ge=2)
    """n positive numbers that sum to 1 (a probability vector), rounded to ``decimals``."""
    decimals: int = Field(default=2, ge=0, le=10)

    @model_validator(mode="after")
    def _exactly_one(self) -> VaryRule:
        given = [name for name in ("uniform", "integers", "choice", "simplex")
                 if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of uniform, integers, choice, simplex "
                             f"(given: {', '.join(given) or 'none'})")
        low_high = self.uniform or self.integers
        if low_high is not None and low_high[0] > low_high[1]:
            raise ValueError(f"the low end {low_high[0]} is above the high end {low_high[1]}")
        return self


class Vary(BaseModel):
    """``count`` variants (K, variant 0 included) and a drawing rule per varied parameter."""

    model_config = ConfigDict(frozen=True, extra="allow")
    __pydantic_extra__: dict[str, VaryRule] = Field(init=False)

    count: int = Field(ge=2, le=MAX_VARIANTS)

    @property
    def rules(self) -> dict[str, VaryRule]:
        return dict(self.__pydantic_extra__ or {})


class BankBase(Strict):
    id: str = Field(pattern=ID_PATTERN)
    """Unique in the course; equal to the notebook's quiz slug when it answers a quiz place."""
    kind: Kind = "practice"
    points: float = Field(default=1.0, ge=0)
    prompt: Text
    explanation: Text | None = None
    parameters: dict[str, Value] = Field(default_factory=dict)
    """Variant 0: the lesson's own numbers. ``{name}`` in texts shows a parameter."""
    vary: Vary | None = None

    @property
    def variants(self) -> int:
        return self.vary.count if self.vary else 1


class WrongRule(Strict):
    answer: str
    """An expression, computed like the key, for a known mistake."""
    misconception: str | None = None
    hint: Text | None = None


class BankSingle(BankBase, SingleFields):
    type: Literal["single"]


class BankMultiple(BankBase, MultipleFields):
    type: Literal["multiple"]


class BankTrueFalse(BankBase, TrueFalseFields):
    type: Literal["true-false"]


class BankNumeric(BankBase):
    type: Literal["numeric"]
    answer: str
    """The key: an expression over the parameters (``0.5 * sum((y - t) ** 2)``,
    ``ref.sum_squared_error(y, t)``), never a typed result."""
    tolerance: Tolerance = Field(default_factory=Tolerance)
    wrong: list[WrongRule] = Field(default_factory=list)


class BankNumericArray(BankNumeric):
    type: Literal["numeric-array"]  # type: ignore[assignment]


class BankText(BankBase, TextFields):
    type: Literal["text"]


class BankOrdering(BankBase, OrderingFields):
    type: Literal["ordering"]


class BankMatching(BankBase, MatchingFields):
    type: Literal["matching"]


BankItem = Annotated[BankSingle | BankMultiple | BankTrueFalse | BankNumeric | BankNumericArray
                     | BankText | BankOrdering | BankMatching, Field(discriminator="type")]
ITEM_MODELS: dict[str, type[BankBase]] = {
    "single": BankSingle, "multiple": BankMultiple, "true-false": BankTrueFalse,
    "numeric": BankNumeric, "numeric-array": BankNumericArray, "text": BankText,
    "ordering": BankOrdering, "matching": BankMatching,
}


class Bank(Strict):
    """One lesson's bank."""

    lesson: str = Field(pattern=ID_PATTERN)
    """The lesson (assignment) id, e.g. ``03_loss``: the variant seed's assignment."""
    misconceptions: dict[str, MisconceptionNote] = Field(default_factory=dict)
    """Quiz-only misconceptions; items may also name the catalog's misconception ids."""
    items: list[BankItem] = Field(min_length=1)


BANK = TypeAdapter(Bank)


def json_schema() -> dict:
    """The bank's JSON Schema (pydantic's), for editors that validate YAML as teachers type."""
    schema = Bank.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "nn-dojo quiz bank"
    return schema
