"""Shared fixtures: a PostgreSQL server for the store."""

from __future__ import annotations

import time
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server started for this test session (``make system`` installs it)."""
    from postgres import running, server_bin

    bindir = server_bin()
    if bindir is None:
        pytest.fail("PostgreSQL is not installed: run make system (apt-get install postgresql)")
    with running(bindir) as server:
        yield server


def pytest_collection_modifyitems(items) -> None:
    """The slow modules first: with two test processes (``-n 2 --dist loadfile``) the longest
    one starts at once instead of finishing last, alone."""
    slow = {item.module.__name__ for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: (item.module.__name__ != "test_course_nbgrader",
                                 item.module.__name__ not in slow))


TIMINGS_FILE = Path(__file__).resolve().parent.parent / "build" / "nbgrader_course.txt"
"""Where tests/course/test_course_nbgrader.py writes how long the real nbgrader pipeline took
(it may run in another test process)."""
_started = time.time()


def pytest_terminal_summary(terminalreporter) -> None:
    """How long the real nbgrader pipeline took, per language and step (when it ran)."""
    if TIMINGS_FILE.is_file() and TIMINGS_FILE.stat().st_mtime >= _started:
        for line in TIMINGS_FILE.read_text("utf-8").splitlines():
            terminalreporter.write_line(line)
