"""Integrity signals (autograde/reports/similarity.py): clusters of near-identical solutions from
stored fingerprints — the rules on hand-made hash sets, a real ``autograde grade`` run on a small
class with one copied pair, the 1,000-student benchmark — and quiz answers that fit another
student's variant."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import nbformat
import pytest

from autograde.catalog.exercises import EXERCISES
from autograde.course.scaffold import init_course
from autograde.grader.fingerprint import stub
from autograde.grader.records import QuizResponse, SubmissionResult
from autograde.grader.store import Store
from autograde.reports.similarity import (
    COMMON_MIN,
    COMMON_SHARE,
    MIN_SHARED,
    THRESHOLD,
    Cluster,
    Pair,
    Rules,
    VariantAnswer,
    clusters,
    similar_clusters,
    wrong_variant_answers,
)

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
A = "01_neuron"


def hashes(start: int, count: int) -> list[int]:
    return list(range(start, start + count))


def jaccard(first: list[int], second: list[int]) -> float:
    a, b = set(first), set(second)
    return len(a & b) / len(a | b)


def test_a_copied_pair_is_a_cluster_with_its_jaccard():
    """ann and ben share 18 of their 20 and 22 hashes: 18 / 24 = 0.75; at 0.7 a cluster."""
    ann, ben = hashes(0, 20), hashes(2, 18) + hashes(100, 4)
    prints = {"relu": {"ann": ann, "ben": ben, "cy": hashes(200, 30)}}
    assert clusters(A, prints, 3) == []  # 0.75 < THRESHOLD
    found = clusters(A, prints, 3, Rules(threshold=0.7))
    assert found == [Cluster(A, "relu", ("ann", "ben"), 0.75, (Pair(("ann", "ben"), 0.75, 18),))]
    assert jaccard(ann, ben) == 0.75


def test_clusters_are_connected_components_and_the_closest_pair_is_first():
    """a~b and b~c above the threshold, a~c below it: one cluster of three; d~e apart."""
    step = {"a": hashes(0, 40), "b": hashes(4, 36) + hashes(200, 4),
            "c": hashes(8, 32) + hashes(200, 8), "d": hashes(1000, 30), "e": hashes(1000, 30)}
    found = clusters(A, {"step": step}, 5)
    assert [(c.students, c.similarity) for c in found] == [
        (("d", "e"), 1.0), (("a", "b", "c"), round(36 / 44, 4))]
    abc = found[1].pairs
    assert {p.students for p in abc} == {("a", "b"), ("b", "c")}
    assert jaccard(step["a"], step["c"]) < THRESHOLD
    assert all(p.similarity == round(jaccard(step[p.students[0]], step[p.students[1]]), 4)
               for p in abc)


def test_tiny_solutions_need_enough_distinctive_hashes():
    """Identical fingerprints below MIN_SHARED hashes (a one-liner beyond the model answer)
    are no evidence; from MIN_SHARED on they are."""
    few = {"relu": {"a": hashes(0, MIN_SHARED - 1), "b": hashes(0, MIN_SHARED - 1)}}
    enough = {"relu": {"a": hashes(0, MIN_SHARED), "b": hashes(0, MIN_SHARED)}}
    assert clusters(A, few, 2) == []
    assert [c.students for c in clusters(A, enough, 2)] == [("a", "b")]


def test_hashes_common_to_the_class_are_not_evidence():
    """100 students share one idiom's 30 hashes (above 5 % and 5 of them): no cluster of 100; the
    two who also share 20 own hashes are the cluster, their Jaccard over the distinctive ones."""
    idiom = hashes(0, 30)
    prints = {"relu": {f"s{i:03d}": idiom + hashes(1000 + 50 * i, 3) for i in range(100)}}
    prints["relu"]["s007"] = idiom + hashes(90_000, 20)
    prints["relu"]["s042"] = idiom + hashes(90_000, 20) + hashes(95_000, 2)
    found = clusters(A, prints, 100)
    assert [(c.students, c.similarity) for c in found] == [(("s007", "s042"), round(20 / 22, 4))]
    assert Rules().common_above(100) == COMMON_MIN < 100
    assert Rules().common_above(1000) == COMMON_SHARE * 1000


def test_a_small_class_keeps_hashes_shared_by_a_few():
    """In a class of 6 (5 % is under one student) hashes shared by up to COMMON_MIN students
    stay distinctive: three copies of the same code are one cluster."""
    same = hashes(0, 20)
    prints = {"neuron": {"a": same, "b": same, "c": same, "d": hashes(50, 20),
                         "e": hashes(80, 20), "f": hashes(110, 20)}}
    assert [c.students for c in clusters(A, prints, 6)] == [("a", "b", "c")]


def test_the_threshold_is_the_callers(tmp_path):
    ann, ben = hashes(0, 40), hashes(0, 36) + hashes(100, 4)  # 36 / 44 = 0.8182
    with Store.for_course(tmp_path) as store:
        store.save_all(SubmissionResult(assignment=A, student=s, path=f"{s}.py", digest="0" * 64,
                                        lang="en", fingerprints={"relu": h})
                       for s, h in (("ann", ann), ("ben", ben), ("cy", [])))
        assert [c.similarity for c in similar_clusters(store, A)] == [round(36 / 44, 4)]
        assert similar_clusters(store, A, threshold=0.9) == []
        assert similar_clusters(store, "02_forward") == []


def test_answers_right_for_another_variant_name_who_holds_that_variant(tmp_path):
    def response(item: str, variant: int, other: int | None, answer: str) -> QuizResponse:
        return QuizResponse(item=item, lesson=A, variant=variant, answer=answer,
                            score=0.0 if other is not None else 1.0, max_score=1.0,
                            other_variant=other)

    answers = {"ann": [response("01-weight-change", 1, None, "-6"),
                       response("01-why-activation", 2, None, "a")],
               "ben": [response("01-weight-change", 2, 1, "-6")],
               "cy": [response("01-weight-change", 1, None, "-6"),
                      response("01-why-activation", 0, 3, "c")],
               "dee": [response("01-weight-change", 3, None, "4")]}
    with Store.for_course(tmp_path) as store:
        store.save_all(SubmissionResult(assignment=A, student=s, path=f"{s}.ipynb",
                                        digest="0" * 64, lang="en", quiz=q)
                       for s, q in answers.items())
        assert wrong_variant_answers(store, [A, "02_forward"]) == [
            VariantAnswer(A, "ben", "01-weight-change", 2, 1, "-6", ("ann", "cy")),
            VariantAnswer(A, "cy", "01-why-activation", 0, 3, "c", ())]


# --- a real `autograde grade` run -------------------------------------------------------------

SIGMOID = """def sigmoid(x):
    values = np.asarray(x, dtype=np.float64)
    result = np.empty_like(values)
    positive = values >= 0
    result[positive] = 1.0 / (1.0 + np.exp(-values[positive]))
    exp_neg = np.exp(values[~positive])
    result[~positive] = exp_neg / (1.0 + exp_neg)
    return result
"""
SIGMOID_COPY = '''def sigmoid(z):
    """Numerically stable logistic function."""
    # work on floats
    arr = np.asarray(z,
                     dtype=np.float64)
    out = np.empty_like(arr)

    mask = (arr >= 0)  # the safe half
    out[mask] = 1.0 / (1.0 + np.exp(-arr[mask]))
    e = np.exp(arr[~mask])
    out[~mask] = e / (1.0 + e)
    return out
'''
SIGMOID_OWN = """def sigmoid(x):
    z = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))
"""
STEP = """def step(x):
    arr = np.asarray(x)
    out = np.zeros(arr.shape, dtype=np.float64)
    positive = arr > 0
    out[positive] = 1.0
    return out
"""
STEP_COPY = """def step(inputs):
    a = np.asarray(inputs)
    y = np.zeros(a.shape, dtype=np.float64)  # all zero first
    up = a > 0
    y[up] = 1.0
    return y
"""
STEP_OWN = """def step(x):
    return np.heaviside(np.asarray(x, dtype=np.float64), 0.0)
"""
RENAMED_MASTER = {"relu": "def relu(v):\n    return np.maximum(0, v)\n",
                  "neuron": "def neuron(inp, weights, bias):\n"
                            "    return np.maximum(0.0, np.dot(weights, inp) + bias)\n"}
CLASS = {"alice": {}, "bob": {"sigmoid": SIGMOID, "step": STEP},
         "carol": {"sigmoid": SIGMOID_COPY, "step": STEP_COPY},
         "dave": {"sigmoid": SIGMOID_OWN, "step": STEP_OWN},
         "erin": RENAMED_MASTER, "frank": "stub"}
"""alice hands in the model answer, erin renames it, frank leaves every stub; bob writes his
own sigmoid and step, carol copies them renamed and reformatted, dave writes his own too."""


def notebook_of(source: nbformat.NotebookNode, solutions: dict[str, str] | str) -> bytes:
    copy = nbformat.from_dict(source)
    for cell in copy.cells:
        exercise = cell.get("id", "").removesuffix("-solution")
        if cell.get("id", "").endswith("-solution"):
            if solutions == "stub":
                cell.source = stub(cell.source)
            elif exercise in solutions:
                cell.source = solutions[exercise]
    return nbformat.writes(copy).encode()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("similarity") / "course"
    init_course(root, "en", "similarity-test")
    subprocess.run([str(BIN / "nbgrader"), "generate_assignment", A, "--force"], cwd=root,
                   env=ENV, check=True, capture_output=True, timeout=600)
    source = nbformat.read(root / "source" / A / f"{A}.ipynb", 4)
    for student, solutions in CLASS.items():
        folder = root / "submitted" / student / A
        folder.mkdir(parents=True)
        (folder / f"{A}.ipynb").write_bytes(notebook_of(source, solutions))
    done = subprocess.run([str(BIN / "autograde"), "grade", A, "--course", str(root), "--quiet",
                           "--cell-timeout", "2", "--timeout", "20"],
                          env=ENV, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr + done.stdout
    return root


def test_grading_stores_fingerprints_of_what_students_wrote_beyond_the_master(graded):
    with Store.for_course(graded) as store:
        results = {r.student: r for r in store.results(A)}
        stored = store.fingerprints(A)
    assert set(results) == set(CLASS)
    for student in ("bob", "carol", "dave"):  # correct code: copying is not about wrong code
        for exercise in ("sigmoid", "step"):
            assert results[student].exercise(exercise).score == EXERCISES[exercise].max_score
        assert set(results[student].fingerprints) == {"sigmoid", "step"}
    for student in ("alice", "erin", "frank"):  # the model answer, renamed, and the stubs
        assert results[student].fingerprints == {}
    assert all(e.score == 0 for e in results["frank"].exercises)
    assert stored == {exercise: {r.student: r.fingerprints[exercise] for r in results.values()
                                 if exercise in r.fingerprints}
                      for exercise in ("sigmoid", "step")}


def test_the_copied_pair_comes_out_and_nobody_else(graded):
    with Store.for_course(graded) as store:
        found = similar_clusters(store, A)
        prints = store.fingerprints(A)
    assert [(c.exercise, c.students) for c in sorted(found, key=lambda c: c.exercise)] == [
        ("sigmoid", ("bob", "carol")), ("step", ("bob", "carol"))]
    for cluster in found:
        bob, carol = prints[cluster.exercise]["bob"], prints[cluster.exercise]["carol"]
        assert cluster.similarity == round(jaccard(bob, carol), 4) >= THRESHOLD
        assert cluster.pairs[0].shared == len(set(bob) & set(carol)) >= MIN_SHARED
    for exercise, by_student in prints.items():
        for first, second in combinations(sorted(set(by_student) - {"carol"}), 2):
            assert jaccard(by_student[first], by_student[second]) < THRESHOLD, exercise


# --- scale ------------------------------------------------------------------------------------

def test_a_thousand_students_cluster_in_well_under_two_seconds(capsys):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "similarity.py"),
                           "--students", "1000"], capture_output=True, text=True, timeout=600,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    with capsys.disabled():
        print("\n" + done.stdout.strip())
    seconds = float(re.search(r"similar_clusters: ([\d.]+) s", done.stdout).group(1))
    assert "exactly the planted groups" in done.stdout
    assert re.search(r"generated 1000 students x 7 exercises \((\d+) fingerprint rows",
                     done.stdout)
    assert seconds < 2.0
