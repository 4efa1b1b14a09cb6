"""``autograde export grades [ASSIGNMENT ...] --format moodle|canvas|wide -o FILE.csv``: grades
for an LMS gradebook (Moodle's or Canvas's CSV import), or every item's points (``wide``), from
the results store and the course's nbgrader gradebook (manual grades from formgrader included).
UTF-8 with a BOM. Without ASSIGNMENT, every assignment in the store. Exit 2 (message on
stderr) when there is no store, no results, or the gradebook cannot be read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from autograde.cli.common import UsageError, add_db, add_lang
from autograde.kit.text import Text

WORDS = {
    "wrote": Text(ja="{path} に {students} 人分の成績（{columns} 列、{format} 形式）を"
                     "書き出しました",
                  en="wrote the grades of {students} students ({columns} columns, {format}) "
                     "to {path}"),
    "unwritable": Text(ja="{path} に書き込めません: {reason}",
                       en="cannot write {path}: {reason}"),
}


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser("export", help="export grades for an LMS gradebook")
    what = parser.add_subparsers(dest="export_what", required=True)
    grades = what.add_parser("grades", help="grades as a CSV file for Moodle or Canvas, or every "
                             "item's points (wide)")
    grades.add_argument("assignments", nargs="*", metavar="ASSIGNMENT",
                        help="assignment ids (default: every assignment in the store)")
    grades.add_argument("--format", required=True, choices=("moodle", "canvas", "wide"),
                        help="moodle or canvas: their gradebook import CSV; wide: student and "
                        "one column per item, in points")
    grades.add_argument("-o", "--output", required=True, metavar="FILE.csv",
                        help="the CSV file to write")
    grades.add_argument("--course", help="nbgrader course directory (default: the current one)")
    add_db(grades)
    add_lang(grades, "language of the messages (default: AUTOGRADE_LANG, else ja)")
    return parser


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from autograde.course.gradebook import GradebookError
    from autograde.grader.store import StoreError, reason_of
    from autograde.kit.text import current_lang
    from autograde.quiz.bank import BankError
    from autograde.reports.grade_csv import canvas_rows, moodle_rows, wide_rows, write_csv
    from autograde.reports.grades import collect_grades
    from autograde.reports.source import NoResults, course_banks, open_store, read_responses

    lang = current_lang(args.lang)
    course = Path(args.course) if args.course else Path.cwd()
    output = Path(args.output)
    try:
        with open_store(course, args.db, lang) as store:
            responses = read_responses(store, args.assignments, course_banks(course), lang)
            if args.format == "wide":
                rows = wide_rows(responses)
            else:
                grades = collect_grades(store.results(), responses.assignments, course)
                rows = (moodle_rows if args.format == "moodle" else canvas_rows)(grades)
    except (NoResults, StoreError, GradebookError, BankError) as problem:
        raise UsageError(str(problem)) from None
    except SQLAlchemyError as problem:  # the gradebook's database
        raise UsageError(reason_of(problem)) from None
    try:
        write_csv(output, rows)
    except OSError as problem:
        raise UsageError(WORDS["unwritable"](lang, path=output, reason=problem.strerror or
                                             problem)) from None
    students = len(rows) - (2 if args.format == "canvas" else 1)
    print(WORDS["wrote"](lang, path=output, students=students, columns=len(rows[0]),
                         format=args.format))
    return 0
