"""The dashboard's integrity signals, per submission: the static scan's flags and the sandbox's
events as grading stored them (the audit, the other variants' answers and the similarity
clusters come from their own modules)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from autograde.course.audit import explain_reason
from autograde.grader.records import SubmissionResult
from autograde.kit.text import Lang


@dataclass(frozen=True)
class Signal:
    """One flag or event of one submission."""

    assignment: str
    student: str
    kind: str
    """A scan rule id or a sandbox event kind."""
    explanation: str
    where: str
    """``cell:line`` for a flag, "" for an event."""
    detail: str
    """The flagged line of code, or what the sandbox said."""


def scan_flags(results: Iterable[SubmissionResult], lang: Lang) -> list[Signal]:
    return [Signal(r.assignment, r.student, f.rule, explain_reason(f.rule, lang),
                   f"{f.cell}:{f.line}", f.code)
            for r in results for f in r.flags]


def sandbox_events(results: Iterable[SubmissionResult], lang: Lang) -> list[Signal]:
    return [Signal(r.assignment, r.student, e.kind, explain_reason(e.kind, lang), "", e.detail)
            for r in results for e in r.events]

