"""The nbgrader side's settings, in one place."""

CELL_TIMEOUT = 120
"""``Execute.timeout`` that ``autograde init`` writes into a course's nbgrader_config.py:
seconds per cell when nbgrader runs a notebook (the capstones train inside their test cells)."""

AUDIT_TOLERANCE = 1e-6
"""``autograde audit`` lists an exercise only when nbgrader's score exceeds ours by more."""
