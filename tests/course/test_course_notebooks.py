"""The committed lessons: lint, catalog coverage, one language from two, and `autograde init`."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from autograde.catalog.exercises import EXERCISES
from autograde.catalog.spec import build_plan
from autograde.cli import main
from autograde.cli.init import WORDS as INIT_WORDS
from autograde.course import mathjax
from autograde.course.hidden import Seat, seat_of
from autograde.course.layout import assignments, master
from autograde.course.lessons import LANG_TAG, localize, problems
from autograde.course.scaffold import WORDS as SCAFFOLD_WORDS
from autograde.grader.program import exercises_in
from autograde.kit.seeds import hidden_seed

COURSE = Path(__file__).resolve().parents[2] / "course"
LESSONS = sorted(COURSE.glob("source/*/*.ipynb"))


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.parent.name)
def test_lesson_is_clean_bilingual_nbgrader_source(path):
    assert problems(_read(path)) == []


def test_there_are_seven_lessons_one_folder_each():
    assert [p.parent.name for p in LESSONS] == assignments() == assignments(master())
    assert len(LESSONS) == 7


def test_every_catalog_exercise_is_taught_exactly_once():
    taught = [e for path in LESSONS for e in exercises_in(_read(path))]
    assert sorted(taught) == sorted(EXERCISES)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.parent.name)
def test_lesson_marks_a_few_quiz_places(path):
    places = {c.metadata["autograde"]["quiz"] for c in _read(path).cells
              if "autograde" in c.metadata}
    assert 2 <= len(places) <= 5
    assert all(slug.startswith(path.parent.name[:2] + "-") for slug in places)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.parent.name)
def test_localized_lessons_share_their_code_and_keep_one_language(path):
    source = _read(path)
    ja, en = localize(source, "ja"), localize(source, "en")
    assert [c.source for c in ja.cells if c.cell_type == "code"] == [
        c.source.replace('use_language("en")', 'use_language("ja")').replace(', lang="en")', ")")
        for c in en.cells if c.cell_type == "code"]
    tests = [c.source for c in en.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert tests and all(src.count(', lang="en")') == 2 for src in tests)  # check + grade
    for lang, copy in (("ja", ja), ("en", en)):
        markdown = [c for c in copy.cells if c.cell_type == "markdown"]
        assert all(c.id.endswith(f"-{lang}") for c in markdown)
        assert not any(LANG_TAG.format(x) in c.metadata.get("tags", []) for c in copy.cells
                       for x in ("ja", "en"))
        assert f'use_language("{lang}")' in copy.cells[[c.id for c in copy.cells].index(
            "setup")].source
    assert 2 * sum(c.cell_type == "markdown" for c in ja.cells) == sum(
        c.cell_type == "markdown" for c in source.cells)


def _corrupt_outputs(nb):
    cell = next(c for c in nb.cells if c.cell_type == "code")
    cell.outputs = [nbformat.v4.new_output("stream", text="hi")]


def _drop_translation(nb):
    del nb.cells[next(i for i, c in enumerate(nb.cells) if c.get("id", "").endswith("-en"))]


def _wrong_points(nb):
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade"))
    cell.metadata["nbgrader"]["points"] += 1


def _prose_in_code(nb):
    next(c for c in nb.cells if c.get("id") != "setup" and c.cell_type == "code").source += (
        "\n# ここで計算します")


def _duplicate_id(nb):
    nb.cells[-1]["id"] = nb.cells[0]["id"]


def _no_test_source(nb):
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade"))
    cell.source = "assert True"


@pytest.mark.parametrize("corrupt", [_corrupt_outputs, _drop_translation, _wrong_points,
                                     _prose_in_code, _duplicate_id, _no_test_source])
def test_the_lint_finds_each_kind_of_damage(corrupt):
    notebook = _read(LESSONS[0])
    corrupt(notebook)
    assert problems(notebook)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_init_creates_a_one_language_course(tmp_path, capsys, lang):
    target = tmp_path / "my course"
    assert main(["init", str(target), "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert assignments()[0] in out
    said = INIT_WORDS["created"](lang, target=target, n=len(assignments()))
    assert said in out and INIT_WORDS["mathjax"](lang, version=mathjax.VERSION,
                                                  folder=mathjax.COURSE_FOLDER) in out
    config = (target / "nbgrader_config.py").read_text("utf-8")
    assert "'my-course'" in config and str(target / "exchange") in config
    stub = "ここにコードを書いてください" if lang == "ja" else "YOUR CODE HERE"
    assert stub in config
    for path in LESSONS:
        copy = _read(target / "source" / path.parent.name / path.name)
        assert copy.cells == localize(_read(path), lang).cells


def test_init_refuses_a_directory_that_is_in_use(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    assert main(["init", str(tmp_path)]) == 2
    assert SCAFFOLD_WORDS["not_empty"]("ja", target=tmp_path) in capsys.readouterr().err
    assert main(["init", str(tmp_path), "--lang", "en"]) == 2
    assert "not an empty directory" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_notebooks_seat_comes_from_its_place_in_the_course(tmp_path):
    main(["init", str(tmp_path / "c"), "--course-id", "nn101"])
    root = tmp_path / "c"
    for folder, seat in [
        (root / "source" / "01_neuron", Seat("nn101", "01_neuron", "")),
        (root / "autograded" / "s123" / "01_neuron", Seat("nn101", "01_neuron", "s123")),
        (root / "submitted" / "s123" / "01_neuron", Seat("nn101", "01_neuron", "s123")),
        (tmp_path / "elsewhere", Seat("", "elsewhere", "")),
    ]:
        folder.mkdir(parents=True, exist_ok=True)
        assert seat_of(folder) == seat


def test_two_students_get_different_hidden_cases_and_a_regrade_the_same():
    spec = EXERCISES["relu"]

    def hidden_args(student: str) -> list:
        plan = build_plan(spec, seed=hidden_seed("nn101", "01_neuron", student))
        return [c.model_dump_json() for check in plan.checks if check.hidden
                for c in check.cases]

    assert hidden_args("alice") == hidden_args("alice")
    assert hidden_args("alice") != hidden_args("bob")
