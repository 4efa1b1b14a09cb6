"""The public case bundles: one JSON file per exercise, shipped with the student kit."""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

from autograde.kit.plan import Plan

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLE_DIR = PACKAGE_DIR / "bundles"


def bundle_ids() -> list[str]:
    """Exercise ids that have a bundle."""
    folder = resources.files("autograde.kit") / "bundles"
    return sorted(p.name[: -len(".json")] for p in folder.iterdir() if p.name.endswith(".json"))


@functools.cache
def load_bundle(exercise: str) -> Plan:
    """The public plan of ``exercise``; KeyError if there is none."""
    if exercise not in bundle_ids():
        raise KeyError(exercise)
    text = (resources.files("autograde.kit") / "bundles" / f"{exercise}.json").read_text("utf-8")
    return Plan.model_validate(json.loads(text))


def dump_bundle(plan: Plan) -> str:
    """The JSON text of a public plan (stable key order, exact floats)."""
    data = plan.public().model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"
