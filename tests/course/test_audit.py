"""``autograde audit`` against real ``nbgrader autograde``: submissions that fool the in-kernel
grader are listed with the reason; honest ones and tricks nbgrader already catches are not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograde.catalog.exercises import EXERCISES
from autograde.course.audit import KernelScore, audit, kernel_scores
from autograde.course.scaffold import init_course
from autograde.grader.records import SubmissionResult
from autograde.kit.results import ExerciseResult

BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
A = "01_neuron"
FULL = EXERCISES["relu"].max_score

RELU = {
    "alice": None,  # the instructor's solution
    "carol": ("import autograde.course.hidden as h\n"
              f"h.grade = lambda *a, **k: {FULL!r}\n"
              "def relu(x):\n    return x * 0\n"),
    "nina": ("import sys\n\nclass Fake:\n    def grade(self, *a, **k):\n"
             f"        return {FULL!r}\n\n"
             "sys.modules['autograde.course.hidden'] = Fake()\n\ndef relu(x):\n    return x\n"),
    "mallory": ("class Yes:\n    def __eq__(self, other):\n        return True\n\n"
                "def relu(x):\n    return Yes()\n"),
    "quincy": None,  # cheats at a quiz place instead
}
QUIZ = "01-why-activation"
QUIZ_CHEAT = ('import autograde.course.hidden as h\n\nh.grade_quiz = lambda *a, **k: 1.0\n'
              f'answer("{QUIZ}", "c")')
"""A wrong answer, and the in-kernel quiz grader patched to give full marks."""


def run(*command: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([str(BIN / command[0]), *command[1:]], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=900)
    if check:
        assert done.returncode == 0, done.stderr[-3000:] + done.stdout[-3000:]
    return done


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit") / "course"
    init_course(root, "en", "audit-test")
    run("nbgrader", "generate_assignment", A, "--force", cwd=root)
    master = nbformat.read(root / "source" / A / f"{A}.ipynb", 4)
    release = nbformat.read(root / "release" / A / f"{A}.ipynb", 4)
    solutions = {c.id: c.source for c in master.cells if c.get("id", "").endswith("-solution")}
    for student, relu in RELU.items():
        notebook = nbformat.from_dict(release)
        for cell in notebook.cells:
            if cell.get("id") in solutions:
                cell.source = solutions[cell.id]
            if cell.get("id") == "relu-solution" and relu is not None:
                cell.source = relu
            if cell.get("id") == f"quiz-{QUIZ}-answer" and student == "quincy":
                cell.source = QUIZ_CHEAT
        path = root / "submitted" / student / A / f"{A}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(notebook, path)
    return root


def test_audit_before_nbgrader_autograde_says_what_to_run(course):
    done = run("autograde", "audit", A, "--course", str(course), "--lang", "en", cwd=course,
               check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"nbgrader autograde {A}" in done.stderr


@pytest.fixture(scope="module")
def audited(course):
    run("nbgrader", "autograde", A, "--Execute.timeout=30", cwd=course)
    rows = json.loads(run("autograde", "audit", A, "--course", str(course), "--json",
                          cwd=course).stdout)
    return course, {row["student"]: row for row in rows}


def test_nbgrader_is_fooled_where_we_expect(audited):
    course, _ = audited
    kernel = kernel_scores(course, A)
    assert kernel["carol"].exercises["relu"] == FULL  # the patched grader gave full marks
    assert kernel["nina"].exercises["relu"] == FULL
    assert kernel["mallory"].exercises["relu"] == 0  # nbgrader's own judge caught this one
    assert kernel["quincy"].exercises[f"quiz-{QUIZ}"] == 1.0


def test_only_the_submissions_that_fooled_nbgrader_are_listed(audited):
    _, rows = audited
    assert set(rows) == {"carol", "nina", "quincy"}
    for student in ("carol", "nina"):
        assert rows[student]["exercises"] == {"relu": [FULL, 0.0]}
        assert rows[student]["kernel"] - rows[student]["isolated"] == FULL
        assert "patches_grader" in rows[student]["reasons"]
    assert any("h.grade = lambda" in line for line in rows["carol"]["cells"])
    assert rows["quincy"]["exercises"] == {f"quiz-{QUIZ}": [1.0, 0.0]}
    assert "patches_grader" in rows["quincy"]["reasons"]


def test_the_report_explains_in_both_languages(audited):
    course, _ = audited
    ja = run("autograde", "audit", A, "--course", str(course), "--lang", "ja", cwd=course).stdout
    en = run("autograde", "audit", A, "--course", str(course), "--lang", "en", cwd=course).stdout
    assert "3 件" in ja and "採点器（autograde）を書き換えています" in ja
    assert "3 of 5" in en and "monkeypatches the grader" in en
    assert "alice" not in en and "mallory" not in en


def test_a_submission_without_an_isolated_result_is_listed():
    kernel = {"zoe": KernelScore(student="zoe", exercises={"relu": FULL}, notebook="x.ipynb")}
    rows = audit(kernel, [])
    assert [(r.student, r.reasons) for r in rows] == [("zoe", ["not_graded_isolated"])]
    honest = SubmissionResult(assignment=A, student="zoe", path="x", digest="d", lang="en",
                              score=FULL, exercises=[ExerciseResult(
                                  exercise="relu", lang="en", score=FULL, max_score=FULL)])
    assert audit(kernel, [honest]) == []


def test_every_reason_is_explained_in_both_languages():
    from typing import get_args

    from autograde.course.audit import explain_reason
    from autograde.grader.records import EventKind
    from autograde.grader.scan import RULES

    for reason in [*RULES, *get_args(EventKind), "not_graded_isolated"]:
        ja, en = explain_reason(reason, "ja"), explain_reason(reason, "en")
        assert reason not in (ja, en) and ja != en, reason
