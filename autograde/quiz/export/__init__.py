"""Quiz banks exported to learning-management systems: Moodle XML, GIFT and QTI 2.1. What a
format cannot express is degraded visibly or left out, always with a note per item."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from autograde.kit.text import Lang
from autograde.quiz.export import gift, moodle_xml, qti21
from autograde.quiz.export.common import ItemSet, Note, Notes, Summary, item_sets, summarise
from autograde.quiz.models import Bank

Exporter = Callable[[list[ItemSet], Lang, Notes], bytes]
FORMATS: dict[str, tuple[Exporter, str]] = {
    "moodle-xml": (moodle_xml.export, ".xml"),
    "gift": (gift.export, ".gift.txt"),
    "qti21": (qti21.export, ".zip"),
}
"""Format name → (exporter, file suffix)."""


@dataclass
class Export:
    data: bytes
    notes: list[Note]
    summary: Summary
    suffix: str


def export(bank: Bank, fmt: str, lang: Lang = "ja", variants: int | None = None) -> Export:
    """``bank`` in format ``fmt`` (a key of :data:`FORMATS`), texts in ``lang``, the first
    ``variants`` variants of each item (default: all of its K)."""
    write, suffix = FORMATS[fmt]
    sets = item_sets(bank, variants)
    notes = Notes()
    data = write(sets, lang, notes)
    return Export(data, notes.notes, summarise(fmt, sets, notes), suffix)


__all__ = ["FORMATS", "Export", "Note", "export"]
