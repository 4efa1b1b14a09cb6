"""What one submission costs in CPU, part by part, next to the budget of a target rate.

``grading_throughput.py`` times whole runs; this one asks where the CPU goes, to say what a
rate needs. On a lesson's class (built as that benchmark builds it) it measures, one part at a
time in this process, the busy CPU of the whole machine per submission (``/proc/stat``: every
process, the sandbox's children and the kernel's work included; run it on a quiet machine):

1. an empty request to the warm sandbox server (fork, child set-up, reap: the isolation kept
   for every student);
2. grading a submission in a worker: ``grade_job`` (plans, the sandbox run, judging, scan,
   quiz, fingerprints), as each worker of ``autograde grade`` does;
3. writing its result to the results store, in batches as ``autograde grade`` does;
4. writing its scores to nbgrader's gradebook through nbgrader's models, in batches.

It prints each part in ms per submission, their sum, and the rate that sum allows on this
machine's cores next to the target: a rate of R per second on C cores leaves C / R seconds of
CPU per submission (2 cores at 100/s: 20 ms).

    python benchmarks/grading_floor.py [--lesson 01_neuron] [--size 300] [--target 100]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from grading_throughput import build_course, class_of

from autograde.course.gradebook import GradebookWriter
from autograde.course.grading import Batch, GradeOptions, _submissions, master_notebook
from autograde.course.layout import Course
from autograde.grader import batch
from autograde.grader.assignment import make_jobs
from autograde.grader.batch import LESSON_IMPORTS
from autograde.grader.settings import SAVE_BATCH
from autograde.grader.store import Store
from autograde.sandbox.client import Sandbox
from autograde.sandbox.limits import Limits
from autograde.sandbox.stage import build_stage


def busy_seconds() -> float:
    """CPU time the whole machine has spent busy so far (all cores, all processes)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle, iowait = fields[3], fields[4]
    return (sum(fields) - idle - iowait) / os.sysconf("SC_CLK_TCK")


def per_item(count: int, work: Callable[[], object]) -> float:
    """Busy CPU in ms per item of ``work`` (which handles ``count`` items)."""
    start = busy_seconds()
    work()
    return (busy_seconds() - start) / count * 1000


def in_batches(items: list, write: Callable[[list], object]) -> None:
    for start in range(0, len(items), SAVE_BATCH):
        write(items[start:start + SAVE_BATCH])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", default="01_neuron")
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--target", type=float, default=100.0, help="submissions per second")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    root = Path(tempfile.mkdtemp(prefix="nn-dojo-floor-"))
    build_course(root, args.lesson, class_of(args.size))
    options = GradeOptions(assignment=args.lesson, course=root, workers=1)
    master = master_notebook(options)
    jobs = make_jobs(Batch(assignment=args.lesson, course_id=Course(root).id, master=master,
                           submissions=_submissions(options, master.name), root=root),
                     options, str(build_stage().root))
    batch.warm_up(jobs[0])
    batch.grade_job(jobs[0])  # first plans, quiz banks: once per worker, not per submission

    parts: dict[str, float] = {}
    with Sandbox(preload=LESSON_IMPORTS) as sandbox:
        empty = {"cells": [{"name": "empty", "source": "pass"}], "cell_seconds": 5,
                 "exercises": []}
        sandbox.run(empty, [], Limits())
        parts["empty sandbox request (fork, set-up, reap)"] = per_item(
            args.size, lambda: [sandbox.run(empty, [], Limits()) for _ in range(args.size)])
    results = []
    parts["grading in a worker (grade_job, sandbox included)"] = per_item(
        len(jobs), lambda: results.extend(batch.grade_job(job) for job in jobs))
    with Store.for_course(root) as store:
        parts["results store, batched"] = per_item(
            len(results), lambda: in_batches(results, store.save_all))
    with GradebookWriter(root) as gradebook:
        gradebook.check([args.lesson])
        parts["nbgrader gradebook, batched"] = per_item(
            len(results), lambda: in_batches(results, gradebook.write))

    budget = cores / args.target * 1000
    print(f"{args.lesson}, {len(jobs)} submissions, {cores} cores: busy CPU per submission "
          "(the empty request is part of grading; the sum counts grading, store and gradebook)")
    for name, ms in parts.items():
        print(f"  {name:52} {ms:6.1f} ms")
    total = sum(ms for name, ms in parts.items() if not name.startswith("empty"))
    print(f"  {'sum':52} {total:6.1f} ms  -> at most {cores / total * 1000:5.1f}/s on "
          f"{cores} cores; {args.target:g}/s needs <= {budget:.1f} ms "
          f"({total / budget:.1f}x the budget)")


if __name__ == "__main__":
    main()
