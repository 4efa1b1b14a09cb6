"""A real nbgrader course run end to end, once per language, for the course tests.

``autograde init`` → ``nbgrader generate_assignment`` → simulated submissions →
``nbgrader autograde`` → ``generate_feedback`` → ``export``, plus ``nbgrader validate`` on the
source notebooks. Everything runs as real nbgrader subprocesses in a temporary course.

Submissions are the release notebooks with their solution cells filled in: correctly, with
one catalog misconception per exercise (the k-th misconception of every exercise, so that a
handful of students covers the whole catalog), raising, looping forever, or left blank. Every
student but the blank one answers the quiz places: with the key (computed from the bank), or —
the ``mistake<k>`` students — with :func:`wrong_answer`.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import numpy as np

from autograde.catalog.exercises import EXERCISES
from autograde.course.quiz_places import answer_source, quiz_of
from autograde.grader.program import exercises_in, graded_functions
from autograde.kit.quiz import Item, key
from autograde.kit.quiz.items import LETTERS
from autograde.quiz.banks import library

NBGRADER = [sys.executable, "-m", "nbgrader"]
ENV = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
"""nbgrader runs ``alembic`` and kernels from PATH: the ones next to this interpreter."""
CORRECT, RAISES, LOOPS, BLANK = "correct", "raises", "loops", "blank"
SHARED = (RAISES, LOOPS)
"""Students whose work the languages share: each language hands it in for every n-th lesson
(its index mod the number of languages), so together they cover every lesson once — a looping
notebook costs a whole cell timeout."""
CELL_TIMEOUT = 10
"""Seconds nbgrader waits for a cell here (the course's own default is 120 s)."""


def mistake(k: int) -> str:
    return f"mistake{k}"


def misconception_for(exercise: str, student: str) -> str | None:
    """The misconception a ``mistake<k>`` student made in ``exercise`` (None: solved it)."""
    if not student.startswith("mistake"):
        return None
    k = int(student.removeprefix("mistake"))
    found = EXERCISES[exercise].misconceptions
    return found[k].id if k < len(found) else None


def wrong_answer(item: Item) -> str:
    """A readable answer that is not the key: a wrong choice, the first wrong-answer rule's
    value (so its misconception shows), the steps reversed, the pairs rotated..."""
    right = key(item)
    if item.type in ("single", "multiple"):
        return next(LETTERS[i] for i, c in enumerate(item.choices) if not c.correct)
    if item.type == "true-false":
        return "false" if item.answer else "true"
    if item.type in ("numeric", "numeric-array"):
        return str(item.wrong[0].answer if item.wrong else (np.asarray(item.answer) + 1).tolist())
    if item.type == "text":
        return "?" + right
    if item.type == "ordering":
        return ",".join(reversed(right.split(",")))
    pairs = right.split(",")
    letters = [p.split("-")[1] for p in pairs]
    return ",".join(f"{p.split('-')[0]}-{letters[i - 1]}" for i, p in enumerate(pairs))


def quiz_answer(item_id: str, student: str) -> str:
    """What ``student`` answers to a quiz place (variant 0, the lesson's numbers)."""
    item = library().items[item_id].resolved(0)
    return wrong_answer(item) if student.startswith("mistake") else key(item)


def _test_call(notebook: nbformat.NotebookNode, exercise: str) -> list[str]:
    """The function names the test cell of ``exercise`` checks: those it passes to ``check``,
    else the exercise's own."""
    return list(graded_functions(notebook).get(exercise) or EXERCISES[exercise].function_names)


def _mutant_source(exercise: str, misconception: str, names: list[str]) -> str:
    index = [m.id for m in EXERCISES[exercise].misconceptions].index(misconception)
    return (f"from autograde.catalog.exercises import EXERCISES as _CATALOG\n\n"
            f"{', '.join(names)} = _CATALOG[{exercise!r}].misconceptions[{index}].mutant\n")


def _raising_source(names: list[str]) -> str:
    return "\n".join(f"def {name}(*args):\n    raise RuntimeError('oops')\n" for name in names)


def _looping_source(solution: str) -> str:
    """A stray endless loop before the solution: nbgrader's cell timeout has to stop it."""
    return f"while True:\n    pass\n\n{solution}"


def submission(source: nbformat.NotebookNode, release: nbformat.NotebookNode,
               student: str) -> nbformat.NotebookNode:
    """The release notebook as ``student`` would hand it in."""
    copy = nbformat.from_dict(release)
    solutions = {c.id: c.source for c in source.cells if c.get("id", "").endswith("-solution")}
    first = next(iter(exercises_in(source)), None)
    for cell in copy.cells:
        if quiz_of(cell) and cell.get("id", "").endswith("-answer") and student != BLANK:
            cell.source = answer_source(quiz_of(cell), quiz_answer(quiz_of(cell), student))
            continue
        exercise = cell.get("id", "").removesuffix("-solution")
        if not cell.get("id", "").endswith("-solution") or student == BLANK:
            continue
        names = _test_call(source, exercise)
        misconception = misconception_for(exercise, student)
        if student == RAISES:
            cell.source = _raising_source(names)
        elif student == LOOPS and exercise == first:
            cell.source = _looping_source(solutions[cell.id])
        elif misconception:
            cell.source = _mutant_source(exercise, misconception, names)
        else:
            cell.source = solutions[cell.id]
    return copy


@dataclass
class CourseRun:
    """One language's course after the whole pipeline, with what each step took."""

    root: Path
    lang: str
    students: list[str]
    lang_index: int = 0
    n_langs: int = 1
    seconds: dict[str, float] = field(default_factory=dict)
    logs: dict[str, str] = field(default_factory=dict)

    @property
    def course_id(self) -> str:
        return self.root.name

    def assignments(self) -> list[str]:
        return sorted(p.name for p in (self.root / "source").iterdir() if p.is_dir())

    def hands_in(self, student: str, assignment: str) -> bool:
        """``student`` (of :data:`SHARED` or not) hands in ``assignment`` in this language."""
        if student not in SHARED:
            return True
        return self.assignments().index(assignment) % self.n_langs == self.lang_index

    def notebook(self, step: str, assignment: str, student: str = "") -> nbformat.NotebookNode:
        folder = self.root / step / student / assignment
        return nbformat.read(next(folder.glob("*.ipynb")), as_version=4)

    def feedback(self, assignment: str, student: str) -> str:
        folder = self.root / "feedback" / student / assignment
        return next(folder.glob("*.html")).read_text("utf-8")

    def export(self) -> list[dict[str, str]]:
        with open(self.root / "grades.csv", encoding="utf-8") as table:
            return list(csv.DictReader(table))

    def run(self, step: str, *args: str, cwd: Path | None = None) -> str:
        start = time.perf_counter()
        done = subprocess.run([*NBGRADER, *args], cwd=cwd or self.root, env=ENV,
                              capture_output=True, text=True, timeout=1800)
        self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - start
        self.logs[step] = done.stdout + done.stderr
        if done.returncode != 0:
            raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{self.logs[step][-3000:]}")
        return self.logs[step]


def mistake_students(assignments: dict[str, list[str]], lang_index: int, n_langs: int) -> list:
    """``mistake<k>`` students for this language: the languages share the catalog's
    misconceptions between them (k ≡ lang_index mod n_langs), so together they cover all."""
    most = max(len(EXERCISES[e].misconceptions) for ids in assignments.values() for e in ids)
    return [mistake(k) for k in range(lang_index, most, n_langs)]


def hand_in_through_the_exchange(course: CourseRun, assignment: str) -> None:
    """Release, fetch as this machine's user, solve, submit and collect one assignment."""
    home = course.root.parent / f"{course.root.name}-student"
    home.mkdir()
    where = ["--course", course.course_id, f"--Exchange.root={course.root / 'exchange'}"]
    course.run("release_assignment", "release_assignment", assignment)
    course.run("fetch_assignment", "fetch_assignment", assignment, *where, cwd=home)
    path = next((home / assignment).glob("*.ipynb"))
    fetched = nbformat.read(path, as_version=4)
    nbformat.write(submission(course.notebook("source", assignment), fetched, CORRECT), path)
    course.run("submit", "submit", assignment, *where, cwd=home)
    course.run("collect", "collect", assignment)


def build(root: Path, lang: str, lang_index: int, n_langs: int) -> CourseRun:
    """Run the whole pipeline for one language in ``root`` (a new directory)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "autograde.cli", "init", str(root), "--lang", lang],
                   check=True, capture_output=True)
    course = CourseRun(root=root, lang=lang, students=[], lang_index=lang_index,
                       n_langs=n_langs)
    course.seconds["init"] = time.perf_counter() - start
    course.run("generate_assignment", "generate_assignment", "*")
    exercises = {a: exercises_in(course.notebook("source", a)) for a in course.assignments()}
    course.students = [CORRECT, RAISES, LOOPS, BLANK,
                       *mistake_students(exercises, lang_index, n_langs)]
    for assignment in course.assignments():
        source = course.notebook("source", assignment)
        release_path = next((root / "release" / assignment).glob("*.ipynb"))
        release = nbformat.read(release_path, as_version=4)
        for student in course.students:
            nothing_wrong = not any(misconception_for(e, student) for e in exercises[assignment])
            if not course.hands_in(student, assignment) or (student.startswith("mistake")
                                                            and nothing_wrong):
                continue
            out = root / "submitted" / student / assignment / release_path.name
            out.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(submission(source, release, student), out)
    hand_in_through_the_exchange(course, course.assignments()[0])
    course.run("autograde", "autograde", "*", f"--Execute.timeout={CELL_TIMEOUT}")
    course.run("generate_feedback", "generate_feedback", "*")
    course.run("export", "export", "--to", str(root / "grades.csv"))
    sources = sorted(str(p) for p in (root / "source").glob("*/*.ipynb"))
    course.run("validate", "validate", *sources)
    return course
