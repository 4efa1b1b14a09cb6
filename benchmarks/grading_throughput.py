"""Isolated grader vs ``nbgrader autograde`` on the same generated submissions.

Generates N submissions of one assignment in a fresh nbgrader course — correct, buggy (one
exercise wrong), cheating (monkeypatches the in-kernel grader, imports the reference) and broken
(invalid JSON) — then, in this one run:

1. ``nbgrader autograde`` on a sample of K of them (it needs ~2 s per submission here);
2. ``autograde grade`` on the same K (the same-submissions ratio);
3. ``autograde grade`` on all N (throughput, and peak memory of the whole process tree: the sum
   of PSS over every descendant process, sampled every 50 ms).

It prints both times, the ratio, submissions per second, peak memory and whether the two
graders agree on every honest submission of the sample.

    python benchmarks/grading_throughput.py [--assignment 01_neuron] [--n 1000] [--sample 100]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat

from autograde.catalog.exercises import EXERCISES
from autograde.course.scaffold import init_course
from autograde.grader.program import exercises_in, graded_functions

BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
KINDS = ("correct", "buggy", "correct", "buggy", "cheat_patch", "correct", "buggy",
         "cheat_reference", "broken", "correct")
HONEST = ("correct", "buggy")
TIMESTAMP = "2026-11-20 10:00:00.000000 UTC"


def _buggy(source: str, names: tuple[str, ...]) -> str:
    """An honest mistake: the first function's result is off by a factor."""
    first = names[0]
    return (f"{source}\n\n_{first}_right = {first}\n\n"
            f"def {first}(*args):\n    return _{first}_right(*args) * 0.5\n")


def _cheat_patch(name: str, points: float) -> str:
    """grade() in the locked test cell is looked up at run time: replace it, get full marks."""
    return ("import autograde.course.hidden as _h\n"
            f"_h.grade = lambda exercise, *f, **k: {points}\n\n"
            f"def {name}(*args):\n    return 0.0\n")


def _cheat_reference(names: tuple[str, ...], exercise: str) -> str:
    return ("from autograde.catalog.exercises import EXERCISES as _E\n"
            f"{', '.join(names)} = _E[{exercise!r}].reference\n")


def make_submission(source: nbformat.NotebookNode, kind: str, index: int) -> str:
    """The notebook text student number ``index`` of ``kind`` hands in."""
    if kind == "broken":
        return '{"cells": [ {"cell_type": "code", "source": "def relu(x):'  # cut off
    notebook = nbformat.from_dict(source)
    called = graded_functions(source)  # (test cells that name only the exercise: its own)
    names = {e: called.get(e) or EXERCISES[e].function_names for e in exercises_in(source)}
    exercises = list(names)
    target = exercises[index % len(exercises)]
    points = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"].get("points", 0)
              for c in source.cells if c.metadata.get("nbgrader", {}).get("grade")}
    for cell in notebook.cells:
        if cell.get("id") != f"{target}-solution":
            continue
        if kind == "buggy":
            cell.source = _buggy(cell.source, names[target])
        elif kind == "cheat_patch":
            cell.source = _cheat_patch(names[target][0], points[f"{target}-check"])
        elif kind == "cheat_reference":
            cell.source = _cheat_reference(names[target], target)
    return nbformat.writes(notebook)


def build_course(root: Path, assignment: str, students: list[tuple[str, str]]) -> None:
    init_course(root, "ja", "bench")
    subprocess.run([str(BIN / "nbgrader"), "generate_assignment", assignment, "--force"],
                   cwd=root, env=ENV, check=True, capture_output=True)
    source = nbformat.read(root / "source" / assignment / f"{assignment}.ipynb", 4)
    for index, (student, kind) in enumerate(students):
        folder = root / "submitted" / student / assignment
        folder.mkdir(parents=True)
        (folder / f"{assignment}.ipynb").write_text(make_submission(source, kind, index),
                                                    "utf-8")
        (folder / "timestamp.txt").write_text(TIMESTAMP, "utf-8")


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _pss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def run_measured(command: list[str], cwd: Path,
                 check: bool = True) -> tuple[float, float, str]:
    """(seconds, peak MB of the whole process tree, output) of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    peak = [0.0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], _pss_mb(_descendants(process.pid)))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.communicate()[0]
    seconds = time.perf_counter() - start
    sampler.join()
    if check and process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-2000:]}")
    return seconds, peak[0], output


def nbgrader_scores(root: Path, assignment: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id="bench") as gradebook:
        return {s.student.id: s.score
                for s in gradebook.find_assignment(assignment).submissions}


def our_scores(root: Path, assignment: str) -> dict[str, float]:
    from autograde.grader.store import Store

    with Store.for_course(root) as store:
        return {r.student: r.score for r in store.results(assignment)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="01_neuron")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=100)
    args = parser.parse_args()
    students = [(f"s{i:04d}", KINDS[i % len(KINDS)]) for i in range(args.n)]
    sample = students[: args.sample]
    work = Path(tempfile.mkdtemp(prefix="nn-dojo-bench-"))
    try:
        print(f"generating {args.n} submissions of {args.assignment} "
              f"(+ a copy of the first {args.sample} for nbgrader) in {work}", flush=True)
        build_course(work / "sample", args.assignment, sample)
        build_course(work / "all", args.assignment, students)
        grade = [str(BIN / "autograde"), "grade", args.assignment, "--quiet", "--no-gradebook"]
        # nbgrader exits 1 when a submission (here: the broken ones) could not be processed
        nb_s, nb_mb, _ = run_measured([str(BIN / "nbgrader"), "autograde", args.assignment],
                                      work / "sample", check=False)
        nbgrader = nbgrader_scores(work / "sample", args.assignment)
        ours_s, ours_mb, _ = run_measured(grade, work / "sample")
        ours = our_scores(work / "sample", args.assignment)
        all_s, all_mb, _ = run_measured(grade, work / "all")
        graded_all = len(our_scores(work / "all", args.assignment))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    honest = [s for s, kind in sample if kind in HONEST]
    agree = [s for s in honest if abs(nbgrader.get(s, -1) - ours.get(s, -2)) < 1e-6]
    cheats = [s for s, kind in sample if kind.startswith("cheat")]
    fooled = [s for s in cheats if nbgrader.get(s, 0) > ours.get(s, 0) + 1e-6]
    per_nb, per_ours = nb_s / len(sample), ours_s / len(sample)
    print(f"\nassignment {args.assignment}, {os.cpu_count()} cores")
    print(f"{'':34}{'submissions':>12}{'seconds':>10}{'per sub.':>10}{'sub/s':>8}"
          f"{'peak MB':>9}")
    for label, n, seconds, mb in [("nbgrader autograde (sample)", len(sample), nb_s, nb_mb),
                                  ("autograde grade (same sample)", len(sample), ours_s, ours_mb),
                                  ("autograde grade (all)", graded_all, all_s, all_mb)]:
        print(f"{label:34}{n:>12}{seconds:>10.1f}{seconds / n:>10.3f}{n / seconds:>8.1f}"
              f"{mb:>9.0f}")
    print(f"\nthroughput ratio on the same {len(sample)} submissions: "
          f"{per_nb / per_ours:.1f}x (target >= 20x)")
    print(f"throughput ratio, nbgrader's per-submission time vs the full run: "
          f"{per_nb / (all_s / graded_all):.1f}x")
    print(f"{graded_all} submissions in {all_s:.1f} s (target < 60 s), "
          f"peak memory {all_mb:.0f} MB (target < 1024 MB)")
    print(f"scores agree on {len(agree)}/{len(honest)} honest submissions of the sample; "
          f"nbgrader was fooled by {len(fooled)}/{len(cheats)} cheating submissions")


if __name__ == "__main__":
    main()
