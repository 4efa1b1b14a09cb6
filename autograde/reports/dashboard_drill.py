"""The per-student drill-down as compact JSON for the page's script, which builds a student's
tables when their ``<details>`` is opened (a thousand students' tables written out as HTML
would be most of the file).

Repeated strings (assignments, exercises, items, check names, misconceptions) are written once
in ``strings`` and referred to by index. Per student, in the students table's order, one entry
per assignment submitted::

    [assignment, score, max_score, when, seconds_late, status, signals, error,
     [[exercise, score, max_score, passed, checks, [failed check], [misconception], error], …],
     [[item, graded, variant, answer, score, max_score, [misconception], other_variant,
       error], …]]

``when`` is the submission time and due date as the page words them, ``status`` how late that
was (both "" without a gradebook); ``seconds_late`` is None when unknown, 0 when on time. A
misconception index points at ``misconceptions``: ``[id, name]``. ``labels`` holds the words
of the tables' headings.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from markupsafe import Markup

from autograde.reports.dashboard_course import Submitted
from autograde.reports.dashboard_students import StudentAssignment, StudentRow

Label = Callable[..., str]
TIME = "%Y-%m-%d %H:%M"
LABELS = ("exercise", "score", "checks", "failed", "misconception", "item", "kind", "variant",
          "answer", "practice", "graded", "error", "points", "no_timestamp")
"""The words the script writes."""


class _Table:
    """Strings (or pairs) numbered in the order first seen."""

    def __init__(self) -> None:
        self.index: dict[object, int] = {}

    def __call__(self, value: object) -> int:
        return self.index.setdefault(value, len(self.index))

    def values(self) -> list[object]:
        return list(self.index)


def when(submitted: Submitted | None, label: Label) -> str:
    """"submitted 2026-05-12 17:00 · due 2026-05-11 15:00" in the page's language."""
    if submitted is None:
        return ""
    parts = []
    if submitted.timestamp is not None:
        parts.append(label("submitted_at", timestamp=submitted.timestamp.strftime(TIME)))
    if submitted.duedate is not None:
        parts.append(label("due", duedate=submitted.duedate.strftime(TIME)))
    return " · ".join(parts)


def status(submitted: Submitted | None, label: Label) -> str:
    if submitted is None or submitted.timestamp is None:
        return ""
    if submitted.late:
        return label("late_by", hours=submitted.seconds_late / 3600)
    return label("on_time")


def _assignment(d: StudentAssignment, strings: _Table, misconceptions: Callable[[str], int],
                label: Label, scrub: Callable[[str], str]) -> list[object]:
    exercises = [[strings(e.exercise), e.score, e.max_score, e.passed, e.checks,
                  [strings(name) for name in e.failed],
                  [misconceptions(m) for m in e.misconceptions],
                  scrub(e.error) if e.error else None] for e in d.exercises]
    quiz = [[strings(q.item), int(q.kind == "graded"), q.variant, scrub(q.answer), q.score,
             q.max_score, [misconceptions(m) for m in q.misconceptions], q.other_variant,
             scrub(q.error) if q.error else None] for q in d.quiz]
    late = d.submitted.seconds_late if d.submitted is not None else None
    return [strings(d.assignment), d.score, d.max_score, when(d.submitted, label), late,
            status(d.submitted, label), [scrub(s) for s in d.signals],
            scrub(d.error) if d.error else None, exercises, quiz]


def drill_down(rows: Sequence[StudentRow], label: Label, name_of: Callable[[str], str],
               scrub: Callable[[str], str]) -> dict[str, object]:
    """The drill-down of every student of ``rows``, in their order."""
    strings, pairs = _Table(), _Table()

    def misconception(m: str) -> int:
        return pairs((m, name_of(m)))

    students = [[_assignment(d, strings, misconception, label, scrub) for d in row.details]
                for row in rows]
    return {"labels": {name: label(name) for name in LABELS}, "strings": strings.values(),
            "misconceptions": [list(p) for p in pairs.values()], "students": students}


def script_json(data: object) -> Markup:
    """``data`` as JSON that can sit inside ``<script type="application/json">`` ("<" written
    as its JSON escape, so no ``</script>`` or ``<!--`` can appear)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Markup(text.replace("<", "\\u003c"))
