"""Shared fixtures: a PostgreSQL server for the store."""

from __future__ import annotations

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


def pytest_terminal_summary(terminalreporter) -> None:
    """How long the real nbgrader pipeline took, per language and step (when it ran)."""
    import sys

    module = sys.modules.get("test_course_nbgrader")
    for lang, course in (getattr(module, "TIMINGS", None) or {}).items():
        steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in course.seconds.items())
        count = sum(1 for _ in (course.root / "submitted").glob("*/*/*.ipynb"))
        per = course.seconds.get("autograde", 0.0) / max(count, 1)
        terminalreporter.write_line(
            f"nbgrader course [{lang}]: {steps}; {count} submissions, "
            f"{per:.2f} s each in nbgrader autograde")
