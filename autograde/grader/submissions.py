"""Submissions: a student id, the file as found, and the sha256 of its bytes.

Only the file system is read here, never the code. The results store skips a submission whose
digest it already holds, so the digest is computed once, when the submission is found. Where an
nbgrader course keeps its submissions is :mod:`autograde.course.layout`'s business; a folder of
``.py`` files (as learning-management systems export them) is found here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Kind = Literal["notebook", "file", "absent"]
ABSENT = "absent"
"""The digest of a submission that has no file."""


@dataclass(frozen=True)
class Submission:
    student: str
    path: Path
    kind: Kind
    digest: str = ABSENT


def found(student: str, path: Path, kind: Kind) -> Submission:
    """The submission of ``student`` at ``path`` (``absent`` when there is no such file)."""
    if kind == "absent" or not path.is_file():
        return Submission(student, path, "absent")
    return Submission(student, path, kind, hashlib.sha256(path.read_bytes()).hexdigest())


def notebook_in(student: str, path: Path) -> Submission:
    """A student's notebook submission (absent when the notebook is not there)."""
    return found(student, path, "notebook")


def file_submissions(folder: Path) -> list[Submission]:
    """``<student>.py`` files, or ``<student>/<one file>.py`` folders (as LMSs export them)."""
    submissions = []
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and entry.suffix == ".py":
            submissions.append(found(entry.stem, entry, "file"))
        elif entry.is_dir():
            files = sorted(entry.glob("*.py"))
            submissions.append(found(entry.name, files[0] if files else entry, "file"))
    return submissions
