"""``autograde quiz take``: self-study in a terminal, driven here with answers piped on stdin.

Every expected value comes from the bank (keys through ``keys.key``, verdicts through
``Entry.check``, points and misconception names from the resolved items), never typed here.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE_BANKS

from autograde.cli import main
from autograde.kit.quiz.items import LETTERS
from autograde.kit.quiz.keys import key
from autograde.kit.quiz.messages import HOW
from autograde.kit.quiz.normalise import normalise
from autograde.quiz import library
from autograde.quiz.take import WORDS, Session, questions, totals

BANK = "03_loss"
SQUARED, SSE = "03-why-squared", "03-sse-example"
"""A single-choice item and a numeric one with K variants (both graded) of lesson 03."""


@pytest.fixture
def outside(tmp_path, monkeypatch) -> Path:
    """The working directory is no course: the shipped banks, course id ""."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def take(capsys, monkeypatch, answers: str, *args: str) -> tuple[int, str, str]:
    """Run ``autograde quiz take *args`` with ``answers`` on stdin (not a terminal)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(answers))
    capsys.readouterr()
    try:
        status = main(["quiz", "take", *args])
    except SystemExit as exit:  # argparse's usage errors
        status = exit.code
    out, err = capsys.readouterr()
    return status, out, err


def entry(item_id: str):
    return library(None).items[item_id]


def summary(out: str, lang: str = "ja") -> dict[str, list[str]]:
    """The summary table's rows by item id (and the total's under its word): the cells."""
    rows: dict[str, list[str]] = {}
    table = out[out.rindex(WORDS["summary"](lang)):]
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().split("│")[1:-1]]
        if len(cells) == 5 and cells[0].isdigit():
            rows[cells[1]] = cells[2:]
        elif len(cells) == 5 and cells[1] == WORDS["total"](lang):
            rows["total"] = cells[2:4]
    return rows


def points(x: float) -> str:
    return f"{round(x, 2):g}"


def wrong_choice_with_misconception(item) -> tuple[str, str]:
    """The letter of the first wrong choice that names a misconception, and that id."""
    for index, choice in enumerate(item.choices):
        if not choice.correct and choice.misconception:
            return LETTERS[index], choice.misconception
    raise AssertionError(f"{item.id} has no wrong choice with a misconception")


def test_right_answers_get_full_marks_and_the_summary_adds_the_banks_points(
        capsys, monkeypatch, outside):
    items = [entry(SQUARED).resolved(0), entry(SSE).resolved(0)]
    answers = "".join(key(item) + "\n" for item in items)
    status, out, err = take(capsys, monkeypatch, answers, BANK, "--items", f"{SQUARED},{SSE}")
    assert status == 0 and err == ""
    for item in items:
        assert WORDS["read_as"]("ja", answer=key(item)) in out
        assert item.prompt("ja") in out
    rows = summary(out)
    for item in items:
        assert rows[item.id] == [points(item.points), points(item.points), ""]
    total = sum(item.points for item in items)
    assert rows["total"] == [points(total), points(total)]
    assert WORDS["answered"]("ja", answered=2, count=2) in out


def test_the_example_from_the_brief_runs_as_a_real_process(outside):
    """The exact pipe a student (or a script) would use, in a subprocess: UTF-8 in and out."""
    items = [entry(SQUARED).resolved(0), entry(SSE).resolved(0)]
    answers = "".join(key(item) + "\n" for item in items)
    done = subprocess.run([sys.executable, "-m", "autograde.cli", "quiz", "take", BANK,
                           "--items", f"{SQUARED},{SSE}"], input=answers.encode(),
                          capture_output=True, timeout=120, check=False)
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0, done.stderr.decode()
    total = points(sum(item.points for item in items))
    assert summary(out)["total"] == [total, total]


def test_a_wrong_choice_shows_the_verdict_feedback_and_misconception_hint(
        capsys, monkeypatch, outside):
    item = entry(SQUARED).resolved(0)
    letter, misconception = wrong_choice_with_misconception(item)
    note = item.misconceptions[misconception]
    status, out, _ = take(capsys, monkeypatch, f"{letter}\n", BANK, "--items", SQUARED,
                          "--lang", "en")
    expected = entry(SQUARED).check(letter, 0, "en")
    assert status == 0 and expected.score == 0
    for line in expected.feedback.splitlines():
        assert line in out
    assert note.hint("en") in out and note.name("en") in out
    rows = summary(out, "en")
    assert rows[SQUARED] == ["0", points(item.points), note.name("en")]
    assert rows["total"] == ["0", points(item.points)]
    assert WORDS["shown"]("en", names=note.name("en")) in out


def test_a_numeric_mistake_is_named_by_its_wrong_rule(capsys, monkeypatch, outside):
    item = entry(SSE).resolved(0)
    rule = next(r for r in item.wrong if r.misconception)
    answer = key(item.model_copy(update={"answer": rule.answer}))
    status, out, _ = take(capsys, monkeypatch, answer + "\n", BANK, "--items", SSE)
    result = entry(SSE).check(answer, 0, "ja")
    assert status == 0 and result.misconceptions == [rule.misconception]
    name = item.misconceptions[rule.misconception].name("ja")
    hint = (rule.hint or item.misconceptions[rule.misconception].hint)("ja")
    assert hint in out
    rows = summary(out)
    assert rows[SSE] == ["0", points(item.points), name]
    assert rows["total"] == ["0", points(item.points)]


def to_full_width(text: str) -> str:
    """ASCII letters, digits and signs as their full-width forms (what a Japanese IME types)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_japanese_full_width_answers_are_read_as_meant(capsys, monkeypatch, outside):
    items = [entry(SQUARED).resolved(0), entry(SSE).resolved(0)]
    typed = [to_full_width(key(item)) for item in items]
    for text, item in zip(typed, items, strict=True):
        assert text != key(item) and normalise(text) == key(item)
    status, out, _ = take(capsys, monkeypatch, "\n".join(typed) + "\n", BANK,
                          "--items", f"{SQUARED},{SSE}")
    assert status == 0
    rows = summary(out)
    assert [rows[item.id][0] for item in items] == [points(item.points) for item in items]
    for item in items:
        assert WORDS["read_as"]("ja", answer=key(item)) in out


def test_a_malformed_answer_is_explained_and_asked_again_then_q_stops(
        capsys, monkeypatch, outside):
    malformed = "xyz"
    expected = entry(SSE).check(malformed, 0, "ja")
    assert expected.error is not None
    status, out, err = take(capsys, monkeypatch, f"{malformed}\n?\nq\n", BANK,
                            "--items", f"{SSE},{SQUARED}")
    assert status == 0 and err == ""
    assert expected.error in out and WORDS["again"]("ja") in out
    assert HOW["numeric"]("ja") in out  # "?" says how to answer
    assert out.count(WORDS["prompt"]("ja")) == 3  # asked again after the malformed answer
    rows = summary(out)
    assert rows[SSE][2] == rows[SQUARED][2] == WORDS["skipped"]("ja")
    assert rows["total"] == ["0", "0"]
    assert WORDS["answered"]("ja", answered=0, count=2) in out
    assert entry(SQUARED).resolved(0).prompt("ja") not in out  # stopped before it


def test_end_of_input_stops_and_summarises(capsys, monkeypatch, outside):
    first = entry(SQUARED).resolved(0)
    status, out, _ = take(capsys, monkeypatch, key(first) + "\n", BANK,
                          "--items", f"{SQUARED},{SSE}")
    assert status == 0
    rows = summary(out)
    assert rows[SQUARED][:2] == [points(first.points)] * 2
    assert rows[SSE][2] == WORDS["skipped"]("ja")
    assert rows["total"] == [points(first.points)] * 2


def two_students_apart(item_id: str, course: str) -> tuple[str, str]:
    """Two student ids whose variants of ``item_id`` differ (searched, not assumed)."""
    seen: dict[int, str] = {}
    for n in range(200):
        student = f"student{n:03d}"
        variant = entry(item_id).variant_of(student, course)
        if variant != 0 and seen and variant not in seen:
            return next(iter(seen.values())), student
        if variant != 0:
            seen.setdefault(variant, student)
    raise AssertionError("no two students with different variants")


def test_each_student_sees_their_own_variant(capsys, monkeypatch, outside):
    course = "demo-2025"
    sse = entry(SSE)
    assert sse.item.variants > 1
    prompts = {}
    for student in two_students_apart(SSE, course):
        variant = sse.variant_of(student, course)
        item = sse.resolved(variant)
        status, out, _ = take(capsys, monkeypatch, key(item) + "\n", BANK, "--items", SSE,
                              "--student", student, "--course-id", course)
        assert status == 0
        assert item.prompt("ja") in out
        assert f"{variant} / {sse.item.variants}" in out
        assert summary(out)[SSE][0] == points(item.points)
        prompts[student] = item.prompt("ja")
    first, second = prompts.values()
    assert first != second


def test_another_variants_answer_is_pointed_out(capsys, monkeypatch, outside):
    course = "demo-2025"
    sse = entry(SSE)
    student = two_students_apart(SSE, course)[0]
    variant = sse.variant_of(student, course)
    lesson_key = key(sse.resolved(0))
    result = sse.check(lesson_key, variant, "ja")
    assert result.score == 0 and result.other_variant is not None
    status, out, _ = take(capsys, monkeypatch, lesson_key + "\n", BANK, "--items", SSE,
                          "--student", student, "--course-id", course)
    assert status == 0
    assert WORDS["other"]("ja", other=result.other_variant, variant=variant) in out
    # Without a student there is no "your variant" to speak of: only the verdict.
    theirs = key(sse.resolved(variant))
    assert sse.check(theirs, 0, "ja").other_variant == variant
    status, out, _ = take(capsys, monkeypatch, theirs + "\n", BANK, "--items", SSE)
    assert status == 0 and WORDS["other"]("ja", other=variant, variant=0) not in out


def test_a_bank_given_by_path_and_every_item_type(capsys, monkeypatch, outside):
    """The sample bank (every item type) as a YAML path; each answered with its key."""
    from autograde.quiz import load_bank

    path = SAMPLE_BANKS / "90_sample.yaml"
    bank = load_bank(path)
    chosen = questions(bank, path)
    answers = "".join(key(q.item) + "\n" for q in chosen)
    status, out, _ = take(capsys, monkeypatch, answers, str(path))
    assert status == 0
    rows = summary(out)
    assert list(rows)[:-1] == [item.id for item in bank.items]
    total = points(sum(q.item.points for q in chosen))
    assert rows["total"] == [total, total]


def test_shuffle_asks_every_chosen_item_once():
    bank_file, bank = library(None).bank(BANK)
    ordered = [q.item.id for q in questions(bank, bank_file)]
    shuffled = [q.item.id for q in questions(bank, bank_file, shuffle=True,
                                             rng=random.Random(3))]
    assert sorted(shuffled) == sorted(ordered) and shuffled != ordered


def test_the_session_returns_what_it_graded():
    """Session on its own (no CLI): answers from a list, results as ``Entry.check`` gives."""
    from rich.console import Console

    bank_file, bank = library(None).bank(BANK)
    chosen = questions(bank, bank_file, only=[SSE, SQUARED])
    typed = iter(["0.0494", "b"])
    console = Console(file=io.StringIO(), width=100)
    answers = Session(chosen, "en", console, lambda prompt: next(typed)).run()
    expected = [entry(SSE).check("0.0494", 0, "en"), entry(SQUARED).check("b", 0, "en")]
    assert [a.result for a in answers] == expected
    done = totals(answers, "en")
    assert done.score == sum(r.score for r in expected)
    assert done.max_score == sum(r.max_score for r in expected)
    assert (done.answered, done.count) == (2, 2)


@pytest.mark.parametrize("args", [["99_nothing"], [BANK, "--items", "03-no-such-item"],
                                  ["missing.yaml"]])
def test_usage_errors_exit_2_with_a_message_on_stderr(capsys, monkeypatch, outside, args):
    status, out, err = take(capsys, monkeypatch, "", *args)
    assert status == 2 and out == ""
    assert err.startswith("autograde: ") and args[-1] in err
