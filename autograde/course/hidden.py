"""The hidden-tests block of an nbgrader test cell: grade with every check, hidden ones included.

``nbgrader autograde`` runs a submission in ``<course>/autograded/<student>/<assignment>/``;
:func:`grade` reads the course id, the assignment and the student from that path, so the
hidden cases are those of :func:`autograde.catalog.spec.hidden_seed` — the same ones the
isolated grader draws. Instructor side only: it needs the exercise specs, which the kit does
not ship.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from autograde.course.layout import Seat, seat_of
from autograde.kit.feedback import Feedback, caller_namespace, feedback
from autograde.kit.plan import Plan


@functools.cache
def _full_plan(exercise: str, seat: Seat) -> Plan:
    from autograde.catalog.exercises import EXERCISES
    from autograde.catalog.spec import build_plan, hidden_seed

    seed = hidden_seed(seat.course, seat.assignment, seat.student)
    return build_plan(EXERCISES[exercise], seed=seed, include_hidden=True)


def grade(exercise: str, *functions: Callable | str, lang: str | None = None,
          **named: Callable) -> Feedback:
    """Like :func:`autograde.check`, with this student's hidden cases: ``grade("relu")``."""
    seat = seat_of(Path.cwd())
    return feedback(exercise, lambda ex: _full_plan(ex, seat), functions, named, lang,
                    caller_namespace())
