"""Shared fixtures: plans built once per session."""

from __future__ import annotations

import functools

from autograde.exercises import EXERCISES
from autograde.spec import build_plan


@functools.cache
def plan_for(exercise_id: str, seed: int = 0, include_hidden: bool = True):
    return build_plan(EXERCISES[exercise_id], seed=seed, include_hidden=include_hidden)


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
