"""Grading a whole assignment: one job per submission, run on any ``concurrent.futures.Executor``.

:func:`grade_job` runs in a worker process (a local pool or a Dask worker). Each worker keeps one
warm sandbox; the job builds the student's plans (hidden cases from the student's seed), runs the
submission in the sandbox, judges it and scans it, and returns a plain :class:`SubmissionResult`.
:func:`grade_jobs` feeds the executor, saves every result as soon as it arrives and never lets
one submission's failure touch another's.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import traceback
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import autograde.grader.fast_start  # noqa: F401  (first: before nbformat)
from autograde.grader import settings
from autograde.grader.demo_cells import demonstrations
from autograde.grader.fingerprint import fingerprints, master_scaffolds
from autograde.grader.isolate import run_program
from autograde.grader.program import (
    PROBLEMS,
    Program,
    SubmissionError,
    from_file,
    from_notebook,
    imports_of,
)
from autograde.grader.records import Flag, QuizResponse, SubmissionResult
from autograde.grader.scan import scan
from autograde.grader.submissions import Kind
from autograde.kit.judge import unable
from autograde.kit.plan import Plan
from autograde.kit.text import Lang
from autograde.sandbox.client import Isolation, Sandbox
from autograde.sandbox.limits import Limits
from autograde.sandbox.stage import STUDENT_IMPORTS, Stage, build_stage

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from autograde.quiz.banks import Library


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to grade one submission (plain, picklable data)."""

    course: str
    assignment: str
    student: str
    path: str
    kind: Kind
    digest: str
    """sha256 of the submission's bytes, computed once when it was found."""
    shown: str
    """The path as reported (relative to the course when inside it)."""
    exercises: tuple[tuple[str, tuple[str, ...]], ...]
    """(exercise id, the names of its functions in this assignment) in grading order."""
    master: str | None
    lang: Lang
    limits: Limits
    isolation: Isolation = "auto"
    stage: str | None = None
    quizzes: tuple[str, ...] = ()
    """The item ids of the assignment's quiz places, in order."""
    banks: str | None = None
    """The course whose quiz banks hold the keys (None: the shipped banks)."""
    quiz_course: str | None = None
    """The course id of per-student quiz variants (None: every student answers variant 0)."""


LESSON_IMPORTS = ("numpy", "matplotlib", "matplotlib.pyplot") if settings.DRAW else ("numpy",)
"""Imported at server start, before the master's warm-up (matplotlib only when figures are
drawn: the inert one costs nothing, and a smaller server forks faster)."""

CAPSTONE_IMPORTS = ("sklearn.datasets",)
"""What building a capstone's plan imports (its data sets ship with scikit-learn)."""


def worker_imports(job: Job | None) -> tuple[str, ...]:
    """What workers need for ``job``'s assignment beyond every worker's imports
    (:data:`~autograde.grader.forkserver.WORKER_IMPORTS`): scikit-learn's data sets for a
    capstone."""
    from autograde.catalog.exercises import EXERCISES

    capstone = job is not None and any(EXERCISES[exercise].protocol == "fit_predict"
                                       for exercise, _ in job.exercises if exercise in EXERCISES)
    return CAPSTONE_IMPORTS if capstone else ()


_sandboxes: dict[tuple[Isolation, str | None, tuple[str, ...]], Sandbox] = {}


@atexit.register
def _close_sandboxes() -> None:
    """A worker that exits normally (a Dask worker) stops its servers first."""
    for sandbox in _sandboxes.values():
        sandbox.close()


def worker_sandbox(job: Job) -> Sandbox:
    """This process's warm sandbox for ``job`` (started on first use, reused for every job).

    With a master notebook the server imports NumPy, then the master's imports (scikit-learn
    for the capstones; when figures are drawn, Matplotlib and the whole master, to warm its
    caches). Without one, it imports everything students may import."""
    sandbox = _sandbox(job)
    _warm(sandbox, job.master)
    return sandbox


def _sandbox(job: Job) -> Sandbox:
    """This process's sandbox for ``job`` (not started yet when new)."""
    preload = LESSON_IMPORTS if job.master else STUDENT_IMPORTS
    key = (job.isolation, job.stage, preload)
    if key not in _sandboxes:
        stage = job.stage
        staged = Stage(Path(stage)) if stage and Path(stage, "site").is_dir() else build_stage()
        _sandboxes[key] = Sandbox(preload=preload, isolation=job.isolation, stage=staged)
    return _sandboxes[key]


def warm_up(job: Job | None) -> None:
    """Pool initializer: have the sandbox warm before the first job arrives. While its server
    starts, this worker loads what every job needs (the master, the quiz banks, the plans'
    modules); a failure there is left for the jobs to report."""
    if job is None:
        return
    _sandbox(job).launch()
    with contextlib.suppress(Exception):
        _prepare(job)
    worker_sandbox(job)


def _prepare(job: Job) -> None:
    if job.master:
        _master(job.master)
    _quiz_banks(job)
    plans_for(job.course, job.assignment, job.student, job.exercises)


@functools.lru_cache(maxsize=16)
def _master(path: str) -> NotebookNode:
    from autograde.grader.program import read_notebook

    return read_notebook(Path(path))


@functools.lru_cache(maxsize=16)
def plans_for(course: str, assignment: str, student: str,
              exercises: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[Plan, ...]:
    """The student's plans (their own hidden cases), calling the assignment's function names.
    (Few are kept: a run grades each student once, and a capstone's plan holds its data split,
    1 MB for digits: keeping a worker's every plan took 07's grading past 1.5 GB.)"""
    from autograde.catalog.exercises import EXERCISES
    from autograde.catalog.spec import build_plan
    from autograde.kit.seeds import hidden_seed

    seed = hidden_seed(course, assignment, student)
    plans = []
    for exercise, names in exercises:
        plan = build_plan(EXERCISES[exercise], seed=seed)
        plans.append(plan.model_copy(update={"functions": list(names or plan.functions)}))
    return tuple(plans)


_warmed: set[tuple[int, str]] = set()


def _warm(sandbox: Sandbox, master: str | None) -> None:
    """Once per sandbox and assignment: run the master notebook itself in the warm server."""
    if master is None or (id(sandbox), master) in _warmed:
        return
    _warmed.add((id(sandbox), master))
    program = from_notebook(Path(master), _master(master))
    sandbox.warm([{"name": cell.name,
                   "source": cell.source if settings.DRAW else imports_of(cell.source)}
                  for cell in program.cells], settings.DRAW)


def _program(job: Job) -> Program:
    path = Path(job.path)
    if job.kind == "absent":
        raise SubmissionError("no_submission", file=job.shown)
    if job.kind == "file":
        return from_file(path)
    return from_notebook(path, _master(job.master))


@functools.lru_cache(maxsize=16)
def _scaffolds(master: str | None, exercises: tuple[tuple[str, tuple[str, ...]], ...]
               ) -> dict[str, frozenset[int]]:
    """The hashes of the master's solutions and stubs, left out of every fingerprint."""
    return master_scaffolds(_master(master) if master else None, exercises)


def _unable_all(job: Job, plans: Sequence[Plan], base: SubmissionResult,
                problem: str) -> SubmissionResult:
    name = Path(job.shown).name
    exercises = [unable(plan, job.lang, "load", file=name, error=problem) for plan in plans]
    return base.model_copy(update={"exercises": exercises, "error": problem})


def _flags(program: Program) -> list[Flag]:
    return scan([(cell.name, cell.source) for cell in program.cells],
                locked={cell.name for cell in program.cells if cell.locked})


def _quiz_banks(job: Job) -> Library | None:
    """The banks that hold the assignment's quiz keys (None when it has no quiz places)."""
    if not job.quizzes:
        return None
    from autograde.quiz.banks import library

    return library(Path(job.banks) if job.banks else None)


def _quiz_points(job: Job, banks: Library | None) -> float:
    """What the assignment's graded quiz places are worth."""
    items = [banks.items[q].resolved(0) for q in job.quizzes if q in banks.items] if banks else []
    return sum(item.points for item in items if item.kind == "graded")


def _quiz(job: Job, program: Program, banks: Library | None) -> list[QuizResponse]:
    """The submission's quiz answers, read from its code (never run) and graded here."""
    if banks is None:
        return []
    from autograde.grader.quiz_answers import grade_answers

    return grade_answers([(cell.name, cell.source) for cell in program.cells],
                         list(job.quizzes), banks, job.lang, job.student, job.quiz_course)


def _grade(job: Job) -> SubmissionResult:
    plans = plans_for(job.course, job.assignment, job.student, job.exercises)
    sandbox = worker_sandbox(job)
    banks = _quiz_banks(job)
    base = SubmissionResult(assignment=job.assignment, student=job.student, path=job.shown,
                            digest=job.digest, lang=job.lang, sandbox=sandbox.mode,
                            max_score=sum(p.max_score for p in plans) + _quiz_points(job, banks))
    try:
        program = _program(job)
    except SubmissionError as problem:
        return _unable_all(job, plans, base, problem.text(job.lang))
    if not settings.RUN_DEMOS:
        functions = {name for plan in plans for name in plan.functions}
        program = replace(program, left_out=demonstrations(program.cells, functions))
    ran = run_program(sandbox, program, plans, job.lang, job.limits)
    missing = (PROBLEMS["missing_cells"](job.lang, file=Path(job.shown).name,
                                         cells=", ".join(program.missing))
               if program.missing else None)
    quiz = _quiz(job, program, banks)
    quiz_score = sum(q.score for q in quiz if q.kind == "graded")
    exercises = tuple((plan.exercise, tuple(plan.functions)) for plan in plans)
    return base.model_copy(update={
        "exercises": ran.exercises, "cells": ran.cells, "events": ran.events, "quiz": quiz,
        "score": round(sum(e.score for e in ran.exercises) + quiz_score, 4),
        "error": missing,
        "flags": _flags(program),
        "fingerprints": fingerprints(program, exercises, _scaffolds(job.master, exercises)),
        "seconds": ran.run.seconds, "cpu_seconds": ran.run.cpu_seconds,
        "max_rss_mb": ran.run.max_rss_mb,
    })


def failed(job: Job, reason: str) -> SubmissionResult:
    """The result of a job the grader itself could not finish (it is retried next run)."""
    return SubmissionResult(assignment=job.assignment, student=job.student, path=job.shown,
                            digest="failed", lang=job.lang, error=f"grader error: {reason}")


def grade_job(job: Job) -> SubmissionResult:
    """Grade one submission; never raises (a grader bug becomes this student's error)."""
    try:
        return _grade(job)
    except Exception as error:
        where = traceback.extract_tb(error.__traceback__)[-1]
        return failed(job, f"{type(error).__name__}: {error} ({Path(where.filename).name}:"
                           f"{where.lineno})")


def grade_jobs(jobs: Iterable[Job], executor: Executor,
               on_result: Callable[[SubmissionResult], None],
               window: int = settings.IN_FLIGHT,
               started: Callable[[], None] | None = None) -> int:
    """Run ``jobs`` on ``executor`` with at most ``window`` in flight; ``on_result`` gets each
    result as soon as it is known; ``started`` runs once the first jobs are handed over (what
    it does overlaps the workers' warm-up). Returns how many were graded."""
    pending: dict[Future, Job] = {}
    queue = iter(jobs)
    count = 0
    while True:
        for job in queue:
            pending[executor.submit(grade_job, job)] = job
            if len(pending) >= window:
                break
        if started is not None:
            started, then = None, started
            then()
        if not pending:
            return count
        done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for future in done:
            job = pending.pop(future)
            try:
                result = future.result()
            except BaseException as error:  # a worker died (killed, out of memory, ...)
                result = failed(job, f"worker lost: {type(error).__name__}: {error}")
            on_result(result)
            count += 1
