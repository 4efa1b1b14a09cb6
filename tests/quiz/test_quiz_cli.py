"""``autograde quiz list|show|check|schema``: the contract outside test suites rely on —
JSON fields, exit 0 whenever graded, 2 with nothing on stdout for usage errors; a course's
banks and id inside a course directory, the shipped banks and "" outside."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLE_BANKS

from autograde.cli import main
from autograde.kit.seeds import hidden_seed, seed_for

LIST_FIELDS = {"id", "lesson", "type", "points", "kind", "variants", "misconceptions"}
CHECK_FIELDS = {"item", "lang", "variant", "read_as", "score", "max_score", "feedback",
                "misconceptions", "error"}
COURSE_ID = "demo-2025"


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    """A course directory holding the sample bank; the working directory is inside it."""
    root = tmp_path / "course"
    (root / "quizzes").mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(
        f"c = get_config()  # noqa: F821\nc.CourseDirectory.course_id = {COURSE_ID!r}\n")
    shutil.copy(SAMPLE_BANKS / "90_sample.yaml", root / "quizzes")
    (root / "source").mkdir()
    monkeypatch.chdir(root / "source")
    return root


@pytest.fixture
def outside(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        status = main(["quiz", *args])
    except SystemExit as exit:  # argparse's usage errors
        status = exit.code
    out, err = capsys.readouterr()
    return status, out, err


def last_json(out: str):
    return json.loads(out.strip().splitlines()[-1])


def test_list_json_in_a_course_lists_its_banks(capsys, course):
    status, out, _ = run(capsys, "list", "--json")
    rows = json.loads(out)
    assert status == 0 and len(rows) == 10
    assert all(set(row) == LIST_FIELDS for row in rows)
    sse = next(r for r in rows if r["id"] == "s-sse")
    assert sse == {"id": "s-sse", "lesson": "90_sample", "type": "numeric", "points": 1.0,
                   "kind": "graded", "variants": 8,
                   "misconceptions": ["quiz.no-half", "quiz.sign"]}
    kinds = {r["id"]: (r["kind"], r["points"]) for r in rows}
    assert kinds["s-multiple"] == ("graded", 2.0) and kinds["s-single"] == ("practice", 1.0)


def test_list_outside_a_course_lists_the_shipped_banks(capsys, outside):
    from autograde.quiz import library
    from autograde.quiz.banks import master_quizzes

    status, out, _ = run(capsys, "list", "--json")
    assert status == 0
    assert [r["id"] for r in json.loads(out)] == list(library(None).items)
    assert json.loads(out) and master_quizzes().is_dir()


def test_list_table_for_people(capsys, course):
    status, out, _ = run(capsys, "list")
    assert status == 0
    assert out.splitlines()[0].split() == ["id", "lesson", "type", "kind", "points",
                                           "variants", "misconceptions"]
    assert any(line.split()[:6] == ["s-sse", "90_sample", "numeric", "graded", "1", "8"]
               for line in out.splitlines())


def test_show_key_round_trips_to_full_marks_for_every_item(capsys, course):
    for item_id in yaml.safe_load((SAMPLE_BANKS / "90_sample.yaml").read_text())["items"]:
        item_id = item_id["id"]
        for student in (None, "alice", "bob"):
            who = ["--student", student] if student else []
            status, out, _ = run(capsys, "show", item_id, "--key", "--json", *who)
            shown = last_json(out)
            assert status == 0 and shown["id"] == item_id
            status, out, _ = run(capsys, "check", item_id, shown["key"], "--json", *who)
            result = last_json(out)
            assert status == 0 and set(result) == CHECK_FIELDS
            assert result["score"] == result["max_score"] > 0, (item_id, student, result)
            assert result["variant"] == shown["variant"] and result["error"] is None


def test_show_lists_the_options_in_the_order_shown(capsys, course, item):
    _, out, _ = run(capsys, "show", "s-matching", "--json", "--lang", "en")
    shown = last_json(out)
    matching = item("s-matching")
    assert [r["text"] for r in shown["right"]] == [matching.option(o).en for o in matching.shown]
    assert [r["letter"] for r in shown["right"]] == ["a", "b", "c", "d"]
    assert [left["number"] for left in shown["left"]] == [1, 2, 3]
    assert "key" not in shown
    _, out, _ = run(capsys, "show", "s-single", "--json")
    single = last_json(out)
    assert single["lang"] == "ja" and single["prompt"] == "誤差を二乗するのはなぜですか。"
    assert [c["letter"] for c in single["choices"]] == ["a", "b", "c"]
    _, out, _ = run(capsys, "show", "s-ordering", "--key")
    assert "正解: " in out and "答え方: " in out and ") 順伝播" in out


def test_the_variant_follows_the_course_and_the_student(capsys, course):
    def variant(*args: str) -> int:
        return last_json(run(capsys, "show", "s-sse", "--json", *args)[1])["variant"]

    assert variant() == 0
    for student in ("alice", "bob", "carol", "dave"):
        expected = seed_for(hidden_seed(COURSE_ID, "90_sample", student), "s-sse") % 8
        assert variant("--student", student) == expected
        other = seed_for(hidden_seed("x", "90_sample", student), "s-sse") % 8
        assert variant("--student", student, "--course-id", "x") == other


def test_outside_a_course_the_course_id_is_empty(capsys, outside):
    from autograde.quiz import library

    entry = next(e for e in library(None).items.values() if e.item.variants > 1)
    shown = last_json(run(capsys, "show", entry.item.id, "--json", "--student", "alice")[1])
    expected = seed_for(hidden_seed("", entry.bank.lesson, "alice"), entry.item.id) \
        % entry.item.variants
    assert shown["variant"] == expected


def test_check_grades_japanese_input_and_malformed_answers_with_exit_0(capsys, course):
    status, out, _ = run(capsys, "check", "s-delta", "−０．０３２", "--json")
    result = last_json(out)
    assert (status, result["score"], result["read_as"]) == (0, 1.0, "−0.032")
    status, out, _ = run(capsys, "check", "s-delta", "0.032", "--json", "--lang", "en")
    result = last_json(out)
    assert (status, result["score"], result["misconceptions"]) == (0, 0.0, ["quiz.sign"])
    assert result["lang"] == "en" and result["feedback"].startswith("Not correct.")
    status, out, _ = run(capsys, "check", "s-softmax", "[1, 2]", "--json", "--lang", "en")
    result = last_json(out)
    assert status == 0 and result["score"] == 0 and result["read_as"] is None
    assert "your array is (2,), the answer is (3,)" in result["error"]
    status, out, _ = run(capsys, "check", "s-multiple", "a", "--json")
    assert (status, last_json(out)["score"], last_json(out)["max_score"]) == (0, 1.0, 2.0)


def test_check_for_people_says_the_other_variant(capsys, course):
    from autograde.quiz import Library

    entry = Library.folder(course / "quizzes").items["s-sse"]
    student = next(s for s in (f"s{n}" for n in range(100)) if entry.variant_of(s, COURSE_ID))
    theirs = last_json(run(capsys, "show", "s-sse", "--json", "--key")[1])["key"]
    status, out, _ = run(capsys, "check", "s-sse", theirs, "--student", student, "--lang", "en")
    assert status == 0
    assert "This answer is right for variant 0" in out and "Score: 0 of 1" in out


@pytest.mark.parametrize("args", [
    ("show", "no-such-item"), ("check", "no-such-item", "b", "--json"),
    ("show", "s-single", "--lang", "fr"), ("check", "s-single"), ("frobnicate",),
])
def test_usage_errors_exit_2_with_nothing_on_stdout(capsys, course, args):
    status, out, err = run(capsys, *args)
    assert status == 2 and out == "" and err
    if "no-such-item" in args:
        assert "unknown quiz item 'no-such-item'" in err


def test_a_broken_bank_in_a_course_is_a_usage_error_naming_the_place(capsys, course):
    bank = course / "quizzes" / "90_sample.yaml"
    bank.write_text(bank.read_text().replace("answer: \"2 * w\"", "answer: 2"))
    status, out, err = run(capsys, "list", "--json")
    assert status == 2 and out == ""
    assert f"{bank}:" in err and "item s-matrix, field answer" in err


def test_schema_validates_the_banks(capsys, tmp_path):
    import jsonschema

    target = tmp_path / "bank.schema.json"
    status, out, _ = run(capsys, "schema", "-o", str(target))
    assert status == 0 and out == ""
    schema = json.loads(target.read_text())
    status, out, _ = run(capsys, "schema")
    assert json.loads(out) == schema
    validator = jsonschema.Draft202012Validator(schema)
    for path in [SAMPLE_BANKS / "90_sample.yaml",
                 *sorted((Path(__file__).parents[2] / "course" / "quizzes").glob("*.yaml"))]:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text())))
        assert not errors, (path, errors[:3])
    broken = yaml.safe_load((SAMPLE_BANKS / "90_sample.yaml").read_text())
    broken["items"][0]["choises"] = broken["items"][0].pop("choices")
    assert list(validator.iter_errors(broken))


def test_a_real_process_exits_2_with_an_empty_stdout(outside):
    done = subprocess.run([sys.executable, "-m", "autograde.cli", "quiz", "check", "nope", "b",
                           "--json"], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (2, "")
    assert "unknown quiz item 'nope'" in done.stderr
