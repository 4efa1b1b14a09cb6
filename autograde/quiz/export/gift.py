"""GIFT (Moodle's text format, as ``question/format/gift/format.php`` reads it): categories,
``::name::``, ``[html]`` texts with ``~ = # { } :`` and the backslash escaped, multiple
choice with ``%fraction%`` weights and ``#feedback``, ``{TRUE#wrong#right}``, numerical
``{#key:tolerance}``, short answers, matching ``{=a -> b}`` and general feedback ``####``.
Orderings and arrays have no GIFT form: they are left out, each with a note."""

from __future__ import annotations

import math

import numpy as np

from autograde.kit.quiz.items import (
    Item,
    Matching,
    Multiple,
    Numeric,
    Single,
    TextItem,
    TrueFalse,
)
from autograde.kit.text import Lang
from autograde.quiz.export.common import (
    ItemSet,
    Notes,
    feedback_html,
    hint_of,
    number,
    question_name,
    say,
    to_html,
    to_plain,
)
from autograde.quiz.export.moodle_xml import REGEX_GAP, shortanswer_pattern
from autograde.quiz.export.scoring import (
    absolute_tolerance,
    choice_fractions,
    moodle_grade,
    percent,
)

RESERVED = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}",
            ":": "\\:", "\n": "\\n", "\r": ""}
"""What Moodle's GIFT writer escapes (``repchar``) and its reader restores."""

NOT_IN_GIFT = {
    "ordering": "GIFT has no ordering question (Moodle reads orderings from its XML format)",
    "numeric-array": "GIFT has no array or cloze question (the Moodle XML export writes a "
                     "cloze question with one numerical blank per element)",
}


def escape(text: str) -> str:
    """``text`` with GIFT's reserved characters escaped."""
    return "".join(RESERVED.get(c, c) for c in text)


class Writer:
    def __init__(self, lang: Lang, notes: Notes) -> None:
        self.lang, self.notes = lang, notes
        self.blocks: list[str] = []
        self.category: str | None = None

    def add(self, items: ItemSet) -> None:
        questions = [self.question(item) for item in items.variants]
        if self.notes.is_left_out(items.id):
            return
        if items.category != self.category:
            self.blocks.append(f"$CATEGORY: {items.category}")
            self.category = items.category
        comments = [f"// {items.id}: degraded: {note.reason}" for note in self.notes.of(items.id)]
        self.blocks += ["\n".join([*comments, q]) for q in questions if q is not None]

    def question(self, item: Item) -> str | None:
        if item.type in NOT_IN_GIFT:
            self.notes.left_out(item.id, NOT_IN_GIFT[item.type])
            return None
        answers = getattr(self, item.type.replace("-", "_"))
        body = answers(item)
        if body is None:
            return None
        general = feedback_html(say(item.explanation, self.lang))
        closing = f"\t####{escape(general)}\n}}" if general else "}"
        return (f"::{escape(question_name(item))}::"
                f"[html]{escape(to_html(say(item.prompt, self.lang)))}{{\n{body}\n{closing}")

    def _choices(self, item: Single | Multiple, marks: list[str]) -> str:
        lines = []
        for choice, mark in zip(item.choices, marks, strict=True):
            feedback = feedback_html(say(choice.feedback, self.lang), "" if choice.correct else
                                     hint_of(item, choice.misconception, None, self.lang))
            line = f"\t{mark}{escape(to_html(say(choice.text, self.lang)))}"
            lines.append(line + (f"#{escape(feedback)}" if feedback else ""))
        return "\n".join(lines)

    def single(self, item: Single) -> str:
        return self._choices(item, ["=" if c.correct else "~" for c in item.choices])

    def multiple(self, item: Multiple) -> str | None:
        fractions, gap = choice_fractions(item)
        grades = [moodle_grade(float(f)) for f in fractions]
        if any(g is None for g in grades):
            self.notes.left_out(item.id, "the fractions are not among Moodle's allowed grades")
            return None
        if gap:
            self.notes.degraded(item.id, gap)
        return self._choices(item, [f"~%{percent(g)}%" for g in grades if g is not None])

    def true_false(self, item: TrueFalse) -> str:
        right = item.feedback_true if item.answer else item.feedback_false
        wrong = item.feedback_false if item.answer else item.feedback_true
        wrong_html = feedback_html(say(wrong, self.lang),
                                   hint_of(item, item.misconception, None, self.lang))
        right_html = feedback_html(say(right, self.lang))
        return (f"\t{'TRUE' if item.answer else 'FALSE'}"
                f"#{escape(wrong_html)}#{escape(right_html)}")

    def numeric(self, item: Numeric) -> str | None:
        if not math.isfinite(item.answer):
            self.notes.left_out(item.id, f"the key {item.answer} is not a finite number")
            return None
        tolerance = absolute_tolerance(item.answer, item.tolerance)
        key = f"{number(item.answer, tolerance)}:{number(tolerance, tolerance)}"
        if not item.wrong:
            return f"\t#{key}"
        lines = [f"\t#={key}"]
        for rule in item.wrong:
            wrong = float(np.asarray(rule.answer, dtype=np.float64))
            within = absolute_tolerance(wrong, item.tolerance)
            hint = feedback_html(hint_of(item, rule.misconception, rule.hint, self.lang))
            lines.append(f"\t=%0%{number(wrong, within)}:{number(within, within)}"
                         + (f"#{escape(hint)}" if hint else ""))
        return "\n".join(lines)

    def text(self, item: TextItem) -> str | None:
        if any("->" in a for a in item.accept):
            self.notes.left_out(item.id, "an accepted answer contains '->', which GIFT reads "
                                "as a matching question")
            return None
        if item.regex:
            self.notes.degraded(item.id, REGEX_GAP.format(regex=item.regex))
        if item.case_sensitive:
            self.notes.degraded(item.id, "GIFT short answers ignore case (the bank's item is "
                                "case-sensitive)")
        return "\n".join(f"\t={escape(shortanswer_pattern(a))}" for a in dict.fromkeys(item.accept))

    def matching(self, item: Matching) -> str:
        rows = [(to_html(say(p.left, self.lang)), p.right) for p in item.pairs]
        rows += [("", d) for d in item.distractors]
        return "\n".join(f"\t={escape(left)} -> {escape(to_plain(say(right, self.lang)))}"
                         for left, right in rows)


def export(sets: list[ItemSet], lang: Lang, notes: Notes) -> bytes:
    writer = Writer(lang, notes)
    for items in sets:
        writer.add(items)
    header = "// nn-dojo quiz bank (GIFT, Moodle's text format)"
    return ("\n\n".join([header, *writer.blocks]) + "\n").encode("utf-8")
