"""The result models: what grading an exercise returns (and what the CLI prints as JSON)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from autograde.kit.text import Lang
from autograde.kit.values import Value


class CheckResult(BaseModel):
    name: str
    passed: bool
    points: float
    max_points: float
    message: str = ""
    misconceptions: list[str] = Field(default_factory=list)


class Hint(BaseModel):
    id: str
    text: str


class ExerciseResult(BaseModel):
    exercise: str
    lang: Lang
    score: float
    max_score: float
    checks: list[CheckResult] = Field(default_factory=list)
    misconceptions: list[str] = Field(default_factory=list)
    """Ids of the misconceptions the submission's outputs matched."""
    hints: list[Hint] = Field(default_factory=list)
    error: str | None = None
    """Why nothing (or not everything) could be graded, in the result's language."""


class Outcome(BaseModel):
    """What calling a submission on one case produced: plain data, never live objects."""

    values: list[Value] | None = None
    """Outputs, then each writable argument as it was after the call (float64 arrays)."""
    error: str | None = None
    """An error kind from :mod:`autograde.kit.messages` (``exception``, ``readonly``, ...)."""
    fields: dict[str, str] = Field(default_factory=dict)
    """What the error message needs, e.g. ``{"error": "ZeroDivisionError: … (line 3)"}``."""
    seconds: float = 0.0
    printed: str = ""
