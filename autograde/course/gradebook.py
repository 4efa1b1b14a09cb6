"""Isolated scores into nbgrader's gradebook, so that formgrader and ``nbgrader export`` show them.

Exercise ``<ex>`` is scored into the grade cell ``<ex>-check`` of the assignment (its
``auto_score``, as ``nbgrader autograde`` would set it from the test cell's output), a graded
quiz item ``<id>`` into ``quiz-<id>``; code grade
cells we have no score for get 0. Manual scores that graders entered are kept, and win, as in
nbgrader. Writing the same results twice leaves the same gradebook.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from autograde.course.layout import CONFIG_FILE, Course, course_id, is_course, read_config
from autograde.course.quiz_places import grade_id as quiz_grade_id
from autograde.grader import settings
from autograde.grader.records import SubmissionResult
from autograde.grader.store import reason_of
from autograde.kit.text import Text, current_lang

if TYPE_CHECKING:
    from nbgrader.api import Gradebook, GradeCell

log = logging.getLogger(__name__)

SAY: dict[str, Text] = {
    "no_course": Text(ja="{root} は nbgrader のコースではありません（{file} がないか読めません: "
                         "{reason}）。",
                      en="{root} is not an nbgrader course ({file} is missing or unreadable: "
                         "{reason})"),
    "open": Text(ja="nbgrader の gradebook {url} を開けません: {reason}",
                 en="cannot open nbgrader's gradebook {url}: {reason}"),
    "bad_url": Text(ja="{file} の CourseDirectory.db_url が正しい URL ではありません: {url}",
                    en="CourseDirectory.db_url in {file} is not a valid URL: {url}"),
    "no_assignment": Text(
        ja="課題 {assignment} が nbgrader の gradebook にありません。先にコースのフォルダで "
           "`nbgrader generate_assignment {assignment}` を実行してください。",
        en="the assignment {assignment} is not in nbgrader's gradebook: run "
           "`nbgrader generate_assignment {assignment}` in the course first"),
    "no_cell": Text(ja="{assignment} に採点セル {cell} がないため、{exercise} の得点は gradebook "
                       "に書き込みません。",
                    en="{assignment} has no grade cell {cell}: the score of {exercise} is not "
                       "written into the gradebook"),
    "timestamp": Text(ja="{file} の日時を読めないため無視します: {text!r}",
                      en="ignoring {file}: not a timestamp: {text!r}"),
}


class GradebookError(Exception):
    """The gradebook cannot take the scores (the message says why and what to do)."""


def grade_cell(exercise: str) -> str:
    """The nbgrader grade cell that holds an exercise's score."""
    return f"{exercise}-check"


def gradebook_url(root: Path) -> str:
    """``CourseDirectory.db_url`` of the course, else nbgrader's ``<root>/gradebook.db``.

    A relative SQLite path is taken relative to the course, where nbgrader runs."""
    configured = str(read_config(root).get("CourseDirectory", {}).get("db_url", ""))
    if not configured:
        return f"sqlite:///{root.resolve() / 'gradebook.db'}"
    try:
        url = make_url(configured)
    except ArgumentError:
        raise GradebookError(SAY["bad_url"](current_lang(), url=configured,
                                            file=root / CONFIG_FILE)) from None
    database = url.database or ""
    if url.get_backend_name() == "sqlite" and database not in ("", ":memory:") and not Path(
            database).is_absolute():
        url = url.set(database=str(root.resolve() / database))
    return url.render_as_string(hide_password=False)


def _timestamp(course: Course, result: SubmissionResult) -> datetime | None:
    """When nbgrader received the submission (``timestamp.txt``), if it says."""
    from nbgrader.utils import parse_utc

    path = course.timestamp_file(result.student, result.assignment)
    if not path.is_file():
        return None
    text = path.read_text("utf-8", errors="replace").strip()
    try:
        return parse_utc(text) if text else None
    except (ValueError, OverflowError):
        log.warning(SAY["timestamp"](current_lang(), file=path, text=text))
        return None


def _write(gradebook: Gradebook, course: Course, result: SubmissionResult,
           cells: dict[str, GradeCell], warned: set[tuple[str, str]]) -> None:
    """One student's submission and the auto scores of every code grade cell in it (the
    student must be in the gradebook; ``cells``: the assignment's grade cells by id)."""
    when = _timestamp(course, result)
    with gradebook.db.no_autoflush:  # nbgrader builds the submission before adding it
        submission = gradebook.update_or_create_submission(
            result.assignment, result.student, **({"timestamp": when} if when else {}))
    grades = {cells[grade.cell_id].name: grade for notebook in submission.notebooks
              for grade in notebook.grades if grade.cell_id in cells}  # (new ones: unflushed)
    scores = {grade_cell(e.exercise): e.score for e in result.exercises}
    for cell in scores:
        if cell not in grades and (result.assignment, cell) not in warned:
            warned.add((result.assignment, cell))
            log.warning(SAY["no_cell"](current_lang(), assignment=result.assignment, cell=cell,
                                       exercise=cell.removesuffix("-check")))
    scores.update({quiz_grade_id(q.item): q.score for q in result.quiz if q.kind == "graded"})
    for cell, grade in grades.items():
        found = cells[grade.cell_id]
        if found.cell_type != "code":
            continue  # written answers: graded by hand
        grade.auto_score = min(max(scores.get(cell, 0.0), 0.0), found.max_score)
        grade.needs_manual_grade = grade.manual_score is not None


def _no_commit() -> None:
    """nbgrader's commit inside a batch: its next query flushes what it added (autoflush)."""


@contextlib.contextmanager
def _one_transaction(gradebook: Gradebook) -> Iterator[None]:
    """nbgrader's API commits after every change it makes (three times per submission); in
    here its commits do nothing, and everything commits once at the end, or rolls back."""
    session = gradebook.db
    session.commit = _no_commit
    try:
        yield
    except BaseException:
        session.rollback()
        raise
    finally:
        del session.commit
    session.commit()


class GradebookWriter:
    """A course's nbgrader gradebook, open for a grading run: each :meth:`write` is one
    transaction, through nbgrader's own API and models (formgrader and ``nbgrader export``
    read the result as they read their own)."""

    def __init__(self, course_root: Path) -> None:
        from nbgrader.api import Gradebook

        lang = current_lang()
        if not is_course(course_root):
            raise GradebookError(SAY["no_course"](lang, root=course_root, file=CONFIG_FILE,
                                                  reason="no such file"))
        try:
            self.url, course = gradebook_url(course_root), course_id(course_root)
        except GradebookError:
            raise
        except Exception as error:  # no config, or one that does not run: traitlets says why
            raise GradebookError(SAY["no_course"](
                lang, root=course_root, file=CONFIG_FILE,
                reason=str(error) or type(error).__name__)) from None
        self.root = course_root
        self.course = Course(course_root)
        """Read once: its configuration is a Python file nbgrader's traitlets runs."""
        self._warned: set[tuple[str, str]] = set()
        self._cells: dict[str, dict[str, GradeCell]] = {}
        """Assignment → its grade cells by id."""
        with self._errors():
            self._gradebook = Gradebook(self.url, course_id=course)

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        from nbgrader.api import InvalidEntry

        try:
            yield
        except (SQLAlchemyError, InvalidEntry, ImportError) as error:
            shown = make_url(self.url).render_as_string(hide_password=True)
            raise GradebookError(SAY["open"](current_lang(), url=shown,
                                             reason=reason_of(error))) from None

    def check(self, assignments: Iterable[str]) -> None:
        """:class:`GradebookError` unless every assignment is in the gradebook (nbgrader's
        ``generate_assignment`` puts it there)."""
        from nbgrader.api import MissingEntry

        for assignment in sorted(set(assignments) - set(self._cells)):
            with self._errors():
                try:
                    found = self._gradebook.find_assignment(assignment)
                except MissingEntry:
                    raise GradebookError(SAY["no_assignment"](current_lang(),
                                                              assignment=assignment)) from None
                self._cells[assignment] = {cell.id: cell for notebook in found.notebooks
                                           for cell in notebook.grade_cells}

    def write(self, results: Sequence[SubmissionResult]) -> int:
        """Write ``results`` in one transaction; how many."""
        self.check(r.assignment for r in results)
        gradebook = self._gradebook
        with self._errors(), _one_transaction(gradebook):
            for student in dict.fromkeys(r.student for r in results):
                gradebook.update_or_create_student(student)
            gradebook.db.flush()  # the submissions are built without autoflush: see _write
            for result in results:
                _write(gradebook, self.course, result, self._cells[result.assignment],
                       self._warned)
        return len(results)

    def write_all(self, results: Sequence[SubmissionResult]) -> int:
        """Write ``results`` a batch (:data:`~autograde.grader.settings.SAVE_BATCH`) per
        transaction; how many."""
        for start in range(0, len(results), settings.SAVE_BATCH):
            self.write(results[start:start + settings.SAVE_BATCH])
        return len(results)

    def students(self, assignment: str) -> set[str]:
        """The students with a submission of ``assignment`` in the gradebook."""
        with self._errors():
            return {s.student_id for s in self._gradebook.assignment_submissions(assignment)}

    def close(self) -> None:
        self._gradebook.close()

    def __enter__(self) -> GradebookWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_gradebook(course_root: Path, results: Iterable[SubmissionResult]) -> int:
    """Write ``results`` into the course's nbgrader gradebook; returns how many submissions.

    Every assignment must be in the gradebook already (``nbgrader generate_assignment``);
    otherwise nothing is written and :class:`GradebookError` says what to run."""
    results = list(results)
    if not results:
        return 0
    with GradebookWriter(course_root) as writer:
        writer.check(r.assignment for r in results)
        return writer.write_all(results)
