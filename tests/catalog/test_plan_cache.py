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
from autograde.kit.invoke import invoke

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


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # mutants overflow (silenced in plans)
def test_reference_and_mutant_outputs_are_what_invoke_gives_a_submission(exercise):
    """Plans call our own functions without invoke's guards for student code: the outputs
    must be the ones a submission with that very code would produce."""
    ex = EXERCISES[exercise]
    functions = [ex.reference, *(m.mutant for m in ex.misconceptions)]
    for index, check in enumerate(ex.checks):
        items = check.cases(np.random.default_rng([SEEDS[1], index])) if callable(
            check.cases) else check.cases
        for item in items:
            if isinstance(item, spec.Labelled):
                continue
            for function in functions:
                ours = spec._outputs(ex, function, item)
                theirs = invoke(spec._as_tuple(function), item, len(ex.outputs), ex.writable,
                                ex.protocol).values
                assert (ours is None) == (theirs is None), (exercise, index)
                for mine, expected in zip(ours or [], theirs or [], strict=True):
                    np.testing.assert_array_equal(mine, expected, strict=True)


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
