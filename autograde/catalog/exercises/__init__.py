"""The exercise catalog (instructor side): specs with their reference and mutants.

Never shipped to students: mutants are near-solutions and hidden cases are secret.
"""

from __future__ import annotations

from autograde.catalog.exercises import (
    activations,
    backprop,
    capstones,
    gradients,
    layers,
    losses,
    optimizers,
)
from autograde.catalog.spec import Exercise

MODULES = (activations, layers, losses, gradients, backprop, optimizers, capstones)

EXERCISES: dict[str, Exercise] = {ex.id: ex for module in MODULES for ex in module.EXERCISES}


def get(exercise_id: str) -> Exercise:
    """The exercise with this id; KeyError if there is none."""
    return EXERCISES[exercise_id]
