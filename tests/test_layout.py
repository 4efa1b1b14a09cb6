"""The architecture as a newcomer sees it: one package per role, imports pointing down the
stack (the import-linter contracts in pyproject.toml), and nothing flat beside the roles."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "autograde"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
ROLES = {"kit", "catalog", "sandbox", "quiz", "grader", "course", "reports", "cli"}


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """import-linter on the packages in ``root`` with ``root``'s contracts."""
    return subprocess.run([str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"),
                           "--no-cache"], capture_output=True, text=True, timeout=120,
                          cwd=root, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


def test_every_role_has_its_package_and_nothing_sits_flat_beside_them():
    entries = {p.name for p in PACKAGE.iterdir() if p.name != "__pycache__"}
    assert entries == ROLES | {"__init__.py", "hidden.py"}
    for role in ROLES:
        assert (PACKAGE / role / "__init__.py").is_file(), role


def test_the_import_contracts_are_kept():
    done = lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.fixture
def copy_of_the_project(tmp_path: Path) -> Path:
    for name in ("autograde", "reference"):
        shutil.copytree(REPO / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "bundles", "samples"))
    shutil.copy2(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("kit/judge.py", "import autograde.grader.store", "Imports point down"),
    ("grader/scan.py", "from autograde.course import layout", "Imports point down"),
    ("sandbox/wire.py", "import autograde.catalog.spec", "Untrusted code never sees"),
    ("catalog/spec.py", "from autograde.sandbox import wire", "Imports point down"),
    ("kit/values.py", "import reference", "The student kit stands alone"),
    ("kit/render.py", "import rich", "The student kit stands alone"),
])
def test_an_import_against_the_architecture_breaks_a_contract(copy_of_the_project, module,
                                                              line, contract):
    assert lint_imports(copy_of_the_project).returncode == 0
    path = copy_of_the_project / "autograde" / module
    path.write_text(path.read_text("utf-8") + f"\n\ndef _late():\n    {line}\n", "utf-8")
    done = lint_imports(copy_of_the_project)
    assert done.returncode != 0
    broken = [text for text in done.stdout.splitlines() if text.endswith("BROKEN")]
    assert any(text.startswith(contract) for text in broken), done.stdout


def test_the_top_package_imports_only_the_kit():
    """``from autograde import check`` must work where only the kit is installed."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text("utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
    assert imported == {"autograde.kit"}


def test_courses_made_before_the_layout_still_import_grade_from_autograde_hidden(tmp_path):
    """Their hidden-tests blocks say ``from autograde.hidden import grade``: same function,
    same per-student cases, whatever the import."""
    from autograde.catalog.exercises import EXERCISES
    from autograde.course.scaffold import init_course

    init_course(tmp_path / "c", "en", course_id="old-course")
    seat = tmp_path / "c" / "autograded" / "s1" / "01_neuron"
    seat.mkdir(parents=True)
    script = ("import numpy as np\nfrom {module} import grade\n"
              "print(float(grade('relu', lambda x: np.maximum(0, x) * (x > 1))))")
    scores = [subprocess.run([sys.executable, "-c", script.format(module=module)], cwd=seat,
                             capture_output=True, text=True, timeout=120)
              for module in ("autograde.hidden", "autograde.course.hidden")]
    assert all(done.returncode == 0 for done in scores), [d.stderr for d in scores]
    old, new = (float(done.stdout.strip().splitlines()[-1]) for done in scores)
    assert old == new and 0 < old < EXERCISES["relu"].max_score
