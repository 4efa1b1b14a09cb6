"""The seed scheme: stable 63-bit seeds from (course, assignment, student, ...).

The instructor's side draws each student's hidden cases from :func:`hidden_seed`; the quiz
picks each student's variant from it too (:func:`student_variant`), in the grader and — when
the course turns per-student variants on — in the student's own kernel, which is why it lives
in the kit. It holds no secret: a seed only says which of the known variants a student gets.
"""

from __future__ import annotations

import hashlib


def seed_for(*parts: object) -> int:
    """A stable 63-bit seed from (course, assignment, student, ...): same input, same cases."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def hidden_seed(course: str, assignment: str, student: str) -> int:
    """The seed of a student's hidden cases: reproducible regrades, different per student."""
    return seed_for(course, assignment, student)


def student_variant(item_id: str, lesson: str, count: int, course: str = "",
                    student: str | None = None) -> int:
    """The variant of a quiz item a student answers: 0 without a student (the lesson's own
    numbers), else ``seed_for(hidden_seed(course, lesson, student), item id)`` modulo K —
    hashed with the item rather than XORed, so that two students who share one item's
    variant do not share every item's."""
    if not student or count <= 1:
        return 0
    return seed_for(hidden_seed(course, lesson, student), item_id) % count
