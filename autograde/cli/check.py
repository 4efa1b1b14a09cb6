"""``autograde check EXERCISE FILE.py``: grade one file in the sandbox (``--json``: the
result model as the last line of stdout; exit 0 whenever grading ran, 2 for usage errors)."""

from __future__ import annotations

import argparse
from pathlib import Path

from autograde.cli.common import UsageError, add_lang, exercise


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser("check", help="grade the functions defined in a Python file")
    parser.add_argument("exercise", help="exercise id (see `autograde list`)")
    parser.add_argument("file", help="a .py file that defines the exercise's function(s)")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line")
    add_lang(parser, "feedback language (default: AUTOGRADE_LANG or ja)")
    parser.add_argument("--seed", type=int, help="seed of the hidden cases")
    parser.add_argument("--student", help="derive the hidden cases' seed from this student id")
    parser.add_argument("--public-only", action="store_true", help="only the public cases")
    return parser


def run(args: argparse.Namespace) -> int:
    from autograde.catalog.spec import build_plan
    from autograde.grader.isolate import grade_file
    from autograde.kit import render
    from autograde.kit.seeds import seed_for
    from autograde.kit.text import current_lang
    from autograde.sandbox.client import SandboxError

    spec = exercise(args.exercise)
    source = Path(args.file)
    if not source.is_file():
        raise UsageError(f"no such file: {source}")
    seed = args.seed if args.seed is not None else seed_for(args.student or "")
    plan = build_plan(spec, seed=seed, include_hidden=not args.public_only)
    try:
        result = grade_file(plan, source, current_lang(args.lang))
    except SandboxError as problem:
        raise UsageError(f"cannot grade: {problem}") from None
    print(result.model_dump_json() if args.json else render.text(result))
    return 0
