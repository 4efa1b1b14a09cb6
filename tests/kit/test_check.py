"""Student-side check(): a table in the student's language, the score as text/plain."""

from __future__ import annotations

import time

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient
from nbgrader.utils import determine_grade

from autograde import check, use_language
from autograde.catalog.exercises import EXERCISES
from autograde.kit import text
from autograde.kit.bundle import load_bundle


def relu(x):
    return np.maximum(0, x)


def test_correct_function_gets_the_public_points_on_the_exercise_scale():
    report = check("relu", relu)
    bundle = load_bundle("relu")
    assert report.score == bundle.max_score > 0
    assert bundle.points == EXERCISES["relu"].max_score > bundle.max_score
    assert float(report) == float(repr(report)) == bundle.points  # what nbgrader reads


def test_feedback_is_japanese_by_default_and_english_on_request(monkeypatch):
    monkeypatch.delenv("AUTOGRADE_LANG", raising=False)
    ja = check("relu", lambda x: x > 0)
    assert "relu.mask" in ja.result.misconceptions
    assert "値そのもの" in str(ja)
    monkeypatch.setenv("AUTOGRADE_LANG", "en")
    en = check("relu", lambda x: x > 0)
    assert "Positive inputs" in str(en)


def test_text_table_marks_passed_and_failed_checks():
    shown = str(check("softmax", lambda x: np.exp(x) / np.exp(x).sum(-1, keepdims=True)))
    unstable = next(m for m in load_bundle("softmax").misconceptions if m.id == "softmax.unstable")
    assert "✓" in shown and "✗" in shown and unstable.name("ja") in shown
    assert "softmax.unstable" not in shown  # ids are for --json and the docs, not the screen


def test_html_escapes_everything_the_submission_influences():
    def hostile(x):
        raise ValueError("<script>alert(1)</script>")

    page = check("relu", hostile)._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_an_endless_loop_is_stopped_after_one_case_limit():
    def spins(x):
        while True:
            pass

    start = time.perf_counter()
    report = check("relu", spins, lang="en")
    limit = load_bundle("relu").time_limit
    assert float(report) == 0 and f"{limit:g}" in str(report)
    assert time.perf_counter() - start < 2 * limit  # later cases are not waited for again


def test_use_language_switches_feedback_for_the_session(monkeypatch):
    monkeypatch.setenv("AUTOGRADE_LANG", "ja")
    monkeypatch.setattr(text, "_chosen", [])
    use_language("en")
    assert "Positive inputs" in str(check("relu", lambda x: x > 0))
    use_language("ja")
    assert "値そのもの" in str(check("relu", lambda x: x > 0))


def test_unknown_exercise_is_a_message_not_a_traceback():
    report = check("relux", relu, lang="en")
    assert float(report) == 0 and "relux" in report.result.error


def test_missing_function_is_named():
    report = check("relu", None, lang="en")
    assert float(report) == 0 and "relu" in report.result.error


def test_too_many_functions_is_explained():
    report = check("relu", relu, relu, lang="en")
    assert float(report) == 0 and "Pass relu" in report.result.error


def test_outside_a_notebook_the_table_is_printed_to_stdout(capfd):
    check("relu", relu)
    out, err = capfd.readouterr()
    assert "relu" in out and "✓" in out and err == ""


NOTEBOOK_CELLS = [
    "import numpy as np\nfrom autograde import check",
    "def relu(x):\n    print('debugging', x)\n    return x > 0",
    'check("relu", relu)',
]


@pytest.fixture(scope="module")
def executed_notebook():
    """A real Jupyter kernel runs a student's notebook with a mistaken relu."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in NOTEBOOK_CELLS]
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    return nb


def test_in_a_kernel_the_result_is_html_with_the_score_as_text_plain(executed_notebook):
    outputs = executed_notebook.cells[-1].outputs
    assert [o.output_type for o in outputs] == ["execute_result"]
    data = outputs[0].data
    assert "relu.mask" in data["text/html"]
    assert float(data["text/plain"]) < load_bundle("relu").max_score


def test_nbgrader_reads_the_partial_credit(executed_notebook):
    cell = executed_notebook.cells[-1]
    points = EXERCISES["relu"].max_score
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "points": points,
                                 "grade_id": "check_relu", "locked": True}
    score, max_score = determine_grade(cell)
    assert max_score == points
    assert score == float(cell.outputs[0].data["text/plain"])
