"""``autograde audit ASSIGNMENT``: the submissions nbgrader scored higher than the isolated
grader, per exercise, with the reasons we know (``--json``: the rows)."""

from __future__ import annotations

import argparse
from pathlib import Path

from autograde.cli.common import UsageError, add_db, add_lang
from autograde.cli.grade import grading_errors


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser("audit", help="list submissions nbgrader scored higher than the "
                            "isolated grader, with the reason")
    parser.add_argument("assignment", help="assignment id, e.g. 01_neuron")
    parser.add_argument("--course", help="nbgrader course directory (default: the current one)")
    add_db(parser)
    add_lang(parser, "language of the report")
    parser.add_argument("--json", action="store_true", help="the rows as JSON")
    return parser


def run(args: argparse.Namespace) -> int:
    from autograde.cli.console import ProgressBar, print_table
    from autograde.course.audit import (
        AuditError,
        audit,
        audit_table,
        audit_title,
        kernel_scores,
        rows_json,
    )
    from autograde.course.grading import GradeOptions, grade_assignment
    from autograde.grader.store import Store
    from autograde.kit.text import current_lang

    course = Path(args.course) if args.course else Path.cwd()
    lang = current_lang(args.lang)
    options = GradeOptions(assignment=args.assignment, course=course, db=args.db,
                           lang=args.lang, gradebook=False)
    try:
        kernel = kernel_scores(course, args.assignment, lang)
        progress = None if args.json else ProgressBar(args.assignment)
        grade_assignment(options, progress)  # the isolated grades of anything not graded yet
        with Store.for_course(course, args.db) as store:
            isolated = store.results(args.assignment)
    except (*grading_errors(), AuditError) as problem:
        raise UsageError(str(problem)) from None
    rows = audit(kernel, isolated)
    if args.json:
        print(rows_json(rows))
        return 0
    print(audit_title(rows, lang, args.assignment, total=len(kernel)))
    if rows:
        print()
        print_table(*audit_table(rows, lang), right=(1, 2))
    return 0
