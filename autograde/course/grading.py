"""``autograde grade`` on an nbgrader course (or a folder of .py files): find the master
notebook, the submissions and the course id, grade them in the sandbox, and write the scores
into nbgrader's gradebook."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from autograde.course.layout import Course, assignments, is_course, master_source
from autograde.grader.assignment import (
    Batch,
    GradeError,
    GradeSettings,
    ProgressHook,
    Summary,
    grade_batch,
)
from autograde.grader.submissions import Submission, file_submissions, notebook_in

if TYPE_CHECKING:
    from autograde.course.gradebook import GradebookWriter


@dataclass(kw_only=True)
class GradeOptions(GradeSettings):
    """Which assignment, where its submissions are, and whether to fill the gradebook."""

    assignment: str
    course: Path | None = None
    """An nbgrader course: submissions from ``submitted/<student>/<assignment>/``."""
    files: Path | None = None
    """A folder of .py submissions (``<student>.py`` or ``<student>/<file>.py``)."""
    gradebook: bool = True


def master_notebook(options: GradeOptions) -> Path:
    """The instructor's version of the assignment's notebook (the course's, else built-in)."""
    if options.course is not None:
        folder = Course(options.course).source(options.assignment)
        notebooks = sorted(folder.glob("*.ipynb"))
        if not notebooks:
            raise GradeError(f"{folder} has no source notebook: is {options.assignment!r} an "
                             f"assignment of this course?")
        return notebooks[0]
    if options.assignment not in assignments():
        raise GradeError(f"unknown assignment {options.assignment!r} "
                         f"(built-in: {', '.join(assignments())}); pass --course")
    return Path(str(master_source(options.assignment) / f"{options.assignment}.ipynb"))


def _submissions(options: GradeOptions, notebook: str) -> list[Submission]:
    if options.files is not None:
        if not options.files.is_dir():
            raise GradeError(f"{options.files} is not a folder of .py submissions")
        return file_submissions(options.files)
    course = Course(options.course)
    if not course.submitted_root().is_dir():
        raise GradeError(f"{course.submitted_root()} does not exist: run "
                         f"`nbgrader collect {options.assignment}` first")
    return [notebook_in(student, folder / notebook)
            for student, folder in course.students(course.directory.submitted_directory,
                                                   options.assignment)]


def grade_assignment(options: GradeOptions, progress: ProgressHook | None = None) -> Summary:
    """Grade what is new or changed into the results store and, in a course, nbgrader's
    gradebook: each batch of results goes to the gradebook, then to the store, as it arrives."""
    if options.course is None and options.files is None:
        raise GradeError("say where the submissions are: --course DIR or --files DIR")
    notebook = master_notebook(options)
    in_course = options.course is not None and is_course(options.course)
    batch = Batch(assignment=options.assignment,
                  course_id=Course(options.course).id if in_course else "",
                  master=notebook, submissions=_submissions(options, notebook.name),
                  root=options.course or options.files)
    if not (options.gradebook and options.course is not None):
        return grade_batch(batch, options, progress)
    with contextlib.ExitStack() as stack:
        opened: list[GradebookWriter] = []

        def open_gradebook() -> None:
            """While the workers warm up (nbgrader's API and SQLAlchemy take a while to
            import); before any result is saved."""
            from autograde.course.gradebook import GradebookWriter

            gradebook = stack.enter_context(GradebookWriter(options.course))
            gradebook.check([options.assignment])
            opened.append(gradebook)

        summary = grade_batch(batch, options, progress,
                              before_save=lambda results: opened[0].write(results),
                              started=open_gradebook)
        summary.gradebook_written = len(summary.graded) + _catch_up(options, opened[0],
                                                                    summary)
    return summary


def _catch_up(options: GradeOptions, gradebook: GradebookWriter, summary: Summary) -> int:
    """Write the stored results the gradebook lacks (graded with ``--no-gradebook``, or before
    the gradebook was made again); how many."""
    from autograde.grader.store import Store

    graded_now = {r.student for r in summary.graded}
    with Store.for_course(options.course, options.db) as store:
        missing = set(store.graded(options.assignment)) - graded_now
        missing -= gradebook.students(options.assignment)
        if not missing:
            return 0
        results = [r for r in store.results(options.assignment) if r.student in missing]
    return gradebook.write_all(results)
