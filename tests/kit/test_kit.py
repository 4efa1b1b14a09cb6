"""The student kit: check() works with public data only; no reference, mutant or hidden case."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

from autograde.catalog.exercises import EXERCISES
from autograde.catalog.publish import build_student_kit
from autograde.kit.package import KIT_DIR

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Path:
    return build_student_kit(tmp_path_factory.mktemp("kit"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_kit_is_the_kit_package_whole_and_nothing_else(kit):
    package = kit / "autograde"
    assert sorted(p.name for p in package.iterdir()) == ["__init__.py", "kit"]
    shipped = {p.relative_to(package / "kit") for p in (package / "kit").rglob("*")}
    assert shipped == {p.relative_to(KIT_DIR) for p in KIT_DIR.rglob("*")
                       if "__pycache__" not in p.parts}
    bundles = sorted(p.stem for p in (package / "kit" / "bundles").glob("*.json"))
    assert bundles == sorted(EXERCISES)
    assert not (kit / "reference").exists()


STUDENT_LIBRARIES = {"numpy", "pydantic"}
"""What the kit may import besides itself and the standard library (no rich, no nbgrader)."""


def test_kit_modules_import_nothing_outside_the_kit(kit):
    for path in (kit / "autograde").rglob("*.py"):
        for module in _imports(path):
            top = module.split(".")[0]
            allowed = (module in ("autograde", "autograde.kit")
                       or module.startswith("autograde.kit.")
                       or top in sys.stdlib_module_names or top in STUDENT_LIBRARIES)
            assert allowed, f"{path.relative_to(kit)} imports {module}"


def test_kit_contains_no_reference_or_mutant_source(kit):
    reference_sources = [p.read_text("utf-8") for p in (REPO / "reference").glob("*.py")]
    function_names = {n.name for src in reference_sources for n in ast.walk(ast.parse(src))
                      if isinstance(n, ast.FunctionDef)}
    for path in (kit / "autograde").rglob("*.py"):
        defined = {n.name for n in ast.walk(ast.parse(path.read_text("utf-8")))
                   if isinstance(n, ast.FunctionDef)}
        assert not defined & (function_names - {"main"}), path.name
        assert "Misconception(" not in path.read_text("utf-8")


def test_bundles_hold_no_hidden_checks_and_no_code(kit):
    for path in (kit / "autograde" / "kit" / "bundles").glob("*.json"):
        data = json.loads(path.read_text("utf-8"))
        assert data["checks"] and not any(check["hidden"] for check in data["checks"])
        assert "lambda" not in path.read_text("utf-8") and "def " not in path.read_text("utf-8")


STUDENT_SCRIPT = textwrap.dedent("""
    import importlib.util, json
    import numpy as np
    from autograde import check

    assert importlib.util.find_spec("reference") is None
    for instructor_only in ("catalog", "grader", "course", "cli", "sandbox"):
        assert importlib.util.find_spec(f"autograde.{instructor_only}") is None

    good = check("relu", lambda x: np.maximum(0, x), lang="en")
    mask = check("relu", lambda x: x > 0)
    print(json.dumps({"good": good.result.score, "max": good.result.max_score,
                      "mask": float(mask), "named": mask.result.misconceptions,
                      "hint": mask.result.hints[0].text}))
""")


@pytest.mark.slow
def test_check_works_in_a_clean_venv_with_the_kit_alone(kit, tmp_path):
    env_dir = tmp_path / "student-env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", str(kit)],
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-2000:]
    done = subprocess.run([str(python), "-c", STUDENT_SCRIPT], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["good"] == report["max"] > 0
    assert report["mask"] < report["max"] and report["named"] == ["relu.mask"]
    assert report["hint"] == EXERCISES["relu"].misconceptions[0].hint.ja
