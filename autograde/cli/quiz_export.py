"""``autograde quiz export BANK --format moodle-xml|gift|qti21``: a bank for an LMS.

The export goes to ``-o FILE``, else to stdout for the text formats and to ``<lesson>.zip``
for QTI. stderr gets one line per item that a format cannot express as the bank grades it
(degraded or left out, and why) and a summary line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograde.cli.common import UsageError, add_lang

FORMAT_NAMES = ("moodle-xml", "gift", "qti21")


def _count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 1, got {text!r}")
    return count


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "export", help="a bank for an LMS: Moodle XML, GIFT or QTI 2.1",
        description=__doc__.split("\n\n")[1])
    parser.add_argument("bank", help="a lesson id (e.g. 03_loss) or the path of a YAML bank")
    parser.add_argument("--format", required=True, choices=FORMAT_NAMES, dest="export_format")
    parser.add_argument("-o", "--output", help="file to write (default: stdout for moodle-xml "
                        "and gift, <lesson>.zip for qti21)")
    parser.add_argument("--variants", type=_count, metavar="N",
                        help="variants per item, as pre-drawn copies (default: all K of each "
                        "item; 1: only the lesson's own numbers)")
    add_lang(parser, "language of the texts (default: AUTOGRADE_LANG or ja)")
    return parser


def _write(data: bytes, output: str | None) -> None:
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        Path(output).write_bytes(data)
    except OSError as problem:
        raise UsageError(f"cannot write {output}: {problem}") from None


def run(args: argparse.Namespace, root: Path | None) -> int:
    from autograde.cli.quiz import bank_file
    from autograde.kit.text import current_lang
    from autograde.quiz.export import export

    _, bank = bank_file(args.bank, root)
    result = export(bank, args.export_format, current_lang(args.lang), args.variants)
    output = args.output
    if output is None and args.export_format == "qti21":
        output = f"{bank.lesson}{result.suffix}"
    _write(result.data, output)
    for note in result.notes:
        status = "left out" if note.left_out else "degraded"
        print(f"{note.item}: {status}: {note.reason}", file=sys.stderr)
    where = f" → {output}" if output else ""
    print(result.summary.line() + where, file=sys.stderr)
    return 0
