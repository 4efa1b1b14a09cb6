"""The results store's migrations on real SQLite files and a real PostgreSQL server: a new
database is built by the revisions and equals the models; a database written before the
migrations (``data/store_before_quiz_columns.db``, by commit 77d2344) keeps every row; a database
from a newer autograde, or with tables missing, is refused in words."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, create_engine, insert, select, text
from test_store import result

from autograde.grader import migrations
from autograde.grader.records import QuizResponse
from autograde.grader.store import Base, Store, StoreError, StudentQuizResponse

BEFORE = Path(__file__).with_name("data") / "store_before_quiz_columns.db"
ASSIGNMENT = "03_loss"
QUIZ_RENAMED = {"response": "answer", "points": "score", "max_points": "max_score"}
QUIZ_DEFAULTS = {"lesson": "", "kind": "graded", "variant": 0, "read_as": None, "chosen": "[]",
                 "misconceptions": "[]", "other_variant": None, "error": None, "feedback": ""}
"""What a quiz row written before the new columns gets (the JSON of its result says the same)."""


@pytest.fixture(params=["sqlite", "postgresql"])
def new_url(request, tmp_path: Path) -> str:
    """An empty database on each backend."""
    if request.param == "postgresql":
        return request.getfixturevalue("postgres").new_database()
    return f"sqlite:///{tmp_path / 'results.db'}"


def version(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.scalars(text(f"SELECT version_num FROM {migrations.VERSION_TABLE}")))


def differences(engine: Engine) -> list:
    """What Alembic's autogenerate would change to make the database equal the models."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "version_table": migrations.VERSION_TABLE, "compare_type": True,
            "compare_server_default": True})
        return compare_metadata(context, Base.metadata)


def sqlite_schema(path: Path) -> dict[str, str]:
    """Each table's and index's CREATE statement, spacing and quoting aside."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                                  "AND name != ?", (migrations.VERSION_TABLE,)).fetchall()
    return {name: re.sub(r"\s+", " ", sql.replace('"', "")) for name, sql in rows}


def snapshot(engine: Engine) -> dict[str, list[dict]]:
    """Every row of every baseline table, by id."""
    tables = MetaData()
    tables.reflect(engine, only=migrations.BASELINE_TABLES)
    with engine.connect() as connection:
        return {name: [dict(row._mapping) for row in connection.execute(
                    select(table).order_by(table.c.id))]
                for name, table in tables.tables.items()}


def copy_rows(source: Path, url: str) -> None:
    """The baseline schema on ``url`` (as the store created it) holding ``source``'s rows."""
    target = create_engine(url)
    with target.begin() as connection:
        command.upgrade(migrations.config(connection), migrations.BASELINE)
        connection.execute(text(f"DROP TABLE {migrations.VERSION_TABLE}"))
    old, new = MetaData(), MetaData()
    old.reflect(create_engine(f"sqlite:///{source}"))
    new.reflect(target)
    with create_engine(f"sqlite:///{source}").connect() as reading, target.begin() as writing:
        for name in migrations.BASELINE_TABLES:
            rows = [dict(row._mapping) for row in reading.execute(select(old.tables[name]))]
            writing.execute(insert(new.tables[name]), rows)
            writing.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                 f"(SELECT MAX(id) FROM {name}))"))
    target.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def before_url(request, tmp_path: Path) -> str:
    """A database written by the store before the migrations, on each backend."""
    if request.param == "sqlite":
        shutil.copy(BEFORE, tmp_path / "autograde.db")
        return f"sqlite:///{tmp_path / 'autograde.db'}"
    url = request.getfixturevalue("postgres").new_database()
    copy_rows(BEFORE, url)
    return url


def test_a_new_database_gets_the_models_at_the_head_revision(new_url):
    with Store(new_url) as store:
        assert version(store.engine) == [migrations.head()] == ["0003"]
        assert differences(store.engine) == []
        store.save(result("alice"))
        assert store.results() == [result("alice")]


def test_the_revisions_build_what_a_new_database_gets(new_url):
    """Running every revision on an empty database gives the models' schema: a new database
    may be made from the models directly."""
    command.upgrade(migrations.config(url=new_url), "head")
    engine = create_engine(new_url)
    try:
        assert version(engine) == [migrations.head()]
        assert differences(engine) == []
    finally:
        engine.dispose()
    with Store(new_url) as store:  # and the store takes it as it is
        store.save(result("alice"))
        assert store.results() == [result("alice")]


def test_the_baseline_is_the_schema_the_store_created_before_the_migrations(tmp_path):
    path = tmp_path / "baseline.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrations.config(connection), migrations.BASELINE)
    engine.dispose()
    assert sqlite_schema(path) == sqlite_schema(BEFORE)
    assert len(sqlite_schema(BEFORE)) == 8 + 8  # tables; indexes of submission_id and misconception


def test_a_database_written_before_the_migrations_keeps_every_row(before_url):
    engine = create_engine(before_url)
    before = snapshot(engine)
    assert {name: len(rows) > 0 for name, rows in before.items()} == dict.fromkeys(
        migrations.BASELINE_TABLES, True)
    with engine.connect() as connection:
        assert migrations.current(connection) == ()
    with Store(before_url) as store:
        assert version(store.engine) == [migrations.head()]
        assert differences(store.engine) == []
        after = snapshot(store.engine)
        for name in migrations.BASELINE_TABLES:
            if name != "quiz_responses":
                assert after[name] == before[name], name
        assert after["quiz_responses"] == [
            {**{QUIZ_RENAMED.get(column, column): value for column, value in row.items()},
             **QUIZ_DEFAULTS} for row in before["quiz_responses"]]

        found = store.results(ASSIGNMENT)
        assert [r.student for r in found] == ["alice", "bob"]
        for stored, row in zip(found, before["submissions"], strict=True):
            assert (stored.student, stored.score, stored.max_score, stored.digest) == (
                row["student"], row["score"], row["max_score"], row["digest"])
            checks = [c for c in before["checks"] if c["submission_id"] == row["id"]]
            assert [(e.exercise, c.name, c.passed, c.points) for e in stored.exercises
                    for c in e.checks] == [(c["exercise"], c["name"], c["passed"], c["points"])
                                           for c in checks]
        responses = store.quiz_responses(ASSIGNMENT)
        student = {row["id"]: row["student"] for row in before["submissions"]}
        assert [(r.student, r.item, r.answer, r.score, r.max_score, r.variant, r.chosen)
                for r in responses] == [
            (student[q["submission_id"]], q["item"], q["response"], q["points"],
             q["max_points"], 0, []) for q in before["quiz_responses"]]
        assert responses == [StudentQuizResponse(student=r.student, **q.model_dump())
                             for r in found for q in r.quiz]
        misconceptions: dict[str, set[int]] = {}
        for row in before["misconceptions"]:
            misconceptions.setdefault(row["misconception"], set()).add(row["submission_id"])
        assert store.misconception_counts(ASSIGNMENT) == {
            name: len(ids) for name, ids in misconceptions.items()}
    engine.dispose()


def test_after_the_upgrade_new_results_save_with_the_new_fields(before_url):
    with Store(before_url) as store:
        bob = store.results(ASSIGNMENT)[1]
        carol = result("carol", assignment=ASSIGNMENT)
        store.save(carol)
        alice = result("alice", "new", assignment=ASSIGNMENT)
        store.save(alice)
        assert store.results(ASSIGNMENT) == [alice, bob, carol]
        responses = store.quiz_responses(ASSIGNMENT)
        assert [r.student for r in responses] == ["alice"] * len(alice.quiz) + [
            "bob"] * len(bob.quiz) + ["carol"] * len(carol.quiz)
        assert [QuizResponse.model_validate(r.model_dump(exclude={"student"}))
                for r in responses] == alice.quiz + bob.quiz + carol.quiz
        defaults = QuizResponse(item="", answer="", score=0.0, max_score=0.0)
        assert all(any(getattr(q, field) != getattr(defaults, field) for q in carol.quiz)
                   for field in QuizResponse.model_fields)  # every new field is exercised


def test_reopening_an_upgraded_database_changes_nothing(before_url):
    with Store(before_url) as store:
        once = snapshot(store.engine)
    with Store(before_url) as store:
        assert snapshot(store.engine) == once
        assert version(store.engine) == [migrations.head()]


@pytest.mark.parametrize("lang, words", [
    ("en", r"the results database .* was written by a newer autograde \(schema revision "
           r"0999_future; this autograde knows up to 0003\): upgrade autograde"),
    ("ja", r"結果データベース .* は、より新しい autograde が書いた形式です（スキーマのリビジョン "
           r"0999_future。この autograde が知っているのは 0003 まで）。"
           r"autograde を更新してください。"),
])
def test_a_database_from_a_newer_autograde_is_refused_in_words(new_url, lang, words,
                                                                monkeypatch):
    monkeypatch.setenv("AUTOGRADE_LANG", lang)
    with Store(new_url) as store:
        store.save(result("alice"))
        with store.engine.begin() as connection:
            connection.execute(text(f"UPDATE {migrations.VERSION_TABLE} "
                                    "SET version_num = '0999_future'"))
        kept = snapshot(store.engine)
    with pytest.raises(StoreError, match=words) as raised:
        Store(new_url)
    assert "Traceback" not in str(raised.value) and "alembic" not in str(raised.value)
    engine = create_engine(new_url)
    assert snapshot(engine) == kept and version(engine) == ["0999_future"]
    engine.dispose()


def test_a_database_with_some_of_the_tables_missing_is_refused_in_words(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOGRADE_LANG", "en")
    shutil.copy(BEFORE, tmp_path / "autograde.db")
    with sqlite3.connect(tmp_path / "autograde.db") as connection:
        connection.execute("DROP TABLE flags")
        connection.execute("DROP TABLE cell_runs")
    with pytest.raises(StoreError, match=r"the results database .*autograde.db holds only some "
                                         r"of autograde's tables \(missing: cell_runs, flags\)"):
        Store.for_course(tmp_path)
    with sqlite3.connect(tmp_path / "autograde.db") as connection:
        assert connection.execute("SELECT COUNT(*) FROM quiz_responses").fetchone() == (4,)


def test_stores_opening_a_new_database_at_once_all_work(new_url):
    opened: list[str] = []
    failed: list[BaseException] = []

    def open_it() -> None:
        try:
            with Store(new_url) as store:
                opened.append(store.url)
        except BaseException as error:  # reported below
            failed.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failed == [] and len(opened) == 4
    engine = create_engine(new_url)
    assert version(engine) == [migrations.head()] and differences(engine) == []
    engine.dispose()


def test_downgrading_to_the_baseline_gives_back_the_old_rows_and_schema(tmp_path):
    path = tmp_path / "autograde.db"
    shutil.copy(BEFORE, path)
    url = f"sqlite:///{path}"
    before = snapshot(create_engine(url))
    Store(url).close()
    engine = create_engine(url)
    with engine.begin() as connection:
        command.downgrade(migrations.config(connection), migrations.BASELINE)
    assert snapshot(engine) == before
    assert sqlite_schema(path) == sqlite_schema(BEFORE)
    engine.dispose()


def test_alembic_s_command_line_runs_without_an_ini_file(tmp_path):
    Store.for_course(tmp_path).close()

    def alembic(*arguments: str) -> str:  # in the course folder: its autograde.db by default
        return subprocess.run([sys.executable, "-m", "autograde.grader.migrations", *arguments],
                              cwd=tmp_path, capture_output=True, text=True, check=True,
                              timeout=120).stdout

    shown = alembic("current") + alembic("history")
    assert f"{migrations.head()} (head)" in shown
    assert "0001 -> 0002" in shown and "<base> -> 0001" in shown


def test_the_fixture_was_written_before_the_quiz_columns():
    with sqlite3.connect(BEFORE) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(quiz_responses)")]
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert columns == ["id", "submission_id", "item", "response", "points", "max_points"]
    assert migrations.VERSION_TABLE not in tables and "alembic_version" not in tables


def test_the_newest_revision_file_is_alembic_s_head():
    assert migrations.newest_file_revision() == migrations.head()


def test_creating_or_opening_a_database_at_the_head_does_not_import_alembic(tmp_path):
    """Every command opens the store: only one that has something to migrate pays for Alembic
    (a new database gets the models' tables stamped at the head)."""
    url = f"sqlite:///{tmp_path / 'results.db'}"
    code = ("import sys\nfrom autograde.grader.store import Store\n"
            f"Store({url!r}).close()\nprint('alembic' in sys.modules)\n")
    for _ in ("created", "opened"):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=120)
        assert done.stdout.split() == ["False"], done.stderr
    with sqlite3.connect(tmp_path / "results.db") as connection:
        versions = connection.execute(f"SELECT version_num FROM {migrations.VERSION_TABLE}")
        assert [row[0] for row in versions] == [migrations.head()]
