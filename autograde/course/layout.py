"""Where things are in an nbgrader course: its config file, its id, nbgrader's folders, and the
master course that ships with the package.

The folders (``source/<assignment>``, ``submitted/<student>/<assignment>``, ``autograded/…``)
are nbgrader's: :class:`Course` asks nbgrader's own
:class:`~nbgrader.coursedir.CourseDirectory`, configured by the course's ``nbgrader_config.py``,
instead of re-deriving them. :func:`seat_of` runs inside a student's kernel at grading time, so
it reads only the config file: importing nbgrader there would cost more than grading.
"""

from __future__ import annotations

import functools
import glob
import re
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

CONFIG_FILE = "nbgrader_config.py"
MASTER_SOURCE = "source"
"""The master course's (and a new course's) folder of source notebooks."""
TIMESTAMP_FILE = "timestamp.txt"
"""Written by ``nbgrader submit`` next to a submission: when it was received."""


def read_config(root: Path) -> Config:
    """The course's nbgrader_config.py as traitlets reads it (empty when there is none; an
    error when it does not run)."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    if not is_course(root):
        return Config()
    return PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()


def course_id(root: Path) -> str:
    """``CourseDirectory.course_id`` from the course's nbgrader_config.py ("" if unset)."""
    return str(read_config(root).get("CourseDirectory", {}).get("course_id", ""))


def is_course(root: Path) -> bool:
    return (root / CONFIG_FILE).is_file()


class Seat(NamedTuple):
    """Where a notebook runs: course id, assignment id and student id ("" in source/)."""

    course: str
    assignment: str
    student: str


def seat_of(folder: Path) -> Seat:
    """The course, assignment and student a notebook in ``folder`` belongs to.

    Recognises ``source/<assignment>`` and ``<any step>/<student>/<assignment>`` below the
    nearest directory holding nbgrader_config.py; elsewhere the folder name is the assignment.
    """
    folder = folder.resolve()
    for root in (folder, *folder.parents):
        if is_course(root):
            parts = folder.relative_to(root).parts
            course = course_id(root)
            if len(parts) == 2 and parts[0] == "source":
                return Seat(course, parts[1], "")
            if len(parts) == 3:
                return Seat(course, parts[2], parts[1])
            return Seat(course, folder.name, "")
    return Seat("", folder.name, "")


@dataclass(frozen=True)
class Course:
    """An nbgrader course directory, its folders as nbgrader's CourseDirectory names them."""

    root: Path

    @functools.cached_property
    def directory(self) -> CourseDirectory:
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(config=read_config(self.root), root=str(self.root.resolve()))

    @property
    def id(self) -> str:
        return self.directory.course_id

    def folder(self, step: str, student: str, assignment: str) -> Path:
        """``<root>/<step>/<student>/<assignment>`` in nbgrader's directory structure."""
        return Path(self.directory.format_path(step, student, assignment))

    def source(self, assignment: str) -> Path:
        return self.folder(self.directory.source_directory, ".", assignment)

    def submitted(self, student: str, assignment: str) -> Path:
        return self.folder(self.directory.submitted_directory, student, assignment)

    def autograded(self, student: str, assignment: str) -> Path:
        return self.folder(self.directory.autograded_directory, student, assignment)

    def submitted_root(self) -> Path:
        return self.root.resolve() / self.directory.submitted_directory

    def students(self, step: str, assignment: str) -> list[tuple[str, Path]]:
        """(student, folder) of every student who has ``assignment`` in ``step``, sorted by
        student: nbgrader's own glob and pattern for the directory structure."""
        pattern = re.compile(self.directory.format_path(step, "(?P<student>[^/]+)", assignment,
                                                        escape=True) + "$")
        found = []
        for folder in glob.glob(self.directory.format_path(step, "*", assignment)):
            match = pattern.match(folder)
            if match and Path(folder).is_dir():
                found.append((match.group("student"), Path(folder)))
        return sorted(found)

    def timestamp_file(self, student: str, assignment: str) -> Path:
        return self.submitted(student, assignment) / TIMESTAMP_FILE


def master() -> Traversable:
    """The bilingual master course shipped with the package (the repository's ``course/``)."""
    return resources.files("autograde.course.master")


def master_source(assignment: str) -> Traversable:
    """The master course's folder of ``assignment`` (its bilingual notebook and data)."""
    return master() / MASTER_SOURCE / assignment


def assignments(course: Traversable | None = None) -> list[str]:
    """Assignment ids of a course, in teaching order (their names sort in that order)."""
    source = (course or master()) / MASTER_SOURCE
    return sorted(entry.name for entry in source.iterdir() if entry.is_dir()
                  and not entry.name.startswith((".", "_")))
