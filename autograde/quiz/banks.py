"""Where the banks are and what a student is asked: a course's ``quizzes/*.yaml``, else the
banks shipped with the package (the master course's ``quizzes/``); items found by id, each
student's variant resolved, and answers graded — with the other variant an answer fits."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from autograde.kit.quiz.grading import grade
from autograde.kit.quiz.items import Item
from autograde.kit.quiz.results import QuizResult
from autograde.kit.seeds import student_variant
from autograde.kit.text import Lang
from autograde.quiz.bank import BankError, Problem, load_bank
from autograde.quiz.models import Bank, BankBase
from autograde.quiz.resolve import resolve
from autograde.quiz.variants import parameters

QUIZZES = "quizzes"
MASTER = "autograde.course.master"
"""The package that ships the master course (the repository's ``course/``, see setup.py)."""


def master_quizzes() -> Path:
    """The banks shipped with the package."""
    return Path(str(resources.files(MASTER) / QUIZZES))


def quiz_folder(course_root: Path | None = None) -> Path:
    """``<course>/quizzes`` when the course has one, else the shipped banks."""
    if course_root is not None and (course_root / QUIZZES).is_dir():
        return course_root / QUIZZES
    return master_quizzes()


@dataclass
class Entry:
    """One bank item, the bank it belongs to, and its variants' parameters (drawn once)."""

    bank: Bank
    item: BankBase
    file: Path
    _pool: list[dict[str, np.ndarray]] | None = field(default=None, repr=False)
    _resolved: dict[int, Item] = field(default_factory=dict, repr=False)

    @property
    def pool(self) -> list[dict[str, np.ndarray]]:
        if self._pool is None:
            self._pool = parameters(self.item)
        return self._pool

    def variant_of(self, student: str | None = None, course: str = "") -> int:
        return student_variant(self.item.id, self.bank.lesson, self.item.variants, course,
                               student)

    def resolved(self, variant: int = 0) -> Item:
        """Variant ``variant`` as the kit's item (resolved once: items are frozen)."""
        if variant not in self._resolved:
            self._resolved[variant] = resolve(self.bank, self.item, variant, self.pool)
        return self._resolved[variant]

    def check(self, raw: object, variant: int = 0, lang: Lang | None = None) -> QuizResult:
        """Grade ``raw`` on ``variant``; when it is not right there but fully right on another
        variant, ``other_variant`` names the first such variant."""
        item = self.resolved(variant)
        result = grade(item, raw, lang)
        if result.error is None and result.score < item.points:
            for other in range(self.item.variants):
                if other != variant:
                    theirs = self.resolved(other)
                    if grade(theirs, raw, lang).score >= theirs.points > 0:
                        return result.model_copy(update={"other_variant": other})
        return result


class Library:
    """Every bank of a folder, loaded and checked; items by id (unique across banks)."""

    def __init__(self, files: list[Path]) -> None:
        self.banks: dict[str, tuple[Path, Bank]] = {}
        self.items: dict[str, Entry] = {}
        problems: list[Problem] = []
        for path in files:
            try:
                bank = load_bank(path)
            except BankError as error:
                problems += error.problems
                continue
            self.banks[bank.lesson] = (path, bank)
            for item in bank.items:
                if item.id in self.items:
                    problems.append(Problem(str(path), 0, item.id, "id", f"the id is already "
                                            f"used in {self.items[item.id].file}"))
                self.items.setdefault(item.id, Entry(bank, item, path))
        if problems:
            raise BankError(problems)

    @classmethod
    def folder(cls, folder: Path) -> Library:
        return cls(sorted(folder.glob("*.yaml")))

    def bank(self, name: str) -> tuple[Path, Bank]:
        """A bank by lesson id (``03_loss``) or by the path of its file; KeyError if none."""
        if name in self.banks:
            return self.banks[name]
        path = Path(name)
        for file, bank in self.banks.values():
            if path.exists() and file.resolve() == path.resolve():
                return file, bank
        if path.suffix in (".yaml", ".yml") and path.is_file():
            return path, load_bank(path)
        raise KeyError(name)


@functools.cache
def _cached(folder: Path, stamp: tuple[tuple[str, float], ...]) -> Library:
    return Library.folder(folder)


def library(course_root: Path | None = None) -> Library:
    """The banks of a course (or the shipped ones), reloaded when a file changes."""
    folder = quiz_folder(course_root).resolve()
    stamp = tuple((p.name, p.stat().st_mtime) for p in sorted(folder.glob("*.yaml")))
    return _cached(folder, stamp)
