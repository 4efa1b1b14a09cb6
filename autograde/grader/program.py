"""What the sandbox runs for one submission: the student's code cells, in order.

A notebook submission is merged with the instructor's master notebook the way nbgrader does it:
locked cells are replaced by the master's version, test cells are skipped (grading happens
outside the student's process), everything else is the student's. IPython magics and shell
escapes become no-ops with a note. A plain ``.py`` submission is one cell. Broken submissions
raise :class:`SubmissionError` with a message naming the file and the problem.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import nbformat
from nbformat import NotebookNode

from autograde.grader.syntax import parsed
from autograde.kit.text import Lang, Text, current_lang

PROBLEMS: dict[str, Text] = {
    "not_utf8": Text(ja="{file} は UTF-8 のテキストではありません。",
                     en="{file} is not UTF-8 text."),
    "not_json": Text(ja="{file} はノートブックとして読めません（JSON が壊れています: {error}）。",
                     en="{file} cannot be read as a notebook (broken JSON: {error})."),
    "not_notebook": Text(ja="{file} は Jupyter ノートブックの形式ではありません（{error}）。",
                         en="{file} is not a valid Jupyter notebook ({error})."),
    "wrong_kernel": Text(ja="{file} のカーネルが Python ではありません（{kernel}）。",
                         en="{file} does not use a Python kernel ({kernel})."),
    "duplicate_cell": Text(
        ja="{file} にセル {cell} が複数あります。コピーしたセルを削除して提出し直してください。",
        en="{file} contains the cell {cell} more than once. Delete the copy and resubmit."),
    "missing_cells": Text(
        ja="{file} からセル {cells} が削除されています。",
        en="The cells {cells} were deleted from {file}."),
    "no_submission": Text(ja="提出ファイルが見つかりません（{file}）。",
                          en="No submission file was found ({file})."),
    "left_out": Text(
        ja="採点では実行していません（結果を後のセルも採点も使わない、教員のデモのセルです）。",
        en="Not run when grading: an instructor's demonstration whose results nothing later "
           "or graded uses."),
    "magics": Text(ja="IPython のマジック／シェルコマンドは採点では実行しません: {lines}",
                   en="IPython magics / shell commands are not run when grading: {lines}"),
}


class SubmissionError(Exception):
    """A submission that cannot be run at all; ``text(lang)`` says why."""

    def __init__(self, kind: str, **fields: object) -> None:
        super().__init__(kind)
        self.kind, self.fields = kind, fields

    def text(self, lang: Lang) -> str:
        return PROBLEMS[self.kind](lang, **self.fields)


@dataclass(frozen=True)
class Cell:
    name: str
    """The cell id (or ``cell N``), or the file name for a .py submission."""
    source: str
    magics: tuple[str, ...] = ()
    """Magic and shell lines that were turned into no-ops."""
    locked: bool = False
    """The instructor's source (a locked cell of the master), not the student's."""
    as_master: bool = False
    """The master's own source: a locked cell, or an instructor cell the student left as it
    was (never a solution cell)."""


@dataclass(frozen=True)
class Program:
    kind: Literal["notebook", "file"]
    cells: tuple[Cell, ...]
    missing: tuple[str, ...] = ()
    """Graded cells of the master that the submission no longer has."""
    left_out: frozenset[int] = frozenset()
    """Indices of cells the grader does not run (:mod:`autograde.grader.demo_cells`)."""


def _text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise SubmissionError("not_utf8", file=path.name) from None


def from_file(path: Path) -> Program:
    """A plain .py submission: one cell, named after the file."""
    return Program("file", (Cell(path.name, _text(path)),))


@functools.cache
def _transformer():
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager()


def without_magics(name: str, source: str, locked: bool = False,
                   as_master: bool = False) -> Cell:
    """The cell with magics and shell escapes as calls to a no-op ``get_ipython()``."""
    lines = tuple(line.strip() for line in source.splitlines()
                  if line.lstrip().startswith(("%", "!")))
    if lines:  # if IPython cannot transform it, the cell raises SyntaxError when it runs
        with contextlib.suppress(Exception):
            source = _transformer().transform_cell(source)
    return Cell(name, source, lines, locked, as_master or locked)


def imports_of(source: str) -> str:
    """Only the top-level import statements of a cell's source (what a warm-up needs)."""
    try:
        tree = parsed(source)
    except (SyntaxError, ValueError):
        return ""
    return "\n".join(ast.unparse(statement) for statement in tree.body
                     if isinstance(statement, ast.Import | ast.ImportFrom))


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__


def read_notebook(path: Path) -> NotebookNode:
    """The notebook at ``path``, parsed and validated once (nbformat validates as it reads)."""
    text = _text(path)
    invalid: dict[str, Exception] = {}
    try:
        notebook = nbformat.reads(text, as_version=4, capture_validation_error=invalid)
    except Exception as error:
        try:
            json.loads(text)
        except json.JSONDecodeError as broken:
            raise SubmissionError("not_json", file=path.name,
                                  error=f"line {broken.lineno}") from None
        raise SubmissionError("not_notebook", file=path.name, error=_first_line(error)) from None
    if "ValidationError" in invalid:
        raise SubmissionError("not_notebook", file=path.name,
                              error=_first_line(invalid["ValidationError"]))
    kernel = notebook.metadata.get("kernelspec", {})
    language = kernel.get("language") or notebook.metadata.get("language_info", {}).get("name")
    if language and language.lower() != "python":
        raise SubmissionError("wrong_kernel", file=path.name, kernel=kernel.get("name", language))
    return notebook


def _grade_id(cell: NotebookNode) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def from_notebook(path: Path, master: NotebookNode) -> Program:
    """The submission's code cells merged with the master's locked and test cells."""
    notebook = read_notebook(path)
    graded = {_grade_id(c): c for c in master.cells if c.cell_type == "code" and _grade_id(c)}
    instructor = {c.get("id"): c.source for c in master.cells
                  if c.cell_type == "code" and not _grade_id(c)}
    seen: set[str] = set()
    cells = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        grade_id = _grade_id(cell)
        mastered = graded.get(grade_id)
        if mastered is not None:
            if grade_id in seen:
                raise SubmissionError("duplicate_cell", file=path.name, cell=grade_id)
            seen.add(grade_id)
            meta = mastered.metadata["nbgrader"]
            if meta.get("grade") and not meta.get("solution"):
                continue  # a test cell: grading happens outside the student's process
            locked = bool(meta.get("locked"))
            source = mastered.source if locked else cell.source
        else:
            locked, source = False, cell.source
        unchanged = (mastered is None and cell.get("id") is not None
                     and instructor.get(cell.get("id")) == cell.source)
        cells.append(without_magics(str(cell.get("id") or f"cell {index + 1}"), source, locked,
                                    unchanged))
    missing = tuple(gid for gid, c in graded.items()
                    if gid not in seen and not c.metadata["nbgrader"].get("grade"))
    restored = [Cell(gid, graded[gid].source, locked=True, as_master=True) for gid in missing
                if graded[gid].metadata["nbgrader"].get("locked")]
    return Program("notebook", (*restored, *cells), missing)


def exercises_in(notebook: NotebookNode) -> list[str]:
    """Exercise ids graded by the notebook's test cells (grade id ``<exercise>-check``; the
    test cells of quiz places, marked ``metadata.autograde.quiz``, are not exercises)."""
    return [(_grade_id(cell) or "").removesuffix("-check") for cell in notebook.cells
            if cell.metadata.get("nbgrader", {}).get("grade")
            and not cell.metadata.get("autograde", {}).get("quiz")]


def quiz_places(notebook: NotebookNode) -> list[str]:
    """Item ids of the notebook's quiz places (cells marked ``metadata.autograde.quiz``)."""
    return list(dict.fromkeys(q for cell in notebook.cells
                              if (q := cell.metadata.get("autograde", {}).get("quiz"))))


QUIZ_VARIANTS = re.compile(r'^quiz_variants\("([^"]*)"', re.MULTILINE)


def per_student_course(notebook: NotebookNode) -> str | None:
    """The course id its setup cell gives ``quiz_variants`` (per-student quiz variants on),
    else None."""
    setup = next((cell for cell in notebook.cells if cell.cell_type == "code"), None)
    found = QUIZ_VARIANTS.search(setup.source) if setup is not None else None
    return found.group(1) if found else None


_CHECK_CALL = re.compile(r'^check\("([\w-]+)"((?:\s*,\s*"?\w+"?)*)\s*[,)]', re.MULTILINE)


def graded_functions(notebook: NotebookNode) -> dict[str, tuple[str, ...]]:
    """Exercise id → the names its test cell passes to ``check`` (the notebook's own names,
    e.g. ``"iris_fit", "iris_predict"``; none: the exercise's own), in the order of the test
    cells."""
    found = {}
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade") and (
                call := _CHECK_CALL.search(cell.source)):
            found[call.group(1)] = tuple(name.strip().strip('"')
                                         for name in call.group(2).split(",") if name.strip())
    return found


USE_LANGUAGE = re.compile(r'use_language\("(ja|en)"\)')


def course_language(master: NotebookNode, chosen: str | None = None) -> Lang:
    """The language the course speaks: ``chosen``, else its setup cell's use_language()."""
    sources = "\n".join(cell.source for cell in master.cells if cell.cell_type == "code")
    found = USE_LANGUAGE.search(sources)
    return current_lang(chosen or (found.group(1) if found else None))
