"""docs/exercises.md is the catalog users read: it must say what the specs declare."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from autograde.catalog.exercises import EXERCISES
from autograde.catalog.spec import NAME_LENGTH
from autograde.kit import settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "exercises.md"


def _rows(text: str) -> list[list[str]]:
    """The cells of every table row (header and separator rows excluded)."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.match(r"\|\s*(id|-+)\s*\|", line):
            cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
            rows.append([cell.strip().strip("`") for cell in cells])
    return rows


def _number(x: float) -> str:
    """As the page writes numbers: ``1e-6``, not ``1e-06``."""
    return f"{x:g}".replace("e-0", "e-")


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text("utf-8")


def test_every_exercise_is_listed_with_its_signature_and_points(doc):
    table = doc.split("## Misconceptions")[0]
    listed = {row[0]: row for row in _rows(table)}
    assert list(listed) == list(EXERCISES)
    for exercise_id, exercise in EXERCISES.items():
        assert listed[exercise_id][1] == exercise.signature, exercise_id
        assert float(listed[exercise_id][2]) == exercise.max_score, exercise_id


def _misconception_rows(doc: str) -> dict[str, list[list[str]]]:
    """Exercise id → the rows of its misconception table (id, name ja, name en, hint)."""
    sections = re.split(r"^### `(\w+)`$", doc.split("## Misconceptions")[1], flags=re.M)[1:]
    return {name: _rows(body) for name, body in zip(sections[::2], sections[1::2], strict=True)}


def test_every_misconception_is_listed_under_its_exercise(doc):
    listed = {ex_id: [row[0] for row in rows] for ex_id, rows in _misconception_rows(doc).items()}
    assert listed == {ex_id: [m.id for m in ex.misconceptions]
                      for ex_id, ex in EXERCISES.items()}


@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=list(EXERCISES))
def test_every_misconception_is_listed_with_its_short_names(doc, exercise):
    listed = {row[0]: (row[1], row[2]) for row in _misconception_rows(doc)[exercise.id]}
    for m in exercise.misconceptions:
        assert listed[m.id] == (m.name.ja, m.name.en), m.id


def test_the_default_tolerances_and_limits_are_the_ones_the_grader_uses(doc):
    assert f"rtol={_number(settings.RTOL)}, atol={_number(settings.ATOL)}" in doc
    assert f"time limit of {settings.CASE_SECONDS:g} s" in doc
    assert f"have {settings.FIT_SECONDS:g} s" in doc
    assert f"accuracy ≥ {settings.FULL_ACCURACY:g}" in doc
    assert f"partial credit from {settings.PARTIAL_ACCURACY:.2f}" in doc
    assert (f"at most {NAME_LENGTH['ja']} characters in Japanese, {NAME_LENGTH['en']} in "
            "English") in doc
    capstones = [ex for ex in EXERCISES.values() if ex.protocol == "fit_predict"]
    assert {ex.time_limit for ex in capstones} == {settings.FIT_SECONDS}
