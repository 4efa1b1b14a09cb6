"""The catalog contract: every exercise graded, references full marks, every mutant named."""

from __future__ import annotations

import pytest

from autograde.catalog.exercises import EXERCISES
from autograde.catalog.spec import build_plan
from autograde.kit.feedback import grade_functions

CATALOG = [
    "step", "sigmoid", "relu", "identity", "softmax", "neuron", "dense", "forward",
    "sum_squared_error", "cross_entropy_error", "numerical_gradient", "output_delta",
    "middle_delta", "weight_update", "bias_update", "train_step", "sgd_step", "momentum_step",
    "adagrad_step", "rmsprop_step", "adam_step", "iris_binary", "digits_mlp",
]
CATALOG_MISCONCEPTIONS = [
    "sigmoid.sign", "relu.mask", "softmax.unstable", "softmax.wrong_axis",
    "sum_squared_error.no_half", "sum_squared_error.no_square",
    "cross_entropy_error.missing_minus", "cross_entropy_error.no_epsilon",
    "cross_entropy_error.no_batch_mean", "numerical_gradient.forward_difference",
    "numerical_gradient.mutates_input", "output_delta.missing_derivative", "output_delta.sign",
    "middle_delta.missing_delta", "middle_delta.missing_derivative", "weight_update.sign",
    "train_step.middle_bias_uses_output_delta", "train_step.stale_order", "momentum_step.sign",
    "adagrad_step.no_accumulation", "adam_step.no_bias_correction",
]
MISCONCEPTIONS = [(ex, m) for ex in EXERCISES.values() for m in ex.misconceptions]
SEEDS = (0, 20261122)


def _functions(implementation):
    return list(implementation) if isinstance(implementation, tuple) else [implementation]


@pytest.fixture(scope="module")
def plans():
    """Full plans (public + hidden) for two seeds, built once."""
    return {(ex_id, seed): build_plan(ex, seed=seed)
            for ex_id, ex in EXERCISES.items() for seed in SEEDS}


def test_every_catalog_exercise_is_graded():
    assert list(EXERCISES) == CATALOG


@pytest.mark.parametrize("misconception_id", CATALOG_MISCONCEPTIONS)
def test_catalog_misconception_exists(misconception_id):
    exercise = EXERCISES[misconception_id.split(".")[0]]
    assert misconception_id in [m.id for m in exercise.misconceptions]


@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=list(EXERCISES))
def test_exercise_has_public_and_hidden_checks_and_three_misconceptions(exercise):
    assert len(exercise.misconceptions) >= 3
    assert any(not c.hidden for c in exercise.checks)
    assert any(c.hidden for c in exercise.checks)
    assert all(m.id.startswith(exercise.id + ".") for m in exercise.misconceptions)
    assert len({m.id for m in exercise.misconceptions}) == len(exercise.misconceptions)
    assert all(m.hint.ja and m.hint.en for m in exercise.misconceptions)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=list(EXERCISES))
def test_reference_gets_full_marks(exercise, seed, plans):
    result = grade_functions(plans[exercise.id, seed], _functions(exercise.reference), "ja")
    assert result.score == result.max_score == exercise.max_score, result.checks
    assert result.misconceptions == []


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("exercise", "misconception"), MISCONCEPTIONS,
                         ids=[m.id for _, m in MISCONCEPTIONS])
def test_mutant_scores_below_full_and_is_named(exercise, misconception, seed, plans):
    result = grade_functions(plans[exercise.id, seed], _functions(misconception.mutant), "en")
    assert result.score < result.max_score
    assert misconception.id in result.misconceptions
    assert misconception.hint.en in [h.text for h in result.hints]


@pytest.mark.parametrize(("exercise", "misconception"), MISCONCEPTIONS,
                         ids=[m.id for _, m in MISCONCEPTIONS])
def test_mutant_is_named_on_the_public_cases_alone(exercise, misconception, plans):
    """Students only have the public cases; their feedback must still name the mistake."""
    public_plan = plans[exercise.id, 0].public()
    result = grade_functions(public_plan, _functions(misconception.mutant), "ja")
    assert result.score < result.max_score
    assert misconception.id in result.misconceptions


@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=list(EXERCISES))
def test_hidden_cases_differ_between_students_and_repeat_for_one(exercise, plans):
    def hidden_args(plan):
        return [[a.tolist() if hasattr(a, "tolist") else a for a in case.args]
                for check in plan.checks if check.hidden for case in check.cases]

    again = build_plan(exercise, seed=SEEDS[0])
    assert hidden_args(again) == hidden_args(plans[exercise.id, SEEDS[0]])
    assert hidden_args(plans[exercise.id, SEEDS[1]]) != hidden_args(plans[exercise.id, SEEDS[0]])
