"""Each student's grade per assignment, and who they are in the LMS, for the grade exports.

The grade is nbgrader's when the course's gradebook has the submission — what formgrader shows
and ``nbgrader export`` writes: the sum of the grade cells, a grader's manual score or extra
credit included, less the late penalty (at least 0) — and otherwise the results store's score.
The maximum is the gradebook assignment's, else the store's. Who a student is comes from the
gradebook's student record (names, e-mail, ``lms_user_id``) when there is one; the student id
is nbgrader's (the submission folder's name). A gradebook is only read, never created.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from autograde.course.gradebook import gradebook_url
from autograde.course.layout import course_id, is_course
from autograde.grader.records import SubmissionResult


@dataclass(frozen=True)
class Person:
    """A student as the gradebook knows them (empty strings for what it does not)."""

    student: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_user_id: str = ""


@dataclass(frozen=True)
class Grades:
    assignments: tuple[str, ...]
    max_scores: dict[str, float]
    people: tuple[Person, ...]
    """Everyone with a grade, sorted by student id."""
    scores: dict[tuple[str, str], float] = field(repr=False)
    """(student, assignment) → the grade; absent when the student did not submit it."""


@dataclass
class _Book:
    """What the gradebook says: people, grades and maximums of the assignments asked for."""

    people: dict[str, Person] = field(default_factory=dict)
    scores: dict[tuple[str, str], float] = field(default_factory=dict)
    max_scores: dict[str, float] = field(default_factory=dict)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _existing_gradebook(course: Path) -> str | None:
    """The course's gradebook URL, or None when there is no course or no gradebook file."""
    if not is_course(course):
        return None
    url = gradebook_url(course)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").is_file():
        return None
    return url


def read_gradebook(course: Path, assignments: Sequence[str]) -> _Book:
    """People, and grades as ``nbgrader export`` computes them, from the course's gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    book = _Book()
    url = _existing_gradebook(course)
    if url is None:
        return book
    with Gradebook(url, course_id=course_id(course)) as gradebook:
        for student in gradebook.students:
            book.people[student.id] = Person(
                student=student.id, first_name=_text(student.first_name),
                last_name=_text(student.last_name), email=_text(student.email),
                lms_user_id=_text(student.lms_user_id))
        for assignment in assignments:
            try:
                book.max_scores[assignment] = float(
                    gradebook.find_assignment(assignment).max_score or 0.0)
            except MissingEntry:
                continue
            for submission in gradebook.assignment_submissions(assignment):
                penalty = submission.late_submission_penalty or 0.0
                book.scores[(submission.student.id, assignment)] = max(
                    0.0, float(submission.score or 0.0) - penalty)
    return book


def collect_grades(results: Iterable[SubmissionResult], assignments: Sequence[str],
                   course: Path) -> Grades:
    """The grades of ``assignments``: the gradebook's where it has them, else the store's."""
    scores: dict[tuple[str, str], float] = {}
    max_scores: dict[str, float] = {}
    for result in results:
        if result.assignment in assignments:
            scores[(result.student, result.assignment)] = result.score
            max_scores[result.assignment] = max(max_scores.get(result.assignment, 0.0),
                                                result.max_score)
    book = read_gradebook(course, assignments)
    scores |= book.scores
    max_scores |= book.max_scores
    students = sorted({student for student, _ in scores})
    return Grades(assignments=tuple(assignments),
                  max_scores={a: max_scores.get(a, 0.0) for a in assignments},
                  people=tuple(book.people.get(s, Person(s)) for s in students), scores=scores)
