"""The course's real banks (``course/quizzes/*.yaml``, whatever exists of them): each loads,
every item's key from ``quiz show --key`` earns full marks through ``quiz check`` for every
variant 0…K−1, and the keys agree with the intended answers in ``course/quizzes/PLACES.md``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from autograde.cli import main
from autograde.kit.quiz.grading import close, grade
from autograde.kit.quiz.normalise import normalise
from autograde.quiz import BankError, Library, load_bank

QUIZZES = Path(__file__).resolve().parents[2] / "course" / "quizzes"
BANK_FILES = sorted(QUIZZES.glob("*.yaml"))
PLACES = QUIZZES / "PLACES.md"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?(?:/\d+)?")


def _library() -> Library | None:
    try:
        return Library(BANK_FILES)
    except BankError:
        return None  # test_every_bank_loads says what is wrong


LIBRARY = _library()
ITEMS = sorted(LIBRARY.items) if LIBRARY else []


@pytest.mark.parametrize("path", BANK_FILES, ids=[p.name for p in BANK_FILES])
def test_every_bank_loads(path):
    bank = load_bank(path)
    assert bank.items
    assert path.stem == bank.lesson, "a bank is named after its lesson: <lesson>.yaml"


def test_item_ids_are_unique_across_the_banks():
    Library(BANK_FILES)


def _students_per_variant(entry) -> dict[int, str | None]:
    """A student id for each variant 0…K−1 (None: without --student, variant 0)."""
    found: dict[int, str | None] = {0: None}
    for n in range(5000):
        if len(found) == entry.item.variants:
            break
        found.setdefault(entry.variant_of(f"student{n}", ""), f"student{n}")
    assert len(found) == entry.item.variants, "some variant reaches no student"
    return found


def _cli(capsys, *args: str) -> dict:
    capsys.readouterr()
    assert main(["quiz", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


@pytest.mark.parametrize("item_id", ITEMS)
def test_the_key_round_trips_to_full_marks_for_every_variant(capsys, monkeypatch, tmp_path,
                                                             item_id):
    monkeypatch.chdir(tmp_path)  # outside a course: the shipped banks, course id ""
    entry = LIBRARY.items[item_id]
    for variant, student in sorted(_students_per_variant(entry).items()):
        for lang in ("ja", "en"):
            who = ["--student", student] if student else []
            shown = _cli(capsys, "show", item_id, "--key", "--lang", lang, *who)
            assert shown["variant"] == variant
            result = _cli(capsys, "check", item_id, shown["key"], "--lang", lang, *who)
            assert result["error"] is None, result
            assert result["score"] == result["max_score"] == entry.item.points, result
            assert result["variant"] == variant


def _places() -> dict[str, str]:
    """slug → the intended answer, from the table in PLACES.md."""
    places = {}
    for line in PLACES.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0].startswith("`") and cells[0].endswith("`"):
            places[cells[0].strip("`")] = cells[1]
    return places


PLACE_ANSWERS = _places()


def _numbers(text: str) -> list[float]:
    values = []
    for token in NUMBER.findall(normalise(text)):
        top, _, bottom = token.partition("/")
        values.append(float(top) / float(bottom) if bottom else float(top))
    return values


def _in_order(wanted: list[float], found: list[float], tolerance) -> bool:
    """Is ``wanted`` a subsequence of ``found`` (each element within ``tolerance``)?"""
    position = 0
    for value in wanted:
        while position < len(found) and not bool(close(found[position], value, tolerance)):
            position += 1
        if position == len(found):
            return False
        position += 1
    return True


def test_places_md_lists_the_quiz_places():
    assert len(PLACE_ANSWERS) >= 24


@pytest.mark.parametrize("slug", sorted(PLACE_ANSWERS))
def test_every_quiz_place_has_an_item_whose_key_is_the_intended_answer(slug):
    lesson = slug.split("-")[0]
    if not any(path.stem.startswith(f"{lesson}_") for path in BANK_FILES):
        pytest.skip(f"the bank of lesson {lesson} is not written yet")
    assert LIBRARY is not None and slug in LIBRARY.items, f"no item {slug} in the banks"
    item = LIBRARY.items[slug].resolved(0)  # the lesson's own numbers
    intended = PLACE_ANSWERS[slug]
    numbers = _numbers(intended)
    if item.type == "numeric":
        assert numbers, intended
        assert bool(close(numbers[0], item.answer, item.tolerance)), (item.answer, intended)
    elif item.type == "numeric-array":
        flat = np.ravel(item.answer).tolist()
        assert _in_order(flat, numbers, item.tolerance), (flat, intended)
    elif item.type in ("single", "multiple"):
        # English only: Japanese counts in digits ("1 つの") where English has words
        mentioned = _numbers(" ".join(c.text.en for c in item.choices if c.correct))
        assert all(any(np.isclose(m, n) for n in numbers) for m in mentioned), \
            f"the correct choice mentions {mentioned}, PLACES.md says {intended!r}"
    elif item.type == "text":
        assert grade(item, normalise(intended), "en").score == item.points, intended
    else:
        pytest.fail(f"{slug}: no check written for a {item.type} item against PLACES.md")


def test_the_worked_example_is_keyed_0_0247():
    if LIBRARY is None or "03-sse-example" not in LIBRARY.items:
        pytest.skip("03-sse-example is not in the banks yet")
    item = LIBRARY.items["03-sse-example"].resolved(0)
    assert round(item.answer, 4) == 0.0247
    assert grade(item, "0.0247", "en").score == item.points
    assert grade(item, "0.01871", "en").score == 0
