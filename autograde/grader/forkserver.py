"""The process local workers are forked from. A command starts it as soon as it knows it will
grade, so that its imports overlap the command's own (nbgrader, SQLAlchemy, the course)."""

from __future__ import annotations

from collections.abc import Sequence
from multiprocessing import forkserver

WORKER_IMPORTS = ("autograde.grader.batch", "autograde.catalog.exercises")
"""What every worker needs, imported once before the workers are forked."""


def start(extra: Sequence[str] = ()) -> None:
    """Start it, importing :data:`WORKER_IMPORTS` and ``extra``; one already running in this
    process (started earlier by the command, or for an earlier assignment) is kept.

    Each worker runs the main script again (as ``__mp_main__``). Asking the forkserver to
    preload ``__main__`` does nothing in Python 3.11 (it looks for a ``main_path`` its
    preparation data does not have), so it is not asked: a command passes in ``extra`` the
    package its script imports, and the workers find it imported."""
    forkserver.set_forkserver_preload([*WORKER_IMPORTS, *extra])
    forkserver.ensure_running()
