"""``autograde build-student-kit OUT``: the installable student kit (no reference code)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser("build-student-kit",
                            help="write the student kit (no reference code)")
    parser.add_argument("out", help="output directory")
    return parser


def run(args: argparse.Namespace) -> int:
    from autograde.catalog.publish import build_student_kit

    out = build_student_kit(Path(args.out))
    print(f"student kit written to {out} (install with: pip install {out})")
    return 0
