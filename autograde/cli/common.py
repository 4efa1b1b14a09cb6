"""What several commands share: the usage error and the common options."""

from __future__ import annotations

import argparse

from autograde.kit.text import LANGS


class UsageError(Exception):
    """A mistake in how the command was called: message on stderr, exit status 2."""


def add_lang(parser: argparse.ArgumentParser, help: str, default: str | None = None) -> None:
    parser.add_argument("--lang", choices=LANGS, default=default, help=help)


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="results database URL "
                        "(default: sqlite:///<course>/autograde.db)")


def exercise(exercise_id: str):
    """The catalog's exercise ``exercise_id``, or a usage error that lists the known ones."""
    from autograde.catalog.exercises import EXERCISES

    if exercise_id not in EXERCISES:
        raise UsageError(f"unknown exercise {exercise_id!r} (known: {', '.join(EXERCISES)})")
    return EXERCISES[exercise_id]
