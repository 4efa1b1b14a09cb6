"""Fixtures for the browser tests: a headless system Chromium driven by Playwright.

A missing browser or Playwright fails the test with what to install: these tests are part
of every run, never skipped.
"""

from __future__ import annotations

import pytest
from browser import chromium_path

LOCALE = "ja-JP"
VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (the system one) for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is not installed: pip install -e '.[test]' (or make test)")
    executable = chromium_path()
    if executable is None:
        pytest.fail("Chromium is not installed: make system (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page in its own context: Japanese locale, 1280x900 viewport."""
    context = browser.new_context(locale=LOCALE, viewport=VIEWPORT)
    yield context.new_page()
    context.close()
