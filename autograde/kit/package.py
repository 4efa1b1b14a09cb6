"""The kit as files: ``autograde build-student-kit`` ships them, the sandbox stages them.

What students get is this package copied whole, with ``autograde/__init__.py`` (which imports
only the kit), so ``from autograde import check`` works there as it does here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

KIT_DIR = Path(__file__).resolve().parent
TOP_INIT = KIT_DIR.parent / "__init__.py"


def copy_kit(site: Path) -> Path:
    """Copy the ``autograde`` package's ``__init__`` and its whole ``kit`` into ``site``;
    returns the new ``autograde`` folder."""
    target = site / "autograde"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(TOP_INIT, target / "__init__.py")
    shutil.copytree(KIT_DIR, target / "kit", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target
