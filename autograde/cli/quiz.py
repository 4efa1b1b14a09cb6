"""``autograde quiz list|show|check|schema|take|preview``: the quiz banks from the command line.

Inside a course directory (or below it) the course's ``quizzes/*.yaml`` and its course id;
elsewhere the banks shipped with the package and the course id ``autograde grade`` uses
outside a course (""). ``--json``: one JSON value as the last line of stdout. Exit 0 whenever
an answer was graded (malformed ones too), 2 for usage errors (message on stderr only).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from autograde.cli import quiz_export
from autograde.cli.common import UsageError, add_lang
from autograde.kit.text import LANGS, Lang, Text

WORDS = {
    "variant": Text(ja="変種 {variant} / {variants}", en="variant {variant} of {variants}"),
    "how": Text(ja="答え方: {how}", en="How to answer: {how}"),
    "key": Text(ja="正解: {key}", en="Key: {key}"),
    "read_as": Text(ja="読み取った答え: {read_as}", en="Read as: {read_as}"),
    "score": Text(ja="得点: {score} / {max_score}", en="Score: {score} of {max_score}"),
    "other": Text(ja="この答えは変種 {other} の正解です（この学生の変種は {variant}）。",
                  en="This answer is right for variant {other} (this student has {variant})."),
    "left": Text(ja="左", en="left"), "right": Text(ja="右", en="right"),
}


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser("quiz", help="list, show and check quiz items; the bank schema")
    commands = parser.add_subparsers(dest="quiz_command", required=True)

    listing = commands.add_parser("list", help="every item of the banks")
    listing.add_argument("--json", action="store_true", help="one JSON array on stdout")

    show = commands.add_parser("show", help="an item as a student sees it")
    show.add_argument("item", help="item id (see `autograde quiz list`)")
    _add_student(show)
    show.add_argument("--key", action="store_true",
                      help="add the key: an answer that `quiz check` grades full marks")
    show.add_argument("--json", action="store_true", help="one JSON object on stdout")

    check = commands.add_parser("check", help="grade an answer as a student would type it")
    check.add_argument("item", help="item id (see `autograde quiz list`)")
    check.add_argument("answer", help="e.g. b, a,c, true, -3.2e-2, 1/3, [1/3, 1/3, 1/3], "
                       "c,a,b, 1-b,2-a")
    _add_student(check)
    check.add_argument("--json", action="store_true",
                       help="the result as one JSON object (last line of stdout)")

    schema = commands.add_parser("schema", help="the JSON Schema of a bank (for editors)")
    schema.add_argument("-o", "--output", help="write it to this file (default: stdout)")
    quiz_export.add_parser(commands)

    take = commands.add_parser("take", help="self-study: answer a bank's items in the terminal")
    take.add_argument("bank", help="a lesson id (e.g. 03_loss) or the path of a YAML bank")
    _add_student(take)
    take.add_argument("--items", metavar="ID,...", help="only these items, in this order")
    take.add_argument("--shuffle", action="store_true", help="ask the items in random order")

    preview = commands.add_parser("preview", help="a bank with its keys, feedback and "
                                  "variants as one offline HTML page for review")
    preview.add_argument("bank", help="a lesson id (e.g. 03_loss) or the path of a YAML bank")
    preview.add_argument("-o", "--output", metavar="FILE.html",
                         help="file to write (default: <lesson>_preview.html)")
    preview.add_argument("--lang", choices=(*LANGS, "both"), default="both",
                         help="language of the texts (default: both, Japanese first)")
    preview.add_argument("--variants", type=quiz_export._count, metavar="N",
                         help="variants shown per item (default: all K)")
    return parser


def _add_student(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--student", help="the student whose variant to use (default: "
                        "variant 0, the lesson's own numbers)")
    parser.add_argument("--course-id", help="course id of the variant seed (default: the "
                        "current course's, or \"\" outside a course)")
    add_lang(parser, "language (default: AUTOGRADE_LANG or ja)")


def course_root(start: Path | None = None) -> Path | None:
    """The course directory holding ``start`` (the working directory), if any."""
    from autograde.course.layout import is_course

    start = (start or Path.cwd()).resolve()
    return next((folder for folder in (start, *start.parents) if is_course(folder)), None)


def _library(root: Path | None):
    from autograde.quiz import BankError, library

    try:
        return library(root)
    except BankError as error:
        raise UsageError(f"the quiz banks have problems:\n{error}") from None


def _entry(args: argparse.Namespace, root: Path | None):
    entries = _library(root).items
    if args.item not in entries:
        raise UsageError(f"unknown quiz item {args.item!r} (see `autograde quiz list`)")
    return entries[args.item]


def _course(args: argparse.Namespace, root: Path | None) -> str:
    from autograde.course.layout import course_id

    return args.course_id if args.course_id is not None else (
        course_id(root) if root is not None else "")


def _variant(args: argparse.Namespace, entry, root: Path | None) -> int:
    return entry.variant_of(args.student, _course(args, root))


def bank_file(name: str, root: Path | None):
    """``(path, bank)`` for BANK: a lesson id of the course's (or shipped) banks, or the path
    of a YAML file; a usage error naming the known lessons otherwise."""
    from autograde.quiz import BankError, load_bank

    path = Path(name)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        try:
            return path, load_bank(path)
        except BankError as error:
            raise UsageError(f"the quiz bank has problems:\n{error}") from None
    banks = _library(root)
    try:
        return banks.bank(name)
    except KeyError:
        raise UsageError(f"unknown quiz bank {name!r} (known: {', '.join(banks.banks)}; "
                         "or give the path of a .yaml file)") from None


def listing(root: Path | None) -> list[dict[str, Any]]:
    """``quiz list --json``: one object per item."""
    from autograde.quiz.resolve import named_misconceptions

    return [{"id": e.item.id, "lesson": e.bank.lesson, "type": e.item.type,
             "points": e.item.points, "kind": e.item.kind, "variants": e.item.variants,
             "misconceptions": named_misconceptions(e.item)}
            for e in _library(root).items.values()]


def presented(item, lang: Lang) -> dict[str, Any]:
    """An item as the student sees it: prompt, then the options in the order shown."""
    from autograde.kit.quiz.items import LETTERS
    from autograde.kit.quiz.messages import HOW

    view: dict[str, Any] = {"id": item.id, "lesson": item.lesson, "type": item.type,
                            "kind": item.kind, "points": item.points, "variant": item.variant,
                            "variants": item.variants, "lang": lang,
                            "prompt": item.prompt(lang)}
    if item.type in ("single", "multiple"):
        view["choices"] = [{"letter": LETTERS[i], "text": c.text(lang)}
                           for i, c in enumerate(item.choices)]
    if item.type == "ordering":
        view["steps"] = [{"letter": LETTERS[i], "text": item.steps[s](lang)}
                         for i, s in enumerate(item.shown)]
    if item.type == "matching":
        view["left"] = [{"number": i + 1, "text": p.left(lang)}
                        for i, p in enumerate(item.pairs)]
        view["right"] = [{"letter": LETTERS[j], "text": item.option(o)(lang)}
                         for j, o in enumerate(item.shown)]
    view["how"] = HOW[item.type](lang)
    return view


def _print_view(view: dict[str, Any], lang: Lang) -> None:
    print(f"{view['id']} ({view['type']}, {view['kind']}, "
          f"{WORDS['variant'](lang, variant=view['variant'], variants=view['variants'])})")
    print(view["prompt"])
    for entry in view.get("choices", []) + view.get("steps", []):
        print(f"  {entry['letter']}) {entry['text']}")
    for entry in view.get("left", []):
        print(f"  {WORDS['left'](lang)} {entry['number']}. {entry['text']}")
    for entry in view.get("right", []):
        print(f"  {WORDS['right'](lang)} {entry['letter']}) {entry['text']}")
    print(WORDS["how"](lang, how=view["how"]))
    if "key" in view:
        print(WORDS["key"](lang, key=view["key"]))


def _run_list(args: argparse.Namespace, root: Path | None) -> int:
    rows = listing(root)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    from autograde.cli.console import print_table

    print_table(["id", "lesson", "type", "kind", "points", "variants", "misconceptions"],
                [[r["id"], r["lesson"], r["type"], r["kind"], f"{r['points']:g}",
                  str(r["variants"]), ", ".join(r["misconceptions"])] for r in rows],
                right=(4, 5))
    return 0


def _run_show(args: argparse.Namespace, root: Path | None, lang: Lang) -> int:
    from autograde.kit.quiz.keys import key

    entry = _entry(args, root)
    item = entry.resolved(_variant(args, entry, root))
    view = presented(item, lang)
    if args.key:
        view["key"] = key(item)
    if args.json:
        print(json.dumps(view, ensure_ascii=False))
    else:
        _print_view(view, lang)
    return 0


CHECK_FIELDS = ("item", "lang", "variant", "read_as", "score", "max_score", "feedback",
                "misconceptions", "error")
"""What ``quiz check --json`` prints (the contract outside test suites rely on)."""


def _run_check(args: argparse.Namespace, root: Path | None, lang: Lang) -> int:
    entry = _entry(args, root)
    variant = _variant(args, entry, root)
    result = entry.check(args.answer, variant, lang)
    if args.json:
        print(json.dumps(result.model_dump(include=set(CHECK_FIELDS)), ensure_ascii=False))
        return 0
    if result.read_as is not None:
        print(WORDS["read_as"](lang, read_as=result.read_as))
    print(WORDS["score"](lang, score=f"{result.score:g}", max_score=f"{result.max_score:g}"))
    for text in (result.error, result.feedback):
        if text:
            print(text)
    if result.other_variant is not None:
        print(WORDS["other"](lang, other=result.other_variant, variant=variant))
    return 0


def _run_schema(args: argparse.Namespace) -> int:
    from autograde.quiz.models import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2)
    if args.output:
        try:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
        except OSError as problem:
            raise UsageError(f"cannot write {args.output}: {problem}") from None
    else:
        print(text)
    return 0


def _ask(prompt: str) -> str:
    """A line typed at ``prompt``; with stdin piped, the line is echoed (a readable log)."""
    line = input(prompt)
    if not sys.stdin.isatty():
        print(line, flush=True)
    return line


def _run_take(args: argparse.Namespace, root: Path | None, lang: Lang) -> int:
    from rich.console import Console

    from autograde.cli.console import console
    from autograde.quiz.take import Session, UnknownItems, questions

    file, bank = bank_file(args.bank, root)
    only = [i.strip() for i in args.items.split(",") if i.strip()] if args.items else None
    try:
        chosen = questions(bank, file, student=args.student, course=_course(args, root),
                           only=only, shuffle=args.shuffle)
    except UnknownItems as error:
        raise UsageError(f"unknown quiz item {error}") from None
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")  # a stray byte reads as an unreadable answer
    out = Console(highlight=False) if sys.stdout.isatty() else console()  # wraps panels
    Session(chosen, lang, out, _ask, student=bool(args.student)).run()
    return 0


def _run_preview(args: argparse.Namespace, root: Path | None) -> int:
    from autograde.course import mathjax
    from autograde.quiz.preview import preview

    file, bank = bank_file(args.bank, root)
    folder = mathjax.vendored()
    if folder is None:
        print(f"MathJax is not in the package (`make` fetches it): the preview loads it from "
              f"{mathjax.CDN}, so its math shows only online", file=sys.stderr)
    script = (folder / mathjax.SCRIPT).read_text("utf-8") if folder else None
    langs = LANGS if args.lang == "both" else (args.lang,)
    page = preview(bank, file, langs, args.variants, script, mathjax.CDN)
    output = Path(args.output or f"{bank.lesson}_preview.html")
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as problem:
        raise UsageError(f"cannot write {output}: {problem}") from None
    print(f"{bank.lesson}: {len(bank.items)} items → {output}", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    from autograde.kit.text import current_lang

    if args.quiz_command == "schema":
        return _run_schema(args)
    root = course_root()
    if args.quiz_command == "export":
        return quiz_export.run(args, root)
    if args.quiz_command == "preview":
        return _run_preview(args, root)
    if args.quiz_command == "list":
        return _run_list(args, root)
    lang = current_lang(args.lang)
    if args.quiz_command == "show":
        return _run_show(args, root, lang)
    if args.quiz_command == "take":
        return _run_take(args, root, lang)
    return _run_check(args, root, lang)
