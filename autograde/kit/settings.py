"""The student side's settings, in one place: defaults the catalog's exercises start from and
how much of a submission's behaviour feedback shows.

An exercise may declare its own tolerances, time limit or accuracy thresholds
(``autograde/catalog/exercises/``); these are the values it gets when it says nothing. They are
part of the contract in ``docs/exercises.md``: change them there too.
"""

RTOL = 1e-6
"""Relative tolerance of an output compared with the reference (``np.allclose``'s ``rtol``)."""
ATOL = 1e-9
"""Absolute tolerance of an output compared with the reference (``np.allclose``'s ``atol``)."""

CASE_SECONDS = 2.0
"""Time limit of one case: one call of the student's function."""
FIT_SECONDS = 60.0
"""Time limit of a capstone's case: the student's ``fit`` and ``predict`` together."""

FULL_ACCURACY = 0.95
"""A capstone's held-out accuracy for full credit."""
PARTIAL_ACCURACY = 0.80
"""A capstone's held-out accuracy for half the credit (linear up to full)."""

PRINT_LIMIT = 2000
"""Characters kept of what a student's function prints during one case (the rest is counted)."""
SETUP_NAMES = frozenset({"np", "plt"})
"""Names a lesson's setup cell defines: a function that misses one was run before the setup."""
WARNINGS_KEPT = 5
"""Distinct warnings kept per case (shown in feedback, never scored)."""
ERROR_LIMIT = 300
"""Characters kept of an exception's message in feedback."""
SHOWN_ELEMENTS = 12
"""Arrays up to this many elements are shown in feedback; larger ones by shape and dtype."""
