"""``autograde grade`` end to end: a real nbgrader course, the real CLI, the real sandbox.

One class of submissions covers honest, buggy, cheating and broken notebooks; the tests check
every student's result, that broken ones never cost anyone else anything, the gradebook, plain
.py submissions, resumable runs (a run killed half-way) and a Dask cluster.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from autograde.catalog.exercises import EXERCISES
from autograde.course.scaffold import init_course
from autograde.grader.program import exercises_in, quiz_places
from autograde.grader.store import Store
from autograde.quiz.banks import library

BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
A = "01_neuron"
LIMITS = ["--cell-timeout", "2", "--timeout", "20"]


def autograde(*args: str, cwd: Path | None = None, check: bool = True):
    done = subprocess.run([str(BIN / "autograde"), *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=600)
    if check:
        assert done.returncode == 0, done.stderr + done.stdout
    return done


def solution(notebook: nbformat.NotebookNode, exercise: str) -> nbformat.NotebookNode:
    return next(c for c in notebook.cells if c.get("id") == f"{exercise}-solution")


def answer_cell(notebook: nbformat.NotebookNode, item: str) -> nbformat.NotebookNode:
    return next(c for c in notebook.cells if c.get("id") == f"quiz-{item}-answer")


def variants(source: nbformat.NotebookNode) -> dict[str, bytes]:
    """Student → the bytes of the notebook they hand in."""
    def edited(change) -> bytes:
        copy = nbformat.from_dict(source)
        change(copy)
        return nbformat.writes(copy).encode()

    def buggy(nb):
        solution(nb, "relu").source = "def relu(x):\n    return (x > 0) * 1.0\n"

    def patches_grader(nb):
        solution(nb, "relu").source = ("import autograde.course.hidden as h\n"
                                       "h.grade = lambda *a, **k: 4.0\n"
                                       "def relu(x):\n    return x * 0\n")

    def imports_reference(nb):
        solution(nb, "relu").source = "from reference.activations import relu\n"

    def duplicated(nb):
        nb.cells.append(nbformat.from_dict(solution(nb, "relu")))
        nb.cells[-1]["id"] = "copy-of-relu"

    def wrong_kernel(nb):
        nb.metadata["kernelspec"] = {"name": "ir", "language": "R", "display_name": "R"}

    def deleted_and_magics(nb):
        nb.cells = [c for c in nb.cells if c.get("id") != "relu-solution"]
        solution(nb, "step").source = "%matplotlib inline\n!ls /\n" + solution(nb, "step").source

    def loops_in_a_cell(nb):
        solution(nb, "step").source = "while True:\n    pass\n"

    def exits(nb):
        solution(nb, "sigmoid").source += "\nimport os\nos._exit(0)\n"

    def quiz_answers(nb):
        answer_cell(nb, "01-sigmoid-zero").source = 'answer("01-sigmoid-zero", "[０．５, 1／4]")'
        answer_cell(nb, "01-weight-change").source = 'w = "-6"\nanswer("01-weight-change", w)'
        answer_cell(nb, "01-why-activation").source = (
            'answer("01-why-activation", "z")\nanswer("01-why-activation", "b")')

    correct = nbformat.writes(source).encode()
    return {
        "alice": correct, "bob": edited(buggy), "carol": edited(patches_grader),
        "dave": edited(imports_reference), "eve": correct[: len(correct) // 2],
        "frank": "# 日本語".encode("shift_jis") + b"\xff\xfe",
        "grace": edited(duplicated), "heidi": edited(wrong_kernel),
        "ivan": edited(deleted_and_magics), "judy": edited(loops_in_a_cell),
        "mallory": edited(exits), "quinn": edited(quiz_answers),
    }


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("grade") / "course"
    init_course(root, "en", "grade-test")
    subprocess.run([str(BIN / "nbgrader"), "generate_assignment", A, "--force"], cwd=root,
                   env=ENV, check=True, capture_output=True)
    source = nbformat.read(root / "source" / A / f"{A}.ipynb", 4)
    for student, data in variants(source).items():
        folder = root / "submitted" / student / A
        folder.mkdir(parents=True)
        (folder / f"{A}.ipynb").write_bytes(data)
    (root / "submitted" / "oscar" / A).mkdir(parents=True)  # a folder without the notebook
    done = autograde("grade", A, "--course", str(root), "--list", *LIMITS)
    with Store.for_course(root) as store:
        results = {r.student: r for r in store.results(A)}
    return root, source, results, done.stdout


def quiz_marks(source) -> float:
    """The points of the assignment's graded quiz places, from the bank."""
    items = [library().items[item].resolved(0) for item in quiz_places(source)]
    return sum(item.points for item in items if item.kind == "graded")


def full_marks(source) -> float:
    return sum(EXERCISES[e].max_score for e in exercises_in(source)) + quiz_marks(source)


def test_everyone_is_graded_and_reported(course):
    _, source, results, stdout = course
    assert set(results) == {"alice", "bob", "carol", "dave", "eve", "frank", "grace", "heidi",
                            "ivan", "judy", "mallory", "oscar", "quinn"}
    for student in results:
        assert student in stdout
    assert all(r.max_score == full_marks(source) for r in results.values())
    assert {r.sandbox for r in results.values() if r.cells} <= {"bwrap", "rlimits"}


def test_honest_and_buggy(course):
    _, source, results, _ = course
    assert results["alice"].score == full_marks(source)
    assert not results["alice"].error and not results["alice"].flags
    bob = results["bob"]
    assert bob.exercise("relu").score < EXERCISES["relu"].max_score
    assert bob.score == full_marks(source) - EXERCISES["relu"].max_score + bob.exercise(
        "relu").score
    assert "relu.mask" in bob.exercise("relu").misconceptions


def test_cheaters_get_nothing_for_the_cheated_exercise(course):
    _, _, results, _ = course
    for student, rule in (("carol", "patches_grader"), ("dave", "imports_reference")):
        assert results[student].exercise("relu").score == 0
        assert rule in {f.rule for f in results[student].flags}
    assert "No module named 'reference'" in " ".join(c.error or "" for c in results["dave"].cells)


@pytest.mark.parametrize(("student", "words"), [
    ("eve", ["01_neuron.ipynb", "JSON"]), ("frank", ["01_neuron.ipynb", "UTF-8"]),
    ("grace", ["relu-solution", "more than once"]), ("heidi", ["Python", "ir"]),
    ("oscar", ["01_neuron.ipynb"]),
])
def test_broken_notebooks_get_a_clear_error_and_zero(course, student, words):
    _, _, results, _ = course
    result = results[student]
    assert result.score == 0
    assert all(word in result.error for word in words), result.error
    assert all(e.score == 0 and e.error for e in result.exercises)


def test_deleted_cell_and_magics(course):
    _, source, results, _ = course
    ivan = results["ivan"]
    assert "relu-solution" in ivan.error
    assert ivan.exercise("relu").score == 0
    assert ivan.score == full_marks(source) - EXERCISES["relu"].max_score
    step = next(c for c in ivan.cells if c.cell == "step-solution")
    assert "%matplotlib inline" in step.note and "!ls /" in step.note and step.error is None


def test_a_looping_cell_costs_only_its_exercise(course):
    _, source, results, _ = course
    judy = results["judy"]
    looping = next(c for c in judy.cells if c.cell == "step-solution")
    assert "time limit" in looping.error
    assert judy.score == full_marks(source) - EXERCISES["step"].max_score


def test_a_submission_that_exits_gets_zero_and_the_reason(course):
    _, source, results, _ = course
    mallory = results["mallory"]
    assert all(e.score == 0 for e in mallory.exercises)
    assert mallory.score == quiz_marks(source) > 0  # her quiz answers are read, not run
    assert any(e.kind == "crashed" for e in mallory.events)
    assert "crashed" in mallory.exercises[0].error


def test_scores_are_in_the_gradebook_and_the_export(course):
    root, _, results, stdout = course
    assert "gradebook" in stdout
    export = root / "grades.csv"
    subprocess.run([str(BIN / "nbgrader"), "export", "--to", str(export)], cwd=root, env=ENV,
                   check=True, capture_output=True)
    import csv

    rows = {row["student_id"]: float(row["score"]) for row in csv.DictReader(export.open())}
    for student, result in results.items():
        assert rows[student] == pytest.approx(result.score), student


def test_quiz_answers_are_read_from_the_code_and_graded_with_the_bank(course):
    root, source, results, _ = course
    alice = {q.item: q for q in results["alice"].quiz}
    assert list(alice) == quiz_places(source)
    assert all(q.score == q.max_score and q.error is None for q in alice.values())
    quinn = {q.item: q for q in results["quinn"].quiz}
    widths = quinn["01-sigmoid-zero"]
    assert (widths.answer, widths.score) == ("[０．５, 1／4]", widths.max_score)
    assert widths.read_as == "[0.5, 1/4]"  # read as meant, Japanese widths and all
    variable = quinn["01-weight-change"]
    assert variable.score == 0 and "quiz-01-weight-change-answer" in variable.error
    last = quinn["01-why-activation"]  # the second answer counts
    expected = library().items["01-why-activation"].check("b", 0, "en")
    assert (last.answer, last.chosen, last.score) == ("b", ["b"], expected.score)
    assert last.misconceptions == expected.misconceptions and last.feedback == expected.feedback
    assert results["quinn"].score == results["alice"].score - sum(
        q.max_score - q.score for q in quinn.values())
    with Store.for_course(root) as store:
        rows = {(r.student, r.item): r for r in store.quiz_responses(A)}
    assert rows[("quinn", "01-why-activation")].answer == "b"
    assert rows[("quinn", "01-weight-change")].error == variable.error


def test_a_rerun_grades_nothing_new_then_only_the_changed_submission(course):
    root, source, _, _ = course
    again = autograde("grade", A, "--course", str(root), "--json", *LIMITS)
    assert again.stdout.strip() == ""
    path = root / "submitted" / "bob" / A / f"{A}.ipynb"
    path.write_text(nbformat.writes(source), "utf-8")
    changed = autograde("grade", A, "--course", str(root), "--json", *LIMITS)
    graded = [json.loads(line) for line in changed.stdout.splitlines()]
    assert [r["student"] for r in graded] == ["bob"]
    assert graded[0]["score"] == full_marks(source)
    with Store.for_course(root) as store:
        assert sum(r.student == "bob" for r in store.results(A)) == 1


def test_plain_python_submissions(tmp_path):
    folder = tmp_path / "files"
    (folder / "zoe").mkdir(parents=True)
    (folder / "yuki.py").write_text("import numpy as np\n\ndef relu(x):\n"
                                    "    return np.maximum(0, x)\n", "utf-8")
    (folder / "zoe" / "answer.py").write_text("def relu(x)\n    return x\n", "utf-8")
    autograde("grade", A, "--files", str(folder), "--quiet", *LIMITS)
    with Store.for_course(folder) as store:
        results = {r.student: r for r in store.results(A)}
    assert results["yuki"].exercise("relu").score == EXERCISES["relu"].max_score
    assert results["yuki"].exercise("step").error  # not defined in the file
    assert results["zoe"].score == 0
    assert "SyntaxError" in results["zoe"].exercises[0].checks[0].message


def _gradebook_scores(root: Path) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        return {s.student_id: s.score for s in gradebook.assignment_submissions(A)}


def test_a_killed_run_resumes_without_losing_or_doubling(tmp_path, course):
    """Results are saved in batches (4 here), the gradebook's first: a kill loses at most the
    batch in flight, never leaves the store ahead of the gradebook, and the re-run grades
    exactly what is missing."""
    root, source, _, _ = course
    big = tmp_path / "big"
    shutil.copytree(root, big, ignore=shutil.ignore_patterns("autograde.db", "submitted"))
    slow = nbformat.from_dict(source)  # 0.3 s each, so that the kill lands half-way
    slow.cells.append(nbformat.v4.new_code_cell("import time\ntime.sleep(0.3)"))
    for i in range(24):
        folder = big / "submitted" / f"s{i:02d}" / A
        folder.mkdir(parents=True)
        (folder / f"{A}.ipynb").write_text(nbformat.writes(slow), "utf-8")
    command = [str(BIN / "autograde"), "grade", A, "--course", str(big), "--quiet",
               "--workers", "1", *LIMITS]
    batches = {**ENV, "AUTOGRADE_SAVE_BATCH": "4", "AUTOGRADE_SAVE_SECONDS": "600"}
    process = subprocess.Popen(command, env=batches, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    done_before = 0
    while time.monotonic() < deadline and done_before < 5:
        time.sleep(0.2)
        with Store.for_course(big) as store:
            done_before = len(store.graded(A))
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    with Store.for_course(big) as store:
        done_before = len(store.graded(A))
    assert 5 <= done_before < 24, "the run should have been killed half-way"
    assert done_before % 4 == 0, "only whole batches are saved"
    with Store.for_course(big) as store:
        assert set(store.graded(A)) <= set(_gradebook_scores(big))  # the gradebook first
    rerun = autograde("grade", A, "--course", str(big), "--json", *LIMITS)
    regraded = [json.loads(line)["student"] for line in rerun.stdout.splitlines()]
    assert len(regraded) == 24 - done_before
    with Store.for_course(big) as store:
        results = store.results(A)
    assert sorted(r.student for r in results) == [f"s{i:02d}" for i in range(24)]
    assert all(r.score == full_marks(source) for r in results)
    in_gradebook = _gradebook_scores(big)  # (the copied gradebook has the class's too)
    assert {r.student: in_gradebook.get(r.student) for r in results} == {
        r.student: r.score for r in results}


def test_grading_on_a_dask_cluster_into_postgresql_gives_the_same_results(course, postgres):
    from distributed import LocalCluster

    root, _, results, _ = course
    db = postgres.new_database()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        autograde("grade", A, "--course", str(root), "--db", db, "--no-gradebook",
                  "--scheduler", cluster.scheduler_address, "--quiet", *LIMITS)
    with Store(db) as store:
        on_dask = {r.student: r for r in store.results(A)}
    assert set(on_dask) == set(results)
    for student, result in on_dask.items():
        if student != "bob":  # bob resubmitted in an earlier test
            assert result.score == results[student].score, student


def test_usage_errors_are_clear(tmp_path, course):
    root = course[0]
    done = autograde("grade", "99_nothing", "--course", str(root), check=False)
    assert done.returncode == 2 and "99_nothing" in done.stderr and "Traceback" not in done.stderr
    done = autograde("grade", A, "--course", str(tmp_path), check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    done = autograde("grade", A, "--course", str(root), "--db", f"sqlite:///{tmp_path}/x.db",
                     "--scheduler", "tcp://127.0.0.1:9", check=False)
    assert done.returncode == 2 and "127.0.0.1:9" in done.stderr
    assert "Traceback" not in done.stderr


def test_stored_results_the_gradebook_lacks_are_written_without_regrading(tmp_path, course):
    """A gradebook made again (or a run with --no-gradebook) gets the stored results on the
    next run, which grades nothing."""
    root, _, results, _ = course
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("gradebook.db"))
    subprocess.run([str(BIN / "nbgrader"), "generate_assignment", A, "--force"], cwd=fresh,
                   env=ENV, check=True, capture_output=True)
    assert _gradebook_scores(fresh) == {}
    again = autograde("grade", A, "--course", str(fresh), "--json", *LIMITS)
    assert again.stdout.strip() == ""  # nothing graded
    with Store.for_course(fresh) as store:
        stored = {r.student: r.score for r in store.results(A)}
    assert _gradebook_scores(fresh) == stored and len(stored) == len(results)


def test_a_gradebook_without_the_assignment_stops_the_run_before_any_result(tmp_path, course):
    """The gradebook is opened while the workers warm up; when it cannot take the scores, the
    run stops there: nothing is graded into the store either."""
    root = Path(shutil.copytree(course[0], tmp_path / "course"))
    (root / "gradebook.db").unlink()  # a gradebook made again, without the assignment
    db = f"sqlite:///{tmp_path / 'results.db'}"
    done = autograde("grade", A, "--course", str(root), "--db", db, check=False)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert f"nbgrader generate_assignment {A}" in done.stderr + done.stdout
    with Store(db) as store:
        assert store.results(A) == []
