"""Bilingual text: every student-facing string exists in Japanese and English."""

from __future__ import annotations

import os
from typing import Literal

from pydantic import BaseModel, ConfigDict

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")
DEFAULT_LANG: Lang = "ja"


_chosen: list[Lang] = []


def use_language(lang: str) -> None:
    """Speak ``lang`` ("ja" or "en") from now on in this process (a notebook's first cell)."""
    _chosen[:] = [current_lang(lang)]


def current_lang(lang: str | None = None) -> Lang:
    """The language to speak: the argument, else :func:`use_language`'s choice, else
    ``AUTOGRADE_LANG``, else Japanese."""
    fallback = _chosen[0] if _chosen else os.environ.get("AUTOGRADE_LANG")
    chosen = (lang or fallback or DEFAULT_LANG).strip().lower()[:2]
    return "en" if chosen == "en" else "ja"


class Text(BaseModel):
    """A string in both languages."""

    model_config = ConfigDict(frozen=True)

    ja: str
    en: str

    def __call__(self, lang: Lang, **fields: object) -> str:
        """The text in ``lang``, its ``{name}`` fields filled when given (a text given no
        fields is returned as written: a quiz's TeX braces stay braces)."""
        text = getattr(self, lang)
        return text.format(**fields) if fields else text
