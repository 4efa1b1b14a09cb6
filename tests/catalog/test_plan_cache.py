"""Plans built once where they do not depend on the student: the public checks (shared by
every plan in a process) and the capstones' stand-in models (one fit per training split) give
exactly the plans built from scratch."""

from __future__ import annotations

import numpy as np
import pytest

from autograde.catalog import spec
from autograde.catalog.exercises import EXERCISES
from autograde.catalog.exercises.capstones import IRIS_BINARY
from autograde.catalog.spec import build_plan

SEEDS = (0, 7, 2**31 - 1)


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_public_checks_do_not_depend_on_the_seed(exercise):
    """What makes sharing them sound (their cases also ship, seed 0, in the public bundle)."""
    ex = EXERCISES[exercise]
    for index, check in enumerate(ex.checks):
        if not check.hidden:
            built = {spec._build_check(ex, index, seed).model_dump_json() for seed in SEEDS}
            assert len(built) == 1, f"{exercise} public check {index} depends on the seed"


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_a_plan_with_shared_public_checks_is_the_plan_built_from_scratch(exercise):
    ex = EXERCISES[exercise]
    for seed in SEEDS[1:]:
        plan = build_plan(ex, seed=seed)
        scratch = [spec._build_check(ex, index, seed) for index in range(len(ex.checks))]
        assert [c.model_dump_json() for c in plan.checks] == [
            c.model_dump_json() for c in scratch]
    public = next(i for i, check in enumerate(ex.checks) if not check.hidden)
    assert build_plan(ex, seed=1).checks[public] is build_plan(ex, seed=2).checks[public]


def test_the_capstone_mutants_fitted_once_give_what_fitting_each_gives():
    plan = build_plan(IRIS_BINARY, seed=11)
    hidden = next(c for c in plan.checks if c.hidden)
    case = hidden.cases[0]
    for misconception in IRIS_BINARY.misconceptions:
        fit, predict = misconception.mutant
        fresh = spec._outputs(IRIS_BINARY, (fit.__wrapped__, predict), tuple(case.args))
        assert len(fresh) == len(case.mutants[misconception.id])
        for got, want in zip(case.mutants[misconception.id], fresh, strict=True):
            np.testing.assert_array_equal(got, want)
