"""nn-dojo: auto-graded exercises and quizzes for a neural-networks-from-scratch course.

One package per role; imports point down this list (``tests/test_layout.py`` enforces it):

- ``cli``      the ``autograde`` command: argument parsing, one module per command
- ``reports``  instructor reports from the store: statistics, dashboard, grade exports
- ``course``   the nbgrader side: init, lesson lint, in-kernel ``grade()``, gradebook, audit
- ``grader``   submissions, notebook → program, static scan, isolated runs, batches, store
- ``quiz``     the quiz banks (YAML), computed keys, variants, bundles and LMS exports
- ``sandbox``  bubblewrap, the warm server, the forked child, the wire format
- ``catalog``  the exercise specs (instructor only): cases, mutants, hints, points
- ``kit``      what students get: ``check()``, judging, messages, rendering, case bundles

Students use :func:`check` and, at quiz places, :func:`answer`; this module imports only the
kit, so ``from autograde import check`` works in the student kit, which has no reference
solutions, mutants, hidden cases or quiz keys.
"""

from autograde.kit import answer, check, quiz_check, quiz_variants, use_language

__all__ = ["answer", "check", "quiz_check", "quiz_variants", "use_language"]
