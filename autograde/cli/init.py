"""``autograde init DIR``: a ready nbgrader course in one language."""

from __future__ import annotations

import argparse
from pathlib import Path

from autograde.cli.common import UsageError, add_lang


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser("init", help="create an nbgrader course from the built-in lessons")
    parser.add_argument("dir", help="a new or empty directory")
    add_lang(parser, "course language (default: ja)", default="ja")
    parser.add_argument("--course-id", help="nbgrader course id (default: the directory's name)")
    return parser


def run(args: argparse.Namespace) -> int:
    from autograde.course.scaffold import CourseError, init_course
    from autograde.kit.text import current_lang

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
