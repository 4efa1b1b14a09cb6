"""Lesson notebooks: the cells we author, one language picked from two, and their lint.

A lesson is one bilingual source notebook. Prose is a pair of markdown cells tagged
``lang-ja`` / ``lang-en``; code cells are shared and carry no prose. :func:`localize` keeps one
language. Exercise cells follow nbgrader's conventions: a solution cell with
``### BEGIN SOLUTION`` markers and a locked test cell that ends with ``check(...)`` (public
cases) and holds a hidden-tests block that ends with ``grade(...)`` (per-student cases).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograde.text import LANGS, Lang

SCHEMA = 3
LANG_TAG = "lang-{}"
SETUP = """\
import matplotlib.pyplot as plt
import numpy as np

from autograde import check, use_language

use_language("ja")"""
_USE_LANGUAGE = re.compile(r'use_language\("(ja|en)"\)')
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _nbgrader(grade_id: str, *, solution: bool = False, grade: bool = False,
              locked: bool = False, points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": SCHEMA,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def markdown(slug: str, ja: str, en: str, tags: Iterable[str] = ()) -> list[NotebookNode]:
    """The same prose in both languages: two markdown cells ``<slug>-ja`` and ``<slug>-en``."""
    return [new_markdown_cell(text.strip(), id=f"{slug}-{lang}",
                              metadata={"tags": [LANG_TAG.format(lang), *tags]})
            for lang, text in (("ja", ja), ("en", en))]


def code(slug: str, source: str) -> NotebookNode:
    """A shared code cell (no prose inside: both languages run it)."""
    return new_code_cell(source.strip(), id=slug)


def setup() -> NotebookNode:
    """The locked first code cell: imports and the feedback language."""
    return new_code_cell(SETUP, id="setup", metadata=_nbgrader("setup", locked=True))


def solution(exercise: str, source: str) -> NotebookNode:
    """The student's answer cell for ``exercise``; the solution sits between the markers."""
    if "### BEGIN SOLUTION" not in source:
        raise ValueError(f"{exercise}: a solution cell needs ### BEGIN/END SOLUTION markers")
    grade_id = f"{exercise}-solution"
    return new_code_cell(source.strip(), id=grade_id, metadata=_nbgrader(grade_id, solution=True))


def test_source(exercise: str, functions: Iterable[str]) -> str:
    """``check(...)`` for everyone; the hidden block grades with the student's own cases."""
    call = ", ".join([f'"{exercise}"', *functions])
    return (f"check({call})\n### BEGIN HIDDEN TESTS\nfrom autograde.hidden import grade\n\n"
            f"grade({call})\n### END HIDDEN TESTS")


def tests(exercise: str, *functions: str) -> NotebookNode:
    """The locked test cell of ``exercise``, worth the exercise's points."""
    from autograde.exercises import EXERCISES

    spec = EXERCISES[exercise]
    grade_id = f"{exercise}-check"
    return new_code_cell(test_source(exercise, functions or spec.function_names), id=grade_id,
                         metadata=_nbgrader(grade_id, grade=True, locked=True,
                                            points=spec.max_score))


def quiz(slug: str, ja: str, en: str) -> list[NotebookNode]:
    """A marked quiz place: the question in both languages and an (ungraded) answer cell.
    The quiz engine will grade these by their ``autograde.quiz`` id."""
    cells = markdown(f"quiz-{slug}", ja, en, tags=["quiz"])
    for cell in cells:
        cell.metadata["autograde"] = {"quiz": slug}
    answer = new_code_cell(f"quiz_{slug.replace('-', '_')} = None", id=f"quiz-{slug}",
                           metadata={"tags": ["quiz-answer"], "autograde": {"quiz": slug}})
    return [*cells, answer]


def lesson(cells: Iterable[NotebookNode | list[NotebookNode]]) -> NotebookNode:
    """A bilingual lesson notebook from cells (lists are flattened), outputs empty."""
    flat: list[NotebookNode] = []
    for item in cells:
        flat.extend(item if isinstance(item, list) else [item])
    notebook = new_notebook(cells=flat, metadata={"kernelspec": KERNELSPEC,
                                                  "language_info": {"name": "python"}})
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    return notebook


def write(notebook: NotebookNode, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(notebook)
    path.write_text(nbformat.writes(notebook) + "\n", "utf-8")


def localize(notebook: NotebookNode, lang: Lang) -> NotebookNode:
    """A copy in one language: other-language prose dropped, lang tags removed, and the setup
    cell's ``use_language`` set so feedback speaks ``lang`` too."""
    copy = nbformat.from_dict(notebook)
    own, others = LANG_TAG.format(lang), {LANG_TAG.format(x) for x in LANGS if x != lang}
    kept = []
    for cell in copy.cells:
        tags = cell.metadata.get("tags", [])
        if others & set(tags):
            continue
        if own in tags:
            cell.metadata["tags"] = [t for t in tags if t != own]
            if not cell.metadata["tags"]:
                del cell.metadata["tags"]
        if cell.cell_type == "code":
            cell.source = _USE_LANGUAGE.sub(f'use_language("{lang}")', cell.source)
        kept.append(cell)
    copy.cells = kept
    return copy


def exercises_in(notebook: NotebookNode) -> list[str]:
    """Exercise ids graded by the notebook's test cells, in order."""
    return [cell.metadata["nbgrader"]["grade_id"].removesuffix("-check")
            for cell in notebook.cells
            if cell.metadata.get("nbgrader", {}).get("grade")]


_CHECK_CALL = re.compile(r'^check\("([\w-]+)"((?:\s*,\s*\w+)*)\s*\)', re.MULTILINE)


def graded_functions(notebook: NotebookNode) -> dict[str, tuple[str, ...]]:
    """Exercise id → the names its test cell passes to ``check`` (the notebook's own names,
    e.g. ``iris_fit, iris_predict``), in the order of the test cells."""
    found = {}
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade") and (
                call := _CHECK_CALL.search(cell.source)):
            found[call.group(1)] = tuple(n.strip() for n in call.group(2).split(",") if n.strip())
    return found


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def problems(notebook: NotebookNode) -> list[str]:
    """Everything wrong with a committed bilingual lesson (empty when it is fine)."""
    from nbgrader.nbgraderformat import MetadataValidator, ValidationError

    from autograde.exercises import EXERCISES

    found: list[str] = []
    ids = [cell.get("id") for cell in notebook.cells]
    if len(set(ids)) != len(ids) or None in ids:
        found.append("cell ids must be present and unique")
    try:
        with warnings.catch_warnings():  # duplicate ids are reported above, not "repaired"
            warnings.simplefilter("ignore")
            nbformat.validate(nbformat.from_dict(notebook))
        MetadataValidator().validate_nb(nbformat.from_dict(notebook))
    except (nbformat.ValidationError, ValidationError) as error:
        found.append(f"invalid metadata: {str(error).splitlines()[0]}")
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    if not code_cells or code_cells[0].source != SETUP:
        found.append("the first code cell must be the setup cell")
    for cell in notebook.cells:
        where = f"cell {cell.get('id')}"
        tags = set(cell.metadata.get("tags", []))
        if cell.cell_type == "code":
            if cell.get("outputs") or cell.get("execution_count") is not None:
                found.append(f"{where}: committed with outputs")
            if _JAPANESE.search(cell.source):
                found.append(f"{where}: prose in a shared code cell (put it in markdown)")
        elif cell.cell_type == "markdown":
            langs = [lang for lang in LANGS if LANG_TAG.format(lang) in tags]
            if len(langs) != 1 or not str(cell.get("id", "")).endswith(f"-{langs[0]}"):
                found.append(f"{where}: markdown needs one lang tag and an id ending -ja/-en")
            else:
                partner = str(cell.id)[: -2] + ("en" if langs[0] == "ja" else "ja")
                if partner not in ids:
                    found.append(f"{where}: no {partner} translation")
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            exercise = meta["grade_id"].removesuffix("-check")
            if exercise not in EXERCISES:
                found.append(f"{where}: unknown exercise {exercise!r}")
            elif meta.get("points") != EXERCISES[exercise].max_score:
                found.append(f"{where}: points must be {EXERCISES[exercise].max_score:g}")
            elif not cell.source.startswith(f'check("{exercise}"') or "grade(" not in cell.source:
                found.append(f"{where}: test cell must be tests({exercise!r}, ...)")
            elif f"{exercise}-solution" not in ids:
                found.append(f"{where}: no {exercise}-solution cell")
    return found
