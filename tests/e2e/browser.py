"""Browser plumbing for the end-to-end tests: the system Chromium and reviewers' screenshots."""

from __future__ import annotations

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
