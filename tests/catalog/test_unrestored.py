"""numerical_gradient: a caller's x left changed is diagnosed however it was perturbed.

The misconception ``numerical_gradient.mutates_input`` is matched by what the call did to the
writable x (its "restored" output), not by resembling one mutant's exact outputs, so every
variant of the perturb loop without its restore is named, and no honest solution is.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograde import check
from autograde.catalog.exercises import EXERCISES
from autograde.catalog.spec import Exercise, Misconception, build_plan, hidden, public
from autograde.kit.feedback import grade_functions
from autograde.kit.plan import MisconceptionInfo
from autograde.kit.text import Text
from reference import gradients as ref

MUTATES = "numerical_gradient.mutates_input"
EXERCISE = EXERCISES["numerical_gradient"]
HINT = next(m.hint for m in EXERCISE.misconceptions if m.id == MUTATES)
NAME = next(m.name for m in EXERCISE.misconceptions if m.id == MUTATES)
H = 1e-4


def flat_no_restore(f, x):
    """The textbook loop without its restore line: x ends at x − h."""
    grad = np.zeros_like(x, dtype=float)
    for i in range(x.size):
        tmp = x.flat[i]
        x.flat[i] = tmp + H
        fxh1 = f(x)
        x.flat[i] = tmp - H
        fxh2 = f(x)
        grad.flat[i] = (fxh1 - fxh2) / (2 * H)
    return grad


def add_then_subtract_twice(f, x):
    """``x[i] += h`` … ``x[i] -= 2*h`` with no restore."""
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x[i] += H
        f_plus = f(x)
        x[i] -= 2 * H
        f_minus = f(x)
        grad[i] = (f_plus - f_minus) / (2 * H)
    return grad


def right_gradient_then_writes_x(f, x):
    """The right gradient, computed on a copy, but x is then overwritten anyway."""
    grad = ref.numerical_gradient(f, x.astype(np.float64))
    x[...] = 0
    return grad


def right_gradient_then_shifts_x(f, x):
    """The right gradient, after which x is left shifted by 1 (the returned value is right)."""
    grad = ref.numerical_gradient(f, np.array(x, dtype=np.float64))
    x += 1
    return grad


UNRESTORED = [flat_no_restore, add_then_subtract_twice, right_gradient_then_writes_x,
              right_gradient_then_shifts_x]


def restores_by_assignment(f, x):
    """Perturbs x itself (a float copy first when x is an integer array) and restores it."""
    work = x if x.dtype == np.float64 else x.astype(np.float64)
    grad = np.zeros(work.shape)
    for i in np.ndindex(work.shape):
        tmp = work[i]
        work[i] = tmp + H
        f_plus = f(work)
        work[i] = tmp - H
        f_minus = f(work)
        work[i] = tmp
        grad[i] = (f_plus - f_minus) / (2 * H)
    return grad


def restores_by_arithmetic(f, x):
    """``x[i] += h; x[i] -= 2h; x[i] += h`` on a float x: restored up to rounding."""
    work = x if x.dtype == np.float64 else x.astype(np.float64)
    grad = np.zeros(work.shape)
    for i in np.ndindex(work.shape):
        work[i] += H
        f_plus = f(work)
        work[i] -= 2 * H
        f_minus = f(work)
        work[i] += H
        grad[i] = (f_plus - f_minus) / (2 * H)
    return grad


def works_on_a_copy(f, x):
    """Never touches the caller's x."""
    work = np.array(x, dtype=np.float64)
    grad = np.zeros(work.shape)
    for i in np.ndindex(work.shape):
        plus, minus = work.copy(), work.copy()
        plus[i] += H
        minus[i] -= H
        grad[i] = (f(plus) - f(minus)) / (2 * H)
    return grad


HONEST = [ref.numerical_gradient, restores_by_assignment, restores_by_arithmetic,
          works_on_a_copy]
SEEDS = (0, 20261122)


@pytest.fixture(scope="module")
def plans():
    """The full plan for each seed and the public plan (what the bundle holds)."""
    full = {seed: build_plan(EXERCISE, seed=seed) for seed in SEEDS}
    return {**{("full", seed): plan for seed, plan in full.items()},
            ("public", 0): full[0].public()}


def test_the_misconception_is_declared_as_an_unrestored_argument():
    declared = {m.id: m.match for m in EXERCISE.misconceptions}
    assert declared[MUTATES] == "unrestored"
    assert all(kind != "unrestored" for mid, kind in declared.items() if mid != MUTATES)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("which", [("full", SEEDS[0]), ("full", SEEDS[1]), ("public", 0)],
                         ids=["full-seed0", "full-seed1", "public"])
@pytest.mark.parametrize("submission", UNRESTORED, ids=[f.__name__ for f in UNRESTORED])
def test_leaving_x_changed_names_the_misconception_and_its_hint(submission, which, lang, plans):
    result = grade_functions(plans[which], [submission], lang)
    assert result.score < result.max_score
    assert MUTATES in result.misconceptions
    assert HINT(lang) in [h.text for h in result.hints]
    assert any(MUTATES in c.misconceptions for c in result.checks if not c.passed)


@pytest.mark.parametrize("which", [("full", SEEDS[0]), ("full", SEEDS[1]), ("public", 0)],
                         ids=["full-seed0", "full-seed1", "public"])
@pytest.mark.parametrize("submission", HONEST, ids=[f.__name__ for f in HONEST])
def test_honest_solutions_get_full_marks_and_no_diagnosis(submission, which, plans):
    result = grade_functions(plans[which], [submission], "en")
    assert result.score == result.max_score, result.checks
    assert result.misconceptions == [] and result.hints == []


def test_a_wrong_value_and_an_unchanged_x_is_not_diagnosed_as_unrestored(plans):
    def wrong_but_restores(f, x):
        return 2 * ref.numerical_gradient(f, x) + 1

    result = grade_functions(plans["full", 0], [wrong_but_restores], "en")
    assert result.score < result.max_score
    assert MUTATES not in result.misconceptions


def test_a_value_mistake_with_x_left_changed_still_names_the_unrestored_x(plans):
    def forward_difference_no_restore(f, x):
        grad = np.zeros(x.shape)
        for i in np.ndindex(x.shape):
            f_here = f(x)
            x[i] += H
            grad[i] = (f(x) - f_here) / H
        return grad

    result = grade_functions(plans["full", 0], [forward_difference_no_restore], "en")
    assert MUTATES in result.misconceptions


@pytest.mark.parametrize("submission", UNRESTORED, ids=[f.__name__ for f in UNRESTORED])
def test_student_check_on_the_public_bundle_names_it(submission, capsys):
    report = check("numerical_gradient", submission, lang="en")
    capsys.readouterr()
    assert MUTATES in report.result.misconceptions
    assert HINT.en in [h.text for h in report.result.hints]
    assert NAME.en in str(report)  # the short name on screen; the id stays in the result


def test_the_unrestored_kind_survives_the_bundle_round_trip():
    from autograde.kit.bundle import load_bundle

    kinds = {m.id: m.match for m in load_bundle("numerical_gradient").misconceptions}
    assert kinds[MUTATES] == "unrestored"
    info = MisconceptionInfo(id="e.m", name=NAME, hint=HINT, match="unrestored")
    assert info.match == "unrestored"


def test_an_unrestored_misconception_needs_a_writable_argument():
    def keeps(x):
        return x

    exercise = Exercise(
        id="keep", title=Text(ja="k", en="k"), signature="keep(x)", reference=keeps,
        checks=[public("p", "p", 1, [(np.array([1.0]),)]),
                hidden("h", "h", 1, [(np.array([2.0]),)])],
        misconceptions=[Misconception("keep.changes_x", keeps, HINT, match="unrestored",
                                      name=NAME)],
    )
    with pytest.raises(ValueError, match="writable"):
        build_plan(exercise)
