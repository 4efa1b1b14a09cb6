"""The quiz bundles shipped with the kit: one JSON file per lesson in ``bundles/quiz/``.

Each item has one entry per variant: a practice item's entry is the whole resolved item (the
kernel grades it on the spot), a graded item's entry is only its :class:`~.forms.Form` — the
key stays on the instructor's side. ``autograde build-bundles`` writes them from the banks.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

from pydantic import BaseModel, Field

from autograde.kit.quiz.forms import Form
from autograde.kit.quiz.items import Item, Kind

FOLDER = ("bundles", "quiz")


class Entry(BaseModel):
    kind: Kind
    items: list[Item] = Field(default_factory=list)
    """Practice: the resolved item of each variant."""
    forms: list[Form] = Field(default_factory=list)
    """Graded: what the student sees of each variant (no key)."""

    def variant(self, index: int) -> Item | Form:
        shown = self.items or self.forms
        return shown[index % len(shown)]


class LessonBundle(BaseModel):
    lesson: str
    items: dict[str, Entry]


def _folder():
    return resources.files("autograde.kit").joinpath(*FOLDER)


@functools.cache
def lesson_bundles() -> dict[str, LessonBundle]:
    """Every lesson's quiz bundle, by lesson id."""
    folder = _folder()
    found = {}
    if folder.is_dir():
        for path in sorted(folder.iterdir(), key=lambda p: p.name):
            if path.name.endswith(".json"):
                bundle = LessonBundle.model_validate(json.loads(path.read_text("utf-8")))
                found[bundle.lesson] = bundle
    return found


def entry(item_id: str) -> Entry | None:
    """The bundle entry of ``item_id``, None when no lesson has it."""
    return next((bundle.items[item_id] for bundle in lesson_bundles().values()
                 if item_id in bundle.items), None)


def dump(bundle: LessonBundle) -> str:
    """The JSON text of a lesson's bundle (stable key order)."""
    data = bundle.model_dump(mode="json", exclude_none=True)
    return json.dumps(data, ensure_ascii=False, allow_nan=False, indent=1) + "\n"
