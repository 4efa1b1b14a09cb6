"""What of the catalog goes public: the case bundles, and the student kit that carries them.

A bundle is the public part of an exercise's plan (data, computed from the reference now). The
student kit is the ``autograde.kit`` package copied whole, bundles included: reference code,
mutants, hidden cases, the grader and the CLI are outside it and never enter it.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

from autograde.kit.bundle import BUNDLE_DIR, dump_bundle
from autograde.kit.package import copy_kit
from autograde.kit.plan import Plan

KIT_PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "nn-dojo-kit"
version = "0.1.0"
description = "nn-dojo student kit: check() with public cases only"
requires-python = ">=3.10"
dependencies = ["numpy>=1.24", "pydantic>=2.5"]

[project.optional-dependencies]
lessons = ["jupyterlab>=4", "matplotlib>=3.7", "scikit-learn>=1.3"]  # to work in the lessons

[tool.setuptools.packages.find]
include = ["autograde*"]

[tool.setuptools.package-data]
"autograde.kit" = ["bundles/*.json", "bundles/quiz/*.json"]
"""


def public_plans() -> dict[str, Plan]:
    """The public plan of every exercise, computed from the reference now."""
    from autograde.catalog.exercises import EXERCISES
    from autograde.catalog.spec import build_plan

    return {ex_id: build_plan(ex, seed=0, include_hidden=False).public()
            for ex_id, ex in EXERCISES.items()}


def write_bundles(folder: Path = BUNDLE_DIR) -> list[Path]:
    """Write the bundles that are out of date (a bundle equal to the reference's data up to
    the last bits of a float is left as it is: no churn from another machine's BLAS)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for ex_id, plan in public_plans().items():
        path = folder / f"{ex_id}.json"
        text = dump_bundle(plan)
        if path.exists() and same_data(json.loads(path.read_text("utf-8")), json.loads(text)):
            continue
        path.write_text(text, "utf-8")
        written.append(path)
    return written


def same_data(a: object, b: object, rel: float = 1e-12) -> bool:
    """Structural equality of two JSON documents, floats within ``rel`` (NaN equals NaN)."""
    if isinstance(a, float) or isinstance(b, float):
        if not isinstance(a, int | float) or not isinstance(b, int | float):
            return False
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b or math.isclose(a, b, rel_tol=rel, abs_tol=1e-300)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_data(a[k], b[k], rel) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_data(x, y, rel) for x, y in zip(a, b, strict=True))
    return a == b


def stale_bundles(folder: Path = BUNDLE_DIR) -> list[str]:
    """Exercise ids whose committed bundle no longer matches the reference (or is missing),
    plus bundle files that belong to no exercise."""
    plans = public_plans()
    stale = []
    for ex_id, plan in plans.items():
        path = folder / f"{ex_id}.json"
        fresh = json.loads(dump_bundle(plan))
        if not path.exists() or not same_data(json.loads(path.read_text("utf-8")), fresh):
            stale.append(ex_id)
    stale += [p.stem for p in folder.glob("*.json") if p.stem not in plans]
    return stale


def build_student_kit(out: Path) -> Path:
    """Write an installable student kit to ``out`` and return its path."""
    if (out / "autograde").exists():
        shutil.rmtree(out / "autograde")
    copy_kit(out)
    (out / "pyproject.toml").write_text(KIT_PYPROJECT, "utf-8")
    (out / "README.md").write_text(
        "# nn-dojo student kit\n\n`pip install '.[lessons]'` (or `pip install .` for check() "
        "alone), then in a notebook:\n\n"
        "```python\nfrom autograde import check\ncheck(\"relu\", relu)\n```\n", "utf-8")
    return out
