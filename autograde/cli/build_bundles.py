"""``autograde build-bundles``: regenerate the public case bundles and the quiz bundles
and the master lessons' quiz places (``--check``: only list what is out of date with the
reference and the banks, exit 1 if any).
A catalog with unsound specs (a misconception without a short name, ...) or a bank that does
not load is listed and nothing is written."""

from __future__ import annotations

import argparse
import sys


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser("build-bundles",
                            help="regenerate the public case bundles and the quiz bundles")
    parser.add_argument("--check", action="store_true", help="only report bundles out of date")
    return parser


def run(args: argparse.Namespace) -> int:
    from autograde.catalog.exercises import EXERCISES
    from autograde.catalog.publish import stale_bundles, write_bundles
    from autograde.catalog.spec import spec_problems
    from autograde.course.quiz_places import sync_master
    from autograde.quiz import BankError
    from autograde.quiz.publish import stale_quiz_bundles, write_quiz_bundles

    problems = [problem for ex in EXERCISES.values() for problem in spec_problems(ex)]
    if problems:
        print("autograde: fix the exercise specs first:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    try:
        if args.check:
            stale = (stale_bundles() + [f"quiz/{name}" for name in stale_quiz_bundles()]
                     + [f"quiz places of {path}" for path in sync_master(check=True)])
            for name in stale:
                print(f"out of date: {name}")
            return 1 if stale else 0
        for path in [*write_bundles(), *write_quiz_bundles(), *sync_master()]:
            print(f"wrote {path}")
    except BankError as error:
        print(f"autograde: fix the quiz banks first:\n{error}", file=sys.stderr)
        return 1
    return 0
