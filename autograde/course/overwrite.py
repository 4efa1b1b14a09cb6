"""nbgrader's OverwriteCells, quiet about test cells handed in exactly as they were released.

``nbgrader generate_assignment`` saves each locked cell's checksum to the gradebook *with* its
hidden tests and releases it without them (nbgrader/converters/generate_assignment.py:
ComputeChecksums and SaveCells run before ClearHiddenTests). At ``nbgrader autograde``,
OverwriteCells (nbgrader/preprocessors/overwritecells.py, ``preprocess_cell``) compares the
saved checksum with the submitted cell's, so every locked cell that had hidden tests differs,
touched or not: it warns "Attribute 'checksum' for cell … has changed!" and writes the saved
source back, which is how the hidden tests return (jupyter/nbgrader#1961).

:class:`OverwriteReleasedCells` first recognises a cell that reads exactly as it was released
(the saved source with its hidden tests cleared, by nbgrader's own ClearHiddenTests) and gives
it its saved source back; then nbgrader's checks run unchanged. Any other difference in a
locked cell — an edited test, a deleted line, a forged hidden-tests block — still warns and is
overwritten, and so is every change to a cell's type, lock or points.
"""

from __future__ import annotations

from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode
from nbgrader.api import MissingEntry
from nbgrader.converters.autograde import Autograde
from nbgrader.preprocessors import ClearHiddenTests, OverwriteCells


class OverwriteReleasedCells(OverwriteCells):
    """OverwriteCells that restores an untouched released cell's hidden tests silently."""

    def released(self, source: str) -> str:
        """``source`` as ``nbgrader generate_assignment`` releases it: no hidden tests."""
        cell = NotebookNode(source=source)
        ClearHiddenTests(parent=self)._remove_hidden_test_region(cell)
        return cell.source

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        cell_index: int) -> tuple[NotebookNode, ResourcesDict]:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id is not None:
            try:
                saved = self.gradebook.find_source_cell(grade_id, self.notebook_id,
                                                        self.assignment_id)
            except MissingEntry:
                saved = None  # nbgrader reports it below
            if (saved is not None and saved.locked and cell.source != saved.source
                    and cell.source == self.released(saved.source)):
                cell.source = saved.source
        return super().preprocess_cell(cell, resources, cell_index)


def sanitize_preprocessors() -> list[str]:
    """nbgrader's ``Autograde.sanitize_preprocessors``, OverwriteCells replaced by ours, as the
    import names a course's nbgrader_config.py lists (no import there: it runs in kernels too)."""
    chosen = [OverwriteReleasedCells if step is OverwriteCells else step
              for step in Autograde.sanitize_preprocessors.default()]
    return [f"{step.__module__}.{step.__qualname__}" for step in chosen]
