"""Grading every submission of one assignment: resumably, on any executor, into the store.

The caller says what to grade (a :class:`Batch`: the assignment's master notebook and its
submissions) and how (:class:`GradeSettings`). Results are saved in the results store in
batches as they arrive; a re-run grades only what is missing or changed, so a killed run loses
at most the batch in flight, which the re-run grades again.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Protocol

from autograde.grader import forkserver, settings
from autograde.grader.batch import Job, grade_jobs, warm_up, worker_imports
from autograde.grader.program import (
    SubmissionError,
    course_language,
    exercises_in,
    graded_functions,
    per_student_course,
    quiz_places,
    read_notebook,
)
from autograde.grader.records import SubmissionResult
from autograde.grader.saving import BatchSaver, BeforeSave
from autograde.grader.submissions import Submission
from autograde.sandbox.client import Isolation
from autograde.sandbox.limits import Limits
from autograde.sandbox.stage import build_stage


class GradeError(Exception):
    """The run cannot start (no such assignment, course or folder): the message says why."""


@dataclass(kw_only=True)
class GradeSettings:
    """How to grade: where results go, how many workers, which sandbox, which limits."""

    db: str | None = None
    """Results database URL (default: ``autograde.db`` in the batch's root)."""
    workers: int | None = None
    """Local worker processes (default: :data:`settings.WORKERS`, the cores)."""
    scheduler: str | None = None
    """A Dask scheduler address: grade on that cluster instead of a local pool."""
    lang: str | None = None
    """Feedback language (default: the course's, from its setup cell)."""
    force: bool = False
    isolation: Isolation = "auto"
    limits: Limits = field(default_factory=Limits)


@dataclass
class Batch:
    """What to grade: one assignment's submissions against its master notebook."""

    assignment: str
    course_id: str
    """Part of every student's hidden-case seed."""
    master: Path
    submissions: list[Submission]
    root: Path
    """Paths are reported relative to it; the results store lives there by default."""


@dataclass
class Summary:
    assignment: str
    graded: list[SubmissionResult]
    skipped: int
    seconds: float
    sandbox: str
    gradebook_written: int = 0


class ProgressHook(Protocol):
    """Told how many submissions will be graded, then once per graded one."""

    def start(self, total: int) -> None: ...
    def advance(self) -> None: ...
    def close(self) -> None: ...


def _shown(path: Path, root: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.resolve().relative_to(root.resolve()))
    return str(path)


def make_jobs(batch: Batch, options: GradeSettings, stage: str | None) -> list[Job]:
    """One job per submission (plain data a worker process can take)."""
    try:
        notebook = read_notebook(batch.master)
    except SubmissionError as problem:
        raise GradeError(f"the master notebook is broken: {problem.text('en')}") from None
    names = graded_functions(notebook)
    exercises = tuple((exercise, names.get(exercise, ())) for exercise in exercises_in(notebook))
    lang = course_language(notebook, options.lang)
    master = str(batch.master.resolve())
    quizzes = tuple(quiz_places(notebook))
    return [Job(course=batch.course_id, assignment=batch.assignment, student=s.student,
                path=str(s.path.resolve()), kind=s.kind, digest=s.digest,
                shown=_shown(s.path, batch.root), exercises=exercises, master=master,
                lang=lang, limits=options.limits, isolation=options.isolation, stage=stage,
                quizzes=quizzes, banks=str(batch.root) if batch.course_id else None,
                quiz_course=per_student_course(notebook))
            for s in batch.submissions]


@contextlib.contextmanager
def executor_for(options: GradeSettings, first: Job | None) -> Iterator[Executor]:
    """A Dask cluster's executor with ``scheduler``, else a local pool sized to the cores
    (forked from the :mod:`~autograde.grader.forkserver`)."""
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
    pool = ProcessPoolExecutor(max_workers=options.workers or settings.WORKERS,
                               mp_context=get_context("forkserver"), initializer=warm_up,
                               initargs=(first,))
    try:
        yield pool
    except BaseException:
        pool.shutdown(cancel_futures=True)  # what was not started is not graded
        raise
    pool.shutdown()


def grade_batch(batch: Batch, options: GradeSettings, progress: ProgressHook | None = None,
                before_save: BeforeSave | None = None,
                started: Callable[[], None] | None = None) -> Summary:
    """Grade what is new or changed in ``batch`` (everything with ``force``) into the store,
    in batches (:class:`~autograde.grader.saving.BatchSaver`; ``before_save`` gets each batch
    first). ``started`` runs once the workers are warming up (at once when nothing is to be
    graded): the caller's own setup overlaps theirs, and if it raises, nothing is graded."""
    jobs = make_jobs(batch, options, str(build_stage().root))
    start = time.perf_counter()
    if jobs and not options.scheduler:
        forkserver.start(worker_imports(jobs[0]))  # (kept if the command started it)

    from autograde.grader.store import Store

    with Store.for_course(batch.root, options.db) as store:
        done = {} if options.force else store.graded(batch.assignment)
        todo = [job for job in jobs if done.get(job.student) != job.digest]
        graded: list[SubmissionResult] = []
        saver = BatchSaver(store, before_save)
        if progress is not None:
            progress.start(len(todo))

        def keep(result: SubmissionResult) -> None:
            saver.add(result)
            graded.append(result)
            if progress is not None:
                progress.advance()

        try:
            if todo:
                with executor_for(options, todo[0]) as executor:
                    grade_jobs(todo, executor, keep, started=started)
            elif started is not None:
                started()
        finally:
            try:
                saver.flush()  # what was graded is kept, also on an error or Ctrl-C
            finally:
                if progress is not None:
                    progress.close()
    return Summary(batch.assignment, graded, len(jobs) - len(todo), time.perf_counter() - start,
                   graded[0].sandbox if graded else "none")
