"""``autograde grade``: grade every submission of an assignment, resumably, on any executor.

Submissions come from an nbgrader course (``submitted/<student>/<assignment>/``) or a folder of
``.py`` files. Results are saved one by one in the results store; a re-run grades only what is
missing or changed. At the end the scores go into nbgrader's gradebook as well.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from nbformat import NotebookNode

from autograde.batch import Job, grade_jobs, warm_up
from autograde.grades import SubmissionResult
from autograde.notebooks import exercises_in, graded_functions
from autograde.program import SubmissionError, read_notebook
from autograde.progress import Progress
from autograde.sandbox.client import Isolation
from autograde.sandbox.limits import Limits
from autograde.sandbox.stage import build_stage
from autograde.submissions import Submission, file_submissions, notebook_submissions
from autograde.text import Lang, current_lang


class GradeError(Exception):
    """The run cannot start (no such assignment, course or folder): the message says why."""


@dataclass
class GradeOptions:
    assignment: str
    course: Path | None = None
    files: Path | None = None
    db: str | None = None
    workers: int | None = None
    scheduler: str | None = None
    lang: str | None = None
    quiet: bool = False
    force: bool = False
    gradebook: bool = True
    isolation: Isolation = "auto"
    limits: Limits = field(default_factory=Limits)


@dataclass
class Summary:
    assignment: str
    graded: list[SubmissionResult]
    skipped: int
    seconds: float
    sandbox: str
    gradebook_written: int = 0
    warnings: list[str] = field(default_factory=list)


def master_notebook(options: GradeOptions) -> Path:
    """The instructor's version of the assignment's notebook (the course's, else built-in)."""
    if options.course is not None:
        folder = options.course / "source" / options.assignment
        notebooks = sorted(folder.glob("*.ipynb"))
        if not notebooks:
            raise GradeError(f"{folder} has no source notebook: is {options.assignment!r} an "
                             f"assignment of this course?")
        return notebooks[0]
    from autograde.course import assignments, master

    if options.assignment not in assignments():
        raise GradeError(f"unknown assignment {options.assignment!r} "
                         f"(built-in: {', '.join(assignments())}); pass --course")
    return Path(str(master() / "source" / options.assignment / f"{options.assignment}.ipynb"))


def _language(master: NotebookNode, chosen: str | None) -> Lang:
    """The language the course speaks: ``--lang``, else its setup cell's use_language()."""
    sources = "\n".join(cell.source for cell in master.cells if cell.cell_type == "code")
    found = re.search(r'use_language\("(ja|en)"\)', sources)
    return current_lang(chosen or (found.group(1) if found else None))


def _submissions(options: GradeOptions, master: Path) -> list[Submission]:
    if options.files is not None:
        if not options.files.is_dir():
            raise GradeError(f"{options.files} is not a folder of .py submissions")
        return file_submissions(options.files)
    assert options.course is not None
    if not (options.course / "submitted").is_dir():
        raise GradeError(f"{options.course / 'submitted'} does not exist: run "
                         f"`nbgrader collect {options.assignment}` first")
    return notebook_submissions(options.course, options.assignment, master.name)


def _course_id(options: GradeOptions) -> str:
    from autograde.hidden import course_id

    if options.course is not None and (options.course / "nbgrader_config.py").is_file():
        return course_id(options.course)
    return ""


def _shown(path: Path, root: Path | None) -> str:
    with contextlib.suppress(ValueError):
        if root is not None:
            return str(path.resolve().relative_to(root.resolve()))
    return str(path)


def make_jobs(options: GradeOptions, stage: str | None) -> tuple[list[Job], list[Submission]]:
    master = master_notebook(options)
    try:
        notebook = read_notebook(master)
    except SubmissionError as problem:
        raise GradeError(f"the master notebook is broken: {problem.text('en')}") from None
    names = graded_functions(notebook)
    exercises = tuple((exercise, names.get(exercise, ())) for exercise in exercises_in(notebook))
    lang = _language(notebook, options.lang)
    course = _course_id(options)
    submissions = _submissions(options, master)
    root = options.course or options.files
    jobs = [Job(course=course, assignment=options.assignment, student=s.student,
                path=str(s.path.resolve()), kind=s.kind, shown=_shown(s.path, root),
                exercises=exercises, master=str(master.resolve()), lang=lang,
                limits=options.limits, isolation=options.isolation, stage=stage)
            for s in submissions]
    return jobs, submissions


@contextlib.contextmanager
def executor_for(options: GradeOptions, first: Job | None) -> Iterator[Executor]:
    """A Dask cluster's executor with ``--scheduler``, else a local pool sized to the cores."""
    if options.scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise GradeError("--scheduler needs Dask: pip install 'nn-dojo[dask]'") from None
        try:
            client = Client(options.scheduler, timeout="20s")
        except (OSError, TimeoutError) as error:
            raise GradeError(f"cannot reach the Dask scheduler {options.scheduler}: "
                             f"{error}") from None
        with client:
            yield client.get_executor()
        return
    workers = options.workers or os.cpu_count() or 1
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("forkserver"),
                             initializer=warm_up,
                             initargs=(first,)) as pool:
        yield pool


def grade_assignment(options: GradeOptions) -> Summary:
    from autograde.store import Store

    if options.course is None and options.files is None:
        raise GradeError("say where the submissions are: --course DIR or --files DIR")
    stage = str(build_stage().root)
    jobs, _ = make_jobs(options, stage)
    store_root = options.course or options.files
    start = time.perf_counter()
    with Store.for_course(store_root, options.db) as store:
        done = {} if options.force else store.graded(options.assignment)
        todo = [job for job in jobs
                if done.get(job.student) != Submission(job.student, Path(job.path),
                                                       job.kind).digest]
        progress = Progress(len(todo), options.assignment, quiet=options.quiet)
        graded: list[SubmissionResult] = []

        def keep(result: SubmissionResult) -> None:
            store.save(result)
            graded.append(result)
            progress.update()

        mode = "none"
        if todo:
            with executor_for(options, todo[0]) as executor:
                grade_jobs(todo, executor, keep)
            mode = graded[0].sandbox if graded else mode
        progress.close()
        summary = Summary(options.assignment, graded, len(jobs) - len(todo),
                          time.perf_counter() - start, mode)
        if options.gradebook and options.course is not None:
            from autograde.gradebook import write_gradebook

            summary.gradebook_written = write_gradebook(options.course,
                                                        store.results(options.assignment))
    return summary
