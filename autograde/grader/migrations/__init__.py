"""The results store's schema history (Alembic), shipped in the package and run on open.

:class:`~autograde.grader.store.Store` brings every database to the newest revision when it opens
it: a new database is created by the revisions (``0001`` is the schema as the store first created
it with ``create_all``), and a database written before the migrations existed (autograde's tables
but no version table) is stamped at ``0001`` and then upgraded. No ``alembic.ini``: the
configuration is built here. After changing the models in ``store.py``, write the next revision
with Alembic's own command line (``--sql`` prints the SQL for a DBA instead)::

    .venv/bin/python -m autograde.grader.migrations --url sqlite:///scratch.db upgrade head
    .venv/bin/python -m autograde.grader.migrations --url sqlite:///scratch.db \\
        revision --autogenerate --rev-id 0003 -m "what changed"
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Column, Connection, Engine, MetaData, String, Table, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

FOLDER = Path(__file__).parent
VERSION_TABLE = "autograde_version"
"""Not Alembic's default ``alembic_version``: nbgrader's gradebook uses that one and may share a
PostgreSQL database with the results."""
BASELINE = "0001"
BASELINE_TABLES = ("submissions", "exercise_scores", "checks", "misconceptions", "quiz_responses",
                   "sandbox_events", "flags", "cell_runs")
LOCK = 0x61757467  # PostgreSQL advisory lock key ("autg"): one migrating process at a time


class NewerSchema(Exception):
    """The database is at a revision this code does not know (a newer autograde wrote it)."""

    def __init__(self, revisions: list[str], head: str) -> None:
        super().__init__(", ".join(revisions))
        self.revisions, self.head = revisions, head


class PartialSchema(Exception):
    """Some of the baseline tables exist, not all, and no revision says what the database is."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


def newest_file_revision() -> str:
    """The newest revision by its file name (``0003_fingerprints.py`` → ``0003``): the head,
    known without importing Alembic (a test holds it to Alembic's own head)."""
    return max(path.name.split("_", 1)[0] for path in (FOLDER / "versions").glob("[0-9]*.py"))


def _versions(connection: Connection) -> list[str]:
    """The revisions in the database's version table (read with plain SQL: Alembic is imported
    only when there is something to migrate)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return []
    return [row[0] for row in connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))]


def _at_head(connection: Connection) -> bool:
    return _versions(connection) == [newest_file_revision()]


def config(connection: Connection | None = None, url: str | None = None) -> Config:
    """Alembic's configuration: this folder, and the connection (or URL) to migrate."""
    from alembic.config import Config

    found = Config()
    found.set_main_option("script_location", str(FOLDER))
    if url is not None:
        found.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    found.attributes["connection"] = connection
    return found


@functools.cache
def scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config())


def head() -> str:
    return scripts().get_current_head() or BASELINE


def current(connection: Connection) -> tuple[str, ...]:
    """The database's revisions (none for a new database or one older than the migrations);
    :class:`NewerSchema` if this code does not know one of them."""
    found = tuple(_versions(connection))
    known = {script.revision for script in scripts().walk_revisions()} if found else set()
    unknown = sorted(set(found) - known)
    if unknown:
        raise NewerSchema(unknown, head())
    return found


def _stamp_new(connection: Connection, metadata: MetaData) -> None:
    """A new database: the models' tables as they are now, at the head revision (what
    running every revision gives, tested; without importing Alembic)."""
    metadata.create_all(connection)
    versions = Table(VERSION_TABLE, MetaData(),
                     Column("version_num", String(32), primary_key=True))
    versions.create(connection)
    connection.execute(versions.insert().values(version_num=newest_file_revision()))


def _upgrade(connection: Connection, metadata: MetaData | None) -> None:
    """Bring the database to the head revision inside the connection's transaction."""
    if _at_head(connection):
        return  # another process did it while this one waited for the lock
    tables = set(inspect(connection).get_table_names())
    if metadata is not None and not tables & {*BASELINE_TABLES, VERSION_TABLE}:
        _stamp_new(connection, metadata)
        return
    from alembic import command

    revisions = current(connection)
    settings = config(connection)
    if not revisions:
        present = tables & set(BASELINE_TABLES)
        if present and len(present) < len(BASELINE_TABLES):
            raise PartialSchema(sorted(set(BASELINE_TABLES) - present))
        if present:  # written by the store before the migrations: it is the baseline
            command.stamp(settings, BASELINE)
    command.upgrade(settings, "head")


def migrate(engine: Engine, metadata: MetaData | None = None) -> None:
    """Upgrade the database to the head revision, in one transaction, one process at a time
    (a new one gets ``metadata``'s tables at once, when given). Opening a database already at
    the head only reads its version."""
    with engine.connect() as connection:
        if _at_head(connection):
            return
        current(connection)  # a newer autograde's database is refused before the write lock
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # pysqlite would run the DDL outside any transaction; IMMEDIATE takes the write lock
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK})
        _upgrade(connection, metadata)
        connection.commit()
