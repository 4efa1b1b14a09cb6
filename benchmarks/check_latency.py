"""Median latency of the student-side ``check()`` per exercise.

For every exercise, ``check(name, reference...)`` runs on the public bundle (bundle loading
cached after the first call, as in a notebook session) and is compared with its peer in the
same process: calling the same reference function(s) directly on the same cases. The ratio is
check()'s overhead; the target is ≤ 50 ms per exercise (capstones train a model inside check()
and are reported apart).

Usage: python benchmarks/check_latency.py [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import subprocess
import sys
import time

from autograde import check
from autograde.catalog.exercises import EXERCISES
from autograde.kit.bundle import load_bundle
from autograde.kit.invoke import run_protocol

TARGET_MS = 50.0


def _median_ms(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(exercise_id: str, repeat: int) -> tuple[float, float, float]:
    """(cold first check ms, median check ms, median bare reference ms)."""
    exercise = EXERCISES[exercise_id]
    functions = exercise.reference
    if not isinstance(functions, tuple):
        functions = (functions,)
    sink = io.StringIO()
    load_bundle.cache_clear()
    start = time.perf_counter()
    with contextlib.redirect_stdout(sink):
        check(exercise_id, *functions)
    cold = (time.perf_counter() - start) * 1000
    plan = load_bundle(exercise_id)
    cases = [case.args for ch in plan.checks for case in ch.cases]

    def checked() -> None:
        with contextlib.redirect_stdout(sink):
            check(exercise_id, *functions)
        sink.seek(0)
        sink.truncate()

    def bare() -> None:
        for args in cases:
            run_protocol(plan.protocol, functions, args)

    return cold, _median_ms(checked, repeat), _median_ms(bare, repeat)


def import_ms(statement: str, repeat: int = 5) -> float:
    """Median wall time of a fresh interpreter running ``statement`` (minus an empty one)."""
    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return (time.perf_counter() - start) * 1000

    empty = statistics.median(run("pass") for _ in range(repeat))
    return statistics.median(run(statement) for _ in range(repeat)) - empty


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    print(f"{'exercise':<22}{'cold ms':>9}{'check ms':>10}{'bare ms':>9}{'ratio':>8}")
    medians = []
    for exercise_id, exercise in EXERCISES.items():
        capstone = exercise.protocol == "fit_predict"
        cold, checked, bare = measure(exercise_id, 3 if capstone else args.repeat)
        ratio = checked / bare if bare > 0 else float("inf")
        flag = " (trains a model)" if capstone else ("" if checked <= TARGET_MS else "  OVER")
        print(f"{exercise_id:<22}{cold:>9.2f}{checked:>10.2f}{bare:>9.3f}{ratio:>8.1f}{flag}")
        if not capstone:
            medians.append(checked)
    print(f"\nmedian over exercises: {statistics.median(medians):.2f} ms, "
          f"max {max(medians):.2f} ms (target ≤ {TARGET_MS:g} ms per exercise)")
    numpy_ms = import_ms("import numpy")
    kit_ms = import_ms("from autograde import check")
    print(f"one-time import: `from autograde import check` {kit_ms:.0f} ms vs "
          f"`import numpy` {numpy_ms:.0f} ms (ratio {kit_ms / numpy_ms:.1f})")


if __name__ == "__main__":
    main()
