"""What grading one submission produces (instructor side): plain data, safe to store and ship.

A :class:`SubmissionResult` crosses process boundaries between our own trusted processes (pool
or Dask workers → the main process) and is written to the results store and the gradebook.
Nothing in it is a live object from student code.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field

from autograde.kit.results import ExerciseResult
from autograde.kit.text import Lang

EventKind = Literal["timeout", "memory", "killed", "crashed", "output_truncated", "corrupted"]


class CellRun(BaseModel):
    """One student code cell (or a whole .py file) as it ran in the sandbox."""

    cell: str
    """The cell's id (``cell 7`` when it has none) or the file's name."""
    seconds: float = 0.0
    error: str | None = None
    """What the cell raised, e.g. ``NameError: name 'x' is not defined (line 3)``."""
    note: str | None = None
    """E.g. which IPython magics or shell escapes were turned into no-ops."""
    printed: str = ""


class SandboxEvent(BaseModel):
    """Something the sandbox had to do about a submission."""

    kind: EventKind
    detail: str = ""


class Flag(BaseModel):
    """A suspicious construct found by the static scan of a submission's code."""

    rule: str
    """A rule id from :mod:`autograde.grader.scan`, e.g. ``imports_reference``."""
    cell: str
    line: int
    code: str
    """The offending source line, stripped and shortened."""


class QuizResponse(BaseModel):
    """One answer to one quiz item, as graded in the trusted process.

    Results stored before these fields existed said ``response``, ``points`` and
    ``max_points``; they still load (as ``answer``, ``score`` and ``max_score``).
    """

    item: str
    lesson: str = ""
    kind: Literal["practice", "graded"] = "graded"
    variant: int = 0
    """The student's variant of a parameterised item (0: the lesson's own numbers)."""
    answer: str = Field(validation_alias=AliasChoices("answer", "response"))
    """The raw answer as the student typed it."""
    read_as: str | None = None
    """How the answer was read (``−0.032``, ``b, d``); None when it could not be read."""
    chosen: list[str] = Field(default_factory=list)
    """The choice letters (or ``1-b`` pairs) chosen, for choice-type items."""
    score: float = Field(validation_alias=AliasChoices("score", "points"))
    max_score: float = Field(validation_alias=AliasChoices("max_score", "max_points"))
    misconceptions: list[str] = Field(default_factory=list)
    other_variant: int | None = None
    """The answer is wrong for the student's own variant but right for this one."""
    error: str | None = None
    """Why the answer is malformed (then the score is 0)."""
    feedback: str = ""


class SubmissionResult(BaseModel):
    assignment: str
    student: str
    path: str
    """The submission as found (a notebook or a .py file), relative to the course if inside."""
    digest: str
    """sha256 of the submission's bytes: a re-run skips a submission with the same digest."""
    lang: Lang
    score: float = 0.0
    max_score: float = 0.0
    exercises: list[ExerciseResult] = Field(default_factory=list)
    quiz: list[QuizResponse] = Field(default_factory=list)
    cells: list[CellRun] = Field(default_factory=list)
    events: list[SandboxEvent] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    error: str | None = None
    """Why the submission could not be (fully) graded, e.g. a broken notebook, in ``lang``."""
    sandbox: str = ""
    """``bwrap`` or ``rlimits`` (the fallback without bubblewrap)."""
    seconds: float = 0.0
    """Wall-clock seconds in the sandbox."""
    cpu_seconds: float = 0.0
    max_rss_mb: float = 0.0
    graded_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    fingerprints: dict[str, list[int]] = Field(default_factory=dict)
    """Exercise → winnowing fingerprint of the student's solution (sorted unique hashes, at most
    :data:`~autograde.grader.fingerprint.MAX_HASHES`; the instructor's solution and stub
    removed); exercises with nothing left are absent. Empty in results stored before it."""

    def exercise(self, exercise_id: str) -> ExerciseResult | None:
        return next((e for e in self.exercises if e.exercise == exercise_id), None)
