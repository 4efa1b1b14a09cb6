"""How the dashboard names students: their ids (and names from nbgrader's gradebook), or, for a
copy given to teaching assistants, stable pseudonyms.

A pseudonym is an HMAC-SHA256 of the student id keyed with a secret kept in the course
(:data:`KEY_FILE`, made on first use, readable by its owner only): the same student gets the
same pseudonym on every run, and without the key nobody can go back from a pseudonym to the id
(nor test guessed ids against it, as one could against a plain hash).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path

from autograde.kit.text import Lang, Text

KEY_FILE = "autograde-pseudonyms.key"
"""The course's pseudonym secret, next to nbgrader_config.py (never give it to TAs)."""
PREFIX = "s-"


def pseudonym(student: str, key: bytes) -> str:
    """``s-`` and eight base-32 characters of HMAC-SHA256(key, student)."""
    digest = hmac.new(key, student.encode("utf-8"), hashlib.sha256).digest()
    return PREFIX + base64.b32encode(digest)[:8].decode("ascii").lower()


class PseudonymKeyError(Exception):
    """The pseudonym key cannot be read or written (the message says which file and why)."""


SAY = {
    "key": Text(ja="仮名の鍵 {path} を読み書きできません: {reason}",
                en="cannot read or write the pseudonym key {path}: {reason}"),
}


def course_key(root: Path, lang: Lang = "en") -> tuple[bytes, bool]:
    """The course's pseudonym secret and whether it was made just now."""
    path = root / KEY_FILE
    try:
        if path.is_file():
            return bytes.fromhex(path.read_text("ascii").strip()), False
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        key = secrets.token_bytes(32)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(key.hex() + "\n")
    except (OSError, ValueError) as error:  # unwritable course, a damaged key file
        reason = getattr(error, "strerror", None) or str(error)
        raise PseudonymKeyError(SAY["key"](lang, path=path, reason=reason)) from None
    return key, True


class People:
    """Student id → what the page shows for them."""

    def __init__(self, students: Iterable[str], names: Mapping[str, str] | None = None,
                 key: bytes | None = None) -> None:
        self.anonymous = key is not None
        ids = sorted(set(students))
        self._shown = {s: pseudonym(s, key) if key is not None else s for s in ids}
        self._names = {} if self.anonymous else dict(names or {})
        real = sorted((s for s in ids if self._shown[s] != s), key=len, reverse=True)
        self._real = re.compile("|".join(re.escape(s) for s in real)) if real else None

    def shown(self, student: str) -> str:
        return self._shown.get(student) or self.scrub(student)

    def name(self, student: str) -> str:
        """The student's name from the gradebook ("" when unknown or anonymous)."""
        return self._names.get(student, "")

    @property
    def has_names(self) -> bool:
        return any(self._names.values())

    def order(self, students: Iterable[str]) -> list[str]:
        """``students`` sorted as shown (by pseudonym when anonymous: no hint of the ids)."""
        return sorted(set(students), key=self.shown)

    def scrub(self, text: str) -> str:
        """``text`` (an error message, a path, a line of code) with every student id replaced
        by its pseudonym; unchanged when not anonymous."""
        if self._real is None or not text:
            return text
        return self._real.sub(lambda match: self._shown[match.group(0)], text)
