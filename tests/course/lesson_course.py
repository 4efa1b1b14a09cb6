"""The first lesson of a real nbgrader course, graded one student at a time: what the
instructor reads (each student's ``nbgrader autograde`` log) and what students get back (the
feedback pages of ``nbgrader generate_feedback``).

Students hand in the release notebook untouched, solved, or unsolved with its first test cell
tampered with in one of the ways of :data:`TAMPERING`. One ``nbgrader autograde`` grades them
all, as an instructor would run it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader_course import ENV, NBGRADER

from autograde.course.layout import assignments
from autograde.grader.program import exercises_in

UNTOUCHED, CORRECT = "untouched", "correct"
CELL_TIMEOUT = 30


def _edit(cell: NotebookNode) -> None:
    """The test cell replaced by its points: nbgrader reads the last value as the score."""
    cell.source = repr(float(cell.metadata.nbgrader.points))


def _forge(cell: NotebookNode) -> None:
    """A hidden-tests block of the student's own after the released lines."""
    cell.source += "\n### BEGIN HIDDEN TESTS\nprint('passed')\n### END HIDDEN TESTS"


def _inflate(cell: NotebookNode) -> None:
    """The released lines kept, the cell's points raised in its metadata."""
    cell.metadata.nbgrader["points"] = 100.0


TAMPERING: dict[str, Callable[[NotebookNode], None]] = {
    "edited": _edit, "forged": _forge, "inflated": _inflate}
"""Student id → what that student did to the first test cell of the release notebook."""
STUDENTS = (UNTOUCHED, CORRECT, *TAMPERING)


@dataclass
class LessonCourse:
    """A course with its first lesson graded, and what ``nbgrader autograde`` printed."""

    root: Path
    assignment: str
    log: str = ""

    def student_log(self, student: str) -> str:
        """The part of the autograde log about ``student`` (from nbgrader's "Creating/updating
        student" line to the next student's)."""
        parts = re.split(r"^.*Creating/updating student with ID '([^']+)'.*$", self.log,
                         flags=re.MULTILINE)
        return dict(zip(parts[1::2], parts[2::2], strict=True))[student]

    def notebook(self, step: str, student: str = "") -> NotebookNode:
        folder = self.root / step / student / self.assignment
        return nbformat.read(next(folder.glob("*.ipynb")), as_version=4)

    def feedback_page(self, student: str) -> Path:
        return next((self.root / "feedback" / student / self.assignment).glob("*.html"))

    def tampered_cell(self) -> str:
        """The grade id of the test cell the tampering students changed."""
        return f"{exercises_in(self.notebook('source'))[0]}-check"

    def nbgrader(self, *args: str) -> str:
        """Run nbgrader in the course; what it printed (stdout and stderr, in order)."""
        done = subprocess.run([*NBGRADER, *args], cwd=self.root, env=ENV, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900)
        if done.returncode != 0:
            raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{done.stdout[-3000:]}")
        return done.stdout


def handed_in(course: LessonCourse, student: str) -> NotebookNode:
    """The release notebook as ``student`` hands it in."""
    copy = course.notebook("release")
    if student == CORRECT:
        solutions = {c.id: c.source for c in course.notebook("source").cells
                     if c.metadata.get("nbgrader", {}).get("solution")}
        for cell in copy.cells:
            cell.source = solutions.get(cell.get("id"), cell.source)
    elif student in TAMPERING:
        TAMPERING[student](next(c for c in copy.cells if c.get("id") == course.tampered_cell()))
    return copy


def build(root: Path, lang: str, students: tuple[str, ...] = STUDENTS) -> LessonCourse:
    """``autograde init`` in ``root``, the first lesson released, handed in by ``students``,
    autograded, and their feedback generated."""
    subprocess.run([sys.executable, "-m", "autograde.cli", "init", str(root), "--lang", lang],
                   check=True, capture_output=True)
    course = LessonCourse(root, assignments()[0])
    course.nbgrader("generate_assignment", course.assignment)
    for student in students:
        folder = root / "submitted" / student / course.assignment
        folder.mkdir(parents=True)
        nbformat.write(handed_in(course, student), folder / f"{course.assignment}.ipynb")
        (folder / "timestamp.txt").write_text("2026-01-15 09:00:00.000000 UTC", "utf-8")
    course.log = course.nbgrader("autograde", course.assignment,
                                 f"--Execute.timeout={CELL_TIMEOUT}")
    course.nbgrader("generate_feedback", course.assignment)
    return course
