"""A bank for the instructor to review (``autograde quiz preview``): one self-contained HTML
file with every item, its key, the feedback of each choice, the wrong-answer rules with their
misconceptions and hints, the explanation, the tolerance, and each variant's parameters and
key. Math in the texts ($…$, \\(…\\)) is typeset by MathJax, inlined so that the file reads
offline; the template (``templates/preview.html.j2``) escapes every text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from autograde.kit.quiz.grading import DEFAULT_REL
from autograde.kit.quiz.items import LETTERS, Item, MisconceptionNote, Tolerance
from autograde.kit.quiz.keys import key
from autograde.kit.text import Lang, Text
from autograde.quiz.banks import Entry
from autograde.quiz.models import Bank, BankBase, BankNumeric
from autograde.quiz.resolve import shown

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "preview.html.j2"
CLOSING = re.compile(r"<(?=!--|/script)", re.IGNORECASE)
"""What would end or confuse an inline <script> (written ``\\x3C`` instead: the same in JS)."""

LABELS = {
    "title": Text(ja="問題バンクの確認", en="Bank review"),
    "file": Text(ja="ファイル", en="file"), "items": Text(ja="問題数", en="items"),
    "key": Text(ja="正解", en="key"), "answer": Text(ja="答えの式", en="key expression"),
    "prompt": Text(ja="問題文", en="prompt"), "explanation": Text(ja="解説", en="explanation"),
    "feedback": Text(ja="フィードバック", en="feedback"),
    "misconception": Text(ja="よくある誤り", en="misconception"),
    "hint": Text(ja="ヒント", en="hint"), "tolerance": Text(ja="許容誤差", en="tolerance"),
    "wrong": Text(ja="誤答のルール", en="wrong-answer rules"),
    "scoring": Text(ja="部分点", en="scoring"),
    "variants": Text(ja="変種", en="variants"), "variant": Text(ja="変種", en="variant"),
    "parameters": Text(ja="パラメータ", en="parameters"),
    "wrong_values": Text(ja="誤答の値", en="wrong values"),
    "shown_of": Text(ja="{shown} / {count} 個を表示", en="{shown} of {count} shown"),
    "correct": Text(ja="正解", en="correct"),
    "if_true": Text(ja="「正」と答えたとき", en="if answered true"),
    "if_false": Text(ja="「誤」と答えたとき", en="if answered false"),
    "accept": Text(ja="受け付ける答え", en="accepted answers"),
    "regex": Text(ja="正規表現", en="regular expression"),
    "case": Text(ja="大文字と小文字を区別", en="case-sensitive"),
    "order": Text(ja="正しい順（学生に見せる記号）", en="correct order (letters as shown)"),
    "pairs": Text(ja="正しい組（学生に見せる記号）", en="right pairs (letters as shown)"),
    "distractors": Text(ja="どれとも組にならない選択肢", en="options that match nothing"),
    "points": Text(ja="点", en="points"), "default": Text(ja="既定", en="default"),
    "practice": Text(ja="練習", en="practice"), "graded": Text(ja="採点対象", en="graded"),
    "none": Text(ja="なし", en="none"),
}


@dataclass(frozen=True)
class Misconception:
    id: str
    note: MisconceptionNote | None
    """Name and hint (None: the id is not defined for the item — the loader refuses that)."""


@dataclass
class ChoiceView:
    letter: str
    text: Text
    correct: bool
    feedback: Text | None
    misconception: Misconception | None


@dataclass
class WrongView:
    expression: str
    misconception: Misconception | None
    hint: Text | None
    """The rule's own hint (shown instead of the misconception's)."""


@dataclass
class VariantView:
    index: int
    parameters: list[tuple[str, str]]
    key: str
    wrong: list[str]
    """The value of each wrong-answer rule in this variant."""


@dataclass
class ItemView:
    """What the preview shows of one bank item (variant 0's texts)."""

    item: Item
    key: str
    expression: str | None = None
    tolerance: str | None = None
    default_tolerance: bool = False
    choices: list[ChoiceView] = field(default_factory=list)
    wrong: list[WrongView] = field(default_factory=list)
    order: list[tuple[str, Text]] = field(default_factory=list)
    """Ordering: (letter shown, step) in the correct order."""
    pairs: list[tuple[int, Text, str, Text]] = field(default_factory=list)
    """Matching: (left number, left, letter shown, right) per right pair."""
    distractors: list[tuple[str, Text]] = field(default_factory=list)
    variants: list[VariantView] = field(default_factory=list)
    misconception: Misconception | None = None
    """True/false: the mistake a wrong answer shows."""


def tolerance_text(tolerance: Tolerance) -> str:
    """``abs = 0.001, rel = 0.01``, ``sigfigs = 3``; the default ``rel = 0.01`` when none is
    given."""
    if tolerance.sigfigs is not None:
        return f"sigfigs = {tolerance.sigfigs}"
    parts = [f"{name} = {value:g}" for name, value in
             (("abs", tolerance.abs), ("rel", tolerance.rel)) if value is not None]
    return ", ".join(parts) or f"rel = {DEFAULT_REL:g}"


def _misconception(item: Item, misconception: str | None) -> Misconception | None:
    if not misconception:
        return None
    return Misconception(misconception, item.misconceptions.get(misconception))


def _variant(entry: Entry, index: int) -> VariantView:
    item = entry.resolved(index)
    wrong = [shown(rule.answer) for rule in getattr(item, "wrong", [])]
    return VariantView(index, [(name, shown(value)) for name, value in
                               entry.pool[index].items()], key(item), wrong)


def item_view(entry: Entry, variants: int | None = None) -> ItemView:
    """The preview of ``entry``: variant 0 in full, then the first ``variants`` variants
    (all K when None) with their parameters, key and wrong values."""
    bank_item: BankBase = entry.item
    item = entry.resolved(0)
    count = bank_item.variants if variants is None else min(variants, bank_item.variants)
    view = ItemView(item, key(item), variants=[_variant(entry, k) for k in range(count)])
    if item.type in ("single", "multiple"):
        view.choices = [ChoiceView(LETTERS[i], c.text, c.correct, c.feedback,
                                   _misconception(item, c.misconception))
                        for i, c in enumerate(item.choices)]
    if item.type == "true-false":
        view.misconception = _misconception(item, item.misconception)
    if isinstance(bank_item, BankNumeric):
        view.expression = bank_item.answer
        view.tolerance = tolerance_text(bank_item.tolerance)
        view.default_tolerance = bank_item.tolerance == Tolerance()
        view.wrong = [WrongView(rule.answer, _misconception(item, rule.misconception),
                                rule.hint) for rule in bank_item.wrong]
    if item.type == "ordering":
        view.order = [(LETTERS[item.shown.index(step)], item.steps[step])
                      for step in range(len(item.steps))]
    if item.type == "matching":
        view.pairs = [(i + 1, pair.left, LETTERS[item.shown.index(i)], pair.right)
                      for i, pair in enumerate(item.pairs)]
        n = len(item.pairs)
        view.distractors = [(LETTERS[item.shown.index(n + j)], text)
                            for j, text in enumerate(item.distractors)]
    return view


def inline_script(source: str) -> Markup:
    """JavaScript safe to put between <script> tags."""
    return Markup(CLOSING.sub(r"\\x3C", source))


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True)


def preview(bank: Bank, file: Path, langs: tuple[Lang, ...] = ("ja", "en"),
            variants: int | None = None, mathjax_script: str | None = None,
            mathjax_url: str | None = None) -> str:
    """The review page of ``bank`` (read from ``file``) in ``langs`` (each text in each
    language, in this order), with the first ``variants`` variants of each item (all when
    None). MathJax: ``mathjax_script`` inlined, else loaded from ``mathjax_url``."""
    entries = [Entry(bank, item, file) for item in bank.items]
    views = [item_view(entry, variants) for entry in entries]
    types = Counter(entry.item.type for entry in entries)
    kinds = Counter(entry.item.kind for entry in entries)

    def label(name: str, **fields: object) -> str:
        return " / ".join(LABELS[name](lang, **fields) for lang in langs)

    return _environment().get_template(TEMPLATE).render(
        bank=bank, file=str(file), views=views, langs=langs, label=label, types=types,
        kinds=kinds,
        mathjax_script=inline_script(mathjax_script) if mathjax_script is not None else None,
        mathjax_url=mathjax_url)
