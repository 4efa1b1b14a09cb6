"""Solution fingerprints (autograde/grader/fingerprint.py): what the normalised token stream keeps
and drops, that renaming and reformatting every master solution leaves its fingerprint nearly
whole, that different correct solutions (checked against ``reference``) stay apart, that the
instructor's solution and stub are left out, and that the store keeps them."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograde.catalog.exercises import EXERCISES
from autograde.catalog.spec import build_plan
from autograde.course.layout import assignments, master_source
from autograde.grader.fingerprint import (
    MAX_HASHES,
    K,
    fingerprint,
    fingerprints,
    imported_names,
    jaccard,
    master_scaffolds,
    scaffold,
    solution_source,
    stub,
    tokens,
)
from autograde.grader.program import (
    exercises_in,
    from_file,
    from_notebook,
    graded_functions,
    read_notebook,
)
from autograde.grader.records import SubmissionResult
from autograde.grader.store import Store
from autograde.reports.similarity import THRESHOLD
from reference import activations, gradients, losses

NP = frozenset({"np"})


def master_path(assignment: str) -> Path:
    return Path(str(master_source(assignment) / f"{assignment}.ipynb"))


def exercises_of(notebook: nbformat.NotebookNode) -> tuple[tuple[str, tuple[str, ...]], ...]:
    names = graded_functions(notebook)
    return tuple((e, tuple(names.get(e) or build_plan(EXERCISES[e], seed=0).functions))
                 for e in exercises_in(notebook))


def master_solutions() -> list[tuple[str, str, str]]:
    """(assignment, exercise, the master's solution cell) for every exercise of the course."""
    found = []
    for assignment in assignments():
        notebook = read_notebook(master_path(assignment))
        cells = [(c.get("id", ""), c.source) for c in notebook.cells if c.cell_type == "code"]
        found += [(assignment, e, solution_source(cells, e, f)) for e, f in exercises_of(notebook)]
    return found


class Renamer(ast.NodeTransformer):
    """Every name the code binds (parameters, assignments, loop variables, its functions) gets
    another spelling; ``np``, builtins, attributes and keyword names stay."""

    def __init__(self, tree: ast.AST) -> None:
        self.bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
                      and isinstance(n.ctx, ast.Store)}
        self.bound |= {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
        self.bound |= {f.name for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}

    def new(self, name: str) -> str:
        return f"my_{name}_2" if name in self.bound else name

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.copy_location(ast.Name(self.new(node.id), node.ctx), node)

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg = self.new(node.arg)
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
        node.name = self.new(node.name)
        self.generic_visit(node)
        return node


def disguised(source: str) -> str:
    """``source`` renamed, re-printed by ``ast.unparse`` (its own spacing, quotes and
    parentheses, comments gone), then given a docstring, comments and blank lines."""
    tree = ast.parse(source)
    renamed = ast.unparse(Renamer(tree).visit(tree))
    lines = []
    for line in renamed.splitlines():
        lines.append(line)
        if line.startswith("def "):
            lines += ['    """My own work, honestly."""', "    # step by step", ""]
    return "# 解答\n" + "\n".join(lines) + "  # done\n"


def test_comments_docstrings_and_formatting_are_dropped():
    plain = "def f(x):\n    y = np.sum(x, axis=0)\n    return y * 2\n"
    noisy = ('def f(x):  # mine\n    """Sum it."""\n\n    y = np.sum(\n        x,\n'
             "        axis=0,\n    )  # columns\n    '''more'''\n    return y*2\n")
    assert tokens(noisy, NP) == tokens(plain, NP) == [
        "def", "V", "(", "V", ")", ":", ";", "{", "V", "=", "np", ".", "sum", "(", "V", ",",
        "axis", "=", "N0.0", ")", ";", "return", "V", "*", "N2.0", ";", "}"]


def test_names_the_student_chose_become_v_and_the_rest_stays():
    stream = tokens("def g(a, b=1):\n    c = len(a) + math.pi + q.shape[0]\n"
                    "    return h(c, keepdims=True)\n", frozenset({"math"}))
    assert [t for t in stream if t not in "(),:;{}=+[]."] == [
        "def", "V", "V", "V", "N1.0", "V", "len", "V", "math", "pi", "V", "shape", "N0.0",
        "return", "V", "V", "keepdims", "True"]


@pytest.mark.parametrize(("first", "second"), [
    ("x = 0", "x = 0."), ("x = 1e-4", "x = 0.0001"), ("x = 10", "x = 0xA"),
    ("x = 'a'", 'x = "bcd"'), ("x = f'{y}'", "x = 'z' 'w'"), ("a = 1; b = 2", "a = 1\nb = 2"),
])
def test_same_tokens(first, second):
    assert tokens(first) == tokens(second)


@pytest.mark.parametrize(("first", "second"), [("x = 0", "x = 1"), ("x = a + b", "x = a - b"),
                                               ("x = np.exp(y)", "x = np.log(y)")])
def test_different_tokens(first, second):
    assert tokens(first, NP) != tokens(second, NP)


@pytest.mark.parametrize("broken", ["def f(x:\n    return (", "x = '''", "\tif x:\n  y\n\tz",
                                    "x = $", "(" * 300 + "x"])
def test_broken_code_gives_a_prefix_never_an_exception(broken):
    assert isinstance(fingerprint(broken), list)
    assert imported_names([broken]) == frozenset()


def test_hashes_are_stable_small_sorted_and_bounded():
    source = "\n".join(f"v{i} = np.exp(x * {i}) + {i * 7}" for i in range(600))
    hashes = fingerprint(source, NP)
    assert hashes == sorted(set(hashes)) and len(hashes) == MAX_HASHES
    assert all(0 <= h < 2**31 for h in hashes)
    assert hashes == fingerprint(source, NP)  # no per-process salt: workers agree
    assert hashes == sorted(fingerprint(source + "\nx = 1", NP))[:MAX_HASHES]


def test_a_shared_run_of_k_plus_window_minus_one_tokens_is_always_caught():
    common = "total = np.sum(values * weights) / np.max(np.abs(weights))\n"
    first = "a = np.ones(3)\nb = a.T @ a\n" + common + "c = b + 1\n"
    second = "p = q ** 3 - q\n" + common + "r = p[::2]\ns = r.mean()\n"
    assert len(tokens(common, NP)) >= K + 3
    assert set(fingerprint(first, NP)) & set(fingerprint(second, NP))


@pytest.mark.parametrize(("assignment", "exercise", "master"), master_solutions(),
                         ids=lambda value: value if len(value) < 40 else "")
def test_renaming_and_reformatting_a_master_solution_keeps_its_fingerprint(assignment, exercise,
                                                                           master):
    copy = disguised(master)
    assert copy != master and "my_" in copy
    kept = imported_names([master])
    original, renamed = fingerprint(master, NP | kept), fingerprint(copy, NP | kept)
    assert len(original) >= 3
    assert jaccard(original, renamed) >= THRESHOLD, (assignment, exercise)


SOLUTIONS = {  # exercise: (reference function, two correct solutions written differently)
    "softmax": (activations.softmax, """
def softmax(x):
    x = np.asarray(x, dtype=np.float64)
    shifted = x - x.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)
""", """
def softmax(x):
    a = np.array(x, dtype=float)
    flat = a.reshape(-1, a.shape[-1])
    out = np.empty_like(flat)
    for i in range(flat.shape[0]):
        row = flat[i] - np.max(flat[i])
        out[i] = np.exp(row) / np.sum(np.exp(row))
    return out.reshape(a.shape)
"""),
    "sigmoid": (activations.sigmoid, """
def sigmoid(x):
    x = np.asarray(x, dtype=np.float64)
    small = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + small), small / (1 + small))
""", """
def sigmoid(x):
    z = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))
"""),
    "cross_entropy_error": (losses.cross_entropy_error, """
def cross_entropy_error(y, t):
    y = np.asarray(y, dtype=np.float64)
    t = np.asarray(t)
    if y.ndim == 1:
        y = y[np.newaxis, :]
        t = t.reshape(1, -1) if t.ndim == 1 and t.size == y.shape[1] else t.reshape(-1)
    if t.ndim == 2:
        t = t.argmax(axis=1)
    n = y.shape[0]
    return float(-np.sum(np.log(y[np.arange(n), t] + 1e-7)) / n)
""", """
def cross_entropy_error(y, t):
    probs = np.atleast_2d(np.array(y, dtype=float))
    labels = np.array(t)
    if labels.size == probs.size:
        onehot = labels.reshape(probs.shape)
    else:
        onehot = np.eye(probs.shape[1])[labels.reshape(-1)]
    total = 0.0
    for p_row, t_row in zip(probs, onehot):
        total -= np.dot(t_row, np.log(p_row + 1e-7))
    return float(total / len(probs))
"""),
    "numerical_gradient": (gradients.numerical_gradient, """
def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
        keep = x[idx]
        x[idx] = keep + h
        upper = f(x)
        x[idx] = keep - h
        lower = f(x)
        grad[idx] = (upper - lower) / (2 * h)
        x[idx] = keep
        it.iternext()
    return grad
""", """
def numerical_gradient(f, x):
    step = 0.0001
    flat = x.reshape(-1)
    out = np.empty(flat.size)
    for k in range(flat.size):
        saved = float(flat[k])
        flat[k] = saved + step
        plus = f(x)
        flat[k] = saved - step
        minus = f(x)
        flat[k] = saved
        out[k] = (plus - minus) / (step + step)
    return out.reshape(x.shape)
"""),
}


def defined(source: str, name: str):
    """Our own test solution, defined in a namespace of its own (trusted code)."""
    namespace: dict = {"np": np}
    exec(compile(source, f"<{name}>", "exec"), namespace)
    return namespace[name]


def check_correct(exercise: str, reference, function) -> None:
    rng = np.random.default_rng(0)
    if exercise == "numerical_gradient":
        x = rng.normal(size=(2, 3))
        f = lambda p: float(np.sum(p ** 3) + p[0, 0] * p[1, 2])  # noqa: E731
        np.testing.assert_allclose(function(f, x.copy()), reference(f, x.copy()), rtol=1e-5)
    elif exercise == "cross_entropy_error":
        y = activations.softmax(rng.normal(size=(4, 5)))
        for t in (np.array([0, 3, 1, 4]), np.eye(5)[[2, 2, 0, 1]]):
            assert function(y, t) == pytest.approx(reference(y, t), rel=1e-9)
    else:
        x = rng.normal(scale=30, size=(3, 4))
        np.testing.assert_allclose(function(x), reference(x), rtol=1e-10, atol=1e-300)


@pytest.mark.parametrize("exercise", sorted(SOLUTIONS))
def test_different_correct_solutions_stay_below_the_threshold(exercise):
    reference, first, second = SOLUTIONS[exercise]
    for source in (first, second):
        check_correct(exercise, reference, defined(source, exercise))
    assert jaccard(fingerprint(first, NP), fingerprint(second, NP)) < THRESHOLD / 2
    copy = disguised(first)
    assert jaccard(fingerprint(first, NP), fingerprint(copy, NP)) >= THRESHOLD


def master_and_scaffolds(assignment: str):
    notebook = read_notebook(master_path(assignment))
    exercises = exercises_of(notebook)
    return notebook, exercises, master_scaffolds(notebook, exercises)


def notebook_with(tmp_path: Path, master: nbformat.NotebookNode, solutions: dict[str, str]
                  ) -> Path:
    copy = nbformat.from_dict(master)
    for cell in copy.cells:
        if cell.get("id", "").removesuffix("-solution") in solutions:
            cell.source = solutions[cell.id.removesuffix("-solution")]
    path = tmp_path / "submission.ipynb"
    nbformat.write(copy, path)
    return path


def test_the_instructor_s_solution_and_the_stub_leave_nothing(tmp_path):
    notebook, exercises, scaffolds = master_and_scaffolds("03_loss")
    masters = {e: solution_source([(c.get("id"), c.source) for c in notebook.cells], e, f)
               for e, f in exercises}
    assert all(scaffolds[e] for e, _ in exercises)
    answers = {e: disguised(source) for e, source in masters.items()}
    answers["softmax"] = stub(masters["softmax"])
    assert "raise NotImplementedError()" in answers["softmax"]
    assert "BEGIN SOLUTION" not in answers["softmax"]
    program = from_notebook(notebook_with(tmp_path, notebook, answers), notebook)
    assert fingerprints(program, exercises, scaffolds) == {}
    assert fingerprints(program, exercises, master_scaffolds(None, exercises)).keys() == {
        e for e, _ in exercises}  # without the master, the same code is all fingerprint


def test_only_what_the_student_wrote_beyond_the_master_is_kept(tmp_path):
    notebook, exercises, scaffolds = master_and_scaffolds("03_loss")
    extra = ("def softmax(x):\n    x = np.asarray(x, dtype=np.float64)\n"
             "    assert np.all(np.isfinite(x)), 'no inf please'\n"
             "    e = np.exp(x - np.max(x, axis=-1, keepdims=True))\n"
             "    return e / np.sum(e, axis=-1, keepdims=True)\n")
    program = from_notebook(notebook_with(tmp_path, notebook, {"softmax": extra}), notebook)
    found = fingerprints(program, exercises, scaffolds)
    assert list(found) == ["softmax"]
    assert found["softmax"] and not set(found["softmax"]) & scaffolds["softmax"]
    alone = fingerprint(extra, NP)
    assert set(found["softmax"]) < set(alone)


def test_a_python_file_is_fingerprinted_by_its_definitions(tmp_path):
    _, exercises, scaffolds = master_and_scaffolds("01_neuron")
    relu = "def relu(v):\n    out = v.copy()\n    out[out < 0] = 0\n    return out * 1.0\n"
    path = tmp_path / "zoe.py"
    path.write_text(f"import numpy as np\n\n\ndef helper(z):\n    return z + 1\n\n\n{relu}"
                    "\nprint(relu(np.arange(-3, 3)))\n", "utf-8")
    found = fingerprints(from_file(path), exercises, scaffolds)
    assert list(found) == ["relu"]
    assert found["relu"] == fingerprint(relu, NP, scaffolds["relu"])


def test_the_store_keeps_fingerprints_and_old_results_load(tmp_path):
    result = SubmissionResult(assignment="01_neuron", student="ann", path="ann.py",
                              digest="a" * 64, lang="en",
                              fingerprints={"relu": [3, 9, 2**31 - 1], "step": [5]})
    with Store.for_course(tmp_path) as store:
        store.save(result)
        store.save(result.model_copy(update={"fingerprints": {"relu": [4, 9]}}))
        store.save_all([result.model_copy(update={"student": "bea"})])
        assert store.fingerprints("01_neuron") == {
            "relu": {"ann": [4, 9], "bea": [3, 9, 2**31 - 1]}, "step": {"bea": [5]}}
        assert store.fingerprints("02_forward") == {}
        assert [r.fingerprints for r in store.results()] == [{"relu": [4, 9]},
                                                              result.fingerprints]
    old = result.model_dump(mode="json", exclude={"fingerprints"})
    assert SubmissionResult.model_validate(old).fingerprints == {}


def test_scaffold_is_the_master_and_its_stub():
    master = ("def relu(x):\n    ### BEGIN SOLUTION\n    return np.maximum(0, x)\n"
              "    ### END SOLUTION\n")
    assert stub(master) == "def relu(x):\n    raise NotImplementedError()\n"
    ignored = scaffold(master, NP)
    assert fingerprint("def relu(y):\n    return np.maximum(0.0, y)", NP, ignored) == []
    assert fingerprint("def relu(x):\n    raise NotImplementedError()", NP, ignored) == []
