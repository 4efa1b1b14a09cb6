"""What of the banks goes public: one quiz bundle per lesson for the student kit.

A practice item ships whole (every variant, key included: it is graded on the spot and worth
nothing); a graded item ships only its forms (:func:`autograde.kit.quiz.forms.form_of`), so
neither the kit nor a released notebook holds its key.
"""

from __future__ import annotations

from pathlib import Path

from autograde.kit.bundle import BUNDLE_DIR
from autograde.kit.quiz.bundle import FOLDER, Entry, LessonBundle, dump
from autograde.kit.quiz.forms import form_of
from autograde.quiz.banks import Library, library

QUIZ_BUNDLE_DIR = BUNDLE_DIR / FOLDER[-1]


def lesson_bundles(banks: Library | None = None) -> dict[str, LessonBundle]:
    """The public bundle of every lesson's bank (default: the shipped banks)."""
    banks = banks or library()
    bundles: dict[str, LessonBundle] = {}
    for lesson, (_, bank) in sorted(banks.banks.items()):
        items = {}
        for bank_item in bank.items:
            entry = banks.items[bank_item.id]
            resolved = [entry.resolved(k) for k in range(bank_item.variants)]
            items[bank_item.id] = (Entry(kind="practice", items=resolved)
                                   if bank_item.kind == "practice" else
                                   Entry(kind="graded", forms=[form_of(r) for r in resolved]))
        bundles[lesson] = LessonBundle(lesson=lesson, items=items)
    return bundles


def _files(folder: Path) -> dict[Path, str]:
    return {folder / f"{lesson}.json": dump(bundle)
            for lesson, bundle in lesson_bundles().items()}


def stale_quiz_bundles(folder: Path = QUIZ_BUNDLE_DIR) -> list[str]:
    """Bundle files that differ from the banks (or are missing, or belong to no bank)."""
    wanted = _files(folder)
    stale = [p.name for p, text in wanted.items()
             if not p.is_file() or p.read_text("utf-8") != text]
    extra = [p.name for p in folder.glob("*.json") if p not in wanted] if folder.is_dir() else []
    return sorted(stale + extra)


def write_quiz_bundles(folder: Path = QUIZ_BUNDLE_DIR) -> list[Path]:
    """Write the lessons' quiz bundles that changed (the paths written); remove bundles of
    lessons without a bank."""
    wanted = _files(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.glob("*.json"):
        if path not in wanted:
            path.unlink()
    written = []
    for path, text in sorted(wanted.items()):
        if not path.is_file() or path.read_text("utf-8") != text:
            path.write_text(text, "utf-8")
            written.append(path)
    return written
