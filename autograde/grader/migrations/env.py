"""Alembic's environment for the results store: the connection :func:`migrate` hands over, or the
URL of ``python -m autograde.grader.migrations --url ...`` (online, or ``--sql`` offline)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from autograde.grader.migrations import VERSION_TABLE
from autograde.grader.store import Base

OPTIONS = {"target_metadata": Base.metadata, "version_table": VERSION_TABLE,
           "render_as_batch": True, "compare_type": True}
"""Batch mode: SQLite alters a table by copying it, PostgreSQL alters it in place."""


def run(connection: Connection) -> None:
    context.configure(connection=connection, **OPTIONS)
    with context.begin_transaction():  # a no-op inside the transaction migrate() opened
        context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    run(given)
elif context.is_offline_mode():
    context.configure(url=context.config.get_main_option("sqlalchemy.url"), literal_binds=True,
                      **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as opened:
            run(opened)
    finally:
        engine.dispose()
