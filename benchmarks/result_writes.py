"""The main process's share of grading: saving results, per submission, one at a time vs. in
batches — the results store and nbgrader's gradebook.

A class of N students (default 1,000) hands in lesson 01 (the demo's sample class: what each
writes and answers), turned into the results grading stores (as benchmarks/dashboard_scale.py
makes them, without a sandbox). Then, in this one run, on fresh copies of the course:

- the store: ``Store.save`` per result (one transaction each, the old way) vs ``BatchSaver``
  (batches of ``SAVE_BATCH``);
- the gradebook: nbgrader's API committing after each submission (its three commits each, the
  old way) vs ``GradebookWriter.write`` per batch (one transaction).

It prints milliseconds per submission for each, the ratios, and the ceiling the batched writes
put on grading (submissions per second if the main process did nothing else).

    python benchmarks/result_writes.py [--students 1000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dashboard_scale import COURSE_ID, Lessons, result

from autograde.course.gradebook import GradebookWriter, _write
from autograde.course.sample_class import plan_class
from autograde.course.scaffold import init_course
from autograde.grader import settings
from autograde.grader.saving import BatchSaver
from autograde.grader.store import Store

LESSON = "01_neuron"
ENV = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
"""nbgrader runs ``alembic`` from PATH: the one next to this interpreter."""


def per_submission(seconds: float, n: int) -> float:
    return 1000 * seconds / n


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "course"
        init_course(base, "en", COURSE_ID)
        subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", LESSON,
                        "--force"], cwd=base, check=True, capture_output=True, env=ENV)
        plan = plan_class(base, (LESSON,), args.students)
        lessons = Lessons(base, (LESSON,))
        results = [result(work, lessons, "en") for work in plan.work.values()]
        n = len(results)
        copies = {name: Path(shutil.copytree(base, Path(folder) / name))
                  for name in ("one", "batch")}

        def store_one() -> None:
            with Store.for_course(copies["one"]) as store:
                for r in results:
                    store.save(r)

        def store_batch() -> None:
            with Store.for_course(copies["batch"]) as store:
                saver = BatchSaver(store, seconds=1e9)
                for r in results:
                    saver.add(r)
                saver.flush()

        def gradebook_one() -> None:
            with GradebookWriter(copies["one"]) as writer:
                writer.check([LESSON])
                gradebook, cells, warned = writer._gradebook, writer._cells[LESSON], set()
                for r in results:
                    gradebook.update_or_create_student(r.student)
                    _write(gradebook, copies["one"], r, cells, warned)
                    gradebook.db.commit()  # nbgrader's API: student, submission, then grades

        def gradebook_batch() -> None:
            with GradebookWriter(copies["batch"]) as writer:
                for start in range(0, n, settings.SAVE_BATCH):
                    writer.write(results[start:start + settings.SAVE_BATCH])

        times = {name: timed(work) for name, work in (
            ("store, one transaction per result", store_one),
            ("store, batches", store_batch),
            ("gradebook, nbgrader's commits per submission", gradebook_one),
            ("gradebook, one transaction per batch", gradebook_batch))}
    print(f"{n} submissions of {LESSON}, batches of {settings.SAVE_BATCH}")
    for name, seconds in times.items():
        print(f"  {name:46s} {per_submission(seconds, n):6.2f} ms per submission")
    values = list(times.values())
    before, after = values[0] + values[2], values[1] + values[3]
    print(f"store {values[0] / values[1]:.1f}x faster, gradebook {values[2] / values[3]:.1f}x "
          f"faster; both: {per_submission(before, n):.1f} -> {per_submission(after, n):.1f} ms "
          f"per submission (a ceiling of {n / before:.0f} -> {n / after:.0f} submissions/s "
          "on the main process)")


if __name__ == "__main__":
    main()
