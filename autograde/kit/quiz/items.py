"""Quiz items as a student's kernel sees them: one resolved variant, concrete numbers, no
expressions (a discriminated union on ``type``).

The instructor's banks (:mod:`autograde.quiz.bank`) reuse the ``*Fields`` parts below for
what a bank writes the same way (choices, steps, pairs, tolerances), so one validator guards
both sides.
"""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

from autograde.kit.text import Text

ItemType = Literal["single", "multiple", "true-false", "numeric", "numeric-array", "text",
                   "ordering", "matching"]
ITEM_TYPES: tuple[str, ...] = ItemType.__args__
Kind = Literal["practice", "graded"]
Scoring = Literal["all-or-nothing", "net-correct", "coverage", "each-answer"]
LETTERS = "abcdefghijklmnopqrstuvwxyz"


class Strict(BaseModel):
    """Frozen, and an unknown field is an error (a typo in a bank must not pass silently)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class MisconceptionNote(Strict):
    """What a misconception is called and the hint shown when an answer shows it."""

    name: Text
    hint: Text


class Choice(Strict):
    text: Text
    correct: bool = False
    feedback: Text | None = None
    misconception: str | None = None
    """Only on a wrong choice: the mistake that choosing it shows."""

    @model_validator(mode="after")
    def _misconception_on_wrong_only(self) -> Choice:
        if self.correct and self.misconception:
            raise ValueError("a correct choice cannot name a misconception")
        return self


class Tolerance(Strict):
    """How close a number must be: ``|x − key| ≤ abs + rel·|key|`` (numpy's isclose), or
    ``sigfigs`` significant figures (the key rounded to them, ± half a unit in the last one).
    Nothing given: rel 0.01 (PrairieLearn's default)."""

    abs: float | None = Field(default=None, ge=0)
    rel: float | None = Field(default=None, ge=0)
    sigfigs: int | None = Field(default=None, ge=1, le=15)

    @model_validator(mode="after")
    def _one_rule(self) -> Tolerance:
        if self.sigfigs is not None and (self.abs is not None or self.rel is not None):
            raise ValueError("give either sigfigs or abs/rel, not both")
        return self


class Pair(Strict):
    left: Text
    right: Text


# --- what banks and resolved items write the same way ---------------------------------------

class ChoiceFields(Strict):
    choices: list[Choice] = Field(min_length=2, max_length=len(LETTERS))

    @property
    def correct_letters(self) -> list[str]:
        return [LETTERS[i] for i, c in enumerate(self.choices) if c.correct]


class SingleFields(ChoiceFields):
    @model_validator(mode="after")
    def _one_correct(self) -> SingleFields:
        if len(self.correct_letters) != 1:
            raise ValueError(f"a single-choice item needs exactly one choice with correct: "
                             f"true (found {len(self.correct_letters)})")
        return self


class MultipleFields(ChoiceFields):
    scoring: Scoring = "all-or-nothing"

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleFields:
        if not self.correct_letters:
            raise ValueError("a multiple-choice item needs at least one choice with "
                             "correct: true")
        return self


class TrueFalseFields(Strict):
    answer: bool
    feedback_true: Text | None = None
    """Shown to a student who answered true (right or wrong)."""
    feedback_false: Text | None = None
    misconception: str | None = None
    """The mistake that the wrong answer shows."""


class TextFields(Strict):
    accept: list[str] = Field(min_length=1)
    """Accepted answers (any language); the first is the key."""
    regex: str | None = None
    """Also accepted: a full match of this regular expression (on the normalised answer)."""
    case_sensitive: bool = False


class OrderingFields(Strict):
    steps: list[Text] = Field(min_length=2, max_length=len(LETTERS))
    """In the correct order."""


class MatchingFields(Strict):
    pairs: list[Pair] = Field(min_length=2, max_length=len(LETTERS))
    distractors: list[Text] = Field(default_factory=list)
    """Right-hand options that match nothing."""

    @model_validator(mode="after")
    def _few_enough(self) -> MatchingFields:
        if len(self.pairs) + len(self.distractors) > len(LETTERS):
            raise ValueError(f"at most {len(LETTERS)} right-hand options")
        return self


# --- resolved items ---------------------------------------------------------------------------

class ItemBase(Strict):
    id: str
    lesson: str = ""
    kind: Kind = "practice"
    points: float = Field(default=1.0, ge=0)
    prompt: Text
    explanation: Text | None = None
    """Shown with the verdict."""
    variant: int = Field(default=0, ge=0)
    """Which of the item's variants this is (0: the lesson's own numbers)."""
    variants: int = Field(default=1, ge=1)
    misconceptions: dict[str, MisconceptionNote] = Field(default_factory=dict)
    """Name and hint of every misconception the item's choices and wrong answers name."""


class Single(ItemBase, SingleFields):
    type: Literal["single"] = "single"


class Multiple(ItemBase, MultipleFields):
    type: Literal["multiple"] = "multiple"


class TrueFalse(ItemBase, TrueFalseFields):
    type: Literal["true-false"] = "true-false"


class WrongNumber(Strict):
    """A value that a known mistake produces (the key without the ½, the sign flipped...)."""

    answer: float | list
    misconception: str | None = None
    hint: Text | None = None
    """Shown instead of the misconception's own hint."""


class Numeric(ItemBase):
    type: Literal["numeric"] = "numeric"
    answer: float
    tolerance: Tolerance = Field(default_factory=Tolerance)
    wrong: list[WrongNumber] = Field(default_factory=list)


class NumericArray(ItemBase):
    type: Literal["numeric-array"] = "numeric-array"
    answer: list
    """A vector or matrix (nested lists of numbers)."""
    tolerance: Tolerance = Field(default_factory=Tolerance)
    wrong: list[WrongNumber] = Field(default_factory=list)

    @field_validator("answer")
    @classmethod
    def _rectangular(cls, value: list) -> list:
        try:
            array = np.asarray(value, dtype=np.float64)
        except (ValueError, TypeError):
            raise ValueError("the answer must be a rectangular array of numbers") from None
        if array.ndim == 0 or array.size == 0:
            raise ValueError("the answer must be a non-empty vector or matrix")
        return array.tolist()

    @property
    def shape(self) -> tuple[int, ...]:
        return np.shape(self.answer)


class TextItem(ItemBase, TextFields):
    type: Literal["text"] = "text"


def _is_permutation(shown: list[int], n: int) -> bool:
    return sorted(shown) == list(range(n))


class Ordering(ItemBase, OrderingFields):
    type: Literal["ordering"] = "ordering"
    shown: list[int]
    """The order shown: letter ``LETTERS[i]`` is ``steps[shown[i]]``."""

    @model_validator(mode="after")
    def _shown_is_permutation(self) -> Ordering:
        if not _is_permutation(self.shown, len(self.steps)):
            raise ValueError("shown must be a permutation of the steps")
        return self


class Matching(ItemBase, MatchingFields):
    type: Literal["matching"] = "matching"
    shown: list[int]
    """Right-hand options in the order shown: letter ``LETTERS[j]`` is option ``shown[j]``
    (``i < len(pairs)``: ``pairs[i].right``, else ``distractors[i − len(pairs)]``)."""

    @model_validator(mode="after")
    def _shown_is_permutation(self) -> Matching:
        if not _is_permutation(self.shown, len(self.pairs) + len(self.distractors)):
            raise ValueError("shown must be a permutation of the right-hand options")
        return self

    def option(self, index: int) -> Text:
        n = len(self.pairs)
        return self.pairs[index].right if index < n else self.distractors[index - n]


Item = Annotated[Single | Multiple | TrueFalse | Numeric | NumericArray | TextItem | Ordering
                 | Matching, Field(discriminator="type")]
ITEM = TypeAdapter(Item)
"""``ITEM.validate_python(data)``: the item of the right type; ``ITEM.dump_python(item)``."""
