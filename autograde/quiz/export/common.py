"""What every export format shares: the variants to write per bank item, notes on what a
format cannot express, and item texts as HTML with readable math."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from autograde.kit.quiz.items import Item
from autograde.kit.text import Lang, Text
from autograde.quiz.models import Bank
from autograde.quiz.resolve import resolve
from autograde.quiz.variants import parameters

TOP = "$course$/top"
"""Moodle's path of the course's top question category."""


@dataclass
class ItemSet:
    """One bank item and the variants written for it (variant 0 first)."""

    lesson: str
    id: str
    variants: list[Item]

    @property
    def category(self) -> str:
        """The Moodle category: the lesson's, or a sub-category of its own when there are
        several variants (for Moodle's random question)."""
        lesson = f"{TOP}/{self.lesson}"
        return f"{lesson}/{self.id}" if len(self.variants) > 1 else lesson


def item_sets(bank: Bank, variants: int | None = None) -> list[ItemSet]:
    """Every item of ``bank`` with its first ``variants`` variants (default: all K)."""
    sets = []
    for item in bank.items:
        count = item.variants if variants is None else max(1, min(variants, item.variants))
        pool = parameters(item)
        sets.append(ItemSet(bank.lesson, item.id,
                            [resolve(bank, item, k, pool) for k in range(count)]))
    return sets


def question_name(item: Item) -> str:
    """``03-sse-example`` or, for variant k of several, ``03-sse-example v3``."""
    return item.id if item.variants == 1 else f"{item.id} v{item.variant}"


def question_id(item: Item) -> str:
    """A stable id per written question (Moodle idnumber, QTI file names)."""
    return item.id if item.variants == 1 else f"{item.id}.v{item.variant}"


@dataclass(frozen=True)
class Note:
    item: str
    reason: str
    left_out: bool


@dataclass
class Notes:
    """What a format could not express, per item: degraded (exported with a difference) or
    left out. One note per item and reason, however many variants share it."""

    notes: list[Note] = field(default_factory=list)

    def degraded(self, item: str, reason: str) -> None:
        self._add(Note(item, reason, left_out=False))

    def left_out(self, item: str, reason: str) -> None:
        self._add(Note(item, reason, left_out=True))

    def _add(self, note: Note) -> None:
        if note not in self.notes:
            self.notes.append(note)

    def of(self, item: str) -> list[Note]:
        return [n for n in self.notes if n.item == item]

    def is_left_out(self, item: str) -> bool:
        return any(n.left_out for n in self.of(item))


@dataclass(frozen=True)
class Summary:
    format: str
    items: int
    exported: int
    """Exported as the bank grades them."""
    degraded: int
    left_out: int
    questions: int
    """Questions written (one per exported variant)."""

    def line(self) -> str:
        return (f"{self.format}: {self.items} items: {self.exported} exported, "
                f"{self.degraded} degraded, {self.left_out} left out "
                f"({self.questions} questions written)")


def summarise(fmt: str, sets: list[ItemSet], notes: Notes) -> Summary:
    left = [s for s in sets if notes.is_left_out(s.id)]
    degraded = [s for s in sets if s not in left and notes.of(s.id)]
    return Summary(fmt, len(sets), len(sets) - len(left) - len(degraded), len(degraded),
                   len(left), sum(len(s.variants) for s in sets if s not in left))


# --- texts --------------------------------------------------------------------------------

MATH = re.compile(r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$|(?<!\\)\$(?P<inline>[^$]+?)(?<!\\)\$",
                  re.DOTALL)


def _pieces(text: str) -> list[tuple[str, str]]:
    """``text`` split into ("text", s), ("inline", math) and ("display", math) pieces."""
    pieces, pos = [], 0
    for match in MATH.finditer(text):
        pieces.append(("text", text[pos:match.start()]))
        kind = "display" if match.group("display") is not None else "inline"
        pieces.append((kind, match.group(kind)))
        pos = match.end()
    pieces.append(("text", text[pos:]))
    return [(kind, s.replace("\\$", "$") if kind == "text" else s) for kind, s in pieces
            if s or kind != "text"]


def to_html(text: str) -> str:
    """A bank text as HTML: special characters escaped, line breaks as ``<br>``, inline math
    ``$…$`` as ``\\( … \\)`` and display math ``$$…$$`` kept (what MathJax and Moodle's
    filters render)."""
    out = []
    for kind, piece in _pieces(text):
        escaped = html.escape(piece, quote=False)
        if kind == "inline":
            out.append(f"\\({escaped}\\)")
        elif kind == "display":
            out.append(f"$${escaped}$$")
        else:
            out.append(escaped.replace("\r\n", "\n").replace("\n", "<br>"))
    return "".join(out)


def to_plain(text: str, one_line: bool = True) -> str:
    """A bank text where only plain text fits (Moodle's matching answers, QTI's text): math
    delimiters converted like :func:`to_html`, nothing escaped; on one line unless
    ``one_line`` is false."""
    out = []
    for kind, piece in _pieces(text):
        out.append({"inline": f"\\({piece}\\)", "display": f"$${piece}$$"}.get(kind, piece))
    joined = "".join(out)
    return " ".join(joined.split()) if one_line else joined


def say(text: Text | None, lang: Lang) -> str:
    """One language of a bilingual text ("" for none)."""
    return getattr(text, lang) if text is not None else ""


def hint_of(item: Item, misconception: str | None, own: Text | None, lang: Lang) -> str:
    """The hint shown for a misconception (a rule's own hint first), or ""."""
    if own is not None:
        return say(own, lang)
    note = item.misconceptions.get(misconception or "")
    return say(note.hint, lang) if note else ""


def feedback_html(*texts: str) -> str:
    """Feedback paragraphs (plain texts) as HTML; empty ones dropped."""
    return "".join(f"<p>{to_html(t)}</p>" for t in texts if t)


def number(x: float, tolerance: float = 0.0) -> str:
    """A number for an LMS: 12 significant digits (``0.0247``, ``-0.27``, ``1e-07``) unless
    that moves it by more than a thousandth of ``tolerance``, then Python's exact repr."""
    text = f"{x:.12g}"
    if abs(float(text) - x) > tolerance * 1e-3:
        text = repr(float(x))
    return "0" if float(text) == 0 else text
