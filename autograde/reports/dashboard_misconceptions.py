"""What to re-teach: how many students made each misconception, per exercise and per quiz
item, with its short name and hint (from the catalog and the quiz banks), and which student
made which."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from autograde.catalog.exercises import EXERCISES
from autograde.grader.records import SubmissionResult
from autograde.kit.text import Text
from autograde.quiz.banks import Library

Kind = str
"""``exercise`` or ``quiz``."""


@dataclass(frozen=True)
class Note:
    name: Text | None
    hint: Text | None


def catalog_notes() -> dict[str, Note]:
    return {m.id: Note(m.name, m.hint) for exercise in EXERCISES.values()
            for m in exercise.misconceptions}


def bank_notes(banks: Library, items: Iterable[str]) -> dict[str, Note]:
    """The banks' own misconceptions, and those the ``items`` name once resolved (an item may
    name the catalog's)."""
    notes = {m: Note(n.name, n.hint) for _, bank in banks.banks.values()
             for m, n in bank.misconceptions.items()}
    for item in items:
        if item in banks.items:
            for m, n in banks.items[item].resolved(0).misconceptions.items():
                notes.setdefault(m, Note(n.name, n.hint))
    return notes


def notes(banks: Library | None, quiz_items: Iterable[str]) -> dict[str, Note]:
    """Misconception id → name and hint: the catalog's, then the banks' (when the course's
    banks could be read)."""
    found = catalog_notes()
    if banks is not None:
        found.update(bank_notes(banks, quiz_items))
    return found


@dataclass(frozen=True)
class Occurrence:
    """One misconception at one place (exercise or quiz item) of one assignment."""

    assignment: str
    place: str
    kind: Kind
    misconception: str
    students: tuple[str, ...]
    submissions: int
    """How many submissions the assignment has (the share's denominator)."""

    @property
    def count(self) -> int:
        return len(self.students)

    @property
    def share(self) -> float:
        return 100.0 * self.count / self.submissions if self.submissions else 0.0


def made(result: SubmissionResult) -> list[tuple[str, Kind, str]]:
    """(place, kind, misconception) of every misconception in ``result``, once each."""
    found = [(e.exercise, "exercise", m) for e in result.exercises for m in e.misconceptions]
    found += [(q.item, "quiz", m) for q in result.quiz for m in q.misconceptions]
    return list(dict.fromkeys(found))


def occurrences(results: dict[str, list[SubmissionResult]]) -> list[Occurrence]:
    """Every misconception made, most students first (then assignment, place, id)."""
    students: dict[tuple[str, str, Kind, str], list[str]] = defaultdict(list)
    for assignment, submitted in results.items():
        for result in submitted:
            for place, kind, misconception in made(result):
                students[assignment, place, kind, misconception].append(result.student)
    found = [Occurrence(a, p, k, m, tuple(s), len(results[a]))
             for (a, p, k, m), s in students.items()]
    return sorted(found, key=lambda o: (-o.count, o.assignment, o.place, o.misconception))


def student_matrix(found: Sequence[Occurrence], students: Sequence[str],
                   limit: int) -> tuple[list[str], list[list[int]]]:
    """The ``limit`` misconceptions most students made, and for each, how many places each of
    ``students`` made it at."""
    per_student: dict[str, Counter[str]] = defaultdict(Counter)
    reach: dict[str, set[str]] = defaultdict(set)
    for occurrence in found:
        for student in occurrence.students:
            per_student[occurrence.misconception][student] += 1
            reach[occurrence.misconception].add(student)
    top = sorted(reach, key=lambda m: (-len(reach[m]), m))[:limit]
    return top, [[per_student[m][s] for s in students] for m in top]
