"""Isolated grader vs ``nbgrader autograde``, lesson by lesson, as users run it.

For every lesson and two class sizes — 30 students (what one teacher sees, warm-up included)
and 1,000 — it generates submissions in a fresh nbgrader course (correct, buggy: one exercise
wrong, cheating: monkeypatching the in-kernel grader or importing the reference, broken:
invalid JSON) and runs, in this one process:

1. ``nbgrader autograde`` on the class of 30 (nobody runs it on thousands: its time per
   submission is the peer of both class sizes);
2. ``autograde grade`` on the same 30 and on the 1,000, the default path: nbgrader's gradebook
   written. Seconds are wall time from the command's start to its exit; peak memory is the
   sum of PSS over the whole process tree, sampled every 50 ms;
3. the same 1,000 of one lesson (``--dask-lesson``) with ``--scheduler`` on a Dask
   ``LocalCluster`` (as many single-threaded worker processes as local workers), next to the
   local pool: Dask's overhead per submission;
4. for the capstone lesson 07: the grader's own time per submission beyond the student's
   ``fit`` and ``predict`` — the slope of one worker's wall time between 10 and 40 correct
   submissions, minus fit + predict of the same solution on the same two splits timed here.

It prints one table (the targets of issue 13 beside each number), the whole course's time and
peak memory (every lesson's 1,000 one after the other), and whether our scores equal
nbgrader's on every honest submission of the 30.

    python benchmarks/grading_throughput.py [--lessons 01_neuron ...] [--sizes 30 1000]
        [--dask-lesson 01_neuron] [--no-dask] [--no-capstone]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograde.catalog.exercises import EXERCISES
from autograde.course.scaffold import init_course
from autograde.grader.program import exercises_in, graded_functions
from autograde.kit.seeds import hidden_seed

BIN = Path(sys.executable).parent
SOURCE = Path(__file__).resolve().parents[1] / "course" / "source"
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
KINDS = ("correct", "buggy", "correct", "buggy", "cheat_patch", "correct", "buggy",
         "cheat_reference", "broken", "correct")
HONEST = ("correct", "buggy")
TIMESTAMP = "2026-11-20 10:00:00.000000 UTC"
COURSE = "bench"
LESSONS = ("01_neuron", "02_forward", "03_loss", "04_gradient_descent", "05_backprop",
           "06_optimizers", "07_digits")
CAPSTONE = "07_digits"


def targets(lesson: str, size: int) -> str:
    """Issue 13's targets for one row."""
    if lesson == CAPSTONE:
        return "overhead <= 20 ms beyond fit"
    ratio = (40 if size < 1000 else 50) if lesson == "01_neuron" else (20 if size < 1000 else 50)
    return f">= {ratio}x" + (", >= 100/s" if lesson == "01_neuron" and size >= 1000 else "")


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
    init_course(root, "ja", COURSE)
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

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id=COURSE) as gradebook:
        return {s.student.id: s.score
                for s in gradebook.find_assignment(assignment).submissions}


def our_scores(root: Path, assignment: str) -> dict[str, float]:
    from autograde.grader.store import Store

    with Store.for_course(root) as store:
        return {r.student: r.score for r in store.results(assignment)}


@dataclass
class Row:
    lesson: str
    size: int
    seconds: float
    peak_mb: float
    nbgrader_per_sub: float
    agree: str = ""

    @property
    def per_sub(self) -> float:
        return self.seconds / self.size

    @property
    def ratio(self) -> float:
        return self.nbgrader_per_sub / self.per_sub


def grade_command(*extra: str) -> list[str]:
    return [str(BIN / "autograde"), "grade", *extra, "--quiet"]


def class_of(size: int) -> list[tuple[str, str]]:
    return [(f"s{i:04d}", KINDS[i % len(KINDS)]) for i in range(size)]


def agreement(work: Path, lesson: str, students: list[tuple[str, str]]) -> str:
    nbgrader, ours = nbgrader_scores(work, lesson), our_scores(work, lesson)
    honest = [s for s, kind in students if kind in HONEST]
    agree = sum(abs(nbgrader.get(s, -1) - ours.get(s, -2)) < 1e-6 for s in honest)
    cheats = [s for s, kind in students if kind.startswith("cheat")]
    fooled = sum(nbgrader.get(s, 0) > ours.get(s, 0) + 1e-6 for s in cheats)
    return f"{agree}/{len(honest)} equal, nbgrader fooled {fooled}/{len(cheats)}"


def lesson_rows(lesson: str, sizes: list[int], work: Path) -> tuple[list[Row], Path | None]:
    """nbgrader on the smallest class, ours on every size; the largest course is kept."""
    small = min(sizes)
    students = class_of(small)
    build_course(work / "nbgrader", lesson, students)
    nb_s, _, _ = run_measured([str(BIN / "nbgrader"), "autograde", lesson],
                              work / "nbgrader", check=False)  # (exits 1: broken ones)
    rows, kept = [], None
    for size in sizes:
        root = work / f"{lesson}-{size}"
        build_course(root, lesson, class_of(size))
        seconds, peak, _ = run_measured(grade_command(lesson), root)
        row = Row(lesson, size, seconds, peak, nb_s / small)
        if size == small:
            shutil.copy(root / "autograde.db", work / "nbgrader" / "autograde.db")
            row.agree = agreement(work / "nbgrader", lesson, students)
        rows.append(row)
        print(f"  {lesson} {size:>5}: {seconds:7.1f} s  {size / seconds:6.1f}/s  "
              f"{row.ratio:6.1f}x nbgrader  {peak:5.0f} MB", flush=True)
        if kept is not None:
            shutil.rmtree(kept, ignore_errors=True)
        kept = root
    shutil.rmtree(work / "nbgrader", ignore_errors=True)
    return rows, kept


def dask_overhead(course: Path, lesson: str, local_seconds: float, workers: int) -> str:
    """The same submissions graded again on a Dask LocalCluster."""
    try:
        from distributed import LocalCluster
    except ImportError:
        return "Dask not installed (pip install 'nn-dojo[dask]')"
    size = sum(1 for _ in (course / "submitted").iterdir())
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        seconds, peak, _ = run_measured(
            grade_command(lesson, "--force", "--scheduler", cluster.scheduler_address), course)
    overhead = (seconds - local_seconds) / size * 1000
    return (f"{lesson}, {size} submissions: local pool {local_seconds:.1f} s, Dask LocalCluster "
            f"({workers} workers) {seconds:.1f} s ({size / seconds:.1f}/s, peak {peak:.0f} MB "
            f"without the cluster's own processes): Dask adds {overhead:+.1f} ms per submission")


def _solution(lesson: str, exercise: str) -> tuple:
    """The master's own solution functions of ``exercise`` (its setup and solution cells)."""
    master = nbformat.read(SOURCE / lesson / f"{lesson}.ipynb", 4)
    namespace: dict = {}
    for cell in master.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and (meta.get("solution") or cell.get("id") == "setup"):
            with contextlib.redirect_stdout(None):
                exec(cell.source, namespace)  # the instructor's own notebook: trusted
    names = graded_functions(master).get(exercise) or EXERCISES[exercise].function_names
    return tuple(namespace[name] for name in names)


def capstone_overhead(work: Path, lesson: str = CAPSTONE, exercise: str = "digits_mlp") -> str:
    """One worker's time per correct submission (the slope between 10 and 40) minus the
    solution's own fit + predict on the same two splits (public and a student's hidden),
    timed here with one BLAS thread, as the sandbox runs it."""
    from threadpoolctl import threadpool_limits

    from autograde.catalog.spec import build_plan

    fit, predict = _solution(lesson, exercise)
    fits = []
    with threadpool_limits(1):  # as in the sandbox (one BLAS thread)
        for student in ("s0000", "s0001", "s0002"):
            plan = build_plan(EXERCISES[exercise], seed=hidden_seed(COURSE, lesson, student))
            start = time.perf_counter()
            for check in plan.checks:
                for case in check.cases:
                    x_train, t_train, x_test = case.args
                    predict(fit(x_train, t_train), x_test)
            fits.append(time.perf_counter() - start)
    walls = {}
    for size in (10, 40):
        root = work / f"capstone-{size}"
        build_course(root, lesson, [(f"s{i:04d}", "correct") for i in range(size)])
        walls[size], _, _ = run_measured(grade_command(lesson, "--workers", "1"), root)
        shutil.rmtree(root, ignore_errors=True)
    per_sub = (walls[40] - walls[10]) / 30
    fit_s = statistics.median(fits)
    return (f"{lesson}: one worker {per_sub * 1000:.0f} ms per correct submission, of which the "
            f"solution's fit + predict (public + hidden split) {fit_s * 1000:.0f} ms: the "
            f"grader's own time {(per_sub - fit_s) * 1000:.0f} ms (target <= 20 ms)")


def print_table(rows: list[Row]) -> None:
    print(f"\n{'lesson':<22}{'class':>6}{'seconds':>9}{'sub/s':>8}{'ms/sub':>8}"
          f"{'nbgrader s/sub':>15}{'ratio':>8}{'peak MB':>9}  target / agreement")
    for row in rows:
        note = targets(row.lesson, row.size) + (f"; {row.agree}" if row.agree else "")
        print(f"{row.lesson:<22}{row.size:>6}{row.seconds:>9.1f}{row.size / row.seconds:>8.1f}"
              f"{row.per_sub * 1000:>8.1f}{row.nbgrader_per_sub:>15.2f}{row.ratio:>7.1f}x"
              f"{row.peak_mb:>9.0f}  {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", nargs="+", default=list(LESSONS))
    parser.add_argument("--sizes", nargs="+", type=int, default=[30, 1000])
    parser.add_argument("--dask-lesson", default="01_neuron")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--no-capstone", action="store_true")
    args = parser.parse_args()
    workers = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="nn-dojo-bench-"))
    rows: list[Row] = []
    notes = []
    print(f"{os.cpu_count()} cores; sizes {args.sizes}; work in {work}", flush=True)
    try:
        for lesson in args.lessons:
            lesson_result, kept = lesson_rows(lesson, sorted(args.sizes), work)
            rows += lesson_result
            if lesson == args.dask_lesson and not args.no_dask and kept is not None:
                notes.append("Dask: " + dask_overhead(kept, lesson, lesson_result[-1].seconds,
                                                      workers))
            if kept is not None:
                shutil.rmtree(kept, ignore_errors=True)
        if CAPSTONE in args.lessons and not args.no_capstone:
            notes.append("capstone: " + capstone_overhead(work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(rows)
    largest = [row for row in rows if row.size == max(args.sizes)]
    print(f"\nwhole course ({len(largest)} lessons x {max(args.sizes)} students, one after the "
          f"other): {sum(r.seconds for r in largest) / 60:.1f} min (target < 8 min), peak "
          f"{max(r.peak_mb for r in largest):.0f} MB (target < 1024 MB)")
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
