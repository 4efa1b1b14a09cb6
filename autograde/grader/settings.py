"""The grader's settings, in one place. Sandbox limits per submission (time, memory, output)
are :class:`autograde.sandbox.limits.Limits`; ``autograde grade`` takes some as options."""

import os

from autograde.sandbox.limits import Limits

WORKERS = os.cpu_count() or 1
"""Local worker processes of ``autograde grade`` (``--workers``)."""
IN_FLIGHT = 64
"""Submissions handed to the executor ahead of their results (bounds memory on big classes)."""
CHECK_LIMITS = Limits(cell_seconds=5.0, total_seconds=60.0)
"""Sandbox limits of ``autograde check FILE`` (one exercise, one file)."""
CELL_PRINT_LIMIT = 2000
"""Characters kept of what each cell of a submission printed."""
SUMMARY_SHOWN = 20
"""Submissions listed per section of ``autograde grade``'s summary (``--list`` shows all)."""
SQLITE_BUSY_SECONDS = 30.0
"""How long an SQLite connection of the results store waits for the writer's lock."""
SAVE_BATCH = int(os.environ.get("AUTOGRADE_SAVE_BATCH", "50"))
"""Results written to the store (and nbgrader's gradebook) per transaction while grading."""
SAVE_SECONDS = float(os.environ.get("AUTOGRADE_SAVE_SECONDS", "2"))
"""A batch is written at the latest this long after its first result arrived (slow lessons
still save as they go)."""
DRAW = os.environ.get("AUTOGRADE_DRAW", "") == "1"
"""Draw the figures in the grader's child (nobody sees them: only to show that not drawing
them changes no grade)."""
RUN_DEMOS = os.environ.get("AUTOGRADE_RUN_DEMOS", "") == "1"
"""Run the instructor's demonstration cells too (:mod:`autograde.grader.demo_cells`; only to
show that leaving them out changes no grade)."""
