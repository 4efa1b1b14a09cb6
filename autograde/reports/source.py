"""Where a report reads from: the results store as ``autograde grade`` writes it (``--db URL``,
else the course's ``autograde.db``), and the course's quiz banks for the item types.

A report never creates a database: without ``--db`` and without ``autograde.db`` in the course,
or with no graded results for what was asked, it stops with a message that says what to run.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from autograde.course.layout import is_course
from autograde.grader.store import DB_FILE, Store
from autograde.kit.text import Lang, Text, current_lang
from autograde.quiz.banks import Library, library
from autograde.reports.responses import Responses, load_responses

SAY = {
    "no_store": Text(ja="{path} に結果データベースがありません。先にコースのフォルダで "
                        "`autograde grade ASSIGNMENT` を実行するか、--db で指定してください。",
                     en="no results database at {path}: run `autograde grade ASSIGNMENT` in "
                        "the course first, or give --db URL"),
    "empty": Text(ja="{url} には採点結果がありません。先に `autograde grade ASSIGNMENT` を"
                     "実行してください。",
                  en="{url} holds no graded results: run `autograde grade ASSIGNMENT` first"),
    "missing": Text(ja="{url} に {assignments} の採点結果がありません（あるもの: {known}）。",
                    en="{url} holds no graded results for {assignments} (it has: {known})"),
}


class NoResults(Exception):
    """Nothing to report on (the message says why and what to run)."""


def open_store(course: Path, db: str | None = None, lang: Lang | None = None) -> Store:
    """The store at ``db``, else the course's ``autograde.db`` (:class:`NoResults` if absent;
    a database that cannot be opened raises :class:`~autograde.grader.store.StoreError`)."""
    if db is None and not (course / DB_FILE).is_file():
        raise NoResults(SAY["no_store"](current_lang(lang), path=course.resolve() / DB_FILE))
    return Store.for_course(course, db)


def course_banks(course: Path) -> Library:
    """The course's quiz banks (the shipped ones outside a course)."""
    return library(course if is_course(course) else None)


def read_responses(store: Store, assignments: Sequence[str], banks: Library,
                   lang: Lang | None = None) -> Responses:
    """The response matrix of ``assignments`` (all when empty); :class:`NoResults` when the
    store has no result for one of them, or none at all."""
    lang = current_lang(lang)
    responses = load_responses(store, assignments, banks)
    graded = [a for a in responses.assignments if responses.students_of(a)]
    if not graded:
        raise NoResults(SAY["empty"](lang, url=store.url) if not assignments else
                        SAY["missing"](lang, url=store.url, assignments=", ".join(assignments),
                                       known=", ".join(_known(store)) or "-"))
    missing = [a for a in responses.assignments if a not in graded]
    if missing:
        raise NoResults(SAY["missing"](lang, url=store.url, assignments=", ".join(missing),
                                       known=", ".join(_known(store))))
    return responses


def _known(store: Store) -> list[str]:
    return sorted({result.assignment for result in store.results()})
