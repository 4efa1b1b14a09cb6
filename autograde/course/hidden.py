"""The hidden-tests block of an nbgrader test cell: grade with every check, hidden ones included.

``nbgrader autograde`` runs a submission in ``<course>/autograded/<student>/<assignment>/``;
:func:`grade` reads the course id, the assignment and the student from that path, so the
hidden cases are those of :func:`autograde.kit.seeds.hidden_seed` — the same ones the
isolated grader draws. :func:`grade_quiz` scores a quiz place's answer with the course's
bank. Instructor side only: it needs the exercise specs and the quiz keys, which the kit does
not ship.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from autograde.course.layout import Seat, seat_of
from autograde.kit.feedback import Feedback, caller_namespace, feedback
from autograde.kit.plan import Plan
from autograde.kit.quiz.render import WORDS, QuizView
from autograde.kit.quiz.results import QuizResult
from autograde.kit.text import current_lang


@functools.cache
def _full_plan(exercise: str, seat: Seat) -> Plan:
    from autograde.catalog.exercises import EXERCISES
    from autograde.catalog.spec import build_plan
    from autograde.kit.seeds import hidden_seed

    seed = hidden_seed(seat.course, seat.assignment, seat.student)
    return build_plan(EXERCISES[exercise], seed=seed, include_hidden=True)


def grade(exercise: str, *functions: Callable | str, lang: str | None = None,
          **named: Callable) -> Feedback:
    """Like :func:`autograde.check`, with this student's hidden cases: ``grade("relu")``."""
    seat = seat_of(Path.cwd())
    return feedback(exercise, lambda ex: _full_plan(ex, seat), functions, named, lang,
                    caller_namespace())


def _course_root(folder: Path) -> Path | None:
    from autograde.course.layout import is_course

    return next((root for root in (folder, *folder.parents) if is_course(root)), None)


def grade_quiz(item: str, *, lang: str | None = None) -> QuizView:
    """Score the answer this kernel's ``answer(item, ...)`` kept, with the course's key — of the
    student's own variant when the setup cell turned per-student variants on, else the
    lesson's: its ``text/plain`` is the score nbgrader reads, its HTML the verdict and the
    feedback the student gets back."""
    from autograde.kit.quiz.cells import ANSWERS, per_student_course
    from autograde.quiz.banks import library

    chosen = current_lang(lang)
    folder = Path.cwd().resolve()
    entry = library(_course_root(folder)).items.get(item)
    if entry is None:
        result = QuizResult(item=item, lang=chosen, score=0.0, max_score=0.0,
                            error=WORDS["unknown"](chosen, item=item))
        return QuizView(result, kind="graded", credit=0.0)
    course = per_student_course()
    variant = entry.variant_of(seat_of(folder).student, course) if course is not None else 0
    result = entry.check(ANSWERS.get(item), variant, chosen)
    return QuizView(result, kind="graded", credit=result.score, verdict=True)
