"""Finding submissions: nbgrader's ``submitted/<student>/<assignment>/`` or a folder of .py files.

Only the layout is read here, never the code: a submission is a student id, a path and the
sha256 of its bytes (the results store skips a submission whose digest it already holds).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Kind = Literal["notebook", "file", "absent"]


@dataclass(frozen=True)
class Submission:
    student: str
    path: Path
    kind: Kind

    @property
    def digest(self) -> str:
        if self.kind == "absent" or not self.path.is_file():
            return "absent"
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def notebook_submissions(course: Path, assignment: str, notebook: str) -> list[Submission]:
    """Every student folder under ``submitted/`` that has ``assignment`` (sorted by student)."""
    found = []
    for folder in sorted((course / "submitted").glob(f"*/{assignment}")):
        if not folder.is_dir():
            continue
        path = folder / notebook
        found.append(Submission(folder.parent.name, path,
                                "notebook" if path.is_file() else "absent"))
    return found


def file_submissions(folder: Path) -> list[Submission]:
    """``<student>.py`` files, or ``<student>/<one file>.py`` folders (as LMSs export them)."""
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and entry.suffix == ".py":
            found.append(Submission(entry.stem, entry, "file"))
        elif entry.is_dir():
            files = sorted(entry.glob("*.py"))
            found.append(Submission(entry.name, files[0] if files else entry,
                                    "file" if files else "absent"))
    return found
