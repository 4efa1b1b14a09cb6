"""The ``autograde`` command (instructor side)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import autograde.fast_start  # noqa: F401  (first: before nbformat)
from autograde.text import LANGS, current_lang


class UsageError(Exception):
    """A mistake in how the command was called: message on stderr, exit status 2."""


def _exercise(exercise_id: str):
    from autograde.exercises import EXERCISES

    if exercise_id not in EXERCISES:
        known = ", ".join(EXERCISES)
        raise UsageError(f"unknown exercise {exercise_id!r} (known: {known})")
    return EXERCISES[exercise_id]


def cmd_list(args: argparse.Namespace) -> int:
    from autograde.exercises import EXERCISES

    entries = [
        {"id": ex.id, "signature": ex.signature, "functions": ex.function_names,
         "max_score": ex.max_score, "misconceptions": [m.id for m in ex.misconceptions]}
        for ex in EXERCISES.values()
    ]
    if args.json:
        print(json.dumps(entries, ensure_ascii=False))
    else:
        for entry in entries:
            print(f"{entry['id']:<22} {entry['signature']:<48} {entry['max_score']:>4g} pts  "
                  f"{len(entry['misconceptions'])} misconceptions")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from autograde import render
    from autograde.isolate import grade_file
    from autograde.spec import build_plan, seed_for

    exercise = _exercise(args.exercise)
    source = Path(args.file)
    if not source.is_file():
        raise UsageError(f"no such file: {source}")
    seed = args.seed if args.seed is not None else seed_for(args.student or "")
    plan = build_plan(exercise, seed=seed, include_hidden=not args.public_only)
    result = grade_file(plan, source, current_lang(args.lang))
    if args.json:
        print(result.model_dump_json())
    else:
        print(render.text(result))
    return 0


def _grading_errors() -> tuple[type[Exception], ...]:
    """What grading raises for a bad course, database, gradebook or scheduler (not a bug)."""
    from autograde.assignment import GradeError
    from autograde.gradebook import GradebookError
    from autograde.sandbox.client import SandboxError
    from autograde.store import StoreError

    return GradeError, GradebookError, SandboxError, StoreError


def cmd_grade(args: argparse.Namespace) -> int:
    from autograde.assignment import GradeOptions, grade_assignment
    from autograde.report import summary_text
    from autograde.sandbox.limits import Limits

    options = GradeOptions(
        assignment=args.assignment, course=Path(args.course) if args.course else None,
        files=Path(args.files) if args.files else None, db=args.db, workers=args.workers,
        scheduler=args.scheduler, lang=args.lang, quiet=args.quiet, force=args.force,
        gradebook=not args.no_gradebook, isolation=args.isolation,
        limits=Limits(cell_seconds=args.cell_timeout, total_seconds=args.timeout))
    if options.course is None and options.files is None:
        options.course = Path.cwd()
    try:
        summary = grade_assignment(options)
    except _grading_errors() as problem:
        raise UsageError(str(problem)) from None
    if args.json:
        for result in summary.graded:
            print(result.model_dump_json())
    else:
        print(summary_text(summary, current_lang(args.lang), list_all=args.list))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from autograde.assignment import GradeOptions, grade_assignment
    from autograde.audit import AuditError, audit, kernel_scores, render_audit, rows_json
    from autograde.store import Store

    course = Path(args.course) if args.course else Path.cwd()
    lang = current_lang(args.lang)
    options = GradeOptions(assignment=args.assignment, course=course, db=args.db,
                           lang=args.lang, quiet=args.json, gradebook=False)
    try:
        kernel = kernel_scores(course, args.assignment, lang)
        grade_assignment(options)  # the isolated grades of anything not graded yet
        with Store.for_course(course, args.db) as store:
            isolated = store.results(args.assignment)
    except (*_grading_errors(), AuditError) as problem:
        raise UsageError(str(problem)) from None
    rows = audit(kernel, isolated)
    print(rows_json(rows) if args.json else
          render_audit(rows, lang, args.assignment, total=len(kernel)))
    return 0


def cmd_build_bundles(args: argparse.Namespace) -> int:
    from autograde.kit import stale_bundles, write_bundles

    if args.check:
        stale = stale_bundles()
        for name in stale:
            print(f"out of date: {name}")
        return 1 if stale else 0
    for path in write_bundles():
        print(f"wrote {path}")
    return 0


def cmd_build_student_kit(args: argparse.Namespace) -> int:
    from autograde.kit import build_student_kit

    out = build_student_kit(Path(args.out))
    print(f"student kit written to {out} (install with: pip install {out})")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from autograde.course import CourseError, init_course

    target = Path(args.dir)
    try:
        ids = init_course(target, current_lang(args.lang), args.course_id)
    except CourseError as problem:
        raise UsageError(str(problem)) from None
    print(f"created the nbgrader course {target} with {len(ids)} assignments:")
    for assignment in ids:
        print(f"  {assignment}")
    print(f"next: cd {target} && nbgrader generate_assignment {ids[0] if ids else '<id>'}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from autograde.demo import run_demo

    return run_demo(current_lang(args.lang))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograde", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("list", help="list the exercises")
    p.add_argument("--json", action="store_true", help="one JSON array on stdout")
    p.set_defaults(run=cmd_list)

    p = sub.add_parser("check", help="grade the functions defined in a Python file")
    p.add_argument("exercise", help="exercise id (see `autograde list`)")
    p.add_argument("file", help="a .py file that defines the exercise's function(s)")
    p.add_argument("--json", action="store_true", help="print the result as one JSON line")
    p.add_argument("--lang", choices=LANGS,
                   help="feedback language (default: AUTOGRADE_LANG or ja)")
    p.add_argument("--seed", type=int, help="seed of the hidden cases")
    p.add_argument("--student", help="derive the hidden cases' seed from this student id")
    p.add_argument("--public-only", action="store_true", help="only the public cases")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("grade", help="grade every submission of an assignment in the sandbox")
    p.add_argument("assignment", help="assignment id, e.g. 01_neuron")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--course", help="nbgrader course directory (default: the current one)")
    where.add_argument("--files", help="a folder of .py submissions: <student>.py or "
                       "<student>/<file>.py")
    p.add_argument("--db", help="results database URL (default: sqlite:///<course>/autograde.db)")
    p.add_argument("--workers", type=int, help="local worker processes (default: the cores)")
    p.add_argument("--scheduler", help="grade on a Dask cluster, e.g. tcp://host:8786")
    p.add_argument("--lang", choices=LANGS, help="feedback language (default: the course's)")
    p.add_argument("--force", action="store_true", help="regrade submissions already graded")
    p.add_argument("--no-gradebook", action="store_true",
                   help="do not write the scores into nbgrader's gradebook")
    p.add_argument("--isolation", choices=("auto", "bwrap", "rlimits"), default="auto",
                   help="bwrap: require bubblewrap; rlimits: without it (default: auto)")
    p.add_argument("--timeout", type=float, default=60.0,
                   help="seconds per submission (default: 60)")
    p.add_argument("--cell-timeout", type=float, default=10.0,
                   help="seconds per notebook cell (default: 10)")
    p.add_argument("--quiet", action="store_true", help="no progress output (for logs)")
    p.add_argument("--list", action="store_true", help="one line per student")
    p.add_argument("--json", action="store_true", help="one JSON result per line")
    p.set_defaults(run=cmd_grade)

    p = sub.add_parser("audit", help="list submissions nbgrader scored higher than the "
                       "isolated grader, with the reason")
    p.add_argument("assignment", help="assignment id, e.g. 01_neuron")
    p.add_argument("--course", help="nbgrader course directory (default: the current one)")
    p.add_argument("--db", help="results database URL (default: sqlite:///<course>/autograde.db)")
    p.add_argument("--lang", choices=LANGS, help="language of the report")
    p.add_argument("--json", action="store_true", help="the rows as JSON")
    p.set_defaults(run=cmd_audit)

    p = sub.add_parser("build-bundles", help="regenerate the public case bundles")
    p.add_argument("--check", action="store_true", help="only report bundles out of date")
    p.set_defaults(run=cmd_build_bundles)

    p = sub.add_parser("build-student-kit", help="write the student kit (no reference code)")
    p.add_argument("out", help="output directory")
    p.set_defaults(run=cmd_build_student_kit)

    p = sub.add_parser("init", help="create an nbgrader course from the built-in lessons")
    p.add_argument("dir", help="a new or empty directory")
    p.add_argument("--lang", choices=LANGS, default="ja", help="course language (default: ja)")
    p.add_argument("--course-id", help="nbgrader course id (default: the directory's name)")
    p.set_defaults(run=cmd_init)

    p = sub.add_parser("demo", help="grade the built-in sample submissions")
    p.add_argument("--lang", choices=LANGS)
    p.set_defaults(run=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as problem:
        print(f"autograde: {problem}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
