"""Grade one submission file against an exercise (instructor side)."""

from __future__ import annotations

from pathlib import Path

from autograde.isolate import grade_file
from autograde.results import ExerciseResult
from autograde.sandbox.client import Sandbox
from autograde.spec import Exercise, build_plan
from autograde.text import Lang


def grade_source(exercise: Exercise, source: Path, lang: Lang, seed: int = 0,
                 public_only: bool = False, sandbox: Sandbox | None = None) -> ExerciseResult:
    """All cases (public + hidden for ``seed``), run in the sandbox, judged here."""
    plan = build_plan(exercise, seed=seed, include_hidden=not public_only)
    return grade_file(plan, source, lang, sandbox)
