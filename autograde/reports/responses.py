"""The response matrix: what every student scored on every graded item, read from the store.

An *item* is one graded part of an assignment, as the statistics and the grade exports count
it: a graded quiz place (id ``<assignment>/<quiz item>``) or an exercise check (id
``<assignment>/<exercise>/<check>``, the check's name as stored; a name repeated within one
exercise gets ``#2``, ``#3``… in the order of the checks). Practice quiz places and checks
worth no points are not items. A *quiz*, for the per-quiz statistics, is one assignment's
items, and a student's total on it is the sum of their item points (as Moodle's ``sumgrades``).

A student who submitted an assignment but has no score for one of its items (a broken notebook
graded no checks, an answer cell was deleted) scores 0 on it, as an unanswered question does
in a Moodle attempt; a student who did not submit the assignment is not in its quiz at all.

Use::

    with Store.for_course(root) as store:
        responses = load_responses(store, ["01_neuron"], banks=library(root))
    for item in responses.items_of("01_neuron"):
        marks = responses.marks(item.id)        # one per student of responses.students_of(...)
        totals = responses.totals("01_neuron")  # student → total points

Everything here is plain frozen data; :mod:`autograde.reports.stats` computes the statistics.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal, NamedTuple

from autograde.grader.records import QuizResponse, SubmissionResult
from autograde.kit.quiz.items import LETTERS
from autograde.kit.quiz.messages import BOOL
from autograde.kit.text import LANGS
from autograde.quiz.models import (
    BankBase,
    BankMatching,
    BankMultiple,
    BankOrdering,
    BankSingle,
    BankTrueFalse,
)

if TYPE_CHECKING:
    from autograde.grader.store import Store
    from autograde.quiz.banks import Library

Source = Literal["quiz", "check"]
TRUE_FALSE = ("true", "false")
"""The two "choices" of a true-false item, as :attr:`Response.chosen` names them."""


@dataclass(frozen=True)
class Item:
    """One graded part of an assignment."""

    id: str
    """``<assignment>/<quiz item>`` or ``<assignment>/<exercise>/<check>``."""
    assignment: str
    source: Source
    name: str
    """The quiz item's id, or ``<exercise>/<check>``."""
    max_points: float
    exercise: str | None = None
    """The exercise a check belongs to (None for quiz items)."""
    type: str | None = None
    """The bank's item type (``single``, ``multiple``, ``true-false``, ``numeric``,
    ``numeric-array``, ``text``, ``ordering``, ``matching``); None for checks and for quiz items
    no longer in the banks."""
    choices: tuple[str, ...] = ()
    """What a student can choose: letters ``a``, ``b``… (single, multiple), ``true``/``false``."""
    correct: tuple[str, ...] = ()
    """The right choices among :attr:`choices`."""
    options: int = 0
    """How many options a guess picks from: choices, right-hand options (matching), steps."""
    variants: int = 1
    """The bank's number of variants (more than 1: a parameterised item)."""


class Response(NamedTuple):
    """One student's score on one item (a named tuple: a class has 100,000s of them)."""

    student: str
    item: str
    points: float
    max_points: float
    variant: int | None = None
    """The student's variant of a quiz item (None for checks)."""
    chosen: tuple[str, ...] = ()
    """The choices picked (letters, ``true``/``false``), empty when none could be read."""
    misconceptions: tuple[str, ...] = ()
    other_variant: int | None = None
    """The quiz answer is wrong for the student's variant but right for this one."""


@dataclass(frozen=True)
class Responses:
    """Every item of some assignments and every student's score on it."""

    assignments: tuple[str, ...]
    items: tuple[Item, ...]
    """Per assignment in :attr:`assignments` order: checks in the order of the exercises and
    checks as graded, then quiz places in the notebook's order."""
    students: dict[str, tuple[str, ...]]
    """Assignment → the students who submitted it, sorted."""
    responses: dict[tuple[str, str], Response] = field(repr=False)
    """(student, item id) → the response, when the store has one."""

    @functools.cached_property
    def _by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    def item(self, item_id: str) -> Item:
        return self._by_id[item_id]

    def items_of(self, assignment: str) -> list[Item]:
        return [item for item in self.items if item.assignment == assignment]

    def students_of(self, assignment: str) -> tuple[str, ...]:
        return self.students.get(assignment, ())

    def response(self, student: str, item_id: str) -> Response | None:
        return self.responses.get((student, item_id))

    @functools.cached_property
    def _marks(self) -> dict[str, list[float]]:
        """Item id → :meth:`marks`, made in one pass over the responses."""
        rows = {(a, student): row for a, students in self.students.items()
                for row, student in enumerate(students)}
        found = {item.id: [0.0] * len(self.students_of(item.assignment)) for item in self.items}
        by_id = self._by_id
        for (student, item_id), response in self.responses.items():
            row = rows.get((by_id[item_id].assignment, student))
            if row is not None:
                found[item_id][row] = response.points
        return found

    def marks(self, item_id: str) -> list[float]:
        """Points on the item, one per student of its assignment (0 where none is stored)."""
        return list(self._marks[item_id])

    def points(self, student: str, item_id: str) -> float:
        found = self.responses.get((student, item_id))
        return found.points if found is not None else 0.0

    def totals(self, assignment: str) -> dict[str, float]:
        """Student → the sum of their points on the assignment's items."""
        columns = [self.marks(item.id) for item in self.items_of(assignment)]
        return {student: sum(column[row] for column in columns)
                for row, student in enumerate(self.students_of(assignment))}

    def max_total(self, assignment: str) -> float:
        return sum(item.max_points for item in self.items_of(assignment))


def quiz_item_id(assignment: str, quiz_item: str) -> str:
    return f"{assignment}/{quiz_item}"


@functools.lru_cache(maxsize=4096)
def _check_ids(assignment: str, exercise: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The item id of each of an exercise's checks, in order (repeated names numbered)."""
    seen: dict[str, int] = {}
    ids = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        suffix = f"#{seen[name]}" if seen[name] > 1 else ""
        ids.append(f"{assignment}/{exercise}/{name}{suffix}")
    return tuple(ids)


@functools.lru_cache(maxsize=4096)
def _check_items(assignment: str, exercise: str, checks: tuple[tuple[str, float], ...]
                 ) -> tuple[tuple[int, Item], ...]:
    """The items of an exercise's checks (name, points) worth points, with their positions:
    the same for most students, so made once."""
    ids = _check_ids(assignment, exercise, tuple(name for name, _ in checks))
    return tuple((index, Item(id=item_id, assignment=assignment, source="check",
                              name=item_id.split("/", 1)[1], max_points=points,
                              exercise=exercise))
                 for index, (item_id, (_, points)) in enumerate(zip(ids, checks, strict=True))
                 if points > 0)


def true_false_choice(read_as: str | None) -> tuple[str, ...]:
    """``("true",)`` or ``("false",)`` for an answer read as true or false (in any language)."""
    for value, word in zip((True, False), TRUE_FALSE, strict=True):
        if read_as is not None and read_as in {BOOL[value](lang) for lang in LANGS}:
            return (word,)
    return ()


def bank_facts(item: BankBase) -> dict[str, object]:
    """What the statistics need to know of a bank item: type, choices, key, options, variants."""
    facts: dict[str, object] = {"type": getattr(item, "type", None), "variants": item.variants}
    if isinstance(item, (BankSingle, BankMultiple)):
        count = len(item.choices)
        facts |= {"choices": tuple(LETTERS[:count]), "options": count,
                  "correct": tuple(item.correct_letters)}
    elif isinstance(item, BankTrueFalse):
        facts |= {"choices": TRUE_FALSE, "options": 2,
                  "correct": (TRUE_FALSE[0] if item.answer else TRUE_FALSE[1],)}
    elif isinstance(item, BankMatching):
        facts["options"] = len(item.pairs) + len(item.distractors)
    elif isinstance(item, BankOrdering):
        facts["options"] = len(item.steps)
    return facts


def quiz_item(assignment: str, response: QuizResponse, banks: Library | None) -> Item:
    entry = banks.items.get(response.item) if banks is not None else None
    facts = bank_facts(entry.item) if entry is not None else {}
    return Item(id=quiz_item_id(assignment, response.item), assignment=assignment, source="quiz",
                name=response.item, max_points=response.max_score, **facts)


def quiz_response(student: str, item: Item, response: QuizResponse) -> Response:
    chosen = (true_false_choice(response.read_as) if item.type == "true-false"
              else tuple(response.chosen) if item.type in ("single", "multiple") else ())
    return Response(student=student, item=item.id, points=response.score,
                    max_points=response.max_score, variant=response.variant, chosen=chosen,
                    misconceptions=tuple(response.misconceptions),
                    other_variant=response.other_variant)


def _graded_quiz(result: SubmissionResult) -> list[QuizResponse]:
    return [q for q in result.quiz if q.kind == "graded" and q.max_score > 0]


def submission_rows(result: SubmissionResult, banks: Library | None,
                    quiz_items: dict[tuple[str, str, float], Item] | None = None
                    ) -> list[tuple[Item, Response, int]]:
    """The items of one submission, the student's response to each, and the item's position
    (the check's within its exercise, the quiz place's among the places); ``quiz_items``
    keeps the quiz items made so far (of the same ``banks``) to use again."""
    quiz_items = {} if quiz_items is None else quiz_items
    rows = []
    for exercise in result.exercises:
        checks = exercise.checks
        key = tuple((c.name, c.max_points) for c in checks)
        for index, item in _check_items(result.assignment, exercise.exercise, key):
            check = checks[index]
            rows.append((item, Response(result.student, item.id, check.points, check.max_points,
                                        misconceptions=tuple(check.misconceptions)), index))
    for index, quiz in enumerate(_graded_quiz(result)):
        key = (result.assignment, quiz.item, quiz.max_score)
        if key not in quiz_items:
            quiz_items[key] = quiz_item(result.assignment, quiz, banks)
        item = quiz_items[key]
        rows.append((item, quiz_response(result.student, item, quiz), index))
    return rows


def _merged(first: Item, other: Item) -> Item:
    """One item seen in several submissions: the largest maximum any of them gives."""
    return replace(first, max_points=other.max_points) if other.max_points > first.max_points \
        else first


def build_responses(results: Iterable[SubmissionResult], banks: Library | None = None,
                    assignments: Sequence[str] | None = None) -> Responses:
    """The response matrix of ``results`` (one result per student and assignment)."""
    results = list(results)
    order = list(assignments) if assignments else sorted({r.assignment for r in results})
    items: dict[str, Item] = {}
    answers: dict[tuple[str, str], Response] = {}
    students: dict[str, set[str]] = {a: set() for a in order}
    exercises: list[str] = []
    positions: dict[str, int] = {}
    quiz_items: dict[tuple[str, str, float], Item] = {}
    for result in results:
        if result.assignment not in students:
            continue
        students[result.assignment].add(result.student)
        exercises += [e.exercise for e in result.exercises if e.exercise not in exercises]
        for item, response, index in submission_rows(result, banks, quiz_items):
            items[item.id] = _merged(items[item.id], item) if item.id in items else item
            positions.setdefault(item.id, index)
            answers[(result.student, item.id)] = response

    def rank(item: Item) -> tuple[int, int, int, int]:
        """By assignment; checks by exercise (as first graded) and position; then quiz places."""
        exercise = exercises.index(item.exercise) if item.exercise is not None else 0
        return (order.index(item.assignment), item.source == "quiz", exercise,
                positions[item.id])

    return Responses(assignments=tuple(order), items=tuple(sorted(items.values(), key=rank)),
                     students={a: tuple(sorted(s)) for a, s in students.items()},
                     responses=answers)


def load_responses(store: Store, assignments: Sequence[str] | None = None,
                   banks: Library | None = None) -> Responses:
    """The response matrix of ``assignments`` (every assignment in the store when none) from
    ``store``; ``banks`` (the course's :func:`~autograde.quiz.banks.library`) tells quiz item
    types, choices and variants."""
    if assignments:
        results = [r for assignment in dict.fromkeys(assignments)
                   for r in store.results(assignment)]
    else:
        results = store.results()
    return build_responses(results, banks, assignments or None)
