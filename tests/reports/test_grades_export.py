"""``autograde export grades`` on a real nbgrader course graded by the real ``autograde grade``:
Moodle's and Canvas's CSV shapes (BOM, header rows, students by lms_user_id, e-mail or id), the
wide table of items, grades equal to ``nbgrader export``'s, and manual grades and extra credit
given in formgrader surviving a re-run of ``autograde grade --force``.

Formgrader saves a grader's score through nbgrader's API (``Grade.manual_score``,
``Grade.extra_credit``); the tests do the same.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from class_store import small_class, store_with
from nbgrader.api import Gradebook

from autograde.cli import main
from autograde.course.gradebook import gradebook_url
from autograde.course.scaffold import init_course
from autograde.grader.store import DB_FILE, Store
from autograde.quiz.banks import library
from autograde.reports.responses import build_responses

BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
A = "01_neuron"
COURSE = "export-test"
LIMITS = ["--cell-timeout", "2", "--timeout", "20", "--quiet"]
BOM = b"\xef\xbb\xbf"
PEOPLE = {"alice": {"first_name": "花子", "last_name": "佐藤", "email": "hanako@example.jp",
                    "lms_user_id": "12345"},
          "bob": {"lms_user_id": "u-bob-7"}}
"""alice: everything set (a numeric LMS id: Canvas's user id); bob: only a non-numeric LMS id;
carol: no student record beyond her id."""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([str(BIN / args[0]), *args[1:]], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def relu(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return next(c for c in notebook.cells if c.get("id") == "relu-solution")


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    """A course whose 01_neuron was handed in by alice (the source: full marks), bob (a buggy
    relu) and carol (the blank release notebook), graded by ``autograde grade``."""
    root = tmp_path_factory.mktemp("export") / "course"
    init_course(root, "en", COURSE)
    run("nbgrader", "generate_assignment", A, "--force", cwd=root)
    source = nbformat.read(root / "source" / A / f"{A}.ipynb", 4)
    buggy = nbformat.from_dict(source)
    relu(buggy).source = "def relu(x):\n    return (x > 0) * 1.0\n"
    release = nbformat.read(root / "release" / A / f"{A}.ipynb", 4)
    for student, notebook in (("alice", source), ("bob", buggy), ("carol", release)):
        folder = root / "submitted" / student / A
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / f"{A}.ipynb")
    run("autograde", "grade", A, *LIMITS, cwd=root)
    with Gradebook(gradebook_url(root), course_id=COURSE) as gradebook:
        for student, fields in PEOPLE.items():
            gradebook.update_or_create_student(student, **fields)
    return root


@pytest.fixture
def course(graded: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(graded, tmp_path / "course"))


def export(course: Path, fmt: str, *args: str) -> tuple[bytes, list[list[str]]]:
    output = course / f"grades-{fmt}.csv"
    assert main(["export", "grades", "--format", fmt, "-o", str(output), "--course",
                 str(course), *args]) == 0
    data = output.read_bytes()
    return data, list(csv.reader(data.decode("utf-8-sig").splitlines()))


def nbgrader_export(course: Path) -> dict[str, dict[str, str]]:
    target = course / "nbgrader-export.csv"
    run("nbgrader", "export", "--to", str(target), cwd=course)
    with target.open(encoding="utf-8") as file:
        return {row["student_id"]: row for row in csv.DictReader(file)}


def store_scores(course: Path) -> dict[str, float]:
    with Store.for_course(course) as store:
        return {r.student: r.score for r in store.results(A)}


def test_moodle_csv_has_the_bom_one_header_and_the_students_ids(course, capsys):
    data, rows = export(course, "moodle", "--lang", "en")
    assert data.startswith(BOM) and b"\r\n" in data
    assert rows[0] == ["First name", "Last name", "ID number", "Username", "Email address", A]
    people = {row[3]: row for row in rows[1:]}
    assert list(people) == ["alice", "bob", "carol"]
    assert people["alice"][:5] == ["花子", "佐藤", "12345", "alice", "hanako@example.jp"]
    assert people["bob"][:5] == ["", "", "u-bob-7", "bob", ""]
    assert people["carol"][:5] == ["", "", "", "carol", ""]
    theirs = nbgrader_export(course)
    for student, row in people.items():
        assert float(row[5]) == pytest.approx(float(theirs[student]["score"]), abs=1e-4)
        assert float(row[5]) == pytest.approx(store_scores(course)[student], abs=1e-4)
    assert float(people["alice"][5]) > float(people["bob"][5]) > float(people["carol"][5])
    assert "wrote the grades of 3 students (6 columns, moodle)" in capsys.readouterr().out


def canvas_header_ok(header: list[str]) -> bool:
    """Canvas's GradebookImporter#header?: Student, ID, SIS User ID, SIS Login ID, then the
    last student column is Section."""
    return (len(header) > 3 and bool(re.search("Student", header[0]))
            and bool(re.search("ID", header[1])) and bool(re.search(r"SIS\s+User\s+ID", header[2]))
            and bool(re.search(r"SIS\s+Login\s+ID", header[3]))
            and bool(re.search("Section", header[4])))


def test_canvas_csv_has_its_header_points_possible_and_ids(course):
    data, rows = export(course, "canvas")
    assert data.startswith(BOM)
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", A]
    assert canvas_header_ok(rows[0])
    theirs = nbgrader_export(course)
    assert rows[1][:5] == ["Points Possible", "", "", "", ""]
    assert float(rows[1][5]) == pytest.approx(float(theirs["alice"]["max_score"]))
    people = {row[3]: row for row in rows[2:]}
    assert people["hanako@example.jp"][:5] == ["佐藤, 花子", "12345", "", "hanako@example.jp", ""]
    assert people["bob"][:5] == ["bob", "", "u-bob-7", "bob", ""]
    assert people["carol"][:5] == ["carol", "", "", "carol", ""]
    assert float(people["bob"][5]) == pytest.approx(float(theirs["bob"]["score"]), abs=1e-4)


def test_wide_has_a_column_per_item_in_points(course):
    data, rows = export(course, "wide")
    assert data.startswith(BOM)
    with Store.for_course(course) as store:
        responses = build_responses(store.results(A), library(course))
    assert rows[0] == ["student", *(item.id for item in responses.items)]
    assert any("/relu/" in column for column in rows[0]) and f"{A}/01-why-activation" in rows[0]
    for row in rows[1:]:
        student = row[0]
        assert [float(x) for x in row[1:]] == pytest.approx(
            [responses.points(student, item.id) for item in responses.items])
        assert sum(map(float, row[1:])) == pytest.approx(responses.totals(A)[student])
    assert [row[0] for row in rows[1:]] == ["alice", "bob", "carol"]


def test_manual_grades_and_extra_credit_survive_a_regrade(course):
    """A grader lowers alice's relu (manual score) and gives her extra credit on sigmoid in
    formgrader; ``autograde grade --force`` grades her again: both stay, nbgrader's total and
    ``nbgrader export`` keep them, and so does the Moodle export."""
    auto = store_scores(course)["alice"]
    with Gradebook(gradebook_url(course), course_id=COURSE) as gradebook:
        relu_grade = gradebook.find_grade("relu-check", A, A, "alice")
        sigmoid_grade = gradebook.find_grade("sigmoid-check", A, A, "alice")
        relu_auto = relu_grade.auto_score
        assert relu_auto > 0.5
        relu_grade.manual_score = 0.5
        sigmoid_grade.extra_credit = 1.25
        gradebook.db.commit()
    expected = auto - relu_auto + 0.5 + 1.25
    run("autograde", "grade", A, "--force", *LIMITS, cwd=course)
    with Gradebook(gradebook_url(course), course_id=COURSE) as gradebook:
        relu_grade = gradebook.find_grade("relu-check", A, A, "alice")
        sigmoid_grade = gradebook.find_grade("sigmoid-check", A, A, "alice")
        assert (relu_grade.manual_score, relu_grade.auto_score, relu_grade.score) == (
            0.5, pytest.approx(relu_auto), 0.5)
        assert sigmoid_grade.extra_credit == 1.25
        assert gradebook.find_submission(A, "alice").score == pytest.approx(expected)
    assert store_scores(course)["alice"] == pytest.approx(auto)  # the store keeps the auto score
    assert float(nbgrader_export(course)["alice"]["score"]) == pytest.approx(expected)
    _, rows = export(course, "moodle", A)
    alice = next(row for row in rows if row[3] == "alice")
    assert float(alice[5]) == pytest.approx(expected, abs=1e-4)


def test_a_store_without_a_gradebook_exports_its_own_scores(tmp_path):
    """No nbgrader course: the store's scores, nbgrader's ids as usernames; nothing created."""
    store_with(tmp_path, small_class())
    data, rows = export(tmp_path, "moodle")
    assert data.startswith(BOM)
    assert rows[1:] == [["", "", "", r.student, "", f"{r.score:g}"] for r in small_class()]
    assert (tmp_path / DB_FILE).is_file() and not (tmp_path / "gradebook.db").exists()


@pytest.mark.parametrize(("args", "words"), [
    (["--format", "moodle", "-o", "x.csv"], "no results database"),
    (["99_nothing", "--format", "canvas", "-o", "x.csv"], "no graded results for 99_nothing"),
])
def test_usage_errors_are_exit_2_with_a_message(tmp_path, capsys, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    if "99_nothing" in args:
        store_with(tmp_path, small_class())
    assert main(["export", "grades", *args, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()


def test_an_unwritable_output_is_exit_2(tmp_path, capsys):
    store_with(tmp_path, small_class())
    target = tmp_path / "missing" / "grades.csv"
    assert main(["export", "grades", "--format", "wide", "-o", str(target), "--course",
                 str(tmp_path), "--lang", "en"]) == 2
    assert f"cannot write {target}" in capsys.readouterr().err
