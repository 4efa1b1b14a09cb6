"""One row per student for the dashboard's table, and what their drill-down shows: per
assignment the score, when it was submitted (late or not), each exercise with its checks and
misconceptions, each quiz answer, and the integrity signals about the submission."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from autograde.grader.records import QuizResponse, SubmissionResult
from autograde.kit.results import ExerciseResult
from autograde.reports.dashboard_course import Submitted


@dataclass(frozen=True)
class ExerciseLine:
    exercise: str
    score: float
    max_score: float
    passed: int
    checks: int
    failed: tuple[str, ...]
    """The names of the checks not passed."""
    misconceptions: tuple[str, ...]
    error: str | None


@dataclass(frozen=True)
class QuizLine:
    item: str
    kind: str
    variant: int
    answer: str
    """As read (``−0.032``, ``b, d``), else as typed."""
    score: float
    max_score: float
    misconceptions: tuple[str, ...]
    other_variant: int | None
    error: str | None


@dataclass(frozen=True)
class StudentAssignment:
    assignment: str
    score: float
    max_score: float
    submitted: Submitted | None
    exercises: tuple[ExerciseLine, ...]
    quiz: tuple[QuizLine, ...]
    signals: tuple[str, ...]
    """Integrity signals about this submission, explained."""
    error: str | None


@dataclass
class StudentRow:
    student: str
    scores: dict[str, float | None]
    """Assignment → points (None: not submitted)."""
    percent: float
    """Points over the maximum of every assignment shown (one not submitted counts 0)."""
    misconceptions: int
    """Distinct misconceptions made."""
    signals: int
    late: int
    errors: int
    details: list[StudentAssignment] = field(default_factory=list)


def exercise_line(result: ExerciseResult) -> ExerciseLine:
    return ExerciseLine(result.exercise, result.score, result.max_score,
                        sum(c.passed for c in result.checks), len(result.checks),
                        tuple(c.name for c in result.checks if not c.passed),
                        tuple(dict.fromkeys(result.misconceptions)), result.error)


def quiz_line(response: QuizResponse) -> QuizLine:
    return QuizLine(response.item, response.kind, response.variant,
                    response.read_as if response.read_as is not None else response.answer,
                    response.score, response.max_score, tuple(response.misconceptions),
                    response.other_variant, response.error)


def student_assignment(result: SubmissionResult, submitted: Submitted | None,
                       signals: Sequence[str]) -> StudentAssignment:
    return StudentAssignment(result.assignment, result.score, result.max_score, submitted,
                             tuple(exercise_line(e) for e in result.exercises),
                             tuple(quiz_line(q) for q in result.quiz), tuple(signals),
                             result.error)


def _misconceptions(result: SubmissionResult) -> set[str]:
    return ({m for e in result.exercises for m in e.misconceptions}
            | {m for q in result.quiz for m in q.misconceptions})


def student_rows(results: Mapping[str, Sequence[SubmissionResult]],
                 submitted: Mapping[tuple[str, str], Submitted],
                 signals: Mapping[tuple[str, str], Sequence[str]],
                 order: Sequence[str]) -> list[StudentRow]:
    """A row per student of ``order`` (every student with a result), over the assignments of
    ``results``; ``submitted`` and ``signals`` by (assignment, student)."""
    maximum = {a: max(r.max_score for r in found) for a, found in results.items() if found}
    by_student: dict[str, dict[str, SubmissionResult]] = {}
    for assignment, found in results.items():
        for result in found:
            by_student.setdefault(result.student, {})[assignment] = result
    rows = []
    for student in order:
        mine = by_student.get(student, {})
        details = [student_assignment(r, submitted.get((a, student)), signals.get((a, student), ()))
                   for a, r in mine.items()]
        total_max = sum(maximum.values())
        points = sum(r.score for r in mine.values())
        rows.append(StudentRow(
            student=student,
            scores={a: mine[a].score if a in mine else None for a in results},
            percent=100 * points / total_max if total_max else 0.0,
            misconceptions=len(set().union(*(_misconceptions(r) for r in mine.values()))),
            signals=sum(len(d.signals) for d in details),
            late=sum(1 for d in details if d.submitted is not None and d.submitted.late),
            errors=sum(1 for r in mine.values() if r.error), details=details))
    return rows
