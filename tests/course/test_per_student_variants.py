"""Per-student quiz variants in a real course (``autograde init --quiz-variants``): each
student is asked and graded on their own numbers, by real ``nbgrader autograde`` and by
``autograde grade`` alike, and an answer that fits another student's variant is recorded so."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograde.course.quiz_places import answer_source, grade_id
from autograde.course.scaffold import init_course
from autograde.grader.store import Store
from autograde.kit.quiz import key
from autograde.quiz.banks import library

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
A, ITEM, COURSE = "01_neuron", "01-weight-change", "variants-101"


def _students() -> dict[str, int]:
    """Two students whose variants differ from the lesson's and from each other."""
    entry, found = library().items[ITEM], {}
    for n in range(200):
        variant = entry.variant_of(f"s{n}", COURSE)
        if variant and variant not in found.values():
            found[f"s{n}"] = variant
        if len(found) == 2:
            return found
    raise AssertionError("no two students with different variants")


def _run(*command: str, cwd: Path) -> str:
    done = subprocess.run([str(BIN / command[0]), *command[1:]], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:] + done.stdout[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    root = tmp_path_factory.mktemp("variants") / "course"
    init_course(root, "en", COURSE, quiz_variants=True)
    _run("nbgrader", "generate_assignment", A, "--force", cwd=root)
    release = nbformat.read(root / "release" / A / f"{A}.ipynb", 4)
    entry, students = library().items[ITEM], _students()
    (first, own), (second, _) = students.items()
    answers = {first: key(entry.resolved(own)),  # their own variant's key
               second: key(entry.resolved(own))}  # the first student's: another variant
    for student, said in answers.items():
        notebook = nbformat.from_dict(release)
        cell = next(c for c in notebook.cells if c.get("id") == f"quiz-{ITEM}-answer")
        cell.source = answer_source(ITEM, said)
        path = root / "submitted" / student / A / f"{A}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(notebook, path)
    return root, students


def test_the_release_asks_for_per_student_variants(course):
    root, _ = course
    release = nbformat.read(root / "release" / A / f"{A}.ipynb", 4)
    setup = next(c for c in release.cells if c.cell_type == "code")
    assert f'quiz_variants("{COURSE}")' in setup.source
    question = next(c for c in release.cells if c.get("id") == f"quiz-{ITEM}-en")
    assert "differ from student to student" in question.source


def test_nbgrader_grades_each_student_on_their_own_variant(course):
    root, students = course
    _run("nbgrader", "autograde", A, "--Execute.timeout=60", cwd=root)
    (first, _), (second, _) = students.items()
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        score = {s: gradebook.find_grade(grade_id(ITEM), A, A, s).score for s in students}
    assert score == {first: 1.0, second: 0.0}


def test_autograde_grade_agrees_and_records_the_other_variant(course):
    root, students = course
    _run("autograde", "grade", A, "--course", str(root), "--cell-timeout", "5", cwd=root)
    (first, own), (second, theirs) = students.items()
    with Store.for_course(root) as store:
        rows = {r.student: r for r in store.quiz_responses(A) if r.item == ITEM}
    assert (rows[first].variant, rows[first].score, rows[first].other_variant) == (own, 1.0, None)
    assert (rows[second].variant, rows[second].score) == (theirs, 0.0)
    other = rows[second].other_variant  # the first variant the answer fits: own, or one with
    entry = library().items[ITEM]       # the same key
    assert other is not None and other != theirs
    assert entry.check(rows[second].answer, other).score == 1.0
    assert key(entry.resolved(other)) == key(entry.resolved(own))
