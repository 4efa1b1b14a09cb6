"""nn-dojo's grader. Students use :func:`check`; instructors use the ``autograde`` command.

Only public modules are imported here, so ``from autograde import check`` works in the
student kit, which has no reference solutions, mutants or hidden cases.
"""

from autograde.student import check
from autograde.text import use_language

__all__ = ["check", "use_language"]
