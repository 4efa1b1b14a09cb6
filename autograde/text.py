"""Bilingual text: every student-facing string exists in Japanese and English."""

from __future__ import annotations

import os
from typing import Literal

from pydantic import BaseModel, ConfigDict

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")


def current_lang(lang: str | None = None) -> Lang:
    """The language to speak: the argument, else ``AUTOGRADE_LANG``, else Japanese."""
    chosen = (lang or os.environ.get("AUTOGRADE_LANG") or "ja").strip().lower()[:2]
    return "en" if chosen == "en" else "ja"


class Text(BaseModel):
    """A string in both languages."""

    model_config = ConfigDict(frozen=True)

    ja: str
    en: str

    def __call__(self, lang: Lang, **fields: object) -> str:
        return getattr(self, lang).format(**fields)
