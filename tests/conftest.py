"""Shared fixtures: plans built once per session."""

from __future__ import annotations

import functools

from autograde.exercises import EXERCISES
from autograde.spec import build_plan


@functools.cache
def plan_for(exercise_id: str, seed: int = 0, include_hidden: bool = True):
    return build_plan(EXERCISES[exercise_id], seed=seed, include_hidden=include_hidden)
