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
    name: str = ""
    """The mistake's short name, shown on screen instead of the id."""


class Printed(BaseModel):
    """What the student's function printed and warned while it was checked (never scored)."""

    text: str = ""
    """The start of everything printed, cases in order (at most ``PRINT_LIMIT`` characters)."""
    lines: int = 0
    """How many lines were printed in all, shown or not."""
    characters: int = 0
    warnings: list[str] = Field(default_factory=list)
    """Distinct warnings, e.g. ``RuntimeWarning: overflow encountered in exp``."""

    @property
    def truncated(self) -> bool:
        return self.characters > len(self.text)


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
    points: float | None = None
    """What the exercise is worth, hidden checks included, when more than ``max_score``
    (a student's check runs the public checks only)."""
    printed: Printed = Field(default_factory=Printed)
    stale: list[str] = Field(default_factory=list)
    """Functions checked from an earlier run: the last run of their cell failed."""

    @property
    def credit(self) -> float:
        """The score on the exercise's own scale: what nbgrader reads from a test cell, so a
        notebook whose public checks all pass validates at the cell's full points."""
        if not self.points or not self.max_score:
            return self.score
        return round(self.score / self.max_score * self.points, 4)


class Outcome(BaseModel):
    """What calling a submission on one case produced: plain data, never live objects."""

    values: list[Value] | None = None
    """Outputs, then each writable argument as it was after the call (float64 arrays; bool
    where the function returned booleans, so feedback can show True/False)."""
    error: str | None = None
    """An error kind from :mod:`autograde.kit.messages` (``exception``, ``readonly``, ...)."""
    fields: dict[str, str] = Field(default_factory=dict)
    """What the error message needs, e.g. ``{"error": "ZeroDivisionError: … (line 3)"}``."""
    seconds: float = 0.0
    printed: str = ""
    printed_lines: int = 0
    printed_characters: int = 0
    warnings: list[str] = Field(default_factory=list)
