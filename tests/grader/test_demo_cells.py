"""Which instructor cells the grader leaves out (:mod:`autograde.grader.demo_cells`): only
demonstrations nothing later depends on, never a cell whose names, values or side effects a
later cell or a graded function may read."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from autograde.catalog.exercises import EXERCISES
from autograde.grader.demo_cells import demonstrations
from autograde.grader.program import Cell, exercises_in, from_notebook, graded_functions

SETUP = Cell("setup", "import numpy as np\nimport matplotlib.pyplot as plt\n", as_master=True)
SOLUTION = Cell("relu-solution", "def relu(x):\n    return np.maximum(0, x)\n")


def left_out(*cells: Cell, functions=("relu",)) -> list[str]:
    program = (SETUP, SOLUTION, *cells)
    return [program[i].name for i in sorted(demonstrations(program, functions))]


def demo(name: str, source: str) -> Cell:
    return Cell(name, source, as_master=True)


def test_a_plot_and_a_print_of_the_students_function_are_left_out():
    plot = demo("plot", "x = np.linspace(-5, 5, 100)\nplt.plot(x, relu(x))\nplt.show()\n")
    show = demo("show", "print(relu(np.array([-1.0, 2.0])))\n")
    assert left_out(plot, show) == ["plot", "show"]


def test_a_training_demo_with_its_own_generator_is_left_out():
    train = demo("train", "rng = np.random.default_rng(0)\nw = rng.normal(size=3)\n"
                          "for step in range(100):\n    w = w - 0.1 * relu(w)\nprint(w)\n")
    assert left_out(train) == ["train"]


@pytest.mark.parametrize("later", [
    Cell("uses-x", "print(x.sum())"),  # a later cell reads what it binds
    Cell("late", "def relu_scaled(v):\n    return relu(v) * x.max()\n"),  # ... a function, later
])
def test_a_cell_whose_names_are_read_later_runs(later):
    data = demo("data", "x = np.arange(5.0)\n")
    assert left_out(data, later) == []


def test_a_name_a_graded_function_reads_when_called_keeps_the_cell_binding_it():
    scale = demo("scale", "SCALE = 2.0\n")
    solution = Cell("double-solution", "def double(v):\n    return SCALE * v\n")
    assert left_out(solution, scale, functions=("relu", "double")) == []


def test_a_function_of_a_running_cell_reads_names_bound_after_it():
    helper = demo("helper", "def total():\n    return data.sum()\n")
    data = demo("data", "data = np.ones(3)\n")
    runs = Cell("student", "value = total()\n")
    assert left_out(helper, data, runs) == []


@pytest.mark.parametrize("change", [
    "x.append(1)", "x[0] = 5", "x.sort()", "relu(x)", "np.copyto(x, 0)",
    "np.add(1, 1, out=x)",
])
def test_a_cell_that_may_change_a_value_read_later_runs(change):
    made = demo("made", "x = [3, 1, 2]\n")
    changes = demo("changes", change)
    reads = Cell("student", "y = x")
    assert "changes" not in left_out(made, changes, reads)


@pytest.mark.parametrize("source", [
    "np.random.seed(0)", "noise = np.random.rand(3)", "import random\nrandom.shuffle([1, 2])",
    "open('out.txt', 'w').write('x')", "plt.savefig('figure.png')", "np.save('a.npy', 1)",
    "globals()['relu'] = abs", "exec('relu = abs')", "import numpy\nnumpy.pi = 3",
    "from math import *",
])
def test_a_cell_with_effects_beyond_its_names_runs(source):
    assert left_out(demo("effect", source)) == []


def test_a_cell_the_student_changed_runs():
    assert left_out(Cell("plot", "plt.plot(relu(np.arange(3)))")) == []


def test_a_cell_that_binds_a_graded_function_runs():
    assert left_out(demo("alias", "relu = lambda x: x")) == []


def test_a_later_cell_reading_the_namespace_dynamically_keeps_every_cell_before_it():
    first = demo("first", "x = 1")
    dynamic = Cell("student", "names = list(globals())")
    after = demo("after", "print(relu(np.ones(2)))")
    assert left_out(first, dynamic, after) == ["after"]


def test_a_cell_that_does_not_parse_runs():
    assert left_out(demo("broken", "def (")) == []


def test_the_lessons_keep_their_setup_and_leave_out_their_training_demos():
    """On each lesson's own master (graded as if a student handed it in)."""
    left = {}
    for path in sorted(Path("course/source").glob("0*/*.ipynb")):
        master = nbformat.read(path, 4)
        program = from_notebook(path, master)
        names = graded_functions(master)
        functions = {n for e in exercises_in(master)
                     for n in names.get(e) or EXERCISES[e].function_names}
        skipped = demonstrations(program.cells, functions)
        assert "setup" not in {program.cells[i].name for i in skipped}
        left[path.stem] = {program.cells[i].name for i in skipped}
    assert {"iris-train-code", "iris-capstone-demo-code"} <= left["05_backprop"]
    assert "activation-plots" in left["01_neuron"]
