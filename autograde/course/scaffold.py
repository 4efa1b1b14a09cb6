"""``autograde init``: a ready nbgrader course in one language, from the bilingual master.

The master course is the repository's ``course/`` directory, installed with the package as
``autograde.course.master``. Each source notebook is localized
(:func:`autograde.course.lessons.localize`) and nbgrader's stubs speak the same language.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from autograde.course import settings
from autograde.course.layout import CONFIG_FILE, MASTER_SOURCE, assignments, master_source
from autograde.course.lessons import localize
from autograde.kit.text import Lang

STUBS: dict[Lang, tuple[str, str]] = {
    "ja": ("# ここにコードを書いてください\nraise NotImplementedError()",
           "ここに答えを書いてください"),
    "en": ("# YOUR CODE HERE\nraise NotImplementedError()", "YOUR ANSWER HERE"),
}

CONFIG = '''\
"""nbgrader configuration of the course {course_id!r}, made by `autograde init` ({lang})."""

c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.course_id = {course_id!r}
# One machine: the exchange lives in the course. For JupyterHub, use a shared directory such as
# /srv/nbgrader/exchange instead.
c.Exchange.root = {exchange!r}
c.Execute.timeout = {cell_timeout!r}  # seconds per cell: the capstones train in their test cells
c.ClearSolutions.code_stub = {{"python": {code_stub!r}}}
c.ClearSolutions.text_stub = {text_stub!r}
'''


class CourseError(Exception):
    """The course cannot be created (the message says why)."""


def _course_id(target: Path) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", target.resolve().name).strip("-") or "course"


def init_course(target: Path, lang: Lang = "ja", course_id: str | None = None) -> list[str]:
    """Create an nbgrader course in ``target`` (new or empty); returns its assignment ids."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CourseError(f"{target} already exists and is not an empty directory")
    course_id = course_id or _course_id(target)
    root = target.resolve()
    code_stub, text_stub = STUBS[lang]
    ids = assignments()
    for assignment in ids:
        folder = master_source(assignment)
        out = root / MASTER_SOURCE / assignment
        out.mkdir(parents=True, exist_ok=True)
        for entry in folder.iterdir():
            if entry.name.endswith(".ipynb"):
                notebook = nbformat.reads(entry.read_text("utf-8"), as_version=4)
                nbformat.write(localize(notebook, lang), out / entry.name)
            elif entry.is_file() and not entry.name.startswith("."):
                (out / entry.name).write_bytes(entry.read_bytes())
    (root / "exchange").mkdir(exist_ok=True)
    (root / CONFIG_FILE).write_text(CONFIG.format(
        course_id=course_id, lang=lang, exchange=str(root / "exchange"),
        code_stub=code_stub, text_stub=text_stub, cell_timeout=settings.CELL_TIMEOUT), "utf-8")
    return ids
