"""Distractor analysis of choice items: who chose each option, in the upper and lower 27 %.

For a single-choice, multiple-choice or true-false item, every option's share of all students,
of the upper group and of the lower group (Kelley's 27 %: the ``round(0.27 n)`` students, at
least one, with the highest and the lowest totals on the assignment, ties at the cut broken by
student id). A student whose answer named no option (unreadable or missing) counts under the
option ``None``. A wrong option is flagged ``non_functioning`` when fewer than 5 % of all
students chose it (it distracts nobody) and ``attracts_upper`` when the upper group chose it
more often than the lower group (it misleads the strong students: a flaw or a misconception
worth re-teaching).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from autograde.reports.responses import Item, Responses

GROUP_SHARE = 0.27
NON_FUNCTIONING = 5.0
"""A wrong option chosen by fewer than this percentage of students distracts nobody."""


@dataclass(frozen=True)
class OptionShare:
    """One option of a choice item and who chose it (shares in percent)."""

    option: str | None
    """The letter, ``true``/``false``, or None for "no option read"."""
    correct: bool
    count: int
    share: float
    upper: float
    lower: float

    @property
    def flags(self) -> tuple[str, ...]:
        if self.correct or self.option is None:
            return ()
        found = []
        if self.share < NON_FUNCTIONING:
            found.append("non_functioning")
        if self.upper > self.lower:
            found.append("attracts_upper")
        return tuple(found)


@dataclass(frozen=True)
class Distractors:
    item: str
    n: int
    group_size: int
    """How many students the upper (and the lower) group holds."""
    options: tuple[OptionShare, ...]


def group_size(n: int) -> int:
    """27 % of ``n`` students, rounded half up, at least one (none of none)."""
    return max(1, math.floor(GROUP_SHARE * n + 0.5)) if n else 0


def upper_lower(totals: dict[str, float]) -> tuple[list[str], list[str]]:
    """The upper and the lower 27 % of students by total (ties broken by student id)."""
    k = group_size(len(totals))
    upper = sorted(totals, key=lambda student: (-totals[student], student))[:k]
    lower = sorted(totals, key=lambda student: (totals[student], student))[:k]
    return upper, lower


def _share(chose: set[str], group: list[str]) -> float:
    return 100 * sum(student in chose for student in group) / len(group) if group else 0.0


def distractors(responses: Responses, item: Item) -> Distractors | None:
    """The option analysis of a choice item (None for other items)."""
    if not item.choices:
        return None
    totals = responses.totals(item.assignment)
    students = list(totals)
    upper, lower = upper_lower(totals)
    chose: dict[str | None, set[str]] = {option: set() for option in item.choices}
    chose[None] = set()
    for student in students:
        found = responses.response(student, item.id)
        picked = [c for c in (found.chosen if found else ()) if c in item.choices]
        for option in picked or [None]:
            chose[option].add(student)
    options = tuple(
        OptionShare(option=option, correct=option in item.correct, count=len(who),
                    share=100 * len(who) / len(students) if students else 0.0,
                    upper=_share(who, upper), lower=_share(who, lower))
        for option, who in chose.items() if option is not None or who)
    return Distractors(item=item.id, n=len(students), group_size=len(upper), options=options)


def all_distractors(responses: Responses) -> list[Distractors]:
    return [found for item in responses.items
            if (found := distractors(responses, item)) is not None]
