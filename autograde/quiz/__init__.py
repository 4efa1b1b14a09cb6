"""The quiz engine's instructor side: banks (YAML) and their loader, computed keys, variants,
resolving an item for a student, and finding a course's banks. The student kit holds the
resolved items, the answer parser and the grading rules (:mod:`autograde.kit.quiz`)."""

from autograde.quiz.bank import BankError, load_bank
from autograde.quiz.banks import Entry, Library, library, quiz_folder
from autograde.quiz.resolve import resolve

__all__ = ["BankError", "Entry", "Library", "library", "load_bank", "quiz_folder", "resolve"]
