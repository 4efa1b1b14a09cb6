"""The ``autograde`` command (instructor side): one module per command, each with
``add_parser(subparsers)`` and ``run(args) -> exit status``."""

from __future__ import annotations

import argparse
import sys

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
