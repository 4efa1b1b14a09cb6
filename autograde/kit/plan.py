"""The grading plan of one exercise: cases with expected outputs and mutant outputs.

A plan is pure data. The public part of it is the student's *case bundle* (JSON, shipped in
the kit); the full plan, hidden cases included, only ever exists on the instructor's side.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from autograde.kit import settings
from autograde.kit.text import Text
from autograde.kit.values import Value


class Accuracy(BaseModel):
    """Score labels by accuracy: full credit from ``full``, linear partial credit from
    half the points at ``partial`` up to full."""

    full: float = settings.FULL_ACCURACY
    partial: float = settings.PARTIAL_ACCURACY

    def fraction(self, accuracy: float) -> float:
        if accuracy >= self.full:
            return 1.0
        if accuracy < self.partial:
            return 0.0
        return 0.5 + 0.5 * (accuracy - self.partial) / (self.full - self.partial)


class Output(BaseModel):
    """How one returned value is compared with the reference."""

    name: str
    rtol: float = settings.RTOL
    atol: float = settings.ATOL
    delta_from: int | None = None
    """Compare the update ``out - args[delta_from]`` instead of ``out`` (Adam's w')."""
    restored: bool = False
    """This is a writable argument after the call: it must come back unchanged."""
    accuracy: Accuracy | None = None
    """Labels scored by accuracy against the expected labels (capstones)."""


class Case(BaseModel):
    args: list[Value]
    writable: list[int] = Field(default_factory=list)
    expected: list[Value]
    mutants: dict[str, list[Value] | None] = Field(default_factory=dict)
    """Misconception id → that mutant's outputs on these args (None: the mutant raised)."""


class Check(BaseModel):
    name: Text
    points: float
    hidden: bool = False
    cases: list[Case]


MatchKind = Literal["values", "form", "agreement", "unrestored"]
"""How a misconception is recognised in a submission's outcome on one case (see
:attr:`MisconceptionInfo.match`)."""


class MisconceptionInfo(BaseModel):
    id: str
    name: Text
    """The mistake in a few words, shown on screen in place of the id."""
    hint: Text
    match: MatchKind = "values"
    """How a submission's outcome on a case is matched: its outputs have the mutant's values
    (default); the mutant's shapes and integer-or-fraction form; or ≥ 90 % of the mutant's
    elements. ``"unrestored"`` ignores the mutant: a writable argument was left changed after
    the call (its restored output differs from the argument as passed in), however it was
    changed and whatever the function returned."""

    @property
    def observed(self) -> bool:
        """Matched by a fact about the call itself rather than by resembling a mutant's outputs:
        one matching case is proof enough, so it need not explain every failed case."""
        return self.match == "unrestored"


Protocol = Literal["call", "fit_predict"]


class Plan(BaseModel):
    exercise: str
    title: Text
    signature: str
    functions: list[str]
    protocol: Protocol = "call"
    outputs: list[Output]
    time_limit: float
    checks: list[Check]
    misconceptions: list[MisconceptionInfo]
    points: float | None = None
    """What the exercise is worth, hidden checks included (kept when they are left out)."""

    @property
    def max_score(self) -> float:
        return float(sum(check.points for check in self.checks))

    @property
    def n_returned(self) -> int:
        """How many values the function returns (the rest are restored arguments)."""
        return sum(not o.restored for o in self.outputs)

    @property
    def parameters(self) -> list[str]:
        """Parameter names of the first function in the signature, e.g. ``["w", "grad", "lr"]``."""
        inside = re.search(r"\((.*?)\)", self.signature)
        params = inside.group(1).split(",") if inside else []
        return [p.split("=")[0].strip() for p in params if p.strip()]

    def public(self) -> Plan:
        """The part of the plan that may ship to students."""
        return self.model_copy(update={"checks": [c for c in self.checks if not c.hidden],
                                       "points": self.points or self.max_score})
