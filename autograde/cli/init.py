"""``autograde init DIR``: a ready nbgrader course in one language, which it speaks too."""

from __future__ import annotations

import argparse
from pathlib import Path

from autograde.cli.common import UsageError, add_lang
from autograde.kit.text import Text

WORDS = {
    "created": Text(ja="nbgrader のコース {target} を作りました（課題 {n} 件）:",
                    en="created the nbgrader course {target} with {n} assignments:"),
    "mathjax": Text(ja="フィードバックの数式はコース内の MathJax {version}（{folder}/）で表示します"
                       "（ネットワーク不要）。",
                    en="feedback pages typeset their math with the course's MathJax {version} "
                       "({folder}/), no network needed."),
    "no_mathjax": Text(
        ja="注意: この環境には MathJax がないため、フィードバックの数式は CDN から読み込みます"
           "（ネットワークが必要）。オフラインで表示するには次を実行してください:\n  {fetch}",
        en="note: MathJax is not installed with nn-dojo, so feedback pages load it from a CDN "
           "(network needed). To typeset math offline, run:\n  {fetch}"),
    "next": Text(ja="次に: cd {target} && nbgrader generate_assignment {first}",
                 en="next: cd {target} && nbgrader generate_assignment {first}"),
}


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser("init", help="create an nbgrader course from the built-in lessons")
    parser.add_argument("dir", help="a new or empty directory")
    add_lang(parser, "course language (default: ja)", default="ja")
    parser.add_argument("--course-id", help="nbgrader course id (default: the directory's name)")
    parser.add_argument("--quiz-variants", action="store_true",
                        help="each student answers their own variant of parameterised quiz "
                             "items (the student is JUPYTERHUB_USER: for JupyterHub courses)")
    return parser


def run(args: argparse.Namespace) -> int:
    from autograde.course import mathjax
    from autograde.course.scaffold import CourseError, init_course
    from autograde.kit.text import current_lang

    target = Path(args.dir)
    lang = current_lang(args.lang)
    try:
        ids = init_course(target, lang, args.course_id, args.quiz_variants)
    except CourseError as problem:
        raise UsageError(str(problem)) from None
    print(WORDS["created"](lang, target=target, n=len(ids)))
    for assignment in ids:
        print(f"  {assignment}")
    folder = target / mathjax.COURSE_FOLDER
    if (folder / mathjax.SCRIPT).is_file():
        print(WORDS["mathjax"](lang, version=mathjax.VERSION, folder=mathjax.COURSE_FOLDER))
    else:
        print(WORDS["no_mathjax"](lang, fetch=f"python -m autograde.course.mathjax {folder}"))
    print(WORDS["next"](lang, target=target, first=ids[0] if ids else "<id>"))
    return 0
