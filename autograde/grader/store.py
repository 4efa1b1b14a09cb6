"""The results store: every graded submission in a SQL database, saved as soon as it is known.

SQLite in the course (``autograde.db``) by default, any SQLAlchemy URL (PostgreSQL) otherwise.
One row per (assignment, student) in ``submissions`` holds the headline numbers and the whole
:class:`~autograde.grader.records.SubmissionResult` as JSON; child tables (exercise scores, checks,
misconceptions, quiz responses, sandbox events, scan flags, cell runs, solution fingerprints) make
it queryable.
Saving a student's result again replaces the previous one, so runs are idempotent and resumable.
Opening a database brings its schema to this code's (Alembic revisions in
:mod:`autograde.grader.migrations`), keeping every row; a database written by a newer autograde
is refused with a clear message.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import ClassVar

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import (
    DateTime,
    Double,
    Engine,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
)

from autograde.grader import migrations, settings
from autograde.grader.records import QuizResponse, SubmissionResult
from autograde.kit.text import Lang, current_lang
from autograde.kit.text import Text as Words

DB_FILE = "autograde.db"
NAME = 255
"""Length of ids and names: student and assignment folders, cells, files, checks."""
PATH = 4096
CHUNK = 500
"""Ids per ``IN (...)`` (old SQLite builds allow 999 parameters)."""

SAY: dict[str, Words] = {
    "open": Words(ja="結果データベース {url} を開けません: {reason}",
                  en="cannot open the results database {url}: {reason}"),
    "driver": Words(ja="結果データベース {url} のドライバがインストールされていません: {reason}",
                    en="the driver for the results database {url} is not installed: {reason}"),
    "url": Words(ja="結果データベースの URL が正しくありません: {url}（例: sqlite:///autograde.db、"
                    "postgresql://user@host/db）",
                 en="not a valid results database URL: {url} (e.g. sqlite:///autograde.db, "
                    "postgresql://user@host/db)"),
    "dialect": Words(ja="結果データベース {url} の種類 {name} は SQLAlchemy で使えません"
                        "（例: sqlite:///autograde.db、postgresql://user@host/db）",
                     en="{name} in {url} is not a kind of database SQLAlchemy knows "
                        "(e.g. sqlite:///autograde.db, postgresql://user@host/db)"),
    "failed": Words(ja="結果データベース {url} でエラーが発生しました: {reason}",
                    en="the results database {url} failed: {reason}"),
    "newer": Words(ja="結果データベース {url} は、より新しい autograde が書いた形式です（スキーマの"
                       "リビジョン {revision}。この autograde が知っているのは {head} まで）。"
                       "autograde を更新してください。",
                    en="the results database {url} was written by a newer autograde (schema "
                       "revision {revision}; this autograde knows up to {head}): "
                       "upgrade autograde"),
    "partial": Words(ja="結果データベース {url} には autograde の表の一部しかありません"
                         "（ないもの: {missing}）。"
                         "別のデータベースを指定するか、表を復元してください。",
                      en="the results database {url} holds only some of autograde's tables "
                         "(missing: {missing}): give another database or restore the tables"),
    "stale": Words(ja="{student} の {assignment} の保存済み結果は現在の形式と合いません。"
                      "--force で採点し直してください。",
                   en="the stored result of {student} for {assignment} does not match the "
                      "current format: regrade with --force"),
}


class StoreError(Exception):
    """The results database cannot be opened or used (the message says which and why)."""


class Base(DeclarativeBase):
    type_annotation_map: ClassVar = {float: Double}  # SQLAlchemy 2.1's choice (2.0: Float)
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s"})


class SubmissionRow(Base):
    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("assignment", "student"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment: Mapped[str] = mapped_column(String(NAME))
    student: Mapped[str] = mapped_column(String(NAME))
    path: Mapped[str] = mapped_column(String(PATH))
    digest: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(8))
    score: Mapped[float]
    max_score: Mapped[float]
    error: Mapped[str | None] = mapped_column(Text)
    sandbox: Mapped[str] = mapped_column(String(32))
    seconds: Mapped[float]
    cpu_seconds: Mapped[float]
    max_rss_mb: Mapped[float]
    graded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    result: Mapped[str] = mapped_column(Text)
    """The whole SubmissionResult as JSON, for drill-down."""

    exercise_scores: Mapped[list[ExerciseScoreRow]] = relationship(cascade="all, delete-orphan")
    checks: Mapped[list[CheckRow]] = relationship(cascade="all, delete-orphan")
    misconceptions: Mapped[list[MisconceptionRow]] = relationship(cascade="all, delete-orphan")
    quiz_responses: Mapped[list[QuizResponseRow]] = relationship(cascade="all, delete-orphan")
    sandbox_events: Mapped[list[SandboxEventRow]] = relationship(cascade="all, delete-orphan")
    flags: Mapped[list[FlagRow]] = relationship(cascade="all, delete-orphan")
    cell_runs: Mapped[list[CellRunRow]] = relationship(cascade="all, delete-orphan")


class _Child:
    """A row that belongs to one submission and goes with it."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-2)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True, sort_order=-1)


class ExerciseScoreRow(_Child, Base):
    __tablename__ = "exercise_scores"

    exercise: Mapped[str] = mapped_column(String(NAME))
    score: Mapped[float]
    max_score: Mapped[float]
    error: Mapped[str | None] = mapped_column(Text)


class CheckRow(_Child, Base):
    __tablename__ = "checks"
    __table_args__ = (UniqueConstraint("submission_id", "exercise", "position"),)

    exercise: Mapped[str] = mapped_column(String(NAME))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(NAME))
    passed: Mapped[bool]
    points: Mapped[float]
    max_points: Mapped[float]
    message: Mapped[str] = mapped_column(Text)


class MisconceptionRow(_Child, Base):
    __tablename__ = "misconceptions"

    exercise: Mapped[str] = mapped_column(String(NAME))
    misconception: Mapped[str] = mapped_column(String(NAME), index=True)


class QuizResponseRow(_Child, Base):
    """One answer to one quiz item (fields as in :class:`~autograde.grader.records.QuizResponse`;
    the lists are JSON text)."""

    __tablename__ = "quiz_responses"
    __table_args__ = (Index("ix_quiz_responses_item_variant", "item", "variant"),)

    item: Mapped[str] = mapped_column(String(NAME))
    lesson: Mapped[str] = mapped_column(String(NAME))
    kind: Mapped[str] = mapped_column(String(16))
    variant: Mapped[int]
    answer: Mapped[str] = mapped_column(Text)
    read_as: Mapped[str | None] = mapped_column(Text)
    chosen: Mapped[str] = mapped_column(Text)
    score: Mapped[float]
    max_score: Mapped[float]
    misconceptions: Mapped[str] = mapped_column(Text)
    other_variant: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    feedback: Mapped[str] = mapped_column(Text)


class SandboxEventRow(_Child, Base):
    __tablename__ = "sandbox_events"

    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text)


class FlagRow(_Child, Base):
    __tablename__ = "flags"

    rule: Mapped[str] = mapped_column(String(NAME))
    cell: Mapped[str] = mapped_column(String(NAME))
    line: Mapped[int]
    code: Mapped[str] = mapped_column(Text)


class CellRunRow(_Child, Base):
    __tablename__ = "cell_runs"
    __table_args__ = (UniqueConstraint("submission_id", "position"),)

    position: Mapped[int]
    cell: Mapped[str] = mapped_column(String(NAME))
    seconds: Mapped[float]
    error: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class FingerprintRow(_Child, Base):
    """One hash of one exercise's solution fingerprint (:mod:`autograde.grader.fingerprint`);
    the index on (exercise, hash) finds the submissions that share a hash. Written in bulk by
    :meth:`Store.save` and deleted with the submission by the database (ON DELETE CASCADE)."""

    __tablename__ = "fingerprints"
    __table_args__ = (Index("ix_fingerprints_exercise_hash", "exercise", "hash"),)

    exercise: Mapped[str] = mapped_column(String(NAME))
    hash: Mapped[int]


class StudentQuizResponse(QuizResponse):
    """A stored quiz response with the student who gave it."""

    student: str


_IDS = TypeAdapter(list[str])


def _quiz_row(response: QuizResponse) -> dict[str, object]:
    return {
        "item": response.item, "lesson": response.lesson, "kind": response.kind,
        "variant": response.variant, "answer": response.answer, "read_as": response.read_as,
        "chosen": json.dumps(response.chosen, ensure_ascii=False), "score": response.score,
        "max_score": response.max_score,
        "misconceptions": json.dumps(response.misconceptions, ensure_ascii=False),
        "other_variant": response.other_variant, "error": response.error,
        "feedback": response.feedback}


def _quiz_response(student: str, row: QuizResponseRow) -> StudentQuizResponse:
    """The row read back (:class:`ValidationError` if its JSON lists are not lists of strings)."""
    return StudentQuizResponse(
        student=student, item=row.item, lesson=row.lesson, kind=row.kind, variant=row.variant,
        answer=row.answer, read_as=row.read_as, chosen=_IDS.validate_json(row.chosen),
        score=row.score, max_score=row.max_score,
        misconceptions=_IDS.validate_json(row.misconceptions), other_variant=row.other_variant,
        error=row.error, feedback=row.feedback)


def submission_row(result: SubmissionResult) -> dict[str, object]:
    """The submission's own row."""
    return {
        "assignment": result.assignment, "student": result.student, "path": result.path,
        "digest": result.digest, "lang": result.lang, "score": result.score,
        "max_score": result.max_score, "error": result.error, "sandbox": result.sandbox,
        "seconds": result.seconds, "cpu_seconds": result.cpu_seconds,
        "max_rss_mb": result.max_rss_mb, "graded_at": result.graded_at,
        "result": result.model_dump_json()}


def child_rows(result: SubmissionResult) -> dict[type[Base], list[dict[str, object]]]:
    """The rows that belong to the submission (without its id), per table."""
    exercises = result.exercises
    return {
        ExerciseScoreRow: [{"exercise": e.exercise, "score": e.score, "max_score": e.max_score,
                            "error": e.error} for e in exercises],
        CheckRow: [{"exercise": e.exercise, "position": i, "name": c.name, "passed": c.passed,
                    "points": c.points, "max_points": c.max_points, "message": c.message}
                   for e in exercises for i, c in enumerate(e.checks)],
        MisconceptionRow: [{"exercise": e.exercise, "misconception": m}
                           for e in exercises for m in dict.fromkeys(e.misconceptions)],
        QuizResponseRow: [_quiz_row(q) for q in result.quiz],
        SandboxEventRow: [{"kind": e.kind, "detail": e.detail} for e in result.events],
        FlagRow: [{"rule": f.rule, "cell": f.cell, "line": f.line, "code": f.code}
                  for f in result.flags],
        CellRunRow: [{"position": i, "cell": c.cell, "seconds": c.seconds, "error": c.error,
                      "note": c.note} for i, c in enumerate(result.cells)],
        FingerprintRow: [{"exercise": exercise, "hash": value}
                         for exercise, values in result.fingerprints.items()
                         for value in values],
    }


def reason_of(error: BaseException) -> str:
    """The driver's own words, without SQLAlchemy's statement dump and links."""
    if isinstance(error, DBAPIError) and error.orig is not None:
        error = error.orig
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _sqlite_pragmas(connection: sqlite3.Connection, _record: object) -> None:
    """Enforce foreign keys (cascades) and let readers run while the one writer writes."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    with contextlib.suppress(sqlite3.OperationalError):  # e.g. network file systems
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _engine(url: str) -> Engine:
    lang = current_lang()
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(SAY["url"](lang, url=url)) from None
    shown = parsed.render_as_string(hide_password=True)
    sqlite = parsed.get_backend_name() == "sqlite"
    try:
        busy = {"timeout": settings.SQLITE_BUSY_SECONDS}
        engine = create_engine(parsed, connect_args=busy if sqlite else {})
    except ImportError as error:
        raise StoreError(SAY["driver"](lang, url=shown, reason=error)) from None
    except ArgumentError:  # an unknown dialect or driver
        raise StoreError(SAY["dialect"](lang, url=shown, name=parsed.drivername)) from None
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrations.migrate(engine, Base.metadata)
    except (SQLAlchemyError, migrations.NewerSchema, migrations.PartialSchema) as error:
        engine.dispose()
        raise StoreError(_refusal(error, shown, lang)) from None
    return engine


def _refusal(error: Exception, url: str, lang: Lang) -> str:
    """Why the database at ``url`` could not be brought to this code's schema."""
    if isinstance(error, migrations.NewerSchema):
        return SAY["newer"](lang, url=url, revision=", ".join(error.revisions), head=error.head)
    if isinstance(error, migrations.PartialSchema):
        return SAY["partial"](lang, url=url, missing=", ".join(error.missing))
    return SAY["open"](lang, url=url, reason=reason_of(error))


class Store:
    """The results database. One writer process at a time; any number of readers."""

    def __init__(self, url: str) -> None:
        self.engine = _engine(url)
        self.url = self.engine.url.render_as_string(hide_password=True)

    @classmethod
    def for_course(cls, root: Path, url: str | None = None) -> Store:
        """``url``, else ``autograde.db`` in the course (or folder of submissions) ``root``."""
        return cls(url or f"sqlite:///{root.resolve() / DB_FILE}")

    @contextlib.contextmanager
    def _session(self) -> Iterator[Session]:
        """One transaction; database failures become a :class:`StoreError`."""
        try:
            with Session(self.engine) as session, session.begin():
                yield session
        except SQLAlchemyError as error:
            reason = reason_of(error)
            raise StoreError(SAY["failed"](current_lang(), url=self.url, reason=reason)) from None

    def graded(self, assignment: str) -> dict[str, str]:
        """Student → digest of the submission already graded for ``assignment``."""
        with self._session() as session:
            rows = session.execute(select(SubmissionRow.student, SubmissionRow.digest)
                                   .where(SubmissionRow.assignment == assignment))
            return {student: digest for student, digest in rows}

    def save(self, result: SubmissionResult) -> None:
        """Store ``result`` in one transaction, replacing the student's previous one."""
        self.save_all([result])

    def save_all(self, results: Iterable[SubmissionResult]) -> None:
        """Store ``results`` in one transaction (all or none), each replacing its student's
        previous one (the last of a student's results given wins): for generated classes and
        imports, where a commit each would be slow."""
        latest = {(r.assignment, r.student): r for r in results}
        with self._session() as session:
            for assignment in {assignment for assignment, _ in latest}:
                found = session.execute(select(SubmissionRow.id, SubmissionRow.student)
                                        .where(SubmissionRow.assignment == assignment))
                stale = [id_ for id_, student in found if (assignment, student) in latest]
                for start in range(0, len(stale), CHUNK):  # children go by ON DELETE CASCADE
                    session.execute(delete(SubmissionRow)
                                    .where(SubmissionRow.id.in_(stale[start:start + CHUNK]))
                                    .execution_options(synchronize_session=False))
            results = list(latest.values())
            ids = session.scalars(  # executemany with RETURNING: the ids in the given order
                insert(SubmissionRow).returning(SubmissionRow.id, sort_by_parameter_order=True),
                [submission_row(r) for r in results]).all()
            children: dict[type[Base], list[dict[str, object]]] = defaultdict(list)
            for id_, result in zip(ids, results, strict=True):
                for table, rows in child_rows(result).items():
                    children[table] += [{**row, "submission_id": id_} for row in rows]
            for table, rows in children.items():
                if rows:
                    session.execute(insert(table), rows)

    def assignments(self) -> list[str]:
        """The assignments with results, sorted."""
        with self._session() as session:
            return sorted(session.scalars(select(SubmissionRow.assignment).distinct()))

    def results(self, assignment: str | None = None) -> list[SubmissionResult]:
        """The stored results (of ``assignment``, or all), sorted by student."""
        query = select(SubmissionRow.assignment, SubmissionRow.student, SubmissionRow.result)
        if assignment is not None:
            query = query.where(SubmissionRow.assignment == assignment)
        with self._session() as session:
            rows = session.execute(query.order_by(SubmissionRow.student,
                                                  SubmissionRow.assignment)).all()
        found = []
        for stored_assignment, student, text in rows:
            try:
                found.append(SubmissionResult.model_validate_json(text))
            except ValidationError:
                raise StoreError(SAY["stale"](current_lang(), student=student,
                                              assignment=stored_assignment)) from None
        return found

    def quiz_responses(self, assignment: str) -> list[StudentQuizResponse]:
        """Every stored quiz response to ``assignment``, by student, in the notebook's order."""
        query = (select(SubmissionRow.student, QuizResponseRow)
                 .join(SubmissionRow, SubmissionRow.id == QuizResponseRow.submission_id)
                 .where(SubmissionRow.assignment == assignment)
                 .order_by(SubmissionRow.student, QuizResponseRow.id))
        with self._session() as session:
            found = []
            for student, row in session.execute(query):
                try:
                    found.append(_quiz_response(student, row))
                except ValidationError:
                    raise StoreError(SAY["stale"](current_lang(), student=student,
                                                  assignment=assignment)) from None
            return found

    def fingerprints(self, assignment: str) -> dict[str, dict[str, list[int]]]:
        """Exercise → student → the stored fingerprint of their solution to ``assignment``."""
        query = (select(FingerprintRow.exercise, SubmissionRow.student, FingerprintRow.hash)
                 .join(SubmissionRow, SubmissionRow.id == FingerprintRow.submission_id)
                 .where(SubmissionRow.assignment == assignment))
        found: dict[str, dict[str, list[int]]] = {}
        with self._session() as session:
            for exercise, student, value in session.execute(query):
                found.setdefault(exercise, {}).setdefault(student, []).append(value)
        return found

    def misconception_counts(self, assignment: str) -> dict[str, int]:
        """Misconception id → how many submissions of ``assignment`` made it, most first."""
        submissions = func.count(MisconceptionRow.submission_id.distinct())
        query = (select(MisconceptionRow.misconception, submissions)
                 .join(SubmissionRow, SubmissionRow.id == MisconceptionRow.submission_id)
                 .where(SubmissionRow.assignment == assignment)
                 .group_by(MisconceptionRow.misconception)
                 .order_by(submissions.desc(), MisconceptionRow.misconception))
        with self._session() as session:
            return {misconception: count for misconception, count in session.execute(query)}

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
