"""Quiz places in a lesson: the cells that ask a bank item and take its answer.

A quiz place is marked by ``metadata.autograde.quiz = <item id>`` on its cells:

- the question, one markdown cell per language (``quiz-<id>-ja`` / ``-en``), written from the
  bank item (variant 0, the lesson's own numbers) with how to answer;
- the answer cell ``quiz-<id>-answer``: ``answer("<id>", "…")``, the student's to fill (the
  source holds the key, computed from the bank; :mod:`autograde.course.release` blanks it);
- for a graded item, the locked test cell ``quiz-<id>-check`` (nbgrader grade id
  ``quiz-<id>``, the item's points): ``quiz_check`` (is there a readable answer?) and a
  hidden-tests block where ``grade_quiz`` scores it with the course's key.

:func:`place_cells` writes these from the bank; :func:`sync` rewrites every place of a lesson
(``autograde build-bundles`` does it for the master lessons) and :func:`place_problems` is the
lesson lint's part.
"""

from __future__ import annotations

import json

import nbformat
from nbformat import NotebookNode

from autograde.grader.program import quiz_places
from autograde.kit.quiz.forms import form_of, markdown
from autograde.kit.quiz.keys import key
from autograde.kit.text import LANGS
from autograde.quiz.banks import Library

ANSWER_CELL = 'from autograde import answer\n\nanswer("{item}", {value})'
TEST_CELL = ('from autograde import quiz_check\n\nquiz_check("{item}")\n'
             "### BEGIN HIDDEN TESTS\n"
             'from autograde.course.hidden import grade_quiz\n\ngrade_quiz("{item}")\n'
             "### END HIDDEN TESTS")
ANSWER_TAG = "quiz-answer"


def answer_source(item: str, answer: str = "") -> str:
    """The answer cell's code, answering ``answer`` (blank: as released)."""
    return ANSWER_CELL.format(item=item, value=json.dumps(answer, ensure_ascii=False))


def quiz_of(cell: NotebookNode) -> str | None:
    """The item id of the quiz place ``cell`` belongs to, if any."""
    return cell.metadata.get("autograde", {}).get("quiz")


def grade_id(item: str) -> str:
    return f"quiz-{item}"


def place_cells(item_id: str, banks: Library) -> list[NotebookNode]:
    """The cells of the quiz place for ``item_id``, from its bank item."""
    item = banks.items[item_id].resolved(0)
    form = form_of(item)
    meta = {"autograde": {"quiz": item_id}}
    cells = [nbformat.v4.new_markdown_cell(
        markdown(form, lang), id=f"quiz-{item_id}-{lang}",
        metadata={**meta, "tags": [f"lang-{lang}", "quiz"]}) for lang in LANGS]
    cells.append(nbformat.v4.new_code_cell(
        answer_source(item_id, key(item)), id=f"quiz-{item_id}-answer",
        metadata={**meta, "tags": [ANSWER_TAG]}))
    if form.kind == "graded":
        cells.append(nbformat.v4.new_code_cell(
            TEST_CELL.format(item=item_id), id=f"quiz-{item_id}-check",
            metadata={**meta, "nbgrader": {
                "grade": True, "grade_id": grade_id(item_id), "locked": True,
                "points": form.points, "schema_version": 3, "solution": False,
                "task": False}}))
    return cells


def sync(notebook: NotebookNode, banks: Library) -> NotebookNode:
    """``notebook`` with every quiz place rewritten from the banks (where its first cell was)."""
    copy = nbformat.from_dict(notebook)
    cells: list[NotebookNode] = []
    for cell in copy.cells:
        item = quiz_of(cell)
        if item is None:
            cells.append(cell)
        elif not any(quiz_of(c) == item for c in cells) and item in banks.items:
            cells += place_cells(item, banks)
        elif item not in banks.items:
            cells.append(cell)
    copy.cells = cells
    return copy


def place_problems(notebook: NotebookNode, banks: Library) -> list[str]:
    """A quiz place whose item is not in the banks, or whose cells differ from the bank's."""
    found = []
    for item in quiz_places(notebook):
        if item not in banks.items:
            found.append(f"quiz place {item!r}: no bank item with this id")
            continue
        have = [(c.cell_type, c.get("id"), c.source, dict(c.metadata))
                for c in notebook.cells if quiz_of(c) == item]
        want = [(c.cell_type, c.get("id"), c.source, dict(c.metadata))
                for c in place_cells(item, banks)]
        if have != want:
            found.append(f"quiz place {item!r} differs from its bank item: run "
                         f"`autograde build-bundles` (it rewrites the master lessons' places)")
    return found


def sync_master(check: bool = False) -> list[str]:
    """Rewrite the quiz places of the master lessons from the shipped banks (``check``: only
    list the lessons whose places are out of date)."""
    from pathlib import Path

    from autograde.course.layout import assignments, master_source
    from autograde.quiz.banks import library

    banks, stale = library(), []
    for assignment in assignments():
        path = Path(str(master_source(assignment) / f"{assignment}.ipynb"))
        notebook = nbformat.read(path, as_version=4)
        synced = sync(notebook, banks)
        if synced != notebook:
            stale.append(str(path))
            if not check:
                nbformat.write(synced, path)
    return stale
