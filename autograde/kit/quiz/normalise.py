"""Japanese input read as the student meant it: NFKC (full-width digits and letters, ０．５ →
0.5, ｂ → b), then a table for what NFKC leaves alone."""

from __future__ import annotations

import re
import unicodedata

DASHES = "\u2212" + "".join(chr(c) for c in range(0x2010, 0x2016)) + "\u30fc"
"""Read as a minus sign: U+2212 MINUS SIGN, U+2010–U+2015 (hyphens and dashes), U+30FC (ー)."""
TABLE = str.maketrans({**dict.fromkeys(DASHES, "-"), "、": ",", "，": ",", "\u2044": "/"})
SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFKC, then minus signs, commas and the fraction slash as ASCII; outer spaces removed."""
    return unicodedata.normalize("NFKC", text).translate(TABLE).strip()


def normalise_text(text: str, case_sensitive: bool = False) -> str:
    """A free-text answer for comparison: NFKC, casefolded (unless asked not to), inner runs of
    spaces collapsed to one. No minus table: ー is a long vowel in ノード."""
    text = SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    return text if case_sensitive else text.casefold()
