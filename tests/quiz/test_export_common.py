"""The quiz exports' shared parts, the CLI, and what the format tests share: every item of
the shipped banks plus hand-made edge cases, sample answers per item, the bank's own grade
of each, and Moodle's grading of a question as its importer stores it (the Moodle XML and
GIFT tests read their exports into :class:`MQuestion` and grade the same samples)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pytest

from autograde.cli import main
from autograde.kit.quiz.grading import grade, lcs_length, multiple_fraction
from autograde.kit.quiz.items import LETTERS, Item, Tolerance
from autograde.quiz import library
from autograde.quiz.export import FORMATS, export
from autograde.quiz.export.common import ItemSet, item_sets, say, to_html, to_plain
from autograde.quiz.export.scoring import (
    absolute_tolerance,
    choice_fractions,
    moodle_grade,
    percent,
)
from autograde.quiz.models import BANK, Bank

RESERVED = "a ~ b = {c} #1: \\ d -> e * f $"
"""Every character GIFT escapes, and more that formats treat specially."""
SAID = RESERVED.replace("{c}", "c")
"""The same without braces, for feedback, hints and explanations: the bank's grader formats
those with ``str.format`` (Text.__call__), so a brace there breaks grading, not export."""


def _text(ja: str, en: str | None = None) -> dict:
    return {"ja": ja, "en": en if en is not None else f"{ja} (en)"}


def edge_bank() -> Bank:
    """Hand-made items for what the shipped banks do not have."""
    tricky = _text(f"選択 {RESERVED}", f"choice {RESERVED}")
    items = [
        {"id": "e-single", "type": "single",
         "prompt": _text(f"$x^2 < y$ のとき $$\\sum_k x_k$$ は {RESERVED}？"),
         "explanation": _text(f"説明 {SAID}"),
         "choices": [{"text": tricky, "feedback": _text(f"違います {SAID}"),
                      "misconception": "e.m"},
                     {"text": _text("正解"), "correct": True, "feedback": _text("はい")}]},
        *({"id": f"e-multi-{rule}", "type": "multiple", "scoring": rule, "points": 2,
           "prompt": _text("当てはまるものは？"),
           "choices": [{"text": _text(f"選択 {i}"), "correct": i in (0, 2, 3)}
                       for i in range(5)]}
          for rule in ("all-or-nothing", "net-correct", "coverage", "each-answer")),
        {"id": "e-multi-one", "type": "multiple", "scoring": "net-correct",
         "prompt": _text("一つだけ"),
         "choices": [{"text": _text("a"), "correct": True}, {"text": _text("b")}]},
        {"id": "e-tf", "type": "true-false", "answer": False, "misconception": "e.m",
         "prompt": _text(f"正しい？ {RESERVED}"), "feedback_true": _text(f"真 {SAID}"),
         "feedback_false": _text("偽")},
        {"id": "e-num-sigfigs", "type": "numeric", "parameters": {"x": 3.14159},
         "prompt": _text("x = {x}"), "answer": "x * 1000", "tolerance": {"sigfigs": 3},
         "wrong": [{"answer": "x * 100", "misconception": "e.m"},
                   {"answer": "-x * 1000", "hint": _text(f"符号 {SAID}")}]},
        {"id": "e-num-negative", "type": "numeric", "prompt": _text("負"),
         "answer": "-0.25 - 0.02", "tolerance": {"abs": 0.001, "rel": 0.01}},
        {"id": "e-num-zero", "type": "numeric", "prompt": _text("ゼロ"), "answer": "1 - 1",
         "tolerance": {"rel": 0.05}},
        {"id": "e-num-tiny", "type": "numeric", "prompt": _text("小さい"),
         "answer": "1.5 * 10 ** -7"},
        {"id": "e-num-vary", "type": "numeric", "parameters": {"a": 2},
         "vary": {"count": 3, "a": {"integers": [3, 9]}}, "prompt": _text("a = {a}"),
         "answer": "a / 3", "tolerance": {"rel": 0.001}},
        {"id": "e-matrix", "type": "numeric-array", "parameters": {"m": [[1, 2], [3, 4]]},
         "prompt": _text("2 倍"), "answer": "2 * m", "tolerance": {"abs": 0.01},
         "wrong": [{"answer": "m", "misconception": "e.m"}]},
        {"id": "e-text", "type": "text", "case_sensitive": True, "prompt": _text("語"),
         "accept": ["Mixed Case", "a*b", "x = y: {z} #~ \\"]},
        {"id": "e-text-arrow", "type": "text", "prompt": _text("矢印"), "accept": ["a -> b"],
         "regex": "a ?-> ?b"},
        {"id": "e-order", "type": "ordering", "prompt": _text(f"順に {RESERVED}"),
         "steps": [_text(f"step {i} {RESERVED}") for i in range(4)]},
        {"id": "e-match", "type": "matching", "prompt": _text("組"),
         "pairs": [{"left": _text(f"L{i} {RESERVED}"), "right": _text(f"R{i} {RESERVED}")}
                   for i in range(3)],
         "distractors": [_text(f"D {RESERVED}")]},
    ]
    return BANK.validate_python({
        "lesson": "99_edge", "items": items,
        "misconceptions": {"e.m": {"name": _text("誤解"), "hint": _text(f"ヒント {SAID}")}}})


@cache
def banks() -> tuple[Bank, ...]:
    """Every shipped bank, then the edge bank."""
    return (*(bank for _, bank in library().banks.values()), edge_bank())


def all_items() -> list[tuple[Bank, ItemSet]]:
    return [(bank, s) for bank in banks() for s in item_sets(bank)]


@cache
def exported(fmt: str, lesson: str):
    bank = next(b for b in banks() if b.lesson == lesson)
    return export(bank, fmt)


# --- samples: answers to grade on both sides ---------------------------------------------

@dataclass(frozen=True)
class Sample:
    """An answer: chosen indices (choices, ordering as steps in the student's order,
    matching as the option index per left item), a bool, a number, an array or a string."""

    value: object


def samples(item: Item) -> list[Sample]:
    """Answers that probe the grading: right, wrong, partial and near the tolerance."""
    t = item.type
    if t == "single":
        return [Sample((i,)) for i in range(len(item.choices))]
    if t == "multiple":
        n = len(item.choices)
        return [Sample(tuple(c)) for r in range(n + 1)
                for c in itertools.combinations(range(n), r)]
    if t == "true-false":
        return [Sample(True), Sample(False)]
    if t == "numeric":
        tol = absolute_tolerance(item.answer, item.tolerance)
        near = [item.answer + s * f * tol for s in (1, -1) for f in (0.999, 1.001)] \
            if tol else [item.answer + 1e-9]
        wrong = [float(w.answer) for w in item.wrong]
        return [Sample(x) for x in (item.answer, *near, *wrong, item.answer * 3 + 1)]
    if t == "numeric-array":
        key = np.asarray(item.answer, dtype=np.float64)
        out = [Sample(key)]
        for i in range(key.size):
            moved = key.copy().reshape(-1)
            moved[i] += 2 * absolute_tolerance(moved[i], item.tolerance) + 0.5
            out.append(Sample(moved.reshape(key.shape)))
        out += [Sample(np.asarray(w.answer, dtype=np.float64)) for w in item.wrong
                if np.shape(w.answer) == key.shape]
        return out
    if t == "text":
        cased = [a.upper() for a in item.accept] + [a.lower() for a in item.accept]
        return [Sample(a) for a in (*item.accept, *cased, "zzz")]
    if t == "ordering":
        n = len(item.steps)
        return [Sample(tuple(o)) for o in (range(n), item.shown, reversed(range(n)),
                                           [1, 0, *range(2, n)])]
    n, options = len(item.pairs), len(item.pairs) + len(item.distractors)
    return [Sample(tuple((i + shift) % options for i in range(n))) for shift in range(options)]


def raw(item: Item, sample: Sample) -> str:
    """The sample as a student types it for the bank's grader."""
    v = sample.value
    if item.type in ("single", "multiple"):
        return ",".join(LETTERS[i] for i in v)
    if item.type == "true-false":
        return "true" if v else "false"
    if item.type == "numeric":
        return repr(float(v))
    if item.type == "numeric-array":
        return repr(np.asarray(v).tolist())
    if item.type == "text":
        return v
    if item.type == "ordering":
        return ",".join(LETTERS[item.shown.index(step)] for step in v)
    return ",".join(f"{left + 1}-{LETTERS[item.shown.index(option)]}"
                    for left, option in enumerate(v))


def ours(item: Item, sample: Sample) -> float:
    """The bank's grade of a sample, as a fraction of the points."""
    return grade(item, raw(item, sample), "en").score / item.points


# --- Moodle's grading of an imported question -----------------------------------------------

@dataclass
class MAnswer:
    text: str
    fraction: float
    feedback: str = ""
    tolerance: float | None = None


@dataclass
class MQuestion:
    """A question as Moodle's importer stores it (the fields the tests compare)."""

    qtype: str
    name: str
    category: str
    text: str = ""
    general: str = ""
    defaultgrade: float | None = None
    idnumber: str | None = None
    single: bool = True
    answers: list[MAnswer] = field(default_factory=list)
    truth: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""
    usecase: bool = False
    subquestions: list[tuple[str, str]] = field(default_factory=list)
    gradingtype: str = ""
    selecttype: str = ""
    blanks: list[list[MAnswer]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def wildcard_match(response: str, pattern: str, ignore_case: bool) -> bool:
    """qtype_shortanswer's compare_string_with_wildcard: unescaped ``*`` runs match
    anything, ``\\*`` a star, the response trimmed, both NFC-normalised."""
    pattern, response = unicodedata.normalize("NFC", pattern), unicodedata.normalize(
        "NFC", response)
    bits = re.split(r"(?<!\\)\*+", pattern)
    regex = "^" + ".*".join(re.escape(b.replace("\\*", "*")) for b in bits) + "$"
    return re.match(regex, response.strip(), re.IGNORECASE if ignore_case else 0) is not None


def _numerical(answers: list[MAnswer], x: float) -> float:
    for answer in answers:
        if abs(x - float(answer.text)) <= float(answer.tolerance or 0):
            return answer.fraction
    return 0.0


def moodle_score(question: MQuestion, item: Item, sample: Sample) -> float:
    """The fraction Moodle gives ``sample`` on ``question`` (grading as its question types
    do: summed and clamped multichoice fractions, the first numerical or short answer that
    matches, matched pairs over stems, the longest ordered subset ignoring single steps,
    cloze blanks weighted 1 each)."""
    v = sample.value
    q = question.qtype
    if q == "multichoice":
        total = sum(question.answers[i].fraction for i in v)
        return min(max(total, 0.0), 1.0)
    if q == "truefalse":
        return float(v == question.truth)
    if q == "numerical":
        return _numerical(question.answers, float(v))
    if q == "shortanswer":
        return next((a.fraction for a in question.answers
                     if wildcard_match(v, a.text, not question.usecase)), 0.0)
    if q == "match":
        stems = [(t, a) for t, a in question.subquestions if t]
        options = {i: to_plain(say(item.option(i), LANG))
                   for i in range(len(item.pairs) + len(item.distractors))}
        chosen = [options[o] for o in v]
        return sum(c == a for c, (_, a) in zip(chosen, stems, strict=True)) / len(stems)
    if q == "ordering":
        n = len(question.answers)
        right = lcs_length(list(v), list(range(n)))
        return (right if right > 1 else 0) / n
    if q == "multianswer":
        flat = np.asarray(v, dtype=np.float64).reshape(-1)
        return sum(_numerical(blank, float(x)) for blank, x in
                   zip(question.blanks, flat, strict=True)) / len(question.blanks)
    raise AssertionError(f"no Moodle grading for {q}")


LANG = "ja"
"""The exports' language in these tests (the default)."""


def key_sample(item: Item) -> Sample:
    """The sample that is the key."""
    return next(s for s in samples(item) if ours(item, s) == 1.0)


# --- tests of the shared parts ---------------------------------------------------------------

def test_inline_math_becomes_mathjax_delimiters_and_html_is_escaped():
    assert to_html("$x<1$ と $$a & b$$\n次") == "\\(x&lt;1\\) と $$a &amp; b$$<br>次"
    assert to_html("price \\$5 and $y$") == "price $5 and \\(y\\)"
    assert to_plain("$x$  and\n $$y$$") == "\\(x\\) and $$y$$"


@pytest.mark.parametrize("tolerance", [
    Tolerance(abs=0.0005), Tolerance(rel=0.01), Tolerance(abs=0.001, rel=0.02),
    Tolerance(sigfigs=3), Tolerance(sigfigs=1), Tolerance()])
@pytest.mark.parametrize("key", [0.0247, -0.27, 3.0100000000000016, 7510.0, 1.5e-7, 0.0])
def test_the_absolute_tolerance_is_the_bound_the_bank_grades_with(tolerance, key):
    from autograde.kit.quiz.grading import close

    bound = absolute_tolerance(key, tolerance)
    if bound == 0:
        assert close(key, key, tolerance) and not close(key + 1e-12, key, tolerance)
        return
    for factor, inside in ((0.999, True), (1.001, False)):
        for sign in (1, -1):
            assert bool(close(key + sign * factor * bound, key, tolerance)) is inside


def test_moodle_grades_are_its_allowed_list_and_written_as_its_files_write_them():
    assert moodle_grade(1 / 3) == 0.3333333 and percent(0.3333333) == "33.33333"
    assert moodle_grade(-1 / 7) == -0.1428571 and percent(-0.1428571) == "-14.28571"
    assert percent(1.0) == "100" and percent(0.0) == "0" and percent(-1.0) == "-100"
    assert moodle_grade(1 / 11) is None and moodle_grade(0.35) is None


@pytest.mark.parametrize("scoring", ["all-or-nothing", "net-correct", "coverage", "each-answer"])
def test_choice_fractions_are_exact_for_net_correct_and_say_why_otherwise(scoring):
    item = next(s for b, s in all_items() if s.id == f"e-multi-{scoring}").variants[0]
    fractions, gap = choice_fractions(item)
    correct = {i for i, c in enumerate(item.choices) if c.correct}
    n = len(item.choices)
    differs = False
    for r in range(1, n + 1):
        for chosen in itertools.combinations(range(n), r):
            moodle = min(max(float(sum(fractions[i] for i in chosen)), 0.0), 1.0)
            bank = multiple_fraction(scoring, set(chosen), correct, n)
            differs |= abs(moodle - bank) > 1e-9
    assert sum(f for f in fractions if f > 0) == 1
    assert differs is (gap is not None)


def test_every_format_accounts_for_every_item_once():
    for bank in banks():
        for fmt in FORMATS:
            result = exported(fmt, bank.lesson)
            s = result.summary
            assert s.exported + s.degraded + s.left_out == s.items == len(bank.items)
            noted = {n.item for n in result.notes}
            assert noted <= {i.id for i in bank.items}
            assert s.degraded + s.left_out == len(noted)


# --- the command line ---------------------------------------------------------------------

def test_cli_writes_text_formats_to_stdout_and_names_each_gap_on_stderr(capsysbinary):
    assert main(["quiz", "export", "03_loss", "--format", "gift"]) == 0
    out, err = capsysbinary.readouterr()
    result = exported("gift", "03_loss")
    assert out == result.data
    lines = err.decode().splitlines()
    for note in result.notes:
        status = "left out" if note.left_out else "degraded"
        assert f"{note.item}: {status}: {note.reason}" in lines
    assert lines[-1].startswith(result.summary.line())
    assert re.search(r"\d+ exported, \d+ degraded, \d+ left out", lines[-1])


def test_cli_writes_qti_to_the_lessons_zip_and_takes_a_yaml_path(tmp_path, monkeypatch,
                                                                  capsys):
    monkeypatch.chdir(tmp_path)
    source = library().banks["02_forward"][0]
    assert main(["quiz", "export", str(source), "--format", "qti21", "--variants", "2",
                 "--lang", "en"]) == 0
    written = tmp_path / "02_forward.zip"
    assert written.read_bytes()[:2] == b"PK"
    assert "02_forward.zip" in capsys.readouterr().err
    assert main(["quiz", "export", "02_forward", "--format", "moodle-xml", "-o",
                 str(tmp_path / "x.xml"), "--variants", "1"]) == 0
    text = (tmp_path / "x.xml").read_text(encoding="utf-8")
    assert "<quiz>" in text and " v1<" not in text


@pytest.mark.parametrize("args", [["nope", "--format", "gift"],
                                  ["03_loss", "--format", "pdf"],
                                  ["03_loss", "--format", "gift", "--variants", "0"]])
def test_cli_usage_errors_exit_2_with_nothing_on_stdout(args, capsys):
    try:
        status = main(["quiz", "export", *args])
    except SystemExit as stop:
        status = stop.code
    out, err = capsys.readouterr()
    assert status == 2 and out == "" and err


def test_variants_are_pre_drawn_copies_capped_at_the_pool():
    bank = edge_bank()
    sets = {s.id: s for s in item_sets(bank)}
    assert [i.variant for i in sets["e-num-vary"].variants] == [0, 1, 2]
    assert sets["e-num-vary"].category == "$course$/top/99_edge/e-num-vary"
    assert sets["e-tf"].category == "$course$/top/99_edge"
    capped = {s.id: s for s in item_sets(bank, 2)}
    assert len(capped["e-num-vary"].variants) == 2 and len(capped["e-tf"].variants) == 1
    assert len({s.answer for s in sets["e-num-vary"].variants}) == 3
