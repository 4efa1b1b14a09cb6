"""A student's first hour, in a real browser: JupyterLab, the 01_neuron notebook, Validate.

A Japanese course made by ``autograde init``, released by real nbgrader, served by the
project's own ``jupyter lab``; Debian's Chromium types into the CodeMirror editor, runs cells
with Shift+Enter, saves with Ctrl+S and presses nbgrader's Validate button. Every test works
on its own copy of the released notebook. Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from browser import screenshot
from lab_page import Notebook
from lab_server import BIN, Lab, running
from playwright.sync_api import expect

from autograde.catalog.exercises import EXERCISES
from autograde.kit.quiz.messages import VERDICT
from autograde.kit.quiz.render import WORDS
from autograde.quiz.banks import library

pytestmark = pytest.mark.e2e
ASSIGNMENT = "01_neuron"
SETUP = "setup"
EXERCISE = "relu"
WRONG_RELU = "def relu(x):\n    return x > 0"
"""The student returns the mask instead of the values: the catalog's ``relu.mask``."""
MISTAKE = "relu.mask"
SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
QUIZ = "01-why-activation"
"""A graded single-choice quiz place of the lesson."""
PRACTICE = "01-sigmoid-zero"
"""A practice quiz place (σ(0) and σ'(0)): graded on the spot."""


def _run(*command: str, cwd: Path) -> None:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A Japanese course with 01_neuron released by nbgrader."""
    root = tmp_path_factory.mktemp("e2e") / "nn-dojo-ja"
    _run(sys.executable, "-m", "autograde.cli", "init", str(root), "--lang", "ja", cwd=root.parent)
    _run(str(BIN / "nbgrader"), "generate_assignment", ASSIGNMENT, cwd=root)
    return root


@pytest.fixture(scope="module")
def lab(course, tmp_path_factory):
    with running(course, tmp_path_factory.mktemp("jupyterlab")) as server:
        yield server


@pytest.fixture(scope="module")
def solutions(course) -> dict[str, str]:
    """Solution and quiz answer cell id → the instructor's solution (or the quiz's key) as a
    student would type it."""
    source = nbformat.read(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    return {cell.id: "\n".join(line for line in cell.source.splitlines()
                               if line.strip() not in SOLUTION_MARKERS)
            for cell in source.cells if cell.get("id", "").endswith(("-solution", "-answer"))}


def _released(course: Path) -> Path:
    return course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def _open_copy(course: Path, lab: Lab, page, student: str) -> Notebook:
    """Open a fresh copy of the released notebook, as ``student`` got it."""
    copy = course / "students" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(_released(course), copy)
    return Notebook(page, lab, copy, workspace=student)


def _points(course: Path, cell_id: str) -> float:
    cell = next(c for c in nbformat.read(_released(course), as_version=4).cells
                if c.get("id") == cell_id)
    return float(cell.metadata.nbgrader.points)


def _check_relu(notebook: Notebook, source: str):
    """Set up, type ``source`` into the relu cell, run it and its check; the result."""
    notebook.run(SETUP)
    notebook.type(f"{EXERCISE}-solution", source)
    notebook.run(f"{EXERCISE}-solution")
    output = notebook.run(f"{EXERCISE}-check")
    result = output.locator(f'.autograde-result[data-exercise="{EXERCISE}"]')
    expect(result).to_be_visible()
    result.locator("table").scroll_into_view_if_needed()
    return result


def _score(result) -> tuple[float, float, float]:
    """(score, max score of the public checks, points the exercise is worth)."""
    return tuple(float(result.get_attribute(f"data-{name}"))
                 for name in ("score", "max-score", "points"))


def test_correct_relu_gets_every_point(course, lab, page, solutions):
    notebook = _open_copy(course, lab, page, "correct-relu")
    result = _check_relu(notebook, solutions[f"{EXERCISE}-solution"])
    score, max_score, points = _score(result)
    assert score == max_score > 0
    assert points == _points(course, f"{EXERCISE}-check")
    expect(result.locator("[data-misconception]")).to_have_count(0)
    expect(result.locator("table tr")).not_to_have_count(1)  # a header and the checks
    expect(result.locator("table")).not_to_contain_text("✗")
    screenshot(page, "relu_correct")


def test_wrong_relu_shows_the_mask_hint(course, lab, page):
    notebook = _open_copy(course, lab, page, "wrong-relu")
    result = _check_relu(notebook, WRONG_RELU)
    score, max_score, _ = _score(result)
    assert score < max_score
    expect(result.locator("table")).to_contain_text("✗")
    hint = next(m.hint.ja for m in EXERCISES[EXERCISE].misconceptions if m.id == MISTAKE)
    shown = result.locator(f'[data-misconception="{MISTAKE}"]')
    expect(shown).to_be_visible()
    expect(shown).to_contain_text(hint)
    shown.scroll_into_view_if_needed()
    screenshot(page, "relu_wrong_hint")


def _solve_and_validate(course: Path, lab: Lab, page, student: str,
                        answers: dict[str, str]):
    notebook = _open_copy(course, lab, page, student)
    for cell_id, source in answers.items():
        notebook.type(cell_id, source)
    notebook.save(answers)
    return notebook.validate()


def test_validate_fails_with_a_wrong_relu(course, lab, page, solutions):
    answers = {**solutions, f"{EXERCISE}-solution": WRONG_RELU}
    dialog = _solve_and_validate(course, lab, page, "wrong-validate", answers)
    screenshot(page, "validate_failure")
    expect(dialog.locator("#validation-message.validation-failed")).to_be_visible()
    relu_check = next(c for c in nbformat.read(_released(course), as_version=4).cells
                      if c.get("id") == f"{EXERCISE}-check")
    expect(dialog.get_by_text("The following cell failed:")).to_have_count(1)
    source, error = dialog.locator("#validation-message pre").all_inner_texts()
    assert source == relu_check.source.strip()
    assert "Partial credit" in error  # graded with a score, not a crash


def test_validate_passes_when_every_exercise_is_solved(course, lab, page, solutions):
    dialog = _solve_and_validate(course, lab, page, "all-correct", solutions)
    screenshot(page, "validate_success")
    message = dialog.locator("#validation-message")
    expect(message).to_have_text("Success! Your notebook passes all the tests.")
    expect(message).to_have_class(re.compile(r"\bvalidation-success\b"))


def test_a_graded_quiz_answer_shows_how_it_was_read_and_nothing_more(course, lab, page):
    notebook = _open_copy(course, lab, page, "quiz-answer")
    cell_id = f"quiz-{QUIZ}-answer"
    notebook.type(cell_id, f'from autograde import answer\n\nanswer("{QUIZ}", "ｂ")')
    shown = notebook.run(cell_id).locator(f'.autograde-quiz[data-item="{QUIZ}"]')
    expect(shown).to_be_visible()
    expect(shown).to_contain_text(WORDS["read_as"]("ja", answer="b"))
    expect(shown).to_contain_text(WORDS["valid"]("ja"))
    assert shown.get_attribute("data-score") is None  # no verdict before grading
    expect(notebook.cell(f"quiz-{QUIZ}-answer")).not_to_contain_text("正解")
    shown.scroll_into_view_if_needed()
    screenshot(page, "quiz_graded_echo")
    check = notebook.run(f"quiz-{QUIZ}-check")
    expect(check.locator(".autograde-quiz")).to_have_count(0)  # readable: nothing to say


def test_a_practice_quiz_answer_gets_its_verdict_at_once(course, lab, page):
    notebook = _open_copy(course, lab, page, "quiz-practice")
    cell_id = f"quiz-{PRACTICE}-answer"
    item = library().items[PRACTICE].resolved(0)
    notebook.type(cell_id, f'from autograde import answer\n\nanswer("{PRACTICE}", "[０．５, 1/4]")')
    shown = notebook.run(cell_id).locator(f'.autograde-quiz[data-item="{PRACTICE}"]')
    expect(shown).to_be_visible()
    assert float(shown.get_attribute("data-score")) == item.points
    expect(shown).to_contain_text(WORDS["read_as"]("ja", answer="[0.5, 1/4]"))
    expect(shown).to_contain_text(VERDICT["right"]("ja"))
    shown.scroll_into_view_if_needed()
    screenshot(page, "quiz_practice_verdict")
