"""Drive a notebook in JupyterLab the way a student does: click, type, Shift+Enter, Ctrl+S.

Cells are addressed by their position, found from their ids in the notebook file.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat
from lab_server import Lab
from playwright.sync_api import Locator, Page, expect

OPEN_TIMEOUT = 60_000
RUN_TIMEOUT = 60_000
VALIDATE_TIMEOUT = 120_000
"""Milliseconds (Playwright's unit)."""
SAVE_TIMEOUT = 15.0
"""Seconds."""
DONE_PROMPT = re.compile(r"^\[\d+\]:$")


class Notebook:
    """One notebook open in JupyterLab in ``page``."""

    def __init__(self, page: Page, lab: Lab, path: Path, workspace: str) -> None:
        self.page, self.path = page, path
        self.ids = [cell.get("id") for cell in nbformat.read(path, as_version=4).cells]
        page.goto(lab.notebook_url(path, workspace))
        self.cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")
        expect(self.cells).to_have_count(len(self.ids), timeout=OPEN_TIMEOUT)
        self.wait_idle(OPEN_TIMEOUT)

    def cell(self, cell_id: str) -> Locator:
        return self.cells.nth(self.ids.index(cell_id))

    def wait_idle(self, timeout: float = RUN_TIMEOUT) -> None:
        """Until the kernel has started and is idle (the toolbar's execution indicator)."""
        indicator = self.page.locator(".jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator")
        expect(indicator).to_have_attribute("data-status", "idle", timeout=timeout)

    def _editor(self, cell_id: str) -> Locator:
        return self.cell(cell_id).locator(".cm-content")

    def type(self, cell_id: str, source: str) -> None:
        """Click into the cell's editor, select all and type ``source`` over it. After each
        new line the editor's own indentation is selected and typed over, so the lines come
        out exactly as written."""
        self._editor(cell_id).click()
        keyboard = self.page.keyboard
        keyboard.press("Control+a")
        for number, line in enumerate(source.splitlines()):
            if number:
                keyboard.press("Enter")
                keyboard.press("Shift+Home")
            if line:  # a blank line's selected indentation goes with the next Enter
                keyboard.type(line)

    def run(self, cell_id: str) -> Locator:
        """Run the cell with Shift+Enter and wait until it has finished; its output area."""
        cell = self.cell(cell_id)
        prompt = cell.locator(".jp-InputPrompt")
        before = prompt.inner_text().strip()
        self._editor(cell_id).click()
        self.page.keyboard.press("Shift+Enter")
        expect(prompt).not_to_have_text(before, timeout=RUN_TIMEOUT)
        expect(prompt).to_have_text(DONE_PROMPT, timeout=RUN_TIMEOUT)
        return cell.locator(".jp-OutputArea")

    def save(self, expected: dict[str, str]) -> nbformat.NotebookNode:
        """Ctrl+S, then wait until the file holds ``expected`` (cell id → source)."""
        self.page.keyboard.press("Control+s")
        deadline = time.monotonic() + SAVE_TIMEOUT
        while True:
            saved = nbformat.read(self.path, as_version=4)
            sources = {c.get("id"): c.source for c in saved.cells if c.get("id") in expected}
            if sources == expected:
                return saved
            if time.monotonic() > deadline:
                raise AssertionError(f"the saved notebook does not hold what was typed: {sources}")
            time.sleep(0.1)

    def validate(self) -> Locator:
        """Press the toolbar's Validate button (nbgrader); the result dialog once it shows."""
        self.page.locator(".jp-NotebookPanel-toolbar .jp-ToolbarButtonComponent",
                          has_text="Validate").click()
        dialog = self.page.locator(".jp-Dialog").filter(has=self.page.locator(
            "#validation-message"))
        expect(dialog).to_be_visible(timeout=VALIDATE_TIMEOUT)
        return dialog
