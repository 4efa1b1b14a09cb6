"""No optimisation of the grader changes a grade: every submission of a sample class over
lessons 01–06 — correct work in several styles, every misconception, cheats, broken notebooks —
gets the same result (scores, checks, messages, quiz answers, flags, which cells failed and
why) with each optimisation turned off:

- figures not drawn (:mod:`autograde.sandbox.inert_pyplot`; ``AUTOGRADE_DRAW=1`` draws them);
  a plot of the student's function still calls it;
- instructor demonstrations left out (:mod:`autograde.grader.demo_cells`;
  ``AUTOGRADE_RUN_DEMOS=1`` runs them); the cells left out are the only difference;
- results saved in batches (``AUTOGRADE_SAVE_BATCH=1`` saves one at a time).

(The plans' public checks, built once per process, are compared in test_plan_cache.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograde.course.sample_class import generate_class
from autograde.course.scaffold import init_course
from autograde.grader.program import PROBLEMS
from autograde.grader.records import SubmissionResult
from autograde.grader.store import Store
from autograde.sandbox import inert_pyplot

BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
LESSONS = ("01_neuron", "02_forward", "03_loss", "04_gradient_descent", "05_backprop",
           "06_optimizers")
STUDENTS = 8


LEFT_OUT = {PROBLEMS["left_out"](lang) for lang in ("ja", "en")}
OFF = {"drawing": {"AUTOGRADE_DRAW": "1"}, "demos": {"AUTOGRADE_RUN_DEMOS": "1"},
       "batches": {"AUTOGRADE_SAVE_BATCH": "1"}}
"""Each optimisation, and the environment that turns it off."""


def what_grading_decides(result: SubmissionResult) -> dict:
    """Everything but times and memory."""
    return {"score": result.score, "error": result.error,
            "exercises": [e.model_dump() for e in result.exercises],
            "quiz": [q.model_dump() for q in result.quiz],
            "flags": [f.model_dump() for f in result.flags],
            "cells": {c.cell: (c.error, c.note) for c in result.cells},
            "events": [(e.kind, e.detail) for e in result.events]}


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("no-drawing") / "course"
    init_course(root, "ja", "no-drawing")
    subprocess.run([str(BIN / "nbgrader"), "generate_assignment", "0[1-6]_*", "--force"],
                   cwd=root, env=ENV, check=True, capture_output=True)
    generate_class(root, LESSONS, STUDENTS)
    return root


def graded(course: Path, off: str | None = None) -> dict[tuple[str, str], dict]:
    """Every result of the class, graded with the optimisation ``off`` turned off."""
    db = f"sqlite:///{course / ((off or 'default') + '.db')}"
    env = {**ENV, **OFF.get(off, {})}
    for lesson in LESSONS:
        done = subprocess.run([str(BIN / "autograde"), "grade", lesson, "--course", str(course),
                               "--db", db, "--no-gradebook", "--quiet"], env=env,
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr
    with Store(db) as store:
        return {(r.assignment, r.student): what_grading_decides(r) for r in store.results()}


@pytest.fixture(scope="module")
def optimised(course) -> dict[tuple[str, str], dict]:
    results = graded(course)
    assert len(results) == len(LESSONS) * STUDENTS
    assert any(r["score"] > 0 for r in results.values())  # (and some work was right)
    return results


def test_not_drawing_changes_no_grade(course, optimised):
    assert graded(course, "drawing") == optimised


def test_saving_in_batches_changes_no_grade(course, optimised):
    assert graded(course, "batches") == optimised


def test_leaving_demonstrations_out_changes_no_grade(course, optimised):
    """Only the cells left out differ (they ran, and what they raised or printed is known)."""
    ran = graded(course, "demos")
    left_out = {key: {cell for cell, (_, note) in result["cells"].items() if note in LEFT_OUT}
                for key, result in optimised.items()}
    assert sum(map(len, left_out.values())) >= len(optimised)  # every lesson has some
    assert any("iris-train-code" in cells for cells in left_out.values())

    def without(results: dict, key: tuple[str, str]) -> dict:
        cells = {c: v for c, v in results[key]["cells"].items() if c not in left_out[key]}
        return {**results[key], "cells": cells}

    assert {k: without(ran, k) for k in ran} == {k: without(optimised, k) for k in optimised}


def test_a_plot_still_calls_the_students_function_and_raises_what_it_raises(monkeypatch):
    import matplotlib
    import matplotlib.pyplot as real

    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", real)  # put back afterwards
    monkeypatch.setattr(matplotlib, "pyplot", real)
    inert_pyplot.install()
    import matplotlib.pyplot as plt
    from matplotlib import pyplot

    assert plt is pyplot and isinstance(plt.figure(), inert_pyplot.Inert)
    calls = []

    def relu(x):
        calls.append(x)
        raise ValueError("student bug")

    fig, axes = plt.subplots(1, 4, figsize=(12, 2.8))
    with pytest.raises(ValueError, match="student bug"):
        for ax in axes:
            ax.plot(np.arange(3), relu(np.arange(3)))
    assert len(calls) == 1
    _, grid = plt.subplots(2, 3)
    assert grid.shape == (2, 3) and len(grid.ravel()) == 6 and grid[1, 2] is grid[0, 0]
    fig, ax = plt.subplots()
    image = ax.imshow(np.eye(3))
    fig.colorbar(image, ax=ax)
    with plt.style.context("ggplot"):
        plt.rcParams["font.size"] = 9


def test_before_matplotlib_is_imported_installing_imports_nothing():
    """The warm server does not import matplotlib (a smaller server forks faster): installing
    imports nothing (matplotlib would make a cache folder in the private working directory),
    and every later import of matplotlib or pyplot, in any spelling, gets an inert module."""
    code = ("import sys\nfrom autograde.sandbox import inert_pyplot\ninert_pyplot.install()\n"
            "assert 'matplotlib' not in sys.modules\n"
            "import matplotlib.pyplot as a\nfrom matplotlib import pyplot as b\n"
            "import matplotlib as mpl\nfrom matplotlib.colors import ListedColormap\n"
            "mpl.use('Agg')\nmpl.rcParams['font.size'] = 9\nListedColormap(['r', 'b'])\n"
            "fig, axes = a.subplots(2, 3)\n"
            "print(isinstance(a.figure(), inert_pyplot.Inert), a is b is mpl.pyplot,\n"
            "      isinstance(mpl, inert_pyplot.InertModule), axes.shape == (2, 3),\n"
            "      hasattr(mpl, '__file__'))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.split() == ["True", "True", "True", "True", "False"], done.stderr
