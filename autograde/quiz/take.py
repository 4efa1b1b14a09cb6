"""Self-study in a terminal (``autograde quiz take``): a bank's items one by one, as a student
sees them (their variant), graded at once — practice and graded items alike — with the
feedback and the misconception's hint, then a summary.

The session reads answers through a function it is given (``input`` in the CLI, a list in
tests) and prints to a rich console, so it runs the same on a terminal and with stdin piped.
Answers go through the one answer parser (:meth:`~autograde.quiz.banks.Entry.check`).
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as Rich

from autograde.kit.quiz.forms import form_of
from autograde.kit.quiz.items import LETTERS, Item
from autograde.kit.quiz.messages import HOW
from autograde.kit.quiz.results import QuizResult
from autograde.kit.text import Lang, Text
from autograde.quiz.banks import Entry
from autograde.quiz.models import Bank

QUIT = frozenset({"q", "quit", "exit"})
HELP = frozenset({"?", "help"})
"""Commands at the answer prompt (read through NFKC: ``ｑ`` and ``？`` work too)."""

WORDS = {
    "title": Text(ja="問題 {number} / {total}: {id}", en="Question {number} of {total}: {id}"),
    "about": Text(ja="{type}・{kind}・{points} 点・変種 {variant} / {variants}",
                  en="{type}, {kind}, {points} {unit}, variant {variant} of {variants}"),
    "practice": Text(ja="練習", en="practice"), "graded": Text(ja="採点対象", en="graded"),
    "prompt": Text(ja="答え（? で答え方、q で終了）> ", en="Answer (? for help, q to stop)> "),
    "help": Text(ja="全角の数字や記号（０．５、ｂ、−）もそのまま読み取ります。"
                    "q で終わり、それまでの結果を表示します。",
                 en="Full-width digits and signs (０．５, ｂ, −) are read as well. "
                    "q stops and shows the results so far."),
    "read_as": Text(ja="読み取った答え: {answer}", en="Your answer as read: {answer}"),
    "score": Text(ja="得点 {score} / {max_score}", en="Score {score} / {max_score}"),
    "again": Text(ja="もう一度どうぞ。", en="Try again."),
    "other": Text(ja="この答えは変種 {other} の正解です（あなたの変種は {variant}）。数値を"
                     "問題文から読み直しましょう。",
                  en="This answer is right for variant {other} (yours is {variant}): read the "
                     "numbers of your prompt again."),
    "summary": Text(ja="結果", en="Results"),
    "item": Text(ja="問題", en="item"), "points": Text(ja="得点", en="score"),
    "max": Text(ja="満点", en="max"), "mistakes": Text(ja="よくある誤り", en="common mistakes"),
    "skipped": Text(ja="未回答", en="not answered"),
    "total": Text(ja="合計", en="total"),
    "answered": Text(ja="{answered} / {count} 問に回答しました。",
                     en="{answered} of {count} questions answered."),
    "shown": Text(ja="見直すとよい誤り: {names}", en="Mistakes to review: {names}"),
    "left": Text(ja="左", en="left"), "right": Text(ja="右", en="right"),
}


class UnknownItems(ValueError):
    """``--items`` names items the bank does not have."""

    def __init__(self, unknown: list[str], bank: Bank) -> None:
        super().__init__(f"{', '.join(unknown)}: not in bank {bank.lesson} (its items: "
                         f"{', '.join(item.id for item in bank.items)})")
        self.unknown = unknown


@dataclass
class Question:
    """One item of the session: its bank entry and the variant the student answers."""

    entry: Entry
    variant: int
    item: Item
    """``entry.resolved(variant)``."""


@dataclass
class Answer:
    question: Question
    result: QuizResult | None = None
    """None: the session stopped before this question was answered."""


@dataclass
class Totals:
    score: float = 0.0
    max_score: float = 0.0
    """The points of the questions answered."""
    answered: int = 0
    count: int = 0
    misconceptions: list[str] = field(default_factory=list)
    """Short names of the mistakes shown, in order, each once."""


def questions(bank: Bank, file: Path, *, student: str | None = None, course: str = "",
              only: Sequence[str] | None = None, shuffle: bool = False,
              rng: random.Random | None = None) -> list[Question]:
    """The bank's items (``only``: these ids, in this order) in the student's variants;
    shuffled when asked. :class:`UnknownItems` when ``only`` names an id the bank lacks."""
    entries = {item.id: Entry(bank, item, file) for item in bank.items}
    ids = list(dict.fromkeys(only)) if only else list(entries)
    unknown = [i for i in ids if i not in entries]
    if unknown:
        raise UnknownItems(unknown, bank)
    if shuffle:
        (rng or random.Random()).shuffle(ids)
    chosen = []
    for item_id in ids:
        entry = entries[item_id]
        variant = entry.variant_of(student, course)
        chosen.append(Question(entry, variant, entry.resolved(variant)))
    return chosen


def say(text: Text, lang: Lang) -> str:
    """A bank text as written (not ``text(lang)``, which would format LaTeX's braces)."""
    return getattr(text, lang)


def _points(x: float) -> str:
    return f"{round(x, 2):g}"


def _options(marks: list[str], texts: list[Text], lang: Lang) -> Table:
    """Options under their letters (a long text wraps under itself, not under the letter)."""
    grid = Table.grid(padding=(0, 1), pad_edge=True)
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column()
    for mark, text in zip(marks, texts, strict=True):
        grid.add_row(Rich(mark), Rich(say(text, lang)))
    return grid


def question_panel(question: Question, number: int, total: int, lang: Lang) -> Panel:
    """The prompt and the options as the student sees them, in a panel."""
    item = question.item
    form = form_of(item)
    lines: list[RenderableType] = [Rich(say(form.prompt, lang))]
    if form.lefts:
        lines += [Rich(""), _options(
            [f"{WORDS['left'](lang)} {i + 1}." for i in range(len(form.lefts))],
            form.lefts, lang)]
    if form.options:
        side = f"{WORDS['right'](lang)} " if form.lefts else ""
        lines += [Rich(""), _options([f"{side}{LETTERS[i]})" for i in range(len(form.options))],
                                     form.options, lang)]
    about = WORDS["about"](lang, type=item.type, kind=WORDS[item.kind](lang),
                           points=_points(item.points),
                           unit="point" if item.points == 1 else "points",
                           variant=item.variant, variants=item.variants)
    return Panel(Group(*lines), expand=False, title_align="left", subtitle_align="right",
                 title=Rich(WORDS["title"](lang, number=number, total=total, id=item.id),
                            style="bold"),
                 subtitle=Rich(about, style="dim"))


def help_text(item: Item, lang: Lang) -> Rich:
    """How to write an answer to ``item``, and what the prompt's commands do."""
    return Rich(HOW[item.type](lang) + ("" if lang == "ja" else " ") + WORDS["help"](lang),
                style="cyan")


def verdict_panel(question: Question, result: QuizResult, lang: Lang,
                  student: bool = False) -> Panel:
    """The verdict, the feedback and the misconception's hint (``result.feedback``)."""
    lines = []
    if result.read_as is not None:
        lines.append(Rich(WORDS["read_as"](lang, answer=result.read_as)))
    lines.append(Rich(WORDS["score"](lang, score=_points(result.score),
                                     max_score=_points(result.max_score)), style="bold"))
    lines += [Rich(line) for line in result.feedback.splitlines()]
    if student and result.other_variant is not None:
        lines.append(Rich(WORDS["other"](lang, other=result.other_variant,
                                         variant=question.variant), style="yellow"))
    full = result.max_score == 0 or result.score >= result.max_score
    colour = "green" if full else "yellow" if result.score > 0 else "red"
    return Panel(Group(*lines), expand=False, border_style=colour)


def command(raw: str) -> str | None:
    """``quit``, ``help`` or None (an answer), for what was typed at the prompt."""
    word = unicodedata.normalize("NFKC", raw).strip().casefold()
    return "quit" if word in QUIT else "help" if word in HELP else None


def misconception_names(question: Question, result: QuizResult, lang: Lang) -> list[str]:
    """The short names of the mistakes ``result`` shows (the id when a name is missing)."""
    notes = question.item.misconceptions
    return [say(notes[m].name, lang) if m in notes else m for m in result.misconceptions]


def totals(answers: Sequence[Answer], lang: Lang) -> Totals:
    """Points of the answered questions, how many were answered, the mistakes shown."""
    found = Totals(count=len(answers))
    names: list[str] = []
    for answer in answers:
        if answer.result is None:
            continue
        found.answered += 1
        found.score += answer.result.score
        found.max_score += answer.result.max_score
        names += misconception_names(answer.question, answer.result, lang)
    found.misconceptions = list(dict.fromkeys(names))
    return found


def summary_table(answers: Sequence[Answer], lang: Lang) -> Table:
    """Score per question, the total, and the mistakes each answer showed."""
    grid = Table(title=Rich(WORDS["summary"](lang), style="bold"), title_justify="left",
                 show_footer=True)
    done = totals(answers, lang)
    grid.add_column(Rich("#"), justify="right")
    grid.add_column(Rich(WORDS["item"](lang)), footer=Rich(WORDS["total"](lang)))
    grid.add_column(Rich(WORDS["points"](lang)), justify="right",
                    footer=Rich(_points(done.score)))
    grid.add_column(Rich(WORDS["max"](lang)), justify="right",
                    footer=Rich(_points(done.max_score)))
    grid.add_column(Rich(WORDS["mistakes"](lang)))
    for number, answer in enumerate(answers, 1):
        result = answer.result
        if result is None:
            row = ["—", "—", WORDS["skipped"](lang)]
        else:
            row = [_points(result.score), _points(result.max_score),
                   ", ".join(misconception_names(answer.question, result, lang))]
        grid.add_row(*(Rich(cell) for cell in [str(number), answer.question.item.id, *row]))
    return grid


class Session:
    """Ask every question, grade each answer at once, then show the summary.

    ``ask(prompt)`` returns the line typed and raises EOFError at the end of input.
    """

    def __init__(self, chosen: Sequence[Question], lang: Lang, console: Console,
                 ask: Callable[[str], str], student: bool = False) -> None:
        self.questions = list(chosen)
        self.lang = lang
        self.console = console
        self.ask = ask
        self.student = student

    def _answer(self, question: Question) -> QuizResult | None:
        """Ask until an answer can be read; None when the student stops."""
        while True:
            try:
                raw = self.ask(WORDS["prompt"](self.lang))
            except (EOFError, KeyboardInterrupt):
                self.console.print()
                return None
            typed = command(raw)
            if typed == "quit":
                return None
            if typed == "help":
                self.console.print(help_text(question.item, self.lang))
                continue
            result = question.entry.check(raw, question.variant, self.lang)
            if result.error is None:
                return result
            self.console.print(Rich(result.error, style="red"))
            self.console.print(Rich(WORDS["again"](self.lang), style="red"))

    def run(self) -> list[Answer]:
        answers = [Answer(question) for question in self.questions]
        total = len(answers)
        for number, answer in enumerate(answers, 1):
            question = answer.question
            self.console.print(question_panel(question, number, total, self.lang))
            answer.result = self._answer(question)
            if answer.result is None:
                break
            self.console.print(verdict_panel(question, answer.result, self.lang,
                                             self.student))
        self.console.print(summary_table(answers, self.lang))
        done = totals(answers, self.lang)
        self.console.print(Rich(WORDS["answered"](self.lang, answered=done.answered,
                                                  count=done.count)))
        if done.misconceptions:
            self.console.print(Rich(WORDS["shown"](self.lang,
                                                   names="、".join(done.misconceptions)
                                                   if self.lang == "ja" else
                                                   "; ".join(done.misconceptions))))
        return answers
