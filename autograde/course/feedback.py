"""Feedback pages (``nbgrader generate_feedback``) in the course's language, their math typeset
offline.

nbgrader's own feedback template speaks English and loads MathJax 2 from a CDN whatever
``HTMLExporter.mathjax_url`` says (it calls nbconvert's ``mathjax()`` macro without it).
``autograde init`` writes the course a ``templates/feedback/`` of its own: the template shipped
in ``autograde/course/templates/feedback/`` and ``course.j2``, its words in the course's
language. The course's nbgrader_config.py lists ``templates/`` before nbgrader's templates
(:func:`template_dirs`), so nbgrader's GenerateFeedback and formgrader's "generate feedback"
both use it, and points ``mathjax_url`` at the course's copy of MathJax (:func:`mathjax_url`).

This module is imported by a course's nbgrader_config.py, which every grading kernel reads:
it imports nothing heavy (nbgrader only inside :func:`mathjax_url`).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

from autograde.course import mathjax
from autograde.kit.text import Lang, Text

TEMPLATE = Path(__file__).resolve().parent / "templates" / "feedback"
COURSE_TEMPLATES = "templates"
"""A course's template folder, next to its nbgrader_config.py."""
SETTINGS = "course.j2"
"""The course's words (and MathJax fallback), imported by the template."""

WORDS: dict[str, Text] = {
    "score": Text(ja="得点", en="Score"),
    "top": Text(ja="先頭へ", en="Top"),
    "test_cell": Text(ja="テスト", en="Test cell"),
    "coding_response": Text(ja="コードの解答", en="Coding free-response"),
    "written_response": Text(ja="記述の解答", en="Written response"),
    "task": Text(ja="課題", en="Task"),
    "comment": Text(ja="コメント", en="Comment"),
    "comments": Text(ja="コメント", en="Comments"),
    "late_penalty": Text(ja="提出遅れの減点", en="Late submission penalty"),
    "answer": Text(ja="あなたの解答", en="Student's answer"),
    "student_task": Text(ja="あなたの課題", en="Student's task"),
    "grade_cell": Text(ja="採点セル", en="Grade cell"),
}
"""What the feedback page says around the notebook (nbgrader's labels)."""
AUTO_COMMENTS: dict[str, Text] = {
    "No response.": Text(ja="解答がありません。", en="No response."),
}
"""nbgrader's automatic comments (on an unchanged solution cell), as the page shows them."""


def settings(lang: Lang) -> str:
    """``course.j2``: the feedback page's words in ``lang`` and MathJax's fallback URL."""
    values: dict[str, object] = {name: text(lang) for name, text in WORDS.items()}
    values["auto_comments"] = {comment: text(lang) for comment, text in AUTO_COMMENTS.items()}
    values["mathjax_fallback"] = mathjax.CDN
    lines = [f"{{%- set {name} = {json.dumps(value, ensure_ascii=False)} -%}}"
             for name, value in values.items()]
    return (f"{{#- Written by `autograde init` ({lang}): what this course's feedback pages say, "
            f"and where MathJax comes from when the course's copy is out of reach. -#}}\n"
            + "\n".join(lines) + "\n")


def write_template(root: Path, lang: Lang) -> Path:
    """Write the feedback template into the course at ``root``; its folder."""
    folder = root / COURSE_TEMPLATES / TEMPLATE.name
    folder.mkdir(parents=True, exist_ok=True)
    for entry in TEMPLATE.iterdir():
        if entry.is_file():
            shutil.copyfile(entry, folder / entry.name)
    (folder / SETTINGS).write_text(settings(lang), "utf-8")
    return folder


def template_dirs(config_file: str) -> list[str]:
    """``HTMLExporter.extra_template_basedirs`` of the course whose nbgrader_config.py is
    ``config_file``: its own templates first, then nbgrader's (formgrader's pages use them)."""
    found = [os.path.join(os.path.dirname(os.path.abspath(config_file)), COURSE_TEMPLATES)]
    spec = importlib.util.find_spec("nbgrader")
    for package in (spec.submodule_search_locations or []) if spec else []:
        found.append(os.path.join(package, "server_extensions", "formgrader", "templates"))
    return found


def mathjax_url(root: Path) -> str:
    """The course's MathJax as a feedback page links it: relative to where nbgrader writes
    feedback (``feedback/<student>/<assignment>/``), so the course can move."""
    from nbgrader.coursedir import CourseDirectory

    directory = CourseDirectory(root=str(root))
    page = directory.format_path(directory.feedback_directory, "student", "assignment")
    script = root / mathjax.COURSE_FOLDER / mathjax.SCRIPT
    return Path(os.path.relpath(script, page)).as_posix()
