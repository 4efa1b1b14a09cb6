"""``autograde init``: a ready nbgrader course in one language, from the bilingual master.

The master course is the repository's ``course/`` directory, installed with the package as
``autograde.course.master``. Each source notebook is localized
(:func:`autograde.course.lessons.localize`) and nbgrader's stubs speak the same language, and
so do the feedback pages, whose math the course's own copy of MathJax typesets offline
(:mod:`autograde.course.feedback`, :mod:`autograde.course.mathjax`). The config also keeps
``nbgrader autograde`` from crying wolf (:mod:`autograde.course.overwrite`, ``QUIET``).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from autograde.course import feedback, mathjax, settings
from autograde.course.layout import CONFIG_FILE, MASTER_SOURCE, assignments, master_source
from autograde.course.lessons import localize
from autograde.kit.text import Lang, Text

STUBS: dict[Lang, tuple[str, str]] = {
    "ja": ("# ここにコードを書いてください\nraise NotImplementedError()",
           "ここに答えを書いてください"),
    "en": ("# YOUR CODE HERE\nraise NotImplementedError()", "YOUR ANSWER HERE"),
}

QUIET = (r"Object of type <Submitted(Assignment|Notebook)> not in session, add operation along "
         r"'(Assignment|Student|Notebook)\.submissions' will not proceed", r"nbgrader\.api\Z")
"""The one warning a course silences (see CONFIG): SQLAlchemy's message, nbgrader's module."""

CONFIG = '''\
"""nbgrader configuration of the course {course_id!r}, made by `autograde init` ({lang})."""

import warnings

from autograde.course.feedback import template_dirs

c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.course_id = {course_id!r}
# One machine: the exchange lives in the course. For JupyterHub, use a shared directory such as
# /srv/nbgrader/exchange instead.
c.Exchange.root = {exchange!r}
c.Execute.timeout = {cell_timeout!r}  # seconds per cell: the capstones train in their test cells
c.ClearSolutions.code_stub = {{"python": {code_stub!r}}}
c.ClearSolutions.text_stub = {text_stub!r}

# Feedback pages (nbgrader generate_feedback) in the course's language: templates/feedback/
# comes before nbgrader's own template of that name. Its math is typeset by the course's copy of
# MathJax (mathjax/, the path is relative to feedback/<student>/<assignment>/), so the pages
# work offline; a copy opened where mathjax/ is out of reach falls back to the CDN.
c.HTMLExporter.extra_template_basedirs = template_dirs(__file__)
c.HTMLExporter.mathjax_url = {mathjax_url!r}
c.HTMLExporter.language_code = {lang!r}

# nbgrader saves a test cell's checksum with its hidden tests and releases it without them, so
# `nbgrader autograde` warns "Attribute 'checksum' ... has changed!" for every such cell of every
# submission, untouched or not (jupyter/nbgrader#1961). nbgrader's own list, with OverwriteCells
# replaced by a subclass that restores a cell handed in exactly as released without a warning;
# every other change to a locked cell still warns and is overwritten.
c.Autograde.sanitize_preprocessors = [
{sanitize}]

# The source notebooks hold the quiz answers (so `nbgrader validate` passes on them); nbgrader's
# release steps with ClearQuizAnswers after ClearSolutions blank them in the released notebook.
c.GenerateAssignment.preprocessors = [
{generate}]

# nbgrader 0.9 builds each new submission before adding it to its session, which SQLAlchemy 2
# reports as an SAWarning ("... not in session, add operation along ... will not proceed"),
# harmlessly: nbgrader adds the submission right after. Only that message from nbgrader.api.
warnings.filterwarnings("ignore", message={quiet[0]!r}, module={quiet[1]!r})
'''

WORDS = {
    "not_empty": Text(ja="{target} は空のディレクトリではありません。新しいディレクトリか空の"
                         "ディレクトリを指定してください",
                      en="{target} already exists and is not an empty directory"),
}


class CourseError(Exception):
    """The course cannot be created (the message says why)."""


def _course_id(target: Path) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", target.resolve().name).strip("-") or "course"


def _copy_banks(root: Path) -> None:
    """The quiz banks, for the course's own keys (``grade_quiz``, ``autograde quiz``)."""
    from autograde.quiz.banks import QUIZZES, master_quizzes

    folder = root / QUIZZES
    folder.mkdir(exist_ok=True)
    for bank in sorted(master_quizzes().glob("*.yaml")):
        (folder / bank.name).write_bytes(bank.read_bytes())


def _listed(steps: list[str]) -> str:
    return "".join(f"    {step!r},\n" for step in steps)


def init_course(target: Path, lang: Lang = "ja", course_id: str | None = None,
                quiz_variants: bool = False) -> list[str]:
    """Create an nbgrader course in ``target`` (new or empty); returns its assignment ids.
    ``quiz_variants``: each student answers their own variant of parameterised quiz items
    (the student named by ``JUPYTERHUB_USER``, nbgrader's student id on JupyterHub)."""
    from autograde.course.overwrite import sanitize_preprocessors
    from autograde.course.release import generate_preprocessors

    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CourseError(WORDS["not_empty"](lang, target=target))
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
                nbformat.write(localize(notebook, lang, course_id if quiz_variants else None),
                               out / entry.name)
            elif entry.is_file() and not entry.name.startswith("."):
                (out / entry.name).write_bytes(entry.read_bytes())
    (root / "exchange").mkdir(exist_ok=True)
    _copy_banks(root)
    feedback.write_template(root, lang)
    mathjax.copy_into(root / mathjax.COURSE_FOLDER)
    (root / CONFIG_FILE).write_text(CONFIG.format(
        course_id=course_id, lang=lang, exchange=str(root / "exchange"),
        code_stub=code_stub, text_stub=text_stub, cell_timeout=settings.CELL_TIMEOUT,
        mathjax_url=feedback.mathjax_url(root), quiet=QUIET,
        sanitize=_listed(sanitize_preprocessors()),
        generate=_listed(generate_preprocessors())), "utf-8")
    return ids
