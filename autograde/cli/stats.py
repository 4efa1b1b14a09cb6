"""``autograde stats [ASSIGNMENT ...]``: Moodle's item and quiz statistics from the results store.

Every graded quiz place and exercise check is an item; each assignment is a quiz. Without
ASSIGNMENT, every assignment in the store. ``--json``: one JSON object on stdout,
``{"items": [...], "quizzes": [...]}`` — each item with ``item``, ``n``, ``facility``, ``sd``,
``random_guess_score``, ``intended_weight``, ``effective_weight``, ``discrimination_index``,
``discriminative_efficiency`` and ``flags``; each quiz with ``assignment``, ``n``, ``mean``,
``median``, ``sd``, ``cic``, ``error_ratio``, ``standard_error`` — all in percent as Moodle shows
them, null where Moodle shows nothing. Otherwise two tables. Exit 2 (message on stderr) when
there is no store or no results.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from autograde.cli.common import UsageError, add_db, add_lang
from autograde.kit.text import Lang, Text

HEADERS = {
    "item": Text(ja="項目", en="item"),
    "n": Text(ja="人数", en="n"),
    "facility": Text(ja="正答率", en="facility"),
    "sd": Text(ja="SD", en="SD"),
    "random_guess_score": Text(ja="当て推量", en="random guess"),
    "intended_weight": Text(ja="意図した重み", en="intended weight"),
    "effective_weight": Text(ja="実効重み", en="effective weight"),
    "discrimination_index": Text(ja="識別指数", en="discrimination index"),
    "discriminative_efficiency": Text(ja="識別効率", en="discriminative efficiency"),
    "flags": Text(ja="要確認", en="flags"),
    "assignment": Text(ja="課題", en="assignment"),
    "mean": Text(ja="平均", en="mean"),
    "median": Text(ja="中央値", en="median"),
    "cic": Text(ja="CIC (α)", en="CIC (α)"),
    "error_ratio": Text(ja="誤差比", en="error ratio"),
    "standard_error": Text(ja="標準誤差", en="standard error"),
}
FLAGS = {
    "discriminative_efficiency": Text(ja="識別効率 < 15%", en="efficiency < 15%"),
    "discrimination_index": Text(ja="識別指数 < 30%", en="discrimination < 30%"),
}
ITEM_COLUMNS = ("item", "n", "facility", "sd", "random_guess_score", "intended_weight",
                "effective_weight", "discrimination_index", "discriminative_efficiency", "flags")
QUIZ_COLUMNS = ("assignment", "n", "mean", "median", "sd", "cic", "error_ratio",
                "standard_error")


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser("stats", help="Moodle's item and quiz statistics from the results "
                            "store")
    parser.add_argument("assignments", nargs="*", metavar="ASSIGNMENT",
                        help="assignment ids (default: every assignment in the store)")
    parser.add_argument("--course", help="nbgrader course directory (default: the current one)")
    add_db(parser)
    add_lang(parser, "language of the tables (default: AUTOGRADE_LANG, else ja)")
    parser.add_argument("--json", action="store_true",
                        help='one JSON object on stdout: {"items": [...], "quizzes": [...]}')
    return parser


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}%"
    return str(value)


def _rows(records: list[dict[str, object]], columns: tuple[str, ...],
          lang: Lang) -> list[list[str]]:
    rows = []
    for record in records:
        flags = ", ".join(FLAGS[str(f)](lang) for f in record.get("flags") or ())
        rows.append([flags if column == "flags" else _cell(record[column])
                     for column in columns])
    return rows


def print_tables(items: list[dict[str, object]], quizzes: list[dict[str, object]],
                 lang: Lang) -> None:
    from autograde.cli.console import print_table

    right = range(1, 9)
    print_table([HEADERS[c](lang) for c in ITEM_COLUMNS], _rows(items, ITEM_COLUMNS, lang),
                right=right)
    print()
    print_table([HEADERS[c](lang) for c in QUIZ_COLUMNS], _rows(quizzes, QUIZ_COLUMNS, lang),
                right=range(1, len(QUIZ_COLUMNS)))


def run(args: argparse.Namespace) -> int:
    from autograde.grader.store import StoreError
    from autograde.kit.text import current_lang
    from autograde.quiz.bank import BankError
    from autograde.reports.source import NoResults, course_banks, open_store, read_responses
    from autograde.reports.stats import all_stats

    lang = current_lang(args.lang)
    course = Path(args.course) if args.course else Path.cwd()
    try:
        with open_store(course, args.db, lang) as store:
            responses = read_responses(store, args.assignments, course_banks(course), lang)
    except (NoResults, StoreError, BankError) as problem:
        raise UsageError(str(problem)) from None
    items, quizzes = all_stats(responses)
    item_records = [s.as_json() for s in items]
    quiz_records = [q.as_json() for q in quizzes]
    if args.json:
        print(json.dumps({"items": item_records, "quizzes": quiz_records}, ensure_ascii=False))
    else:
        print_tables(item_records, quiz_records, lang)
    return 0
