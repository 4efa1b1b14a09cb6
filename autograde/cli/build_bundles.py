"""``autograde build-bundles``: regenerate the public case bundles (``--check``: only list
the ones out of date with the reference, exit 1 if any). A catalog with unsound specs (a
misconception without a short name, ...) is listed and nothing is written."""

from __future__ import annotations

import argparse
import sys


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser("build-bundles", help="regenerate the public case bundles")
    parser.add_argument("--check", action="store_true", help="only report bundles out of date")
    return parser


def run(args: argparse.Namespace) -> int:
    from autograde.catalog.exercises import EXERCISES
    from autograde.catalog.publish import stale_bundles, write_bundles
    from autograde.catalog.spec import spec_problems

    problems = [problem for ex in EXERCISES.values() for problem in spec_problems(ex)]
    if problems:
        print("autograde: fix the exercise specs first:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    if args.check:
        stale = stale_bundles()
        for name in stale:
            print(f"out of date: {name}")
        return 1 if stale else 0
    for path in write_bundles():
        print(f"wrote {path}")
    return 0
