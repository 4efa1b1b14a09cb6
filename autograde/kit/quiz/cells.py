"""Quiz places in a notebook.

The answer cell is ``answer("03-why-squared", "b")``: it keeps the answer for the locked test
cell below it and shows, for a practice item, whether it is right (with the choice's feedback
and the misconception's hint), for a graded item only how the answer was read — never whether
it is right, so that trying every choice teaches nothing. The test cell starts with
``quiz_check("03-why-squared")``: a missing or unreadable answer makes it output 0, so
nbgrader's Validate says what is missing; its hidden tests (``grade_quiz`` on the instructor's
side) score the kept answer.

Per-student variants: a course made with ``autograde init --quiz-variants`` starts every lesson
with ``quiz_variants("<course id>")``. Then each student answers their own variant of a
parameterised item — the one :func:`~autograde.kit.seeds.student_variant` picks for the
student named by ``JUPYTERHUB_USER`` (on JupyterHub, the nbgrader student id) — and the answer
cell shows that variant's question. Without it, or without a student, every place asks the
lesson's own numbers (variant 0).
"""

from __future__ import annotations

import os

from autograde.kit.quiz import bundle
from autograde.kit.quiz.answers import read
from autograde.kit.quiz.forms import Form, stand_in
from autograde.kit.quiz.grading import grade
from autograde.kit.quiz.items import Item
from autograde.kit.quiz.render import WORDS, QuizView
from autograde.kit.quiz.results import QuizResult
from autograde.kit.seeds import student_variant
from autograde.kit.text import Lang, current_lang

ANSWERS: dict[str, object] = {}
"""What each quiz place's answer cell gave last, by item id (this kernel only)."""
UNANSWERED = object()
STUDENT_VARIABLE = "JUPYTERHUB_USER"
_per_student: dict[str, str] = {}


def quiz_variants(course: str, student_from: str = STUDENT_VARIABLE) -> None:
    """Ask each student their own variant of parameterised quiz items (the setup cell of a
    course made with per-student variants); ``student_from``: the environment variable that
    names the student."""
    _per_student.update(course=course, variable=student_from)


def per_student_course() -> str | None:
    """The course id when per-student variants are on in this kernel, else None."""
    return _per_student.get("course")


def _student() -> str | None:
    variable = _per_student.get("variable")
    return os.environ.get(variable) or None if variable else None


def _shown(found: bundle.Entry, item_id: str) -> Item | Form:
    """This student's variant of the item (variant 0 without per-student variants)."""
    first = found.variant(0)
    count = len(found.items or found.forms)
    index = student_variant(item_id, first.lesson, count, per_student_course() or "",
                            _student()) if per_student_course() else 0
    return found.variant(index)


def _unknown(item_id: str, lang: Lang) -> QuizView:
    result = QuizResult(item=item_id, lang=lang, score=0.0, max_score=0.0,
                        error=WORDS["unknown"](lang, item=item_id))
    return QuizView(result, kind="graded", credit=0.0)


def _echo(form: Form, value: object, lang: Lang) -> QuizResult:
    """How a graded answer reads, and nothing about whether it is right."""
    reading = read(stand_in(form), value, lang)
    return QuizResult(item=form.id, lang=lang, variant=form.variant, read_as=reading.read_as,
                      score=0.0, max_score=form.points, error=reading.error(lang))


def answer(item_id: str, value: object = None, *, lang: str | None = None) -> QuizView:
    """Answer the quiz ``item_id`` with ``value`` (a string as you would type it, or a
    number / list): practice items say at once whether it is right, graded ones how it was
    read."""
    chosen = current_lang(lang)
    found = bundle.entry(item_id)
    if found is None:
        return _unknown(item_id, chosen)
    ANSWERS[item_id] = value
    shown = _shown(found, item_id)
    question = shown.prompt(chosen) if shown.variant else None
    if isinstance(shown, Form):
        return QuizView(_echo(shown, value, chosen), kind="graded", question=question)
    return QuizView(grade(shown, value, chosen), kind="practice", question=question)


def quiz_check(item_id: str, *, lang: str | None = None) -> QuizView | None:
    """The visible part of a graded quiz place's test cell: 0 (Validate fails) when the
    answer cell was not run or its answer cannot be read; nothing otherwise."""
    chosen = current_lang(lang)
    found = bundle.entry(item_id)
    if found is None:
        return _unknown(item_id, chosen)
    value = ANSWERS.get(item_id, UNANSWERED)
    shown = _shown(found, item_id)
    form = shown if isinstance(shown, Form) else None
    if value is UNANSWERED:
        result = QuizResult(item=item_id, lang=chosen, score=0.0, max_score=shown.points,
                            error=WORDS["not_run"](chosen, item=item_id))
        return QuizView(result, kind=found.kind, credit=0.0)
    echo = _echo(form, value, chosen) if form else grade(shown, value, chosen)
    if echo.error:
        return QuizView(echo, kind=found.kind, credit=0.0)
    return None
