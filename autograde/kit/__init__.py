"""The student kit: ``check()``, quiz ``answer()``, judging, messages, rendering and the public
case and quiz bundles.

Everything here ships to students (``autograde build-student-kit`` copies this package whole)
and runs inside the sandbox, so it imports nothing outside ``autograde.kit`` but NumPy,
pydantic and the standard library.
"""

from autograde.kit import session
from autograde.kit.feedback import check
from autograde.kit.quiz.cells import answer, quiz_check, quiz_variants
from autograde.kit.text import use_language

session.watch()

__all__ = ["answer", "check", "quiz_check", "quiz_variants", "use_language"]
