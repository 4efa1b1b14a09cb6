"""The student kit: ``check()``, judging, messages, rendering and the public case bundles.

Everything here ships to students (``autograde build-student-kit`` copies this package whole)
and runs inside the sandbox, so it imports nothing outside ``autograde.kit`` but NumPy,
pydantic and the standard library.
"""

from autograde.kit import session
from autograde.kit.feedback import check
from autograde.kit.text import use_language

session.watch()

__all__ = ["check", "use_language"]
