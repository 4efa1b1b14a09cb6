"""``autograde stats``: the JSON contract of issue 12 (fields, percent units, one object on
stdout), assignments chosen, --db, the tables (Japanese names aligned), and exit status 2 with a
message and no new database when there is nothing to report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from class_store import A, banks, check, exercise, small_class, store_with, submission
from rich.cells import cell_len

from autograde.cli import main
from autograde.grader.store import DB_FILE, Store
from autograde.reports.responses import build_responses
from autograde.reports.stats import all_stats

ITEM_FIELDS = {"item", "n", "facility", "sd", "random_guess_score", "intended_weight",
               "effective_weight", "discrimination_index", "discriminative_efficiency", "flags"}
QUIZ_FIELDS = {"assignment", "n", "mean", "median", "sd", "cic", "error_ratio",
               "standard_error"}
B = "02_forward"


def second_assignment() -> list:
    return [submission(s, [exercise("forward", [check("ケース 1", points, 1)])], assignment=B)
            for s, points in (("s1", 1), ("s2", 0), ("s3", 1))]


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A course folder (nbgrader_config.py, the test bank) with a store of two assignments."""
    root = tmp_path / "course"
    root.mkdir()
    (root / "nbgrader_config.py").write_text("c = get_config()\n", "utf-8")
    banks(root)
    store_with(root, [*small_class(), *second_assignment()])
    return root


def stats(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["stats", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_json_is_one_object_with_the_contract_fields_in_percent(course, capsys, monkeypatch):
    monkeypatch.chdir(course)
    status, out, err = stats(capsys, "--json")
    assert (status, err) == (0, "")
    assert len(out.strip().splitlines()) == 1
    found = json.loads(out)
    assert set(found) == {"items", "quizzes"}
    assert all(set(item) == ITEM_FIELDS for item in found["items"])
    assert all(set(quiz) == QUIZ_FIELDS for quiz in found["quizzes"])
    items, quizzes = all_stats(build_responses([*small_class(), *second_assignment()],
                                               banks(course)))
    assert found == {"items": [s.as_json() for s in items],
                     "quizzes": [q.as_json() for q in quizzes]}
    choice = next(i for i in found["items"] if i["item"] == f"{A}/t-choice")
    assert (choice["facility"], choice["random_guess_score"], choice["intended_weight"]) == (
        60.0, 25.0, 25.0)  # percent, as Moodle shows them
    assert choice["flags"] == ["discriminative_efficiency", "discrimination_index"]
    assert [q["assignment"] for q in found["quizzes"]] == [A, B]
    assert found["quizzes"][0]["mean"] == pytest.approx(55.0)


def test_the_assignments_asked_for_and_their_order(course, capsys, monkeypatch):
    monkeypatch.chdir(course)
    found = json.loads(stats(capsys, "--json", B, A)[1])
    assert [q["assignment"] for q in found["quizzes"]] == [B, A]
    assert {i["item"].split("/")[0] for i in found["items"]} == {A, B}
    only = json.loads(stats(capsys, "--json", B)[1])
    assert [i["item"] for i in only["items"]] == [f"{B}/forward/ケース 1"]
    assert only["items"][0]["facility"] == pytest.approx(200 / 3)


def test_db_and_course_from_anywhere(course, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{course / DB_FILE}"
    by_db = json.loads(stats(capsys, "--json", "--db", url, "--course", str(course))[1])
    by_course = json.loads(stats(capsys, "--json", "--course", str(course))[1])
    assert by_db == by_course and len(by_db["quizzes"]) == 2


def test_no_store_is_exit_2_and_no_database_is_made(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AUTOGRADE_LANG", "en")
    status, out, err = stats(capsys, "--json")
    assert (status, out) == (2, "")
    assert f"no results database at {tmp_path.resolve() / DB_FILE}" in err
    assert "autograde grade" in err and "Traceback" not in err
    assert not (tmp_path / DB_FILE).exists()


def test_an_assignment_without_results_is_exit_2_naming_it(course, capsys, monkeypatch):
    monkeypatch.chdir(course)
    status, out, err = stats(capsys, "--json", "--lang", "en", A, "09_nothing")
    assert (status, out) == (2, "")
    assert "no graded results for 09_nothing" in err and f"it has: {A}, {B}" in err


def test_an_empty_store_is_exit_2(tmp_path, capsys, monkeypatch):
    Store.for_course(tmp_path).close()
    monkeypatch.chdir(tmp_path)
    status, out, err = stats(capsys, "--lang", "ja")
    assert (status, out) == (2, "")
    assert "採点結果がありません" in err


def test_a_bad_db_url_is_exit_2_with_the_stores_words(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _, err = stats(capsys, "--db", "nonsense://", "--lang", "en")
    assert status == 2 and "Traceback" not in err and "nonsense" in err


@pytest.mark.parametrize(("lang", "words"), [("en", ("item", "facility", "CIC (α)")),
                                             ("ja", ("項目", "正答率", "誤差比"))])
def test_the_tables_line_up_with_japanese_names(course, capsys, monkeypatch, lang, words):
    monkeypatch.chdir(course)
    status, out, _ = stats(capsys, "--lang", lang)
    assert status == 0
    items, quizzes = out.split("\n\n")
    lines = items.splitlines()
    assert all(word in out for word in words)
    assert any("ケース 1" in line for line in lines)
    header = lines[0]
    facility = header.split()[2] if lang == "en" else "正答率"
    right_edge = cell_len(header[:header.index(facility) + len(facility)])
    for row in lines[1:]:
        first_percent = row.index("%")
        assert cell_len(row[:first_percent + 1]) == right_edge, row
    assert "60.00%" in items and "25.00%" in items
    assert quizzes.splitlines()[1].split()[:3] == [A, "5", "55.00%"]


def test_the_installed_command_prints_the_json(course):
    done = subprocess.run([sys.executable, "-m", "autograde.cli", "stats", "--json"], cwd=course,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["items"]) == 4


def test_a_broken_bank_is_exit_2_naming_its_file(course, capsys, monkeypatch):
    monkeypatch.chdir(course)
    (course / "quizzes" / f"{A}.yaml").write_text("lesson: 01_neuron\nitems: []\n", "utf-8")
    status, out, err = stats(capsys, "--json")
    assert (status, out) == (2, "")
    assert f"{A}.yaml" in err and "items" in err and "Traceback" not in err
