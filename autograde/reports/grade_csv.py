"""Grade tables as CSV files that LMS gradebooks import, in UTF-8 with a byte-order mark (so
Excel on a Japanese Windows opens them right). Points are written as plain decimals; a student
who did not submit an assignment gets an empty cell (the LMS keeps what it has).

- ``moodle``: one header row, ``First name``, ``Last name``, ``ID number``, ``Username``,
  ``Email address``, then one column per assignment, named by its id. Moodle's "Import grades
  → CSV file" asks which column identifies the user: map ``ID number`` to *ID number* (the
  gradebook's ``lms_user_id``), ``Email address`` to *Email address* or ``Username`` to
  *Username* (nbgrader's student id), and each assignment column to a grade item or a new one.
- ``canvas``: Canvas's gradebook import shape: ``Student``, ``ID``, ``SIS User ID``,
  ``SIS Login ID``, ``Section``, then the assignments, and a second row ``Points Possible``
  with each assignment's maximum (Canvas creates a missing assignment with those points).
  Canvas finds a student by ``ID`` (its numeric user id: a numeric ``lms_user_id``), else
  ``SIS User ID`` (a non-numeric ``lms_user_id``), else ``SIS Login ID`` (the e-mail, else
  nbgrader's student id), else by name (``Last, First``).
- ``wide``: ``student``, then one column per item (``<assignment>/<quiz item>``,
  ``<assignment>/<exercise>/<check>``) with the student's points on it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from autograde.reports.grades import Grades, Person
from autograde.reports.responses import Responses

Format = Literal["moodle", "canvas", "wide"]
FORMATS: tuple[Format, ...] = ("moodle", "canvas", "wide")
ENCODING = "utf-8-sig"
MOODLE_PEOPLE = ("First name", "Last name", "ID number", "Username", "Email address")
CANVAS_PEOPLE = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
POINTS_POSSIBLE = "Points Possible"


def number(value: float) -> str:
    """Points as a plain decimal: ``3``, ``2.5``, ``0.3333`` (never ``1e-05``)."""
    return f"{round(value, 4):.4f}".rstrip("0").rstrip(".")


def _score_cells(grades: Grades, student: str) -> list[str]:
    return [number(grades.scores[(student, a)]) if (student, a) in grades.scores else ""
            for a in grades.assignments]


def moodle_rows(grades: Grades) -> list[list[str]]:
    rows = [[*MOODLE_PEOPLE, *grades.assignments]]
    for person in grades.people:
        rows.append([person.first_name, person.last_name, person.lms_user_id, person.student,
                     person.email, *_score_cells(grades, person.student)])
    return rows


def canvas_name(person: Person) -> str:
    """``Last, First`` (Canvas's sortable name), else what is known, else the student id."""
    if person.last_name and person.first_name:
        return f"{person.last_name}, {person.first_name}"
    return person.last_name or person.first_name or person.student


def canvas_ids(person: Person) -> tuple[str, str, str]:
    """Canvas's ``ID``, ``SIS User ID`` and ``SIS Login ID`` of a student."""
    numeric = person.lms_user_id.isascii() and person.lms_user_id.isdigit()
    return (person.lms_user_id if numeric else "", "" if numeric else person.lms_user_id,
            person.email or person.student)


def canvas_rows(grades: Grades) -> list[list[str]]:
    blank = [""] * (len(CANVAS_PEOPLE) - 1)
    rows = [[*CANVAS_PEOPLE, *grades.assignments],
            [POINTS_POSSIBLE, *blank, *(number(grades.max_scores[a]) for a in grades.assignments)]]
    for person in grades.people:
        rows.append([canvas_name(person), *canvas_ids(person), "",
                     *_score_cells(grades, person.student)])
    return rows


def wide_rows(responses: Responses) -> list[list[str]]:
    """``student`` and one column per item; empty where the student did not submit."""
    submitted = {a: set(responses.students_of(a)) for a in responses.assignments}
    rows = [["student", *(item.id for item in responses.items)]]
    for student in sorted(set().union(*submitted.values())):
        rows.append([student, *(
            number(responses.points(student, item.id))
            if student in submitted[item.assignment] else "" for item in responses.items)])
    return rows


def write_csv(path: Path, rows: Iterable[Sequence[str]]) -> None:
    """``rows`` into ``path``: UTF-8 with a BOM, CRLF line ends (as Excel writes CSV)."""
    with path.open("w", encoding=ENCODING, newline="") as file:
        csv.writer(file).writerows(rows)
