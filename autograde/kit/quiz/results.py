"""What grading one quiz answer returns (and what ``autograde quiz check --json`` prints)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from autograde.kit.text import Lang


class QuizResult(BaseModel):
    item: str
    lang: Lang
    variant: int = 0
    read_as: str | None = None
    """The answer as it was read (``−0.032``, ``b, d``), None when it could not be read."""
    score: float
    max_score: float
    """The item's points (a practice item has its own nominal points)."""
    feedback: str = ""
    misconceptions: list[str] = Field(default_factory=list)
    """Ids of the misconceptions the answer shows."""
    error: str | None = None
    """Why the answer could not be read, and how to write one (then the score is 0)."""
    other_variant: int | None = None
    """The answer is wrong for this variant but right for that one (filled by the
    instructor's side, which knows the other variants)."""

    @property
    def fraction(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0
