"""The ``autograde`` command (instructor side): one module per command, each with
``add_parser(subparsers)`` and ``run(args) -> exit status``."""

from __future__ import annotations

import argparse
import atexit
import os
import sys
from typing import NoReturn

import autograde.grader.fast_start  # noqa: F401  (first: before nbformat)
from autograde.cli import (
    audit,
    build_bundles,
    build_student_kit,
    check,
    dashboard,
    demo,
    export,
    grade,
    init,
    list_exercises,
    quiz,
    stats,
)
from autograde.cli.common import UsageError

COMMANDS = (list_exercises, check, grade, audit, build_bundles, build_student_kit, init, demo,
            quiz, stats, export, dashboard)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograde", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub).set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as problem:
        print(f"autograde: {problem}", file=sys.stderr)
        return 2


def command() -> NoReturn:
    """The ``autograde`` console script: :func:`main`, its exit handlers, then a quick exit.
    Everything is written and closed by then; tearing the interpreter down (nbgrader,
    SQLAlchemy, NumPy and the rest loaded: half a second on a small machine) would only keep
    the shell waiting. An exception still ends the command the usual way, with its traceback."""
    status = main() or 0
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said there
            status = status or 1
    os._exit(status)
