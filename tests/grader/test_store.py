"""The results store on a real SQLite file and on a real PostgreSQL server: round trips,
replacement, cascades, concurrency."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from autograde.grader.records import CellRun, Flag, QuizResponse, SandboxEvent, SubmissionResult
from autograde.grader.store import DB_FILE, Store, StoreError, StudentQuizResponse
from autograde.kit.results import CheckResult, ExerciseResult, Hint

A = "01_neuron"
CHILD_TABLES = ("exercise_scores", "checks", "misconceptions", "quiz_responses",
                "sandbox_events", "flags", "cell_runs")


def exercise(name: str, passed: list[bool], misconceptions: tuple[str, ...] = ()
             ) -> ExerciseResult:
    checks = [CheckResult(name=f"ケース {i + 1}", passed=ok, points=1.0 if ok else 0.0,
                          max_points=1.0, message="" if ok else "期待 [0. 1.]、実際 [1. 1.]",
                          misconceptions=list(misconceptions) if not ok else [])
              for i, ok in enumerate(passed)]
    return ExerciseResult(exercise=name, lang="ja", score=float(sum(passed)),
                          max_score=float(len(passed)), checks=checks,
                          misconceptions=list(misconceptions),
                          hints=[Hint(id=m, text="ヒント") for m in misconceptions])


def result(student: str, digest: str = "d" * 64, *, assignment: str = A,
           relu: tuple[str, ...] = ("relu.mask",), checks: int = 3) -> SubmissionResult:
    """A submission with something in every field, and so a row in every table."""
    exercises = [exercise("relu", [True] * (checks - 1) + [False], relu),
                 exercise("step", [True, False], ("step.sign",))]
    return SubmissionResult(
        assignment=assignment, student=student, path=f"submitted/{student}/{A}/{A}.ipynb",
        digest=digest, lang="ja", score=sum(e.score for e in exercises),
        max_score=sum(e.max_score for e in exercises), exercises=exercises,
        quiz=QUIZ,
        cells=[CellRun(cell="setup", seconds=0.25),
               CellRun(cell="relu-solution", seconds=0.5, error="NameError: x (line 2)",
                       note="%matplotlib は無視しました", printed="hello")],
        events=[SandboxEvent(kind="timeout", detail="2 s")],
        flags=[Flag(rule="imports_reference", cell="relu-solution", line=1,
                    code="import reference")],
        error=None, sandbox="bwrap", seconds=1.5, cpu_seconds=1.25, max_rss_mb=80.5,
        graded_at=datetime(2025, 4, 1, 9, 30, tzinfo=timezone.utc))


QUIZ = [
    QuizResponse(item="01-why-activation", lesson=A, kind="graded", variant=3, answer="Ｂ，ｄ",
                 read_as="b, d", chosen=["b", "d"], score=0.5, max_score=2.0,
                 misconceptions=["linear.enough"], other_variant=5,
                 feedback="一部正解です。\n線形関数を重ねても線形のままです。"),
    QuizResponse(item="01-sigmoid-zero", lesson=A, kind="practice", answer="０．５．",
                 score=0.0, max_score=1.0, error="数として読めません: ０．５．"),
]
"""One graded choice answered from another variant, one malformed practice answer."""


def counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {table: connection.scalar(text(f"SELECT COUNT(*) FROM {table}"))
                for table in ("submissions", *CHILD_TABLES)}


def rows_of(result: SubmissionResult) -> dict[str, int]:
    """How many rows each table should hold for ``result`` alone."""
    return {"submissions": 1, "exercise_scores": len(result.exercises),
            "checks": sum(len(e.checks) for e in result.exercises),
            "misconceptions": sum(len(e.misconceptions) for e in result.exercises),
            "quiz_responses": len(result.quiz), "sandbox_events": len(result.events),
            "flags": len(result.flags), "cell_runs": len(result.cells)}


@pytest.fixture
def sqlite_store(tmp_path: Path):
    with Store.for_course(tmp_path) as opened:
        yield opened


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path: Path):
    """The same tests on both backends (PostgreSQL: a fresh database on a real server)."""
    postgres = request.param == "postgresql"
    url = request.getfixturevalue("postgres").new_database() if postgres else None
    with Store.for_course(tmp_path, url) as opened:
        yield opened


def test_for_course_keeps_the_database_in_the_course(tmp_path, sqlite_store):
    sqlite_store.save(result("alice"))
    assert (tmp_path / DB_FILE).is_file()
    assert sqlite_store.url == f"sqlite:///{tmp_path.resolve() / DB_FILE}"


def test_a_saved_result_reads_back_equal(store):
    saved = result("alice")
    store.save(saved)
    assert store.results(A) == [saved]
    assert store.results() == [saved]
    assert store.results("02_forward") == []


def test_the_columns_hold_the_result(store):
    saved = result("alice")
    store.save(saved)
    with store.engine.connect() as connection:
        head = connection.execute(text(
            "SELECT assignment, student, digest, lang, score, max_score, sandbox, seconds, "
            "cpu_seconds, max_rss_mb, error FROM submissions")).one()
        checks = connection.execute(text(
            "SELECT exercise, position, name, passed, points, message FROM checks "
            "ORDER BY exercise, position")).all()
        cells = connection.execute(text(
            "SELECT position, cell, seconds, error, note FROM cell_runs ORDER BY position")).all()
        scores = dict(connection.execute(text(
            "SELECT exercise, score FROM exercise_scores")).all())
        quiz = connection.execute(text(
            "SELECT item, lesson, kind, variant, answer, read_as, chosen, score, max_score, "
            "misconceptions, other_variant, error, feedback FROM quiz_responses ORDER BY id")
        ).all()
    assert tuple(head) == (A, "alice", "d" * 64, "ja", 3.0, 5.0, "bwrap", 1.5, 1.25, 80.5, None)
    assert [tuple(c) for c in checks] == [
        (e.exercise, i, c.name, c.passed, c.points, c.message)
        for e in sorted(saved.exercises, key=lambda e: e.exercise)
        for i, c in enumerate(e.checks)]
    assert [tuple(c) for c in cells] == [(0, "setup", 0.25, None, None),
                                         (1, "relu-solution", 0.5, "NameError: x (line 2)",
                                          "%matplotlib は無視しました")]
    assert scores == {"relu": 2.0, "step": 1.0}
    assert [tuple(q) for q in quiz] == [
        (q.item, q.lesson, q.kind, q.variant, q.answer, q.read_as,
         json.dumps(q.chosen, ensure_ascii=False), q.score, q.max_score,
         json.dumps(q.misconceptions, ensure_ascii=False), q.other_variant, q.error, q.feedback)
        for q in saved.quiz]
    assert quiz[0].chosen == '["b", "d"]' and quiz[1].read_as is None


def test_saving_twice_leaves_one_set_of_rows(store):
    store.save(result("alice"))
    once = counts(store)
    store.save(result("alice"))
    assert counts(store) == once == rows_of(result("alice"))
    store.save(result("bob"))
    assert counts(store) == {table: 2 * n for table, n in once.items()}


def test_a_new_result_replaces_the_old_one_and_all_its_rows(store):
    store.save(result("alice", "old", checks=6))
    store.save(result("bob"))
    newer = result("alice", "new", relu=(), checks=2)
    store.save(newer)
    assert counts(store) == {table: rows_of(newer)[table] + rows_of(result("bob"))[table]
                             for table in rows_of(newer)}
    assert store.graded(A) == {"alice": "new", "bob": "d" * 64}
    assert [r.digest for r in store.results(A)] == ["new", "d" * 64]


def test_deleting_a_submission_in_sql_deletes_its_rows(store):
    store.save(result("alice"))
    store.save(result("bob"))
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM submissions WHERE student = 'alice'"))
    assert counts(store) == rows_of(result("bob"))


def test_graded_gives_each_students_digest_per_assignment(store):
    store.save(result("bob", "b1"))
    store.save(result("alice", "a1"))
    store.save(result("alice", "a2", assignment="02_forward"))
    assert store.graded(A) == {"alice": "a1", "bob": "b1"}
    assert store.graded("02_forward") == {"alice": "a2"}
    assert store.graded("03_loss") == {}


def test_results_are_sorted_by_student(store):
    for student in ("carol", "alice", "bob"):
        store.save(result(student))
    store.save(result("alice", assignment="02_forward"))
    assert [r.student for r in store.results(A)] == ["alice", "bob", "carol"]
    assert [(r.student, r.assignment) for r in store.results()] == [
        ("alice", A), ("alice", "02_forward"), ("bob", A), ("carol", A)]


def test_misconception_counts_count_submissions(store):
    store.save(result("alice", relu=("relu.mask", "relu.abs")))
    store.save(result("bob", relu=("relu.mask",)))
    store.save(result("carol", relu=()))
    store.save(result("dave", relu=("relu.abs",), assignment="02_forward"))
    assert store.misconception_counts(A) == {"step.sign": 3, "relu.mask": 2, "relu.abs": 1}
    assert list(store.misconception_counts(A)) == ["step.sign", "relu.mask", "relu.abs"]
    store.save(result("alice", relu=()))  # a regrade replaces her misconceptions
    assert store.misconception_counts(A) == {"step.sign": 3, "relu.mask": 1}


def test_quiz_responses_give_each_students_answers_in_the_notebook_s_order(store):
    store.save(result("bob"))
    store.save(result("alice"))
    store.save(result("carol", assignment="02_forward"))
    found = store.quiz_responses(A)
    assert found == [StudentQuizResponse(student=student, **q.model_dump())
                     for student in ("alice", "bob") for q in QUIZ]
    assert [(r.student, r.item, r.variant, r.chosen, r.other_variant) for r in found[:2]] == [
        ("alice", "01-why-activation", 3, ["b", "d"], 5), ("alice", "01-sigmoid-zero", 0, [], None)]
    assert store.quiz_responses("03_loss") == []
    store.save(result("alice", assignment=A).model_copy(update={"quiz": QUIZ[1:]}))
    assert [r.student for r in store.quiz_responses(A)] == ["alice", "bob", "bob"]


def test_a_quiz_row_with_a_broken_list_says_to_regrade(store, monkeypatch):
    monkeypatch.setenv("AUTOGRADE_LANG", "en")
    store.save(result("alice"))
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE quiz_responses SET chosen = '{\"b\": 1}'"))
    with pytest.raises(StoreError, match=r"alice for 01_neuron .* regrade with --force"):
        store.quiz_responses(A)


def test_a_second_store_on_the_same_file_sees_the_first_ones_commits(tmp_path, sqlite_store):
    with Store.for_course(tmp_path) as reader:
        assert reader.results(A) == []
        sqlite_store.save(result("alice"))
        assert reader.graded(A) == {"alice": "d" * 64}
        sqlite_store.save(result("alice", "changed"))
        assert [r.digest for r in reader.results(A)] == ["changed"]


def test_an_open_reader_does_not_block_the_writer(tmp_path, sqlite_store):
    sqlite_store.save(result("alice"))
    reader = sqlite3.connect(tmp_path / DB_FILE, timeout=0.1, isolation_level=None)
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT COUNT(*) FROM submissions").fetchone() == (1,)
        sqlite_store.save(result("bob"))  # would wait for the reader without write-ahead logging
        assert reader.execute("SELECT COUNT(*) FROM submissions").fetchone() == (1,)
        reader.execute("COMMIT")
        assert reader.execute("SELECT COUNT(*) FROM submissions").fetchone() == (2,)
    finally:
        reader.close()


def test_any_sqlalchemy_url_works(tmp_path):
    url = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    with Store.for_course(tmp_path / "unused", url) as store:
        store.save(result("alice"))
    assert create_engine(url).connect().scalar(text("SELECT student FROM submissions")) == "alice"


@pytest.mark.parametrize("url, words", [
    ("not a url", "not a valid results database URL"),
    ("nosuchdb://host/db", "nosuchdb in nosuchdb://host/db is not a kind of database"),
    ("sqlite:////nonexistent-dir/sub/x.db", "cannot open the results database"),
    ("postgresql+nosuchdriver://u@h/db", "postgresql.nosuchdriver in .* is not a kind of"),
])
def test_a_bad_url_is_a_clear_store_error(url, words, monkeypatch):
    monkeypatch.setenv("AUTOGRADE_LANG", "en")
    with pytest.raises(StoreError, match=words) as raised:
        Store(url)
    assert "sqlalche.me" not in str(raised.value)


def test_a_missing_driver_is_named(monkeypatch):
    assert importlib.util.find_spec("pg8000") is None
    monkeypatch.setenv("AUTOGRADE_LANG", "en")
    with pytest.raises(StoreError, match=r"driver .* is not installed: .*pg8000"):
        Store("postgresql+pg8000://user:secret@localhost/db")


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOGRADE_LANG", "ja")
    (tmp_path / DB_FILE).write_text("これはデータベースではありません\n" * 200, "utf-8")
    with pytest.raises(StoreError, match=r"結果データベース .*autograde.db を開けません"):
        Store.for_course(tmp_path)


def test_the_password_is_not_shown(monkeypatch):
    monkeypatch.setenv("AUTOGRADE_LANG", "en")
    with pytest.raises(StoreError) as raised:
        Store("postgresql+nosuchdriver://user:secret@localhost/db")
    assert "secret" not in str(raised.value)


def test_a_stored_result_in_an_old_format_says_to_regrade(store, monkeypatch):
    monkeypatch.setenv("AUTOGRADE_LANG", "en")
    store.save(result("alice"))
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE submissions SET result = '{\"old\": 1}'"))
    with pytest.raises(StoreError, match=r"alice for 01_neuron .* regrade with --force"):
        store.results(A)
