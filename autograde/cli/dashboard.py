"""``autograde dashboard [ASSIGNMENT ...]``: the instructor's dashboard, one self-contained HTML
file from the results store (opened from disk: no network, no server)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from autograde.cli.common import UsageError, add_db, add_lang
from autograde.kit.text import Text

DEFAULT = "dashboard.html"
DEFAULT_ANONYMOUS = "dashboard-anonymized.html"
SAY = {
    "both": Text(ja="課題を指定するか --all を付けるか、どちらか一方にしてください。",
                 en="give assignments or --all, not both"),
    "written": Text(ja="ダッシュボードを書き出しました: {path}（{size:.1f} MB、{seconds:.1f} 秒）",
                    en="wrote the dashboard: {path} ({size:.1f} MB, {seconds:.1f} s)"),
    "key": Text(ja="仮名の鍵を作成しました: {path}（TA に渡さないでください。"
                   "消すと仮名が変わります）",
                en="made the pseudonym key {path} (keep it from TAs; without it the pseudonyms "
                   "change)"),
    "write": Text(ja="{path} に書き込めません: {reason}", en="cannot write {path}: {reason}"),
    "progress": Text(ja="ダッシュボードを作成しています…", en="building the dashboard…"),
}


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser("dashboard", help="write the instructor's dashboard: one offline "
                            "HTML file from the results store")
    parser.add_argument("assignments", nargs="*", metavar="ASSIGNMENT",
                        help="assignment ids (default: every assignment in the store)")
    parser.add_argument("--all", action="store_true",
                        help="every assignment in the store (the default without ASSIGNMENT)")
    parser.add_argument("-o", "--output", type=Path,
                        help=f"the HTML file (default: {DEFAULT}, or {DEFAULT_ANONYMOUS} with "
                             "--anonymize)")
    parser.add_argument("--course", help="nbgrader course directory: names, submission times, "
                        "audit, banks, pseudonym key (default: the current one)")
    add_db(parser)
    add_lang(parser, "language of the page (default: AUTOGRADE_LANG, else ja)")
    parser.add_argument("--anonymize", action="store_true",
                        help="stable pseudonyms instead of student ids and no names "
                             "(a copy for teaching assistants)")
    return parser


def run(args: argparse.Namespace) -> int:
    from autograde.grader.store import StoreError
    from autograde.kit.text import current_lang
    from autograde.reports.dashboard import DashboardOptions, dashboard
    from autograde.reports.dashboard_people import KEY_FILE, PseudonymKeyError
    from autograde.reports.source import NoResults

    lang = current_lang(args.lang)
    if args.all and args.assignments:
        raise UsageError(SAY["both"](lang))
    course = Path(args.course) if args.course else Path.cwd()
    output = args.output or Path(DEFAULT_ANONYMOUS if args.anonymize else DEFAULT)
    key_existed = (course / KEY_FILE).is_file()
    started = time.perf_counter()
    print(SAY["progress"](lang), file=sys.stderr)
    options = DashboardOptions(course=course, db=args.db, assignments=args.assignments,
                               lang=lang, anonymize=args.anonymize)
    try:
        html = dashboard(options)
    except (NoResults, StoreError, PseudonymKeyError) as problem:
        raise UsageError(str(problem)) from None
    try:
        output.write_text(html, encoding="utf-8")
    except OSError as error:
        raise UsageError(SAY["write"](lang, path=output, reason=error.strerror or error)) \
            from None
    if args.anonymize and not key_existed:
        print(SAY["key"](lang, path=course / KEY_FILE), file=sys.stderr)
    seconds = time.perf_counter() - started
    print(SAY["written"](lang, path=output, size=len(html.encode("utf-8")) / 1e6,
                         seconds=seconds))
    return 0
