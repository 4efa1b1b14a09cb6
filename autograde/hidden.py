"""The hidden-tests block of an nbgrader test cell: grade with every check, hidden ones included.

``nbgrader autograde`` runs a submission in ``<course>/autograded/<student>/<assignment>/``;
:func:`grade` reads the course id, the assignment and the student from that path, so the
hidden cases are those of :func:`autograde.spec.hidden_seed` — the same ones the isolated
grader draws. Instructor side only: it needs the exercise specs, which the kit does not ship.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from autograde.plan import Plan
from autograde.student import Report, report

CONFIG_FILE = "nbgrader_config.py"


class Seat(NamedTuple):
    """Where a notebook runs: course id, assignment id and student id ("" in source/)."""

    course: str
    assignment: str
    student: str


def course_id(root: Path) -> str:
    """``CourseDirectory.course_id`` from the course's nbgrader_config.py ("" if unset)."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    return str(config.get("CourseDirectory", {}).get("course_id", ""))


def seat_of(folder: Path) -> Seat:
    """The course, assignment and student a notebook in ``folder`` belongs to.

    Recognises ``source/<assignment>`` and ``<any step>/<student>/<assignment>`` below the
    nearest directory holding nbgrader_config.py; elsewhere the folder name is the assignment.
    """
    folder = folder.resolve()
    for root in (folder, *folder.parents):
        if (root / CONFIG_FILE).is_file():
            parts = folder.relative_to(root).parts
            course = course_id(root)
            if len(parts) == 2 and parts[0] == "source":
                return Seat(course, parts[1], "")
            if len(parts) == 3:
                return Seat(course, parts[2], parts[1])
            return Seat(course, folder.name, "")
    return Seat("", folder.name, "")


@functools.cache
def _full_plan(exercise: str, seat: Seat) -> Plan:
    from autograde.exercises import EXERCISES
    from autograde.spec import build_plan, hidden_seed

    seed = hidden_seed(seat.course, seat.assignment, seat.student)
    return build_plan(EXERCISES[exercise], seed=seed, include_hidden=True)


def grade(exercise: str, *functions: Callable, lang: str | None = None,
          **named: Callable) -> Report:
    """Like :func:`autograde.check`, with this student's hidden cases: ``grade("relu", relu)``."""
    seat = seat_of(Path.cwd())
    return report(exercise, lambda ex: _full_plan(ex, seat), functions, named, lang)
