"""A throwaway PostgreSQL server for the store tests: ``initdb`` and ``pg_ctl`` in a temporary
directory, listening on a Unix socket only, one new database per test."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

_names = itertools.count()


def server_bin() -> Path | None:
    """The directory of ``initdb`` and ``pg_ctl`` (Debian keeps them off PATH), or None."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(versions[-1]).parent if versions else None


class Server:
    def __init__(self, socket: Path) -> None:
        self.socket = socket

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket}"

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        name = f"t{os.getpid()}_{next(_names)}"
        admin = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return self.url(name)


@contextmanager
def running(bindir: Path) -> Iterator[Server]:
    """Start a server (as the ``postgres`` user when we are root: it refuses to run as root)."""
    root = Path(tempfile.mkdtemp(prefix="nn-dojo-pg-"))
    as_user: list[str] = []
    if os.getuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
    data, log = root / "data", root / "server.log"

    def run(*command: str | Path) -> None:
        subprocess.run([*as_user, *map(str, command)], check=True, capture_output=True,
                       timeout=120)

    try:
        run(bindir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C")
        run(bindir / "pg_ctl", "-D", data, "-l", log, "-w", "-o",
            f"-k {root} -c listen_addresses='' -c fsync=off", "start")
        try:
            yield Server(root)
        finally:
            run(bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
