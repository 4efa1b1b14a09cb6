"""The static scan: each trick a student might use to fool an in-kernel grader is flagged with
its rule, cell and line; honest course code is not flagged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograde.grader.scan import RULES, explain, rule_of, scan

COURSE = Path(__file__).resolve().parents[2] / "course" / "source"
SETUP = "import numpy as np\nimport matplotlib.pyplot as plt\nfrom autograde import check\n"

TRICKS = {
    "imports_reference": ["from reference.activations import relu",
                          "import reference",
                          "open('/opt/course/reference/activations.py').read()",
                          "__import__('reference.losses')",
                          "import importlib\nimportlib.import_module('reference')"],
    "imports_grader": ["import autograde.course.hidden as h",
                       "from autograde.catalog.spec import build_plan",
                       "import autograde\nautograde.course.hidden.grade('relu', relu)"],
    "patches_grader": ["import autograde.course.hidden as h\nh.grade = lambda *a, **k: 4.0",
                       "import autograde\nsetattr(autograde, 'check', print)",
                       "import sys\nsys.modules['autograde.course.hidden'] = None",
                       "def check(*args):\n    return None",
                       "check = print"],
    "patches_numpy": ["np.allclose = lambda *a, **k: True",
                      "np.testing.assert_allclose = lambda *a, **k: None",
                      "setattr(np, 'isclose', lambda *a, **k: True)",
                      "from numpy import testing\ntesting.assert_array_equal = print"],
    "patches_builtins": ["import builtins\nbuiltins.isinstance = lambda *a: True",
                         "__builtins__.abs = lambda x: 0",
                         "def isinstance(obj, kind):\n    return True",
                         "float = lambda x: 0.0",
                         "import sys\nsys.stdout = None"],
    "lying_object": ["class Yes:\n    def __eq__(self, other):\n        return True",
                     "class A(np.ndarray):\n    pass",
                     "class F(float):\n    pass",
                     "class N:\n    __array__ = lambda self: np.zeros(3)"],
    "ctypes": ["import ctypes", "from ctypes import pythonapi"],
    "gc": ["import gc\nobjs = gc.get_objects()"],
    "inspect": ["import inspect\ninspect.stack()",
                "import sys\nframe = sys._getframe(1)",
                "def relu(x):\n    return x.__globals__",
                "def f():\n    return g.f_back.f_locals"],
    "dynamic_code": ["exec(code)", "eval(text)", "__import__(name)"],
    "exits": ["import sys\nsys.exit(0)", "import os\nos._exit(1)", "exit()", "quit()",
              "import os\nos.kill(os.getppid(), 9)"],
    "processes": ["import subprocess", "import os\nos.fork()", "import os\nos.system('ls')",
                  "from multiprocessing import Pool", "import os\nos.execv('/bin/sh', [])"],
    "network": ["import socket", "from urllib.request import urlopen",
                "import http.client"],
    "environment": ["import os\nos.environ['TOKEN']", "import os\nos.getenv('HOME')",
                    "from os import environ"],
    "files": ["import os\nos.listdir('/home')", "open('/etc/passwd')",
              "open('out.txt', 'w')", "import shutil", "open('../alice/01.ipynb')",
              "open(path)"],
    "time_tricks": ["import time\ntime.time = lambda: 0.0", "import signal",
                    "import sys\nsys.settrace(None)"],
}

HONEST = [
    "def relu(x):\n    return np.maximum(0, x)",
    "def softmax(a):\n    c = np.max(a, axis=-1, keepdims=True)\n    e = np.exp(a - c)\n"
    "    return e / np.sum(e, axis=-1, keepdims=True)",
    "x = np.linspace(-5, 5, 101)\nplt.plot(x, np.maximum(0, x))\nplt.show()",
    "class Momentum:\n    def __init__(self, lr=0.01):\n        self.lr = lr\n"
    "    def update(self, params, grads):\n        for key in params:\n"
    "            params[key] -= self.lr * grads[key]",
    "import math\nprint(round(math.exp(1), 3), max(1, 2), len([1]))",
    "check('relu', relu)",
    "from autograde import use_language\nuse_language('en')",
    "import time\nstart = time.perf_counter()",
    "data = open('notes.txt').read()",
    "class SGD:\n    def __init__(self, lr):\n        setattr(self, 'lr', lr)\n"
    "        self.velocity = None",
]


def test_every_rule_has_a_trick_and_both_languages():
    assert set(TRICKS) == set(RULES)
    for rule in RULES:
        assert explain(rule, "ja") != explain(rule, "en")


@pytest.mark.parametrize(("rule", "source"),
                         [(rule, source) for rule, sources in TRICKS.items()
                          for source in sources])
def test_each_trick_is_flagged_with_its_rule_and_line(rule, source):
    flags = scan([("setup", SETUP), ("relu-solution", source)], locked={"setup"})
    matching = [f for f in flags if f.rule == rule]
    assert matching, f"{source!r} not flagged as {rule}: {flags}"
    flag = matching[0]
    assert flag.cell == "relu-solution"
    assert flag.code == source.splitlines()[flag.line - 1].strip()


@pytest.mark.parametrize("source", HONEST)
def test_honest_code_is_not_flagged(source):
    assert scan([("setup", SETUP), ("cell", source)], locked={"setup"}) == []


def test_the_course_solutions_are_not_flagged():
    """The instructor's own solutions in every lesson: the scan must not cry wolf."""
    checked = 0
    for path in sorted(COURSE.glob("*/*.ipynb")):
        cells = json.loads(path.read_text("utf-8"))["cells"]
        code = [(c.get("id", ""), "".join(c["source"])) for c in cells if c["cell_type"] == "code"]
        locked = {c.get("id", "") for c in cells
                  if c.get("metadata", {}).get("nbgrader", {}).get("locked")}
        assert scan(code, locked=locked) == [], path.name
        checked += len(code) - len(locked)
    assert checked > 20


def test_locked_cells_are_not_reported_but_their_imports_count():
    source = "import autograde.course.hidden as h\n"
    assert scan([("setup", source)], locked={"setup"}) == []
    flags = scan([("setup", source), ("mine", "h.grade = None")], locked={"setup"})
    assert [(f.rule, f.cell, f.line) for f in flags] == [("patches_grader", "mine", 1)]


def test_a_cell_that_does_not_parse_is_skipped():
    assert scan([("broken", "def relu(x)\n    import ctypes")]) == []


def test_public_kit_is_allowed_and_internals_are_not():
    assert rule_of("autograde.check") is None
    assert rule_of("autograde.kit.feedback.check") is None
    assert rule_of("autograde.kit") is None and rule_of("autograde.kit.render.html") is None
    assert rule_of("autograde.course.hidden.grade") == "imports_grader"
    assert rule_of("autograde.hidden.grade") == "imports_grader"
    assert rule_of("autograde.catalog.spec.build_plan") == "imports_grader"
    assert rule_of("autograde.grader.isolate") == "imports_grader"
    assert rule_of("autograde.kitchen") == "imports_grader"
    assert rule_of("numpy.linalg.norm") is None
    assert rule_of("os.execvp") == "processes"
