"""What the sample class writes in its solution cells besides the catalog's mutants
(:mod:`autograde.course.mutant_code`): correct work in other styles than the instructor's,
an unusual solution and its renamed copy, and cheats that fool the in-kernel grader.

Every style and unusual solution gets full marks (``tests/course/test_sample_class.py`` grades
them with the catalog on two seeds); each is written with the notebook's function names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SOLUTION_MARKER = re.compile(r"^[ \t]*#+ *(BEGIN|END) SOLUTION[^\n]*\n?", re.MULTILINE)


def written_out(solution_cell: str) -> str:
    """The instructor's solution cell as a student would type it: without nbgrader's
    ``### BEGIN/END SOLUTION`` lines."""
    return SOLUTION_MARKER.sub("", solution_cell)


@dataclass(frozen=True)
class Style:
    """Correct work written another way; ``uses``: the lesson's other exercises it calls (a
    student only writes it when those are right)."""

    source: str
    uses: tuple[str, ...] = ()


STYLES: dict[str, tuple[Style, ...]] = {
    "step": (
        Style("def step(x):\n    return np.where(np.asarray(x) > 0, 1, 0)\n"),
        Style("def step(x):\n    y = np.asarray(x) > 0\n    return y.astype(int)\n"),
    ),
    "sigmoid": (
        Style("def sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n"),
        Style("def sigmoid(x):\n    return 0.5 * (1 + np.tanh(0.5 * np.asarray(x)))\n"),
    ),
    "relu": (
        Style("def relu(x):\n    return np.where(x > 0, x, 0.0)\n"),
        Style("def relu(x):\n    return x * (x > 0)\n"),
        Style("def relu(x):\n    return np.clip(x, 0, None)\n"),
    ),
    "identity": (
        Style("def identity(x):\n    return np.copy(x)\n"),
    ),
    "neuron": (
        Style("def neuron(x, w, b):\n    u = np.sum(w * x) + b\n    return max(0.0, u)\n"),
        Style("def neuron(x, w, b):\n    u = w @ x + b\n    return np.maximum(0, u)\n"),
        Style("def neuron(x, w, b):\n    return relu(np.dot(w, x) + b)\n", uses=("relu",)),
    ),
    "softmax": (
        Style("def softmax(x):\n    e = np.exp(x - x.max(axis=-1, keepdims=True))\n"
              "    return e / e.sum(axis=-1, keepdims=True)\n"),
    ),
    "sum_squared_error": (
        Style("def sum_squared_error(y, t):\n    return np.sum((y - t) ** 2) / 2\n"),
        Style("def sum_squared_error(y, t):\n    d = y - t\n    return 0.5 * np.sum(d * d)\n"),
    ),
    "cross_entropy_error": (
        Style("def cross_entropy_error(y, t):\n"
              "    if y.ndim == 1:\n"
              "        t = t.reshape(1, t.size)\n"
              "        y = y.reshape(1, y.size)\n"
              "    if t.size == y.size:\n"
              "        t = t.argmax(axis=1)\n"
              "    batch_size = y.shape[0]\n"
              "    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size\n"),
    ),
    "output_delta": (
        Style("def output_delta(y, t):\n    return (y - t) * (1 - y) * y\n"),
        Style("def output_delta(y, t):\n    error = y - t\n    return error * y * (1.0 - y)\n"),
    ),
    "middle_delta": (
        Style("def middle_delta(delta_next, W_next, z):\n    back = delta_next @ W_next.T\n"
              "    return back * z * (1 - z)\n"),
        Style("def middle_delta(delta_next, W_next, z):\n"
              "    return np.dot(delta_next, W_next.T) * (1 - z) * z\n"),
    ),
    "weight_update": (
        Style("def weight_update(W, x, delta, lr):\n"
              "    return W - lr * np.atleast_2d(x).T @ np.atleast_2d(delta)\n"),
        Style("def weight_update(W, x, delta, lr):\n    x = np.atleast_2d(x)\n"
              "    delta = np.atleast_2d(delta)\n    return W - lr * np.dot(x.T, delta)\n"),
    ),
    "bias_update": (
        Style("def bias_update(b, delta, lr):\n    delta = np.atleast_2d(delta)\n"
              "    return b - lr * np.sum(delta, axis=0)\n"),
        Style("def bias_update(b, delta, lr):\n"
              "    return b - lr * np.sum(np.atleast_2d(delta), axis=0)\n"),
    ),
    "train_step": (
        Style("def train_step(x, t, W1, b1, W2, b2, lr):\n"
              "    x = np.atleast_2d(x)\n"
              "    z = 1 / (1 + np.exp(-(x @ W1 + b1)))\n"
              "    y = 1 / (1 + np.exp(-(z @ W2 + b2)))\n"
              "    t = np.reshape(t, y.shape)\n"
              "    d2 = output_delta(y, t)\n"
              "    d1 = middle_delta(d2, W2, z)\n"
              "    return (weight_update(W1, x, d1, lr), bias_update(b1, d1, lr),\n"
              "            weight_update(W2, z, d2, lr), bias_update(b2, d2, lr))\n",
              uses=("output_delta", "middle_delta", "weight_update", "bias_update")),
    ),
}
"""Equivalent rewrites of the instructor's solution, per exercise."""

_LABELS = "    if t.size == y.size:\n        t = np.argmax(t, axis=-1)\n    t = t.reshape(-1)\n"
"""Where the instructor's cross_entropy_error turns one-hot targets into labels."""

EDITS: dict[str, tuple[tuple[str, str], ...]] = {
    "relu.leaky": (("np.maximum(0, x)", "np.maximum(0.01 * x, x)"),),
    "identity.sigmoid": (("np.array(x, dtype=np.float64)", "1 / (1 + np.exp(-x))"),),
    "neuron.no_activation": (("np.maximum(0.0, np.dot(w, x) + b)", "np.dot(w, x) + b"),),
    "neuron.no_bias": (("np.dot(w, x) + b", "np.dot(w, x)"),),
    "neuron.bias_inside_sum": (("np.dot(w, x) + b", "np.sum(w * x + b)"),),
    "neuron.no_sum": (("np.dot(w, x) + b", "w * x + b"),),
    "neuron.step": (("np.maximum(0.0, np.dot(w, x) + b)", "(np.dot(w, x) + b > 0) * 1.0"),),
    "sum_squared_error.no_half": (("0.5 * np.sum", "np.sum"),),
    "sum_squared_error.no_square": (("(y - t) ** 2", "y - t"),),
    "sum_squared_error.mean": (("np.sum", "np.mean"),),
    "sum_squared_error.batch_mean": (("** 2)", "** 2) / len(y)"),),
    "cross_entropy_error.missing_minus": (("return -np.sum", "return np.sum"),),
    "cross_entropy_error.no_epsilon": ((" + 1e-7)", ")"),),
    "cross_entropy_error.no_batch_mean": (("1e-7)) / n", "1e-7))"),),
    "cross_entropy_error.labels_as_one_hot": (
        (_LABELS, ""),
        ("np.log(y[np.arange(n), t] + 1e-7)", "t * np.log(y + 1e-7)")),
    "cross_entropy_error.mean_over_classes": (
        ("    n = y.shape[0]\n    return -np.sum(np.log(y[np.arange(n), t] + 1e-7)) / n",
         "    return -np.mean(np.eye(y.shape[1])[t] * np.log(y + 1e-7))"),),
    "cross_entropy_error.one_sample_as_batch": (
        ("    if y.ndim == 1:", "    n = len(y)\n    if y.ndim == 1:"),
        ("    n = y.shape[0]\n    return -np.sum(np.log(y[np.arange(n), t]",
         "    return -np.sum(np.log(y[np.arange(len(y)), t]")),
    "output_delta.sign": (("(y - t)", "(t - y)"),),
    "output_delta.derivative_of_output": (
        ("    return (y - t) * y * (1 - y)",
         "    s = 1 / (1 + np.exp(-y))\n    return (y - t) * s * (1 - s)"),),
    "output_delta.batch_mean": (
        ("    return (y - t) * y * (1 - y)",
         "    return (y - t) * y * (1 - y) / np.atleast_2d(y).shape[0]"),),
    "middle_delta.missing_delta": (("(delta_next @ W_next.T)", "W_next.sum(axis=1)"),),
    "middle_delta.no_transpose": (("(delta_next @ W_next.T)", "(delta_next @ W_next)"),),
    "middle_delta.derivative_of_output": (
        ("    return (delta_next @ W_next.T) * z * (1 - z)",
         "    s = 1 / (1 + np.exp(-z))\n    return (delta_next @ W_next.T) * s * (1 - s)"),),
    "weight_update.sign": (("W - lr", "W + lr"),),
    "weight_update.batch_mean": (("(x2.T @ delta2)", "(x2.T @ delta2) / len(x2)"),),
    "weight_update.transposed": (("(x2.T @ delta2)", "(delta2.T @ x2)"),),
    "weight_update.one_sample_dot": (("(x2.T @ delta2)", "(x.T @ delta)"),),
    "bias_update.sign": (("b - lr", "b + lr"),),
    "bias_update.no_sum": (("np.atleast_2d(delta).sum(axis=0)", "delta"),),
    "bias_update.batch_mean": ((".sum(axis=0)", ".mean(axis=0)"),),
    "bias_update.sum_all": (("np.atleast_2d(delta).sum(axis=0)", "np.sum(delta)"),),
    "train_step.middle_bias_uses_output_delta": (
        ("new_b1 = b1 - lr * delta1.sum", "new_b1 = b1 - lr * delta2.sum"),),
    "train_step.stale_order": (
        ("    delta1 = (delta2 @ W2.T) * z * (1 - z)\n",
         "    new_W2 = W2 - lr * (z.T @ delta2)\n    delta1 = (delta2 @ new_W2.T) * z * (1 - z)\n"),
        ("    new_W2 = W2 - lr * (z.T @ delta2)\n    new_b2", "    new_b2")),
    "train_step.missing_derivative": (("delta2 = (y - t2) * y * (1 - y)", "delta2 = y - t2"),),
    "train_step.batch_mean": (("    x2 = np.atleast_2d(x)\n",
                               "    x2 = np.atleast_2d(x)\n    lr = lr / len(x2)\n"),),
    "train_step.bias_mean": ((".sum(axis=0)", ".mean(axis=0)"),),
    "train_step.sign": ((" - lr * ", " + lr * "),),
    "train_step.forgets_bias": (("return new_W1, new_b1, new_W2, new_b2",
                                 "return new_W1, b1, new_W2, b2"),),
    "iris_binary.probabilities": (("return (y[:, 0] > 0.5).astype(np.int64)", "return y[:, 0]"),),
    "iris_binary.column_vector": (("(y[:, 0] > 0.5)", "(y > 0.5)"),),
    "iris_binary.inverted_labels": (("(y[:, 0] > 0.5)", "(y[:, 0] <= 0.5)"),),
    "iris_binary.sign_labels": (("return (y[:, 0] > 0.5).astype(np.int64)",
                                 "return 2 * (y[:, 0] > 0.5).astype(np.int64) - 1"),),
    "digits_mlp.scores": (("return np.argmax(scores, axis=1).astype(np.int64)",
                           "return scores"),),
    "digits_mlp.one_hot": (("return np.argmax(scores, axis=1).astype(np.int64)",
                            "return np.eye(10)[np.argmax(scores, axis=1)]"),),
    "digits_mlp.argmax_wrong_axis": (("np.argmax(scores, axis=1)", "np.argmax(scores, axis=0)"),),
    "digits_mlp.max_instead_of_argmax": (
        ("    return np.argmax(scores, axis=1).astype(np.int64)",
         "    y = np.exp(scores - scores.max(axis=1, keepdims=True))\n"
         "    return np.max(y / y.sum(axis=1, keepdims=True), axis=1)"),),
}
"""Misconceptions as a student makes them: an edit of the instructor's solution (each ``old``
is in it). The others are written from the catalog's mutant
(:mod:`~autograde.course.mutant_code`)."""


def edited(model: str, misconception: str) -> str | None:
    """The instructor's solution ``model`` with ``misconception``'s edits (None: no edits
    for it, or they do not fit this solution)."""
    source = model
    for old, new in EDITS.get(misconception, ()):
        if old not in source:
            return None
        source = source.replace(old, new)
    return source if misconception in EDITS else None


UNUSUAL: dict[str, str] = {
    "softmax": """\
def softmax(x):
    values = np.asarray(x, dtype=float)
    rows = values.reshape(-1, values.shape[-1])
    result = np.empty_like(rows)
    for row in range(rows.shape[0]):
        largest = max(rows[row])
        total = 0.0
        for col in range(rows.shape[1]):
            result[row, col] = np.exp(rows[row, col] - largest)
            total += result[row, col]
        for col in range(rows.shape[1]):
            result[row, col] = result[row, col] / total
    return result.reshape(values.shape)
""",
    "sum_squared_error": """\
def sum_squared_error(y, t):
    total = 0.0
    for predicted, target in zip(np.ravel(y), np.ravel(t)):
        gap = predicted - target
        total += gap * gap
    return total / 2
""",
    "cross_entropy_error": """\
def cross_entropy_error(y, t):
    probs = np.atleast_2d(np.asarray(y, dtype=float))
    answers = np.asarray(t)
    if answers.size == probs.size:
        answers = np.reshape(answers, probs.shape).argmax(axis=1)
    answers = np.ravel(answers)
    loss = 0.0
    for i, label in enumerate(answers):
        loss -= np.log(probs[i, int(label)] + 1e-7)
    return loss / len(answers)
""",
}
"""Solutions nobody else in a class writes (loops over the elements): one student's work, and
the source of the renamed copy."""

RENAMED: dict[str, str] = {
    "values": "arr", "rows": "mat", "result": "out", "row": "i", "col": "j", "largest": "mx",
    "total": "s", "predicted": "a", "target": "b", "gap": "diff", "probs": "p",
    "answers": "labels", "loss": "err", "label": "k",
}
"""How the copy renames the unusual solution's variables."""


def renamed_copy(source: str, comment: str) -> str:
    """``source`` with its variables renamed and the copier's own ``comment`` line added: the
    same solution to a person, and to the fingerprints."""
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, RENAMED)) + r")\b")
    lines = pattern.sub(lambda match: RENAMED[match.group(0)], source).splitlines()
    return "\n".join([lines[0], f"    # {comment}", *lines[1:]]) + "\n"


def grader_patch(points: float, function: str, params: str) -> str:
    """Replaces the in-kernel grader so every later exercise gets ``points`` (as in
    ``tests/course/test_audit.py``), and hands in a function that does nothing useful."""
    return (f"import autograde.course.hidden as h\n\n"
            f"h.grade = lambda *a, **k: {points!r}\n\n\n"
            f"def {function}({params}):\n    return {params.split(',')[0]} * 0\n")


def fake_module(points: float, function: str, params: str) -> str:
    """Puts a fake grader module in ``sys.modules`` before the test cell imports it."""
    return ("import sys\n\n\nclass Fake:\n    def grade(self, *a, **k):\n"
            f"        return {points!r}\n\n\nsys.modules['autograde.course.hidden'] = Fake()\n\n\n"
            f"def {function}({params}):\n    return {params.split(',')[0]}\n")


def quiz_patch(answer_cell: str) -> str:
    """The answer cell, preceded by a patch of the in-kernel quiz grader."""
    return ("import autograde.course.hidden as h\n\n"
            "h.grade_quiz = lambda *a, **k: 1.0\n" + answer_cell)
