"""A quiz item as a student answers it, without its key: what the kit ships for graded items.

A :class:`Form` holds the prompt and the options in the order shown, and only what reading an
answer needs (how many options, an array's shape) — no correct flags, numbers, orderings,
pairs or feedback. :func:`stand_in` makes an item of the same shape with a placeholder key, so
that the one answer parser reads a graded answer in the student's kernel exactly as the
instructor's side will (the echo "読み取った答え: …"); it is never used to grade.
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from autograde.kit.quiz.items import (
    ITEM,
    LETTERS,
    Choice,
    Item,
    ItemType,
    Kind,
    Pair,
    Strict,
)
from autograde.kit.quiz.messages import HOW
from autograde.kit.text import Lang, Text

HEADING = {
    "practice": Text(ja="**クイズ**（練習・採点なし）", en="**Quiz** (practice, not graded)"),
    "graded": Text(ja="**クイズ**（{points} 点）", en="**Quiz** ({points} {unit})"),
}
ANSWER_LINE = Text(
    ja="答え方: {how}下のセルの `answer(...)` の 2 つ目の引数に答えを書いて実行してください。",
    en="Answer: {how} Put it as the second argument of `answer(...)` in the cell below and run "
       "it.")
GRADED_NOTE = Text(ja="実行すると、答えをどう読み取ったかが表示されます。"
                      "正誤は提出後の採点でわかります。",
                   en="Running it shows how your answer was read; whether it is right, you "
                      "learn after grading.")


class Form(Strict):
    id: str
    lesson: str = ""
    type: ItemType
    kind: Kind
    points: float
    prompt: Text
    variant: int = 0
    variants: int = 1
    options: list[Text] = Field(default_factory=list)
    """Choices, ordering steps or matching's right-hand options, in the order shown."""
    lefts: list[Text] = Field(default_factory=list)
    """Matching: the left-hand side, numbered from 1."""
    shape: list[int] | None = None
    """Numeric arrays: the shape the answer must have."""


def form_of(item: Item) -> Form:
    """What the student sees of ``item``."""
    options: list[Text] = []
    lefts: list[Text] = []
    if item.type in ("single", "multiple"):
        options = [choice.text for choice in item.choices]
    elif item.type == "ordering":
        options = [item.steps[i] for i in item.shown]
    elif item.type == "matching":
        lefts = [pair.left for pair in item.pairs]
        options = [item.option(j) for j in item.shown]
    return Form(id=item.id, lesson=item.lesson, type=item.type, kind=item.kind,
                points=item.points, prompt=item.prompt, variant=item.variant,
                variants=item.variants, options=options, lefts=lefts,
                shape=list(item.shape) if item.type == "numeric-array" else None)


def stand_in(form: Form) -> Item:
    """An item shaped like ``form`` with a placeholder key: it reads answers, never grades."""
    data: dict = {"id": form.id, "lesson": form.lesson, "type": form.type, "kind": form.kind,
                  "points": form.points, "prompt": form.prompt, "variant": form.variant,
                  "variants": form.variants}
    identity = list(range(len(form.options)))
    if form.type in ("single", "multiple"):
        data["choices"] = [Choice(text=text, correct=i == 0) for i, text in
                           enumerate(form.options)]
    elif form.type == "true-false":
        data["answer"] = True
    elif form.type == "numeric":
        data["answer"] = 0.0
    elif form.type == "numeric-array":
        data["answer"] = np.zeros(form.shape or [1]).tolist()
    elif form.type == "text":
        data["accept"] = ["-"]
    elif form.type == "ordering":
        data.update(steps=form.options, shown=identity)
    elif form.type == "matching":
        n = len(form.lefts)
        data.update(pairs=[Pair(left=left, right=form.options[i])
                           for i, left in enumerate(form.lefts)],
                    distractors=form.options[n:], shown=identity)
    return ITEM.validate_python(data)


def markdown(form: Form, lang: Lang) -> str:
    """The quiz place's question in ``lang``: heading, prompt, options, how to answer."""
    heading = HEADING[form.kind](lang, points=f"{form.points:g}",
                                 unit="point" if form.points == 1 else "points")
    parts = [f"{heading}: {form.prompt(lang)}"]
    if form.type == "matching":
        parts.append("\n".join(f"{i + 1}. {left(lang)}" for i, left in enumerate(form.lefts)))
    if form.options:
        parts.append("\n".join(f"- **{LETTERS[i]}**: {text(lang)}"
                               for i, text in enumerate(form.options)))
    answer = ANSWER_LINE(lang, how=HOW[form.type](lang))
    if form.kind == "graded":
        answer += ("" if lang == "ja" else " ") + GRADED_NOTE(lang)
    parts.append(answer)
    return "\n\n".join(parts)
