"""A non-editable install: the wheel holds every package and data file of the source tree, and
the installed commands work from it (``autograde init``, ``autograde check`` in the sandbox)."""

from __future__ import annotations

import json
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from autograde.course import mathjax

REPO = Path(__file__).resolve().parents[1]
SHIPPED = {"autograde": "autograde", "reference": "reference",
           "course": "autograde/course/master"}
"""Source folder → where it lands in the wheel (the master course ships inside the package)."""

pytestmark = pytest.mark.slow


def _source_files() -> set[str]:
    """Every tracked file of the shipped folders, and MathJax, which ``make`` fetches into the
    package (not tracked: it comes from the npm registry)."""
    tracked = subprocess.run(["git", "ls-files", *SHIPPED], cwd=REPO, capture_output=True,
                             text=True, check=True).stdout.split()
    if mathjax.vendored() is None:
        pytest.fail("MathJax is not in the package: make (python3 autograde/course/mathjax.py)")
    fetched = [path.relative_to(REPO).as_posix() for path in mathjax.VENDOR.iterdir()]
    return {SHIPPED[name.split("/")[0]] + name[len(name.split("/")[0]):]
            for name in tracked + fetched if (REPO / name).is_file()}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                           str(out), str(REPO)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return next(out.glob("nn_dojo-*.whl"))


@pytest.fixture(scope="module", params=["symlinks", "copies"])
def installed(wheel, tmp_path_factory, request) -> Path:
    """A fresh venv with the wheel installed (its dependencies come from the test's own
    environment through a .pth file, so nothing is downloaded): one whose interpreter links to
    the system's (as `python -m venv` makes it), one with a copy (``--copies``)."""
    env = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=True, symlinks=request.param == "symlinks").create(env)
    python = env / "bin" / "python"
    target = subprocess.run([str(python), "-c", "import site; print(site.getsitepackages()[0])"],
                            capture_output=True, text=True, check=True).stdout.strip()
    Path(target, "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return env


def test_the_wheel_holds_every_file_of_the_packages_and_the_master_course(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = {n for n in archive.namelist() if ".dist-info/" not in n}
    assert names == _source_files()


def test_init_and_check_work_from_a_non_editable_install(installed, tmp_path):
    bin_dir = installed / "bin"
    where = subprocess.run([str(bin_dir / "python"), "-c",
                            "import autograde, reference; print(autograde.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert str(installed) in where.stdout, where.stderr
    done = subprocess.run([str(bin_dir / "autograde"), "init", "course", "--lang", "en"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    notebooks = sorted((tmp_path / "course" / "source").glob("*/*.ipynb"))
    assert len(notebooks) == 7 and (tmp_path / "course" / "nbgrader_config.py").is_file()
    course_mathjax = tmp_path / "course" / mathjax.COURSE_FOLDER / mathjax.SCRIPT
    assert course_mathjax.read_bytes() == (mathjax.VENDOR / mathjax.SCRIPT).read_bytes()
    sample = tmp_path / "relu.py"
    sample.write_text("import numpy as np\n\ndef relu(x):\n    return np.where(x > 0, 1.0, 0.0)\n")
    done = subprocess.run([str(bin_dir / "autograde"), "check", "relu", str(sample), "--json"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["score"] < result["max_score"] and result["error"] is None
    assert result["misconceptions"] == ["relu.mask"]
