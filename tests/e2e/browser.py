"""Browser plumbing for the end-to-end tests: the system Chromium and reviewers' screenshots."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
"""Where screenshots go for reviewers (build/screenshots/ at the repository root)."""
CHROMIUM = "chromium"
"""Debian's browser (``make system`` installs it); Playwright drives it, nothing is downloaded."""


def chromium_path() -> str | None:
    """The system Chromium's executable, or None when it is not installed."""
    return shutil.which(CHROMIUM)


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot of ``page`` as build/screenshots/<name>.png; its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$", re.DOTALL)
"""A formula in markdown or a page's text: $$display$$ or $inline$."""
TYPESET = "() => window.MathJax?.startup?.promise"
"""Resolves once MathJax has typeset the page."""
RAW_TEXT = """() => {
  const raw = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.data.includes("$") && !node.parentElement.closest("pre, code, mjx-container"))
      raw.push(node.data.trim());
  }
  return raw;
}"""
"""Text outside code that still holds a dollar sign: a formula MathJax left as it was."""


def open_offline(page, path: Path, typeset: bool = True) -> list[str]:
    """Open ``path`` (file://) with every other request refused, and wait until MathJax has
    typeset it (``typeset=False``: a page without MathJax, ready once loaded); the refused
    URLs."""
    refused: list[str] = []

    def offline(route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", offline)
    page.goto(path.as_uri())
    if typeset:
        page.wait_for_function(TYPESET)
        page.evaluate(TYPESET)
    return refused
