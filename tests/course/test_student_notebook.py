"""A student's first hour, in a real Jupyter kernel and through nbgrader's own Validate.

The released lesson 01 is made from the master the way nbgrader does it (its own
ClearSolutions / ClearHiddenTests preprocessors), then driven cell by cell as a student would:
out of order, with a syntax error, with prints and warnings.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions
from nbgrader.validator import Validator

from autograde.catalog.exercises import EXERCISES
from autograde.course.layout import master_source
from autograde.course.lessons import localize
from autograde.kit.bundle import load_bundle
from autograde.kit.messages import message
from autograde.kit.settings import PRINT_LIMIT

LESSON = "01_neuron"


def _master() -> nbformat.NotebookNode:
    return localize(nbformat.reads(
        (master_source(LESSON) / f"{LESSON}.ipynb").read_text(), as_version=4), "ja")


def _released() -> nbformat.NotebookNode:
    notebook, resources = _master(), {}
    for step in (ClearSolutions(), ClearHiddenTests()):
        notebook, resources = step.preprocess(notebook, resources)
    return notebook


def _cell(notebook: nbformat.NotebookNode, cell_id: str) -> nbformat.NotebookNode:
    return next(c for c in notebook.cells if c.get("id") == cell_id)


def _solved(overrides: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """The released notebook with the master's solutions typed in (``overrides`` per cell)."""
    notebook, master = _released(), _master()
    for cell in notebook.cells:
        if str(cell.get("id", "")).endswith("-solution"):
            cell.source = (overrides or {}).get(cell.id, _cell(master, cell.id).source)
    return notebook


def _validate(notebook: nbformat.NotebookNode, tmp_path: Path) -> dict:
    path = tmp_path / f"{LESSON}.ipynb"
    nbformat.write(notebook, path)
    return Validator().validate(str(path))


WRONG_RELU = "def relu(x):\n    return x > 0"


def test_validate_passes_a_correct_notebook(tmp_path):
    assert _validate(_solved(), tmp_path) == {}


def test_validate_fails_a_wrong_notebook_on_the_wrong_exercise_only(tmp_path):
    failed = _validate(_solved({"relu-solution": WRONG_RELU}), tmp_path)["failed"]
    assert [re.search(r'check\("(\w+)"', f["source"]).group(1) for f in failed] == ["relu"]


# -- a student's session in one kernel ------------------------------------------------------

SETUP = 'import numpy as np\n\nfrom autograde import check, use_language\n\nuse_language("ja")'
CHECK_RELU = 'from autograde import check\n\ncheck("relu")'
CHECK_SIGMOID = 'from autograde import check\n\ncheck("sigmoid")'
CHECK_STEP = 'from autograde import check\n\ncheck("step")'
NOISY_RELU = ("def relu(x):\n    for i in range(10000):\n        print('i =', i)\n"
              "    return np.maximum(0, x)")
SESSION = {
    "check_first": CHECK_RELU,                       # before setup and solution
    "solution_before_setup": "def relu(x):\n    return np.maximum(0, x)",
    "check_without_setup": CHECK_RELU,
    "setup": SETUP,
    "good": "def relu(x):\n    return np.maximum(0, x)",
    "check_good": CHECK_RELU,
    "syntax_error": "def relu(x)\n    return np.maximum(0, x)",
    "check_stale": CHECK_RELU,
    "fixed": "def relu(x):\n    return np.maximum(0.0, x)",
    "check_fixed": CHECK_RELU,
    "noisy": NOISY_RELU,
    "check_noisy": CHECK_RELU,
    "overflowing": "def sigmoid(x):\n    return 1 / (1 + np.exp(-x))",
    "check_overflowing": CHECK_SIGMOID,
    "bool_relu": WRONG_RELU,
    "check_bool": CHECK_RELU,
    "bool_step": "def step(x):\n    return x > 0",
    "check_bool_step": CHECK_STEP,
}


@pytest.fixture(scope="module")
def session() -> dict[str, nbformat.NotebookNode]:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in SESSION.values()]
    NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True).execute()
    return dict(zip(SESSION, notebook.cells, strict=True))


def _html(cell: nbformat.NotebookNode) -> str:
    results = [o for o in cell.outputs if o.output_type == "execute_result"]
    assert len(results) == 1, cell.outputs
    return results[0].data["text/html"]


def _no_error_and_no_stderr(cell: nbformat.NotebookNode) -> None:
    assert not [o for o in cell.outputs if o.output_type == "error"
                or (o.output_type == "stream" and o.name == "stderr")], cell.outputs


def _attribute(page: str, name: str) -> float:
    return float(re.search(rf'{name}="([\d.]+)"', page).group(1))


def test_a_check_run_first_says_what_to_run_not_a_traceback(session):
    cell = session["check_first"]
    _no_error_and_no_stderr(cell)
    assert message("not_defined", "ja", function="relu") in _html(cell)


def test_a_function_run_before_the_setup_cell_says_to_run_the_setup(session):
    cell = session["check_without_setup"]
    _no_error_and_no_stderr(cell)
    assert message("setup_not_run", "ja", name="np") in _html(cell)


def test_the_table_says_what_the_public_checks_are_worth(session):
    page = _html(session["check_good"])
    public, points = load_bundle("relu").max_score, EXERCISES["relu"].max_score
    assert _attribute(page, "data-score") == public < points == _attribute(page, "data-points")
    assert message("public_only", "ja", points=f"{points:g}", max=f"{public:g}",
                   rest=f"{points - public:g}") in page
    plain = next(o for o in session["check_good"].outputs if o.output_type == "execute_result")
    assert float(plain.data["text/plain"]) == points  # what Validate reads


def test_a_stale_function_is_named_after_its_cell_failed(session):
    assert any(o.output_type == "error" and o.ename == "SyntaxError"
               for o in session["syntax_error"].outputs)
    stale = message("stale", "ja", functions="relu")
    assert stale in _html(session["check_stale"])
    assert stale not in _html(session["check_fixed"])
    assert stale not in _html(session["check_good"])


def test_what_the_function_printed_is_shown_collapsed_with_its_line_count(session):
    cell = session["check_noisy"]
    _no_error_and_no_stderr(cell)
    page = _html(cell)
    cases = sum(len(c.cases) for c in load_bundle("relu").checks)
    assert f'data-lines="{10000 * cases}"' in page and "<details" in page
    assert "i = 0\n" in page and "i = 9999" not in page  # truncated to the print limit
    assert f"{PRINT_LIMIT:,}" in page
    assert _attribute(page, "data-score") == _attribute(page, "data-max-score")


def test_a_warning_is_shown_and_costs_nothing(session):
    cell = session["check_overflowing"]
    _no_error_and_no_stderr(cell)
    page = _html(cell)
    assert "RuntimeWarning: overflow encountered in exp" in page
    assert message("warnings", "ja") in page
    assert _attribute(page, "data-score") == _attribute(page, "data-max-score")


def test_bool_returns_are_shown_as_true_false_and_sentences_end(session):
    page = _html(session["check_bool"])
    assert "[False, False,  True,  True]" in page or "[False, False, True, True]" in page
    assert re.search(r"実際 \[[^<]*\]。", page)  # the expected/got sentence ends with 。
    assert "1 件すべて正解" not in _html(session["check_bool_step"])
    assert _attribute(_html(session["check_bool_step"]), "data-score") == \
        load_bundle("step").max_score  # a bool array counts as 0/1


def test_a_single_case_reads_correct_not_all_one(session):
    single = [c for c in load_bundle("sigmoid").checks if len(c.cases) == 1]
    page = _html(session["check_overflowing"])
    assert "1 件すべて正解" not in page
    assert page.count(message("passed_one", "ja")) >= len(single)
