"""Isolated scores into a real nbgrader gradebook: cells, totals, export, rewrites, errors.

The course comes from ``autograde init`` and a real ``nbgrader generate_assignment``; the
gradebook is read back with nbgrader's own API, SQL and ``nbgrader export``.
"""

from __future__ import annotations

import csv
import logging
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader_course import ENV, NBGRADER

from autograde.catalog.exercises import EXERCISES
from autograde.course.gradebook import GradebookError, gradebook_url, write_gradebook
from autograde.course.scaffold import init_course
from autograde.grader.program import exercises_in
from autograde.grader.records import QuizResponse, SubmissionResult
from autograde.kit.results import ExerciseResult

A = "01_neuron"
COURSE = "gradebook-test"
TIMESTAMP = "2025-04-01 09:30:00.000000 UTC"


def nbgrader(root: Path, *args: str) -> str:
    done = subprocess.run([*NBGRADER, *args], cwd=root, env=ENV, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("gradebook") / "course"
    init_course(root, "en", course_id=COURSE)
    nbgrader(root, "generate_assignment", A, "--force")
    return root


@pytest.fixture
def course(generated: Path, tmp_path: Path) -> Path:
    """A fresh copy of the generated course for each test (its gradebook has no students)."""
    return Path(shutil.copytree(generated, tmp_path / "course"))


@pytest.fixture(scope="module")
def exercises(generated: Path) -> list[str]:
    return exercises_in(nbformat.read(generated / "source" / A / f"{A}.ipynb", as_version=4))


@pytest.fixture(scope="module")
def quiz_cells(generated: Path) -> dict[str, float]:
    """Grade cell → points of the assignment's graded quiz places."""
    source = nbformat.read(generated / "source" / A / f"{A}.ipynb", as_version=4)
    return {c.metadata.nbgrader.grade_id: c.metadata.nbgrader.points for c in source.cells
            if c.metadata.get("autograde", {}).get("quiz") and c.metadata.get(
                "nbgrader", {}).get("grade")}


def submission(student: str, scores: dict[str, float], assignment: str = A) -> SubmissionResult:
    graded = [ExerciseResult(exercise=e, lang="en", score=score,
                             max_score=EXERCISES[e].max_score if e in EXERCISES else 1.0)
              for e, score in scores.items()]
    return SubmissionResult(assignment=assignment, student=student,
                            path=f"submitted/{student}/{assignment}/{assignment}.ipynb",
                            digest=student, lang="en",
                            score=sum(e.score for e in graded if e.exercise in EXERCISES),
                            max_score=sum(e.max_score for e in graded), exercises=graded)


@pytest.fixture
def results(exercises: list[str], quiz_cells: dict[str, float]) -> dict[str, SubmissionResult]:
    """alice: partial credit everywhere and her first graded quiz place right; bob: the last
    exercise missing and no quiz answered (they must count 0)."""
    alice = {e: EXERCISES[e].max_score * (i + 1) / (len(exercises) + 1)
             for i, e in enumerate(exercises)}
    bob = {e: EXERCISES[e].max_score if i % 2 else 0.5 for i, e in enumerate(exercises[:-1])}
    item, points = next(iter(quiz_cells.items()))
    answered = QuizResponse(item=item.removeprefix("quiz-"), answer="a", score=points,
                            max_score=points)
    with_quiz = submission("alice", alice)
    with_quiz = with_quiz.model_copy(update={"quiz": [answered],
                                             "score": with_quiz.score + points})
    return {"alice": with_quiz, "bob": submission("bob", bob)}


def quiz_scores(result: SubmissionResult, quiz_cells: dict[str, float]) -> dict[str, float]:
    answered = {f"quiz-{q.item}": q.score for q in result.quiz}
    return {cell: answered.get(cell, 0.0) for cell in quiz_cells}


def cell_scores(root: Path) -> dict[str, dict[str, float | None]]:
    """Student → grade cell → auto_score, from nbgrader's gradebook."""
    with Gradebook(gradebook_url(root), course_id=COURSE) as gradebook:
        return {s.student.id: {g.name: g.auto_score for nb in s.notebooks for g in nb.grades}
                for s in gradebook.assignment_submissions(A)}


def totals(root: Path) -> dict[str, float]:
    with Gradebook(gradebook_url(root), course_id=COURSE) as gradebook:
        return {s.student.id: s.score for s in gradebook.assignment_submissions(A)}


def dump(database: Path) -> dict[str, list[tuple]]:
    """Every row of every table of an SQLite file, in a stable order."""
    with sqlite3.connect(database) as connection:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
                for table in tables}


def test_each_exercise_lands_in_its_grade_cell_and_the_totals_are_ours(course, exercises,
                                                                       results, quiz_cells):
    assert write_gradebook(course, results.values()) == 2
    expected = {student: {**{f"{e}-check": r.exercise(e).score if r.exercise(e) else 0.0
                             for e in exercises}, **quiz_scores(r, quiz_cells)}
                for student, r in results.items()}
    assert sum(expected["alice"][cell] for cell in quiz_cells) > 0
    assert cell_scores(course) == expected
    assert expected["bob"][f"{exercises[-1]}-check"] == 0.0
    assert totals(course) == pytest.approx({s: r.score for s, r in results.items()})
    assert 0 < totals(course)["alice"] < sum(EXERCISES[e].max_score for e in exercises)


def test_the_students_are_added_and_nothing_needs_manual_grading(course, results):
    write_gradebook(course, results.values())
    with Gradebook(gradebook_url(course), course_id=COURSE) as gradebook:
        assert sorted(s.id for s in gradebook.students) == ["alice", "bob"]
        grades = [g for s in gradebook.assignment_submissions(A) for nb in s.notebooks
                  for g in nb.grades]
        assert grades and not any(g.needs_manual_grade for g in grades)


def test_nbgrader_export_shows_our_totals(course, exercises, results, quiz_cells):
    write_gradebook(course, results.values())
    nbgrader(course, "export", "--to", str(course / "grades.csv"))
    with open(course / "grades.csv", encoding="utf-8") as table:
        rows = {row["student_id"]: row for row in csv.DictReader(table)
                if row["assignment"] == A}
    assert set(rows) == {"alice", "bob"}
    for student, result in results.items():
        assert float(rows[student]["score"]) == pytest.approx(result.score)
        assert float(rows[student]["max_score"]) == sum(
            EXERCISES[e].max_score for e in exercises) + sum(quiz_cells.values())


def test_writing_the_same_results_again_changes_nothing(course, results):
    write_gradebook(course, results.values())
    before = dump(course / "gradebook.db")
    assert write_gradebook(course, results.values()) == 2
    assert dump(course / "gradebook.db") == before
    assert len(before["grade"]) > 0 and len(before["submitted_assignment"]) == 2


def test_a_regrade_replaces_the_scores(course, exercises, results):
    write_gradebook(course, results.values())
    full = submission("alice", {e: EXERCISES[e].max_score for e in exercises})
    write_gradebook(course, [full])
    assert totals(course)["alice"] == sum(EXERCISES[e].max_score for e in exercises)
    assert totals(course)["bob"] == pytest.approx(results["bob"].score)


def test_a_graders_manual_score_is_kept_and_wins(course, exercises, results):
    write_gradebook(course, results.values())
    cell = f"{exercises[0]}-check"
    with Gradebook(gradebook_url(course), course_id=COURSE) as gradebook:
        gradebook.find_grade(cell, A, A, "alice").manual_score = 0.25
        gradebook.db.commit()
    write_gradebook(course, results.values())
    with Gradebook(gradebook_url(course), course_id=COURSE) as gradebook:
        grade = gradebook.find_grade(cell, A, A, "alice")
        assert (grade.manual_score, grade.auto_score, grade.score, grade.needs_manual_grade) == (
            0.25, results["alice"].exercise(exercises[0]).score, 0.25, True)


def test_the_submission_time_comes_from_timestamp_txt(course, results, caplog):
    folder = course / "submitted" / "alice" / A
    folder.mkdir(parents=True)
    (folder / "timestamp.txt").write_text(TIMESTAMP + "\n", "utf-8")
    (course / "submitted" / "bob" / A).mkdir(parents=True)
    (course / "submitted" / "bob" / A / "timestamp.txt").write_text("next tuesday", "utf-8")
    with caplog.at_level(logging.WARNING, logger="autograde.course.gradebook"):
        write_gradebook(course, results.values())
    with Gradebook(gradebook_url(course), course_id=COURSE) as gradebook:
        assert gradebook.find_submission(A, "alice").timestamp == datetime(2025, 4, 1, 9, 30)
        assert gradebook.find_submission(A, "bob").timestamp is None
    assert any("timestamp.txt" in r.getMessage() and "bob" in r.getMessage()
               for r in caplog.records)


def test_an_exercise_without_a_grade_cell_is_ignored_with_a_warning(course, results, caplog,
                                                                    monkeypatch):
    monkeypatch.setenv("AUTOGRADE_LANG", "en")
    odd = results["alice"].model_copy(update={"exercises": [
        *results["alice"].exercises,
        ExerciseResult(exercise="softmax", lang="en", score=3.0, max_score=3.0)]})
    with caplog.at_level(logging.WARNING, logger="autograde.course.gradebook"):
        assert write_gradebook(course, [odd, results["bob"]]) == 2
    warnings = [r.getMessage() for r in caplog.records if "softmax" in r.getMessage()]
    assert warnings == [f"{A} has no grade cell softmax-check: the score of softmax is not "
                        f"written into the gradebook"]
    assert "softmax-check" not in cell_scores(course)["alice"]
    assert totals(course)["alice"] == pytest.approx(results["alice"].score)


def test_an_assignment_not_in_the_gradebook_is_an_error_and_nothing_is_written(
        course, results, monkeypatch):
    monkeypatch.setenv("AUTOGRADE_LANG", "en")
    other = submission("carol", {"softmax": 1.0}, assignment="03_loss")
    with pytest.raises(GradebookError, match="run `nbgrader generate_assignment 03_loss`"):
        write_gradebook(course, [*results.values(), other])
    assert cell_scores(course) == {}


def test_the_error_speaks_japanese_by_default(course, monkeypatch):
    monkeypatch.delenv("AUTOGRADE_LANG", raising=False)
    with pytest.raises(GradebookError, match="課題 03_loss が nbgrader の gradebook にありません"):
        write_gradebook(course, [submission("carol", {"softmax": 1.0}, assignment="03_loss")])


def test_a_folder_that_is_no_nbgrader_course_is_an_error(tmp_path, results, monkeypatch):
    monkeypatch.setenv("AUTOGRADE_LANG", "en")
    with pytest.raises(GradebookError, match="is not an nbgrader course"):
        write_gradebook(tmp_path, results.values())
    assert write_gradebook(tmp_path, []) == 0


def test_the_courses_db_url_is_honoured(course, results):
    (course / "grades").mkdir()
    (course / "gradebook.db").rename(course / "grades" / "nbgrader.db")
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write('c.CourseDirectory.db_url = "sqlite:///grades/nbgrader.db"\n')
    assert gradebook_url(course) == f"sqlite:///{course.resolve() / 'grades' / 'nbgrader.db'}"
    write_gradebook(course, results.values())
    assert not (course / "gradebook.db").exists()
    assert totals(course) == pytest.approx({s: r.score for s, r in results.items()})


def test_a_batch_is_one_transaction_and_gives_what_one_by_one_gives(course, generated,
                                                                     tmp_path, results):
    """nbgrader's API commits three times per submission; a batch commits once."""
    from sqlalchemy import event

    from autograde.course.gradebook import GradebookWriter

    many = [r.model_copy(update={"student": f"{r.student}{i:02d}"})
            for i in range(15) for r in results.values()]
    one_by_one = Path(shutil.copytree(generated, tmp_path / "one-by-one"))
    with GradebookWriter(one_by_one) as writer:
        for result in many:
            writer.write([result])
    commits = []
    with GradebookWriter(course) as writer:
        event.listen(writer._gradebook.engine, "commit", lambda connection: commits.append(1))
        assert writer.write(many) == len(many)
    assert len(commits) == 1
    assert cell_scores(course) == cell_scores(one_by_one)
    assert totals(course) == totals(one_by_one) and len(totals(course)) == len(many)


def test_a_failed_batch_leaves_nothing_of_itself(course, results, monkeypatch):
    from autograde.course import gradebook as module
    from autograde.course.gradebook import GradebookWriter

    real = module._write

    def fails_on_bob(gradebook, root, result, *rest):
        real(gradebook, root, result, *rest)
        if result.student == "bob":
            from sqlalchemy.exc import OperationalError
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(module, "_write", fails_on_bob)
    with GradebookWriter(course) as writer, pytest.raises(GradebookError, match="disk I/O"):
        writer.write([results["alice"], results["bob"]])
    assert totals(course) == {}
