"""Seconds `nbgrader autograde` takes for one correct submission of each lesson.

Builds a course with `autograde init`, generates every assignment, hands in the source
solutions as one student and times `nbgrader autograde <assignment> --student <id>` per lesson
(the command's start-up included), next to an empty peer notebook graded the same way, so the
lesson's own cost is the difference. Usage: python benchmarks/nbgrader_per_lesson.py [--lang en]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "course"))
from nbgrader_course import CORRECT, ENV, NBGRADER, submission

from autograde.course.scaffold import init_course


def _timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([*NBGRADER, *args], cwd=cwd, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", choices=("ja", "en"), default="ja")
    lang = parser.parse_args().lang
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "bench"
        ids = init_course(root, lang)
        _timed(["generate_assignment", "*"], root)
        peer = root / "source" / "zz_empty" / "zz_empty.ipynb"
        peer.parent.mkdir(parents=True)
        nbformat.write(nbformat.v4.new_notebook(), peer)
        _timed(["generate_assignment", "zz_empty"], root)
        for assignment in [*ids, "zz_empty"]:
            folder = root / "submitted" / CORRECT / assignment
            folder.mkdir(parents=True)
            for release in (root / "release" / assignment).glob("*.ipynb"):
                source = nbformat.read(root / "source" / assignment / release.name, 4)
                done = submission(source, nbformat.read(release, 4), CORRECT)
                nbformat.write(done, folder / release.name)
        empty = _timed(["autograde", "zz_empty", "--student", CORRECT], root)
        print(f"nbgrader autograde, one submission ({lang}); empty notebook: {empty:.1f} s")
        print(f"{'assignment':<22}{'seconds':>9}{'minus empty':>13}")
        for assignment in ids:
            seconds = _timed(["autograde", assignment, "--student", CORRECT], root)
            print(f"{assignment:<22}{seconds:>9.1f}{seconds - empty:>13.1f}")


if __name__ == "__main__":
    main()
