"""MathJax for feedback pages that typeset the lessons' math offline.

``make`` fetches it once from the npm registry (``python3 autograde/course/mathjax.py``: the
tarball is checked against the integrity hash the registry publishes and the one pinned here)
into ``vendor/`` beside this module, so it ships in the package; ``autograde init`` copies it
into each course. It is MathJax 3's single-file ``tex-svg-full`` component: every TeX
extension the lessons use (``\\boldsymbol`` included) and SVG output, so it loads no fonts or
further files, and a page opened from disk (file://) renders its math with no network.

This module uses the standard library only: it runs before the project's venv exists.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "3.2.2"
INTEGRITY = ("sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtR"
             "ZM1vO+geW0OhGw==")
"""The tarball's Subresource Integrity hash, as the npm registry lists it for ``VERSION``."""
REGISTRY = "https://registry.npmjs.org/mathjax"
SCRIPT = "tex-svg-full.js"
FILES = {f"package/es5/{SCRIPT}": SCRIPT, "package/LICENSE": "LICENSE"}
"""Tarball member → file name kept (MathJax is Apache-2.0: its license travels with it)."""
CDN = f"https://cdn.jsdelivr.net/npm/mathjax@{VERSION}/es5/{SCRIPT}"
"""Where a feedback page loads MathJax from when the course's copy is out of its reach."""
VENDOR = Path(__file__).resolve().parent / "vendor" / f"mathjax_{VERSION.replace('.', '_')}"
"""The package's copy (a folder name without dots: setuptools ships only those)."""
COURSE_FOLDER = "mathjax"
"""A course's copy: ``<course>/mathjax/``."""
TIMEOUT = 60


class FetchError(Exception):
    """MathJax could not be fetched or is not what the registry promised (the message says)."""


def vendored() -> Path | None:
    """The package's copy of MathJax, or None when ``make`` has not fetched it."""
    return VENDOR if all((VENDOR / name).is_file() for name in FILES.values()) else None


def copy_into(folder: Path) -> bool:
    """Copy the package's MathJax into ``folder``; False when the package has none."""
    source = vendored()
    if source is None:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    for name in FILES.values():
        shutil.copyfile(source / name, folder / name)
    return True


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _download(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.read()
    except OSError as error:
        raise FetchError(f"cannot download {url}: {error}") from None


def fetch(folder: Path = VENDOR) -> Path:
    """Download MathJax ``VERSION`` from the npm registry into ``folder`` (checked); ``folder``."""
    dist = json.loads(_download(f"{REGISTRY}/{VERSION}"))["dist"]
    if dist.get("integrity") != INTEGRITY:
        raise FetchError(f"the registry lists mathjax {VERSION} as {dist.get('integrity')}, "
                         f"not the pinned {INTEGRITY}")
    tarball = _download(dist["tarball"])
    if integrity(tarball) != INTEGRITY:
        raise FetchError(f"{dist['tarball']} does not match its integrity hash {INTEGRITY}")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        kept = {name: archive.extractfile(member) for member, name in FILES.items()}
        missing = [name for name, member in kept.items() if member is None]
        if missing:
            raise FetchError(f"{', '.join(missing)} missing from {dist['tarball']}")
        folder.mkdir(parents=True, exist_ok=True)
        for name, member in kept.items():
            part = folder / f"{name}.part"
            part.write_bytes(member.read())
            part.replace(folder / name)
    return folder


def _drop_other_versions() -> None:
    for old in VENDOR.parent.glob("mathjax_*"):
        if old != VENDOR:
            shutil.rmtree(old)


def main(argv: list[str]) -> int:
    """``mathjax.py [DIR]``: fetch into DIR (default: the package); ``--path``: print where
    the package's copy lives (the Makefile's target)."""
    if argv == ["--path"]:
        print(os.path.relpath(VENDOR / SCRIPT))
        return 0
    folder = Path(argv[0]) if argv else VENDOR
    try:
        fetch(folder)
    except FetchError as error:
        print(f"MathJax {VERSION}: {error}", file=sys.stderr)
        return 1
    if folder == VENDOR:
        _drop_other_versions()
    print(f"MathJax {VERSION} ({INTEGRITY[:20]}…) → {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
