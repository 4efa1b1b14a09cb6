"""Moodle XML (what ``question/format/xml/format.php`` imports): a category per lesson (and
one per item with several variants, for Moodle's random question), multichoice with
fractions from Moodle's allowed grades and per-answer feedback, truefalse, numerical with an
absolute tolerance, shortanswer, matching, ordering (core since Moodle 4.4) and arrays as
cloze (multianswer) with one NUMERICAL blank per element."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from lxml import etree

from autograde.kit.quiz.items import (
    Item,
    Matching,
    Multiple,
    Numeric,
    NumericArray,
    Ordering,
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
    question_id,
    question_name,
    say,
    to_html,
    to_plain,
)
from autograde.quiz.export.scoring import (
    absolute_tolerance,
    choice_fractions,
    describe,
    is_absolute,
    moodle_grade,
    percent,
)

DEGRADED_TAG = "nn-dojo-degraded"
"""Tag on every question exported with a difference (find them in Moodle's question bank)."""
REGEX_GAP = ("the regular expression {regex!r} is not expressible (Moodle short answers "
             "take a list of answers with * wildcards): only the listed answers are accepted")
ORDERING_GAP = ("Moodle's longest-ordered-subset grading ignores subsets of one step: an "
                "order with no two steps in the right order gets 0 instead of 1/{n}")
ARRAY_WRONG_GAP = ("the hints of the wrong-answer rules are not shown: a cloze question cannot "
                   "recognise a whole wrong array (the grading per element is exact)")


class Writer:
    """Builds the ``<quiz>`` document; one method per item type returns the question
    element, or None when the type cannot be expressed (the reason goes to ``notes``)."""

    def __init__(self, lang: Lang, notes: Notes) -> None:
        self.lang, self.notes = lang, notes
        self.quiz = etree.Element("quiz")
        self.category: str | None = None

    # --- structure ------------------------------------------------------------------------

    def add(self, items: ItemSet) -> None:
        questions = [self.question(item) for item in items.variants]
        if self.notes.is_left_out(items.id):
            return
        if items.category != self.category:
            self.quiz.append(etree.Comment(f" category: {items.category} "))
            category = etree.SubElement(self.quiz, "question", type="category")
            put_text(category, "category", items.category, fmt=None)
            put_text(category, "info", f"nn-dojo {items.lesson}", fmt="html")
            self.category = items.category
        for item, question in zip(items.variants, questions, strict=True):
            for note in self.notes.of(items.id):
                self.quiz.append(etree.Comment(f" {item.id}: degraded: "
                                               f"{note.reason.replace('--', '—')} "))
            if self.notes.of(items.id):
                tags = etree.SubElement(question, "tags")
                put_text(etree.SubElement(tags, "tag"), None, DEGRADED_TAG, fmt=None)
            self.quiz.append(question)

    def question(self, item: Item) -> etree._Element:
        build: Callable[[Item], etree._Element | None] = getattr(
            self, item.type.replace("-", "_"))
        return build(item)

    def header(self, qtype: str, item: Item, *, prompt: str | None = None) -> etree._Element:
        """The fields ``import_headers`` reads: name, question text, general feedback,
        default grade, id number."""
        question = etree.Element("question", type=qtype)
        put_text(question, "name", question_name(item), fmt=None)
        put_text(question, "questiontext",
             prompt if prompt is not None else to_html(say(item.prompt, self.lang)))
        put_text(question, "generalfeedback", feedback_html(say(item.explanation, self.lang)))
        etree.SubElement(question, "defaultgrade").text = f"{item.points:g}"
        etree.SubElement(question, "hidden").text = "0"
        etree.SubElement(question, "idnumber").text = question_id(item)
        return question

    def answer(self, parent: etree._Element, fraction: str, answer: str, feedback: str = "",
               fmt: str | None = "html") -> etree._Element:
        """``<answer fraction=…>`` with its text and feedback (``import_answer``)."""
        element = etree.SubElement(parent, "answer", fraction=fraction)
        if fmt is not None:
            element.set("format", fmt)
        put_text(element, None, answer, fmt=None)
        put_text(element, "feedback", feedback)
        return element

    # --- item types -----------------------------------------------------------------------

    def _choice_feedback(self, item: Single | Multiple, index: int) -> str:
        choice = item.choices[index]
        return feedback_html(say(choice.feedback, self.lang),
                             "" if choice.correct else
                             hint_of(item, choice.misconception, None, self.lang))

    def _multichoice(self, item: Single | Multiple, grades: list[float]) -> etree._Element:
        question = self.header("multichoice", item)
        etree.SubElement(question, "single").text = "true" if item.type == "single" else "false"
        etree.SubElement(question, "shuffleanswers").text = "false"
        etree.SubElement(question, "answernumbering").text = "abc"
        etree.SubElement(question, "showstandardinstruction").text = "0"
        for index, (choice, grade) in enumerate(zip(item.choices, grades, strict=True)):
            self.answer(question, percent(grade), to_html(say(choice.text, self.lang)),
                        self._choice_feedback(item, index))
        return question

    def single(self, item: Single) -> etree._Element:
        return self._multichoice(item, [1.0 if c.correct else 0.0 for c in item.choices])

    def multiple(self, item: Multiple) -> etree._Element | None:
        fractions, gap = choice_fractions(item)
        grades = [moodle_grade(float(f)) for f in fractions]
        if any(g is None for g in grades):
            self.notes.left_out(item.id, f"the fractions {[str(f) for f in fractions]} are not "
                                "all among Moodle's allowed grades")
            return None
        if gap:
            self.notes.degraded(item.id, gap)
        return self._multichoice(item, [g for g in grades if g is not None])

    def true_false(self, item: TrueFalse) -> etree._Element:
        question = self.header("truefalse", item)
        for value, feedback in ((True, item.feedback_true), (False, item.feedback_false)):
            hint = "" if value == item.answer else hint_of(item, item.misconception, None,
                                                            self.lang)
            self.answer(question, "100" if value == item.answer else "0",
                        "true" if value else "false",
                        feedback_html(say(feedback, self.lang), hint), fmt="moodle_auto_format")
        return question

    def numeric(self, item: Numeric) -> etree._Element | None:
        if not math.isfinite(item.answer):
            self.notes.left_out(item.id, f"the key {item.answer} is not a finite number")
            return None
        question = self.header("numerical", item)
        tolerance = absolute_tolerance(item.answer, item.tolerance)
        if not is_absolute(item.tolerance):
            question.append(etree.Comment(
                f" tolerance: {describe(item.tolerance)} (bank) = "
                f"±{number(tolerance, tolerance)} around the key "
                f"{number(item.answer, tolerance)} (Moodle's tolerance is absolute) "))
        self._numerical_answer(question, "100", item.answer, tolerance, "")
        for rule in item.wrong:
            wrong = float(np.asarray(rule.answer, dtype=np.float64))
            self._numerical_answer(question, "0", wrong,
                                   absolute_tolerance(wrong, item.tolerance),
                                   feedback_html(hint_of(item, rule.misconception, rule.hint,
                                                         self.lang)))
        return question

    def _numerical_answer(self, question: etree._Element, fraction: str, value: float,
                          tolerance: float, feedback: str) -> None:
        answer = self.answer(question, fraction, number(value, tolerance), feedback,
                             fmt="moodle_auto_format")
        tol = etree.Element("tolerance")
        tol.text = number(tolerance, tolerance)
        answer.insert(1, tol)

    def numeric_array(self, item: NumericArray) -> etree._Element | None:
        key = np.asarray(item.answer, dtype=np.float64)
        if key.ndim > 2 or not np.all(np.isfinite(key)):
            self.notes.left_out(item.id, "only finite vectors and matrices become cloze "
                                f"questions (shape {key.shape})")
            return None
        if item.wrong:
            self.notes.degraded(item.id, ARRAY_WRONG_GAP)
        prompt = cloze_safe(to_html(say(item.prompt, self.lang)))
        return self.header("cloze", item, prompt=f"<p>{prompt}</p><p>{cloze_grid(item)}</p>")

    def text(self, item: TextItem) -> etree._Element:
        if item.regex:
            self.notes.degraded(item.id, REGEX_GAP.format(regex=item.regex))
        question = self.header("shortanswer", item)
        etree.SubElement(question, "usecase").text = "1" if item.case_sensitive else "0"
        for accepted in dict.fromkeys(item.accept):
            self.answer(question, "100", shortanswer_pattern(accepted),
                        fmt="moodle_auto_format")
        return question

    def ordering(self, item: Ordering) -> etree._Element:
        self.notes.degraded(item.id, ORDERING_GAP.format(n=len(item.steps)))
        question = self.header("ordering", item)
        for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"),
                           ("selectcount", str(len(item.steps))),
                           ("gradingtype", "LONGEST_ORDERED_SUBSET"), ("showgrading", "SHOW")):
            etree.SubElement(question, tag).text = value
        for position, step in enumerate(item.steps, start=1):
            self.answer(question, str(position), to_html(say(step, self.lang)))
        return question

    def matching(self, item: Matching) -> etree._Element:
        question = self.header("matching", item)
        etree.SubElement(question, "shuffleanswers").text = "true"
        rows = [(to_html(say(p.left, self.lang)), p.right) for p in item.pairs]
        rows += [("", d) for d in item.distractors]
        for left, right in rows:
            sub = etree.SubElement(question, "subquestion", format="html")
            put_text(sub, None, left, fmt=None)
            put_text(etree.SubElement(sub, "answer"), None, to_plain(say(right, self.lang)),
                 fmt=None)
        return question


def put_text(parent: etree._Element, tag: str | None, value: str,
         fmt: str | None = "html") -> etree._Element:
    """``<tag format=…><text>value</text></tag>`` (just ``<text>`` when ``tag`` is None);
    HTML goes in CDATA as Moodle writes it."""
    holder = parent if tag is None else etree.SubElement(parent, tag)
    if tag is not None and fmt is not None:
        holder.set("format", fmt)
    element = etree.SubElement(holder, "text")
    element.text = etree.CDATA(value) if fmt == "html" and value and "]]>" not in value \
        else value
    return holder


def shortanswer_pattern(answer: str) -> str:
    """A short answer as Moodle's pattern: ``*`` is its wildcard, so a literal one is
    ``\\*``."""
    return answer.replace("*", "\\*")


CLOZE_ESCAPES = {"{": "&#123;", "}": "&#125;", "~": "&#126;", "#": "&#35;"}


def cloze_safe(html_text: str) -> str:
    """HTML that the cloze parser cannot mistake for a blank (its braces as entities)."""
    return "".join(CLOZE_ESCAPES.get(c, c) for c in html_text)


def cloze_grid(item: NumericArray) -> str:
    """The key as a grid of NUMERICAL blanks: ``[{1:NUMERICAL:=0.5:0.0005}, …]``, rows of a
    matrix on lines of their own; each element's absolute tolerance computed from the bank's
    rule for that element (so the per-element grading is the bank's)."""

    def blank(x: float) -> str:
        tolerance = absolute_tolerance(x, item.tolerance)
        return f"{{1:NUMERICAL:={number(x, tolerance)}:{number(tolerance, tolerance)}}}"

    key = np.asarray(item.answer, dtype=np.float64)
    rows = [key] if key.ndim == 1 else list(key)
    lines = ["[" + ", ".join(blank(float(x)) for x in row) + "]" for row in rows]
    return lines[0] if key.ndim == 1 else "[" + ",<br>".join(lines) + "]"


def export(sets: list[ItemSet], lang: Lang, notes: Notes) -> bytes:
    writer = Writer(lang, notes)
    for items in sets:
        writer.add(items)
    return etree.tostring(writer.quiz, xml_declaration=True, encoding="UTF-8",
                          pretty_print=True)
