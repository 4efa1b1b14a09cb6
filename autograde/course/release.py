"""``nbgrader generate_assignment`` with one step of ours: quiz answers stay in the source.

A lesson's source notebook holds each quiz place's answer (``answer("03-why-squared", "b")``,
written from the bank by :mod:`autograde.course.quiz_places`), so that ``nbgrader validate``
passes on the source as it does for exercises. :class:`ClearQuizAnswers` runs right after
nbgrader's ClearSolutions and gives every answer cell back its blank form, so the released
notebook holds no key. Its ``quiz`` metadata stays: ``autograde grade`` and the audit find the
answer cells by it.
"""

from __future__ import annotations

from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode
from nbgrader.converters.generate_assignment import GenerateAssignment
from nbgrader.preprocessors import ClearSolutions, NbGraderPreprocessor

from autograde.course.quiz_places import ANSWER_TAG, answer_source, quiz_of


def is_answer_cell(cell: NotebookNode) -> bool:
    return bool(quiz_of(cell)) and ANSWER_TAG in cell.metadata.get("tags", [])


class ClearQuizAnswers(NbGraderPreprocessor):
    """Blank the answer of every quiz place (its cell as the student first sees it)."""

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        index: int) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type == "code" and is_answer_cell(cell):
            cell.source = answer_source(quiz_of(cell))
        return cell, resources


def generate_preprocessors() -> list[str]:
    """nbgrader's ``GenerateAssignment.preprocessors`` with ours after ClearSolutions, as the
    import names a course's nbgrader_config.py lists."""
    steps: list[type] = []
    for step in GenerateAssignment.preprocessors.default():
        steps.append(step)
        if step is ClearSolutions:
            steps.append(ClearQuizAnswers)
    return [f"{step.__module__}.{step.__qualname__}" for step in steps]
