"""The class the dashboard tests share (no tests here): an nbgrader course folder with a results
store of lessons 01 and 03 as ``autograde grade`` saves them, an nbgrader gradebook (names, due
dates, submission times) and nbgrader's autograded notebooks of lesson 01 (for the audit).

Exercises, checks and misconceptions are the catalog's, quiz items the shipped banks' graded
ones; a seeded generator draws each student's work. Named students make each signal once:
``stu-cheater`` (a scan flag, a sandbox event, and nbgrader gave full marks where the isolated
grader did not), ``stu-copycat`` (an answer right for another variant), ``stu-broken`` (a
notebook that could not be graded), ``stu-late`` (submitted lesson 03 after the due date),
``stu-twin-a``/``stu-twin-b`` (the same fingerprint for relu), ``stu-absent`` (lesson 01 only).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import nbformat
import numpy as np

from autograde.catalog.exercises import EXERCISES
from autograde.grader.records import Flag, QuizResponse, SandboxEvent, SubmissionResult
from autograde.grader.store import Store
from autograde.kit.quiz.items import LETTERS
from autograde.kit.results import CheckResult, ExerciseResult
from autograde.quiz.banks import Entry, library

COURSE_ID = "nn-dojo-dashboard-test"
LESSONS = {"01_neuron": ("step", "sigmoid", "relu"),
           "03_loss": ("softmax", "sum_squared_error", "cross_entropy_error")}
DUE = {"01_neuron": datetime(2026, 4, 20, 15, 0), "03_loss": datetime(2026, 5, 11, 15, 0)}
SPECIAL = ("stu-cheater", "stu-copycat", "stu-broken", "stu-late", "stu-twin-a", "stu-twin-b",
           "stu-absent")
FAMILY = ("青木", "馬場", "千葉", "土井", "江藤", "藤田", "後藤", "原田", "井上", "上村", "加藤",
          "木下")
GIVEN = ("花子", "太郎", "陽菜", "蓮", "結衣", "湊", "葵", "大翔", "凛", "樹", "美咲", "悠真")


def student_ids(n: int) -> list[str]:
    """The named students, then ``stu-0001``…: ``n`` in all (at least the named ones)."""
    return [*SPECIAL, *(f"stu-{i:04d}" for i in range(1, max(n - len(SPECIAL), 0) + 1))]


def names(students: list[str]) -> dict[str, tuple[str, str]]:
    """Student → (first, last) name, Japanese, as the gradebook holds them."""
    return {s: (GIVEN[i % len(GIVEN)], FAMILY[(i * 7) % len(FAMILY)])
            for i, s in enumerate(students)}


def graded_items(lesson: str) -> list[Entry]:
    return [e for e in library().items.values()
            if e.bank.lesson == lesson and e.item.kind == "graded"]


def _exercise(exercise_id: str, ability: float, rng: np.random.Generator,
              force_misconception: bool = False) -> ExerciseResult:
    spec = EXERCISES[exercise_id]
    mistake = None
    if force_misconception or rng.random() > ability + 0.15:
        weights = np.array([0.55 ** i for i in range(len(spec.misconceptions))])
        mistake = spec.misconceptions[rng.choice(len(weights), p=weights / weights.sum())].id
    checks = []
    for index, check in enumerate(spec.checks):
        passed = (index == 0 or rng.random() < 0.5) if mistake else rng.random() < ability + 0.3
        checks.append(CheckResult(name=check.name("ja"), passed=bool(passed),
                                  points=check.points if passed else 0.0,
                                  max_points=check.points,
                                  misconceptions=[mistake] if mistake and not passed else []))
    return ExerciseResult(exercise=exercise_id, lang="ja", score=sum(c.points for c in checks),
                          max_score=sum(c.max_points for c in checks), checks=checks,
                          misconceptions=[mistake] if mistake else [])


def _answer(entry: Entry, index: int, ability: float, rng: np.random.Generator,
            other_variant: bool = False) -> QuizResponse:
    item = entry.item
    variant = index % item.variants
    right = rng.random() < ability and not other_variant
    chosen: list[str] = []
    misconceptions: list[str] = []
    if item.type in ("single", "multiple"):
        correct = list(item.correct_letters)
        wrong = [LETTERS[i] for i in range(len(item.choices)) if LETTERS[i] not in correct]
        chosen = correct if right else [wrong[int(rng.integers(len(wrong)))]]
        misconceptions = [item.choices[LETTERS.index(c)].misconception for c in chosen
                          if item.choices[LETTERS.index(c)].misconception]
        read_as = ", ".join(chosen)
    else:
        read_as = "1.5" if right else f"{rng.integers(2, 90) / 10}"
        rules = getattr(item, "wrong", [])
        if not right and rules and rng.random() < 0.6 and not other_variant:
            misconceptions = [rules[0].misconception] if rules[0].misconception else []
    return QuizResponse(item=item.id, lesson=entry.bank.lesson, kind="graded", variant=variant,
                        answer=read_as, read_as=read_as, chosen=chosen,
                        score=item.points if right else 0.0, max_score=item.points,
                        misconceptions=misconceptions,
                        other_variant=(variant + 1) % item.variants if other_variant else None)


def _fingerprints(student: str, lesson: str, rng: np.random.Generator) -> dict[str, list[int]]:
    prints = {e: sorted({int(x) for x in rng.integers(0, 2**31, 8)}) for e in LESSONS[lesson]}
    if student.startswith("stu-twin") and "relu" in prints:
        prints["relu"] = list(range(1000, 1020))
    return prints


def submission(student: str, lesson: str, index: int, seed: int = 12) -> SubmissionResult:
    """One student's graded submission of ``lesson``, drawn from (seed, index, lesson)."""
    rng = np.random.default_rng([seed, index, int(lesson[:2])])
    ability = float(rng.uniform(0.25, 1.0))
    path = f"submitted/{student}/{lesson}/{lesson}.ipynb"
    digest = f"{index:08d}{lesson}".ljust(64, "0")[:64]
    if student == "stu-broken" and lesson == "03_loss":
        return SubmissionResult(
            assignment=lesson, student=student, path=path, digest=digest, lang="ja",
            error=f"{path} を読めません: Notebook JSON is invalid", max_score=0.0)
    mistaken = student in ("stu-twin-a", "stu-cheater")
    exercises = [_exercise(e, ability, rng, force_misconception=mistaken)
                 for e in LESSONS[lesson]]
    quiz = [_answer(entry, index, ability, rng,
                    other_variant=(student == "stu-copycat" and entry.item.variants > 1))
            for entry in graded_items(lesson)]
    result = SubmissionResult(
        assignment=lesson, student=student, path=path, digest=digest, lang="ja",
        score=sum(e.score for e in exercises) + sum(q.score for q in quiz),
        max_score=sum(e.max_score for e in exercises) + sum(q.max_score for q in quiz),
        exercises=exercises, quiz=quiz, fingerprints=_fingerprints(student, lesson, rng))
    if student == "stu-cheater" and lesson == "01_neuron":
        result.flags = [Flag(rule="imports_reference", cell="relu-solution", line=2,
                             code="from reference.activations import relu")]
        result.events = [SandboxEvent(kind="timeout", detail="cell relu-solution: 2 s")]
    return result


@dataclass(frozen=True)
class ClassCourse:
    root: Path
    students: list[str]
    results: list[SubmissionResult]


@contextlib.contextmanager
def _venv_on_path() -> Iterator[None]:
    """nbgrader runs ``alembic`` from PATH when it makes a gradebook: the one next to us."""
    before = os.environ["PATH"]
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{before}"
    try:
        yield
    finally:
        os.environ["PATH"] = before


def _gradebook(root: Path, students: list[str], results: list[SubmissionResult]) -> None:
    from nbgrader.api import Gradebook

    url = f"sqlite:///{root / 'gradebook.db'}"
    with _venv_on_path(), Gradebook(url, course_id=COURSE_ID) as gradebook:
        for student, (first, last) in names(students).items():
            gradebook.add_student(student, first_name=first, last_name=last)
        for lesson, due in DUE.items():
            gradebook.add_assignment(lesson, duedate=due)
        for result in results:
            late = result.student == "stu-late" and result.assignment == "03_loss"
            when = DUE[result.assignment] + (timedelta(hours=26) if late else
                                             -timedelta(hours=3))
            with gradebook.db.no_autoflush:  # nbgrader builds the submission before adding it
                gradebook.add_submission(result.assignment, result.student, timestamp=when)


def _autograded(root: Path, results: list[SubmissionResult]) -> None:
    """nbgrader's autograded notebooks of lesson 01: one grade cell per exercise whose output
    is the isolated score, except the cheater's, whose cells print nothing (full marks)."""
    for result in results:
        if result.assignment != "01_neuron":
            continue
        cells = []
        for exercise in result.exercises:
            cell = nbformat.v4.new_code_cell(f'check("{exercise.exercise}")')
            cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True,
                                         "grade_id": f"{exercise.exercise}-check",
                                         "points": exercise.max_score, "schema_version": 3}
            if result.student != "stu-cheater":
                cell.outputs = [nbformat.v4.new_output(
                    "execute_result", data={"text/plain": repr(exercise.score)},
                    execution_count=1)]
            cells.append(cell)
        folder = root / "autograded" / result.student / result.assignment
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nbformat.v4.new_notebook(cells=cells), folder / "01_neuron.ipynb")


def class_course(root: Path, n: int = 16, seed: int = 12, gradebook: bool = True,
                 autograded: bool = True) -> ClassCourse:
    """An nbgrader course at ``root`` with ``n`` students' results in ``autograde.db``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "nbgrader_config.py").write_text(
        f'c = get_config()\nc.CourseDirectory.course_id = "{COURSE_ID}"\n', "utf-8")
    students = student_ids(n)
    results = [submission(student, lesson, index, seed)
               for index, student in enumerate(students) for lesson in LESSONS
               if not (student == "stu-absent" and lesson == "03_loss")]
    with Store.for_course(root) as store:
        for result in results:
            store.save(result)
    if gradebook:
        _gradebook(root, students, results)
    if autograded:
        _autograded(root, results)
    return ClassCourse(root, students, results)
