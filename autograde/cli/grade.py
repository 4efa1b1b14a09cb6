"""``autograde grade ASSIGNMENT``: grade every submission in the sandbox, write the store and
nbgrader's gradebook, print a summary (``--list``: one line per student; ``--json``: one
result per line)."""

from __future__ import annotations

import argparse
from pathlib import Path

from autograde.cli.common import UsageError, add_db, add_lang
from autograde.sandbox.limits import Limits


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser("grade", help="grade every submission of an assignment in the sandbox")
    parser.add_argument("assignment", help="assignment id, e.g. 01_neuron")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--course", help="nbgrader course directory (default: the current one)")
    where.add_argument("--files", help="a folder of .py submissions: <student>.py or "
                       "<student>/<file>.py")
    add_db(parser)
    parser.add_argument("--workers", type=int, help="local worker processes (default: the cores)")
    parser.add_argument("--scheduler", help="grade on a Dask cluster, e.g. tcp://host:8786")
    add_lang(parser, "feedback language (default: the course's)")
    parser.add_argument("--force", action="store_true", help="regrade submissions already graded")
    parser.add_argument("--no-gradebook", action="store_true",
                        help="do not write the scores into nbgrader's gradebook")
    parser.add_argument("--isolation", choices=("auto", "bwrap", "rlimits"), default="auto",
                        help="bwrap: require bubblewrap; rlimits: without it (default: auto)")
    parser.add_argument("--timeout", type=float, default=Limits.total_seconds,
                        help=f"seconds per submission (default: {Limits.total_seconds:g})")
    parser.add_argument("--cell-timeout", type=float, default=Limits.cell_seconds,
                        help=f"seconds per notebook cell (default: {Limits.cell_seconds:g})")
    parser.add_argument("--quiet", action="store_true", help="no progress output (for logs)")
    parser.add_argument("--list", action="store_true", help="one line per student")
    parser.add_argument("--json", action="store_true", help="one JSON result per line")
    return parser


def grading_errors() -> tuple[type[Exception], ...]:
    """What grading raises for a bad course, database, gradebook or scheduler (not a bug)."""
    from autograde.course.gradebook import GradebookError
    from autograde.course.grading import GradeError
    from autograde.grader.store import StoreError
    from autograde.sandbox.client import SandboxError

    return GradeError, GradebookError, SandboxError, StoreError


def run(args: argparse.Namespace) -> int:
    if not args.scheduler:  # the local workers' imports overlap this process's from here on
        from autograde.grader import forkserver

        forkserver.start(["autograde.cli"])  # what the ``autograde`` script imports
    from autograde.cli.console import ProgressBar
    from autograde.course.grading import GradeOptions, grade_assignment
    from autograde.grader.summary import summary_text
    from autograde.kit.text import current_lang

    options = GradeOptions(
        assignment=args.assignment, course=Path(args.course) if args.course else None,
        files=Path(args.files) if args.files else None, db=args.db, workers=args.workers,
        scheduler=args.scheduler, lang=args.lang, force=args.force,
        gradebook=not args.no_gradebook, isolation=args.isolation,
        limits=Limits(cell_seconds=args.cell_timeout, total_seconds=args.timeout))
    if options.course is None and options.files is None:
        options.course = Path.cwd()
    progress = None if args.quiet else ProgressBar(args.assignment)
    try:
        summary = grade_assignment(options, progress)
    except grading_errors() as problem:
        raise UsageError(str(problem)) from None
    if args.json:
        for result in summary.graded:
            print(result.model_dump_json())
    else:
        print(summary_text(summary, current_lang(args.lang), list_all=args.list))
    return 0
