"""What the sandbox can see: the interpreter, the libraries submissions may use, our runtime.

A stage is a directory with a ``site`` folder that holds one entry per visible top-level package
(a symlink to the installed package, or with bubblewrap a bind mount of it) and a *copy* of the
student-kit modules plus the sandbox runtime. The course, the gradebook, ``reference/``, the
exercise specs with their mutants and every other installed package stay out of it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from autograde.kit.package import copy_kit

STUDENT_IMPORTS = ("numpy", "matplotlib", "matplotlib.pyplot", "contourpy", "sklearn.datasets")
"""What a submission may import beyond the standard library (the lessons use these;
matplotlib imports contourpy only when a contour is drawn)."""
RUNTIME_IMPORTS = ("autograde.kit", "autograde.sandbox.child", "autograde.sandbox.server")
"""What our own code inside the sandbox needs."""
SANDBOX_MODULES = ("__init__", "wire", "limits", "server", "child", "inert_pyplot")
"""The part of this package that runs inside the sandbox (the client and the stage stay out)."""
HIDDEN_TOPS = frozenset({"autograde", "reference", "course", "__pycache__"})

_PROBE = """
import importlib, json, sys
before = set(sys.modules)
for name in sys.argv[1:]:
    importlib.import_module(name)
if "matplotlib.pyplot" in sys.modules:
    import matplotlib.pyplot as plt
    plt.subplots(); plt.close("all")
new = [m for name, m in list(sys.modules.items()) if name not in before]
files = sorted({f for m in new if (f := getattr(m, "__file__", None))})
sites = [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]
print(json.dumps({"files": files, "sites": sites}))
"""


class StageError(RuntimeError):
    """The sandbox's libraries could not be found or staged."""


@dataclass(frozen=True)
class Stage:
    root: Path

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def matplotlib_cache(self) -> Path:
        return self.root / "matplotlib"

    def entries(self) -> list[tuple[str, Path]]:
        """(name, real path) of every visible top-level package and module."""
        return sorted((p.name, p.resolve()) for p in self.site.iterdir())


def _tops(files: Sequence[str], sites: Sequence[str]) -> set[Path]:
    """The installed top-level packages/modules the given module files belong to."""
    tops = set()
    for site in map(Path, sites):
        for file in map(Path, files):
            if site in file.parents:
                tops.add(site / file.relative_to(site).parts[0])
        tops.update(site.glob("*.libs"))  # shared libraries bundled by wheels (numpy.libs, ...)
    return {t for t in tops if t.name.split(".")[0] not in HIDDEN_TOPS and t.suffix != ".pth"}


def _cache_file(imports: Sequence[str]) -> Path:
    """Where the probe's answer is kept: it changes only when packages are (un)installed."""
    sites = sorted(p for p in sys.path if p.endswith(("site-packages", "dist-packages")))
    stamps = [f"{p}:{os.stat(p).st_mtime_ns}" for p in sites if os.path.isdir(p)]
    key = hashlib.sha256("\n".join([sys.executable, *imports, *stamps]).encode()).hexdigest()
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return home / "nn-dojo" / f"stage-{key[:16]}.json"


def _probe(imports: Sequence[str], cache: Path) -> set[Path]:
    """The top-level packages ``imports`` load, asked of a fresh interpreter (then cached)."""
    remembered = _cache_file(imports)
    with contextlib.suppress(OSError, ValueError):
        return {Path(p) for p in json.loads(remembered.read_text("utf-8"))}
    env = {**os.environ, "MPLCONFIGDIR": str(cache), "MPLBACKEND": "Agg"}
    done = subprocess.run([sys.executable, "-c", _PROBE, *imports], capture_output=True,
                          text=True, env=env, timeout=300)
    if done.returncode != 0:
        raise StageError(f"cannot import the sandbox libraries {imports}: {done.stderr[-500:]}")
    found = json.loads(done.stdout.strip().splitlines()[-1])
    tops = _tops(found["files"], found["sites"])
    with contextlib.suppress(OSError):
        remembered.parent.mkdir(parents=True, exist_ok=True)
        remembered.write_text(json.dumps(sorted(map(str, tops))), "utf-8")
    return tops


def _copy_runtime(site: Path) -> None:
    """The student kit (copied whole) and the sandbox's own runtime."""
    target = copy_kit(site)
    (target / "sandbox").mkdir()
    for name in SANDBOX_MODULES:
        shutil.copy2(Path(__file__).with_name(f"{name}.py"), target / "sandbox" / f"{name}.py")


def _open_to_all(root: Path) -> None:
    """The sandbox may run as an unprivileged user: it must be able to read the stage."""
    for folder, _dirs, files in os.walk(root):
        os.chmod(folder, 0o755)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):  # never touch the installed packages themselves
                os.chmod(path, 0o644)


@functools.cache
def build_stage(imports: tuple[str, ...] = STUDENT_IMPORTS + RUNTIME_IMPORTS) -> Stage:
    """Stage the runtime once per process (cached); removed when the process exits."""
    stage = Stage(Path(tempfile.mkdtemp(prefix="autograde-stage-")))
    stage.site.mkdir()
    stage.matplotlib_cache.mkdir()
    for top in _probe(imports, stage.matplotlib_cache):
        (stage.site / top.name).symlink_to(top)
    _copy_runtime(stage.site)
    _open_to_all(stage.root)
    import atexit

    atexit.register(shutil.rmtree, stage.root, True)
    return stage
