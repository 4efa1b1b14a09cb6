"""The dashboard's overview: per assignment, how many submitted, the mean, median and standard
deviation of the scores, in total, per exercise and for the graded quiz items."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from autograde.grader.records import SubmissionResult

QUIZ = "quiz"
"""The part of an assignment that is its graded quiz items, summed."""


@dataclass(frozen=True)
class Summary:
    n: int
    max_score: float
    mean: float
    median: float
    sd: float | None
    """Sample standard deviation (n − 1), None for fewer than two scores."""
    minimum: float
    maximum: float
    scores: tuple[float, ...]


def summarize(scores: Sequence[float], max_score: float) -> Summary:
    """The headline numbers of ``scores`` (at least one)."""
    mean = statistics.fmean(scores)
    sd = (math.sqrt(math.fsum((x - mean) ** 2 for x in scores) / (len(scores) - 1))
          if len(scores) > 1 else None)  # statistics.stdev's exact fractions: 5 ms per 1,000
    return Summary(len(scores), max_score, mean, statistics.median(scores), sd, min(scores),
                   max(scores), tuple(scores))


@dataclass(frozen=True)
class Part:
    """An exercise of the assignment, or its graded quiz items (:data:`QUIZ`)."""

    id: str
    summary: Summary


@dataclass(frozen=True)
class AssignmentOverview:
    assignment: str
    total: Summary
    parts: list[Part]
    errors: int
    """Submissions that could not be (fully) graded."""


def quiz_score(result: SubmissionResult) -> tuple[float, float]:
    """Points and maximum of the graded quiz answers of ``result``."""
    graded = [q for q in result.quiz if q.kind == "graded"]
    return sum(q.score for q in graded), sum(q.max_score for q in graded)


def exercise_ids(results: Sequence[SubmissionResult]) -> list[str]:
    """The exercises of an assignment, in notebook order (first seen first)."""
    return list(dict.fromkeys(e.exercise for r in results for e in r.exercises))


def overview(assignment: str, results: Sequence[SubmissionResult]) -> AssignmentOverview:
    """``assignment``'s numbers; an exercise a submission lacks (a broken notebook) counts
    as 0 points, as it does in the total."""
    parts = []
    for exercise in exercise_ids(results):
        found = [r.exercise(exercise) for r in results]
        maximum = max((e.max_score for e in found if e is not None), default=0.0)
        parts.append(Part(exercise, summarize([e.score if e else 0.0 for e in found], maximum)))
    quiz = [quiz_score(r) for r in results]
    quiz_max = max((maximum for _, maximum in quiz), default=0.0)
    if quiz_max > 0:
        parts.append(Part(QUIZ, summarize([points for points, _ in quiz], quiz_max)))
    total_max = max(r.max_score for r in results)
    return AssignmentOverview(assignment, summarize([r.score for r in results], total_max),
                              parts, sum(1 for r in results if r.error))
