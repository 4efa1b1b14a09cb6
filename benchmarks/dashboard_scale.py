"""The instructor's dashboard at class scale: 1,000 students x the seven lessons.

A class of N students (default 1,000) is planned over all seven lessons by the demo's sample
class (:mod:`autograde.course.sample_class`: what each student writes and answers, cheats,
copies, broken notebooks) and turned into the results ``autograde grade`` would store, without
running anything in a sandbox:

- each exercise's result is the catalog's verdict on that kind of work (the reference, or the
  misconception's mutant), graded once per exercise and misconception in this process and
  copied to every student who wrote it; left blank or cheated: every check failed;
- quiz answers are graded with the course's banks as grading does
  (:func:`autograde.grader.quiz_answers.grade_answers`: variants, misconceptions, the other
  variant an answer fits);
- each solution is fingerprinted as grading does (:mod:`autograde.grader.fingerprint`, the
  master's solution and stub removed) and scanned (:func:`autograde.grader.scan.scan`).

They are saved in a SQLite store (``Store.save_all``); then ``autograde dashboard``'s
:func:`~autograde.reports.dashboard.dashboard` (read the store, build, render) is timed, once,
in this process (its lazy imports, such as scipy's, included) and the page's time and size
printed against the targets (under 5 s, under 10 MB); last, the wall time of the command
itself in a new process (Python's start and every import included), for reference.

    python benchmarks/dashboard_scale.py [--students 1000] [--lang ja] [-o dashboard.html]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
import warnings
from functools import cache
from pathlib import Path

from autograde.catalog.exercises import EXERCISES
from autograde.catalog.spec import build_plan
from autograde.course.layout import assignments
from autograde.course.quiz_places import answer_source
from autograde.course.sample_class import Work, plan_class, read_lesson
from autograde.course.scaffold import init_course
from autograde.grader.fingerprint import fingerprint, imported_names, master_scaffolds
from autograde.grader.program import read_notebook
from autograde.grader.quiz_answers import grade_answers
from autograde.grader.records import SubmissionResult
from autograde.grader.scan import scan
from autograde.grader.store import Store
from autograde.kit.feedback import grade_functions
from autograde.kit.results import CheckResult, ExerciseResult
from autograde.kit.text import Lang
from autograde.quiz.banks import library
from autograde.reports.dashboard import DashboardOptions, dashboard

COURSE_ID = "dashboard-bench"
TARGET_SECONDS = 5.0
TARGET_MB = 10.0
RIGHT = ("model", "style", "unusual", "copy")


@cache
def verdict(exercise: str, kind: str, lang: Lang) -> ExerciseResult:
    """The catalog's result for ``kind`` of work on ``exercise`` (a misconception id, or right,
    blank and cheat), graded once in this process on one student's cases."""
    spec = EXERCISES[exercise]
    plan = build_plan(spec, seed=0)
    if kind in RIGHT or "." in kind:
        mutant = spec.reference if kind in RIGHT else next(
            m.mutant for m in spec.misconceptions if m.id == kind)
        functions = list(mutant) if isinstance(mutant, tuple) else [mutant]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return grade_functions(plan, functions, lang)
    right = verdict(exercise, "model", lang)
    message = "NotImplementedError" if kind == "blank" else "0"
    return right.model_copy(update={"score": 0.0, "checks": [
        CheckResult(name=c.name, passed=False, points=0.0, max_points=c.max_points,
                    message=message) for c in right.checks]})


class Lessons:
    """Per lesson: the exercises, the master's scaffold hashes and imported names; the course's
    banks."""

    def __init__(self, root: Path, lessons: tuple[str, ...]) -> None:
        self.facts = {lesson: read_lesson(root, lesson) for lesson in lessons}
        self.banks = library(root)
        self.scaffolds, self.kept = {}, {}
        self._prints: dict[tuple[str, str, str], tuple[int, ...]] = {}
        for lesson, facts in self.facts.items():
            master = read_notebook(root / "source" / lesson / f"{lesson}.ipynb")
            self.scaffolds[lesson] = master_scaffolds(master, list(facts.names.items()))
            self.kept[lesson] = imported_names(c.source for c in master.cells
                                               if c.cell_type == "code")

    def fingerprint(self, lesson: str, exercise: str, code: str) -> tuple[int, ...]:
        """As grading computes it (once per distinct solution: most students share theirs)."""
        if (lesson, exercise, code) not in self._prints:
            self._prints[lesson, exercise, code] = tuple(fingerprint(
                code, self.kept[lesson], self.scaffolds[lesson][exercise]))
        return self._prints[lesson, exercise, code]


def result(work: Work, lessons: Lessons, lang: Lang) -> SubmissionResult:
    """What grading would store for ``work``."""
    facts = lessons.facts[work.lesson]
    base = {"assignment": work.lesson, "student": work.student, "lang": lang,
            "path": f"submitted/{work.student}/{work.lesson}/{work.lesson}.ipynb",
            "digest": hashlib.sha256(f"{work.student}/{work.lesson}".encode()).hexdigest(),
            "sandbox": "bwrap", "seconds": 0.4, "cpu_seconds": 0.3, "max_rss_mb": 80.0}
    if work.broken == "truncated":
        return SubmissionResult(**base, error=f"{work.lesson}.ipynb cannot be read as a "
                                              "notebook (broken JSON: line 1).")
    deleted = (work.broken or "").removeprefix("deleted:").removesuffix("-solution")
    exercises = [verdict(e, work.kinds.get(e, "blank"), lang) for e in facts.exercises
                 if e != deleted]
    cells = [(f"{e}-solution", code) for e, code in work.code.items() if e != deleted]
    cells += [(f"quiz-{item}-answer", answer_source(item, said))
              for item, said in work.answers.items() if said is not None]
    quiz = grade_answers(cells, facts.quiz, lessons.banks, lang, work.student, COURSE_ID)
    prints = {e: list(found) for e, code in work.code.items() if e != deleted
              and (found := lessons.fingerprint(work.lesson, e, code))}
    return SubmissionResult(
        **base, exercises=exercises, quiz=quiz, fingerprints=prints, flags=scan(cells),
        score=sum(e.score for e in exercises) + sum(q.score for q in quiz if q.kind == "graded"),
        max_score=sum(EXERCISES[e].max_score for e in facts.exercises) + sum(
            q.max_score for q in quiz if q.kind == "graded"),
        error=f"the cells {deleted}-solution were deleted" if deleted else None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--lang", choices=("ja", "en"), default="ja")
    parser.add_argument("-o", "--output", type=Path, help="also keep the page here")
    parser.add_argument("--keep", type=Path, help="make the course and its store in this new "
                        "folder and keep them (e.g. to profile `autograde dashboard` there)")
    args = parser.parse_args()
    lessons = tuple(assignments())
    with tempfile.TemporaryDirectory() as folder:
        root = args.keep or Path(folder) / "course"
        start = time.perf_counter()
        init_course(root, args.lang, COURSE_ID, quiz_variants=True)
        plan = plan_class(root, lessons, args.students)
        facts = Lessons(root, lessons)
        results = [result(work, facts, args.lang) for work in plan.work.values()]
        with Store.for_course(root) as store:
            store.save_all(results)
        made = time.perf_counter() - start
        start = time.perf_counter()
        page = dashboard(DashboardOptions(course=root, lang=args.lang))
        seconds = time.perf_counter() - start
        size = len(page.encode("utf-8")) / 1e6
        if args.output:
            args.output.write_text(page, "utf-8")
        command = _command_seconds(root, args.lang)
    checks = sum(len(e.checks) for r in results for e in r.exercises)
    answers = sum(len(r.quiz) for r in results)
    hashes = sum(len(h) for r in results for h in r.fingerprints.values())
    print(json.dumps({"students": args.students, "lessons": len(lessons),
                      "submissions": len(results), "checks": checks, "quiz_responses": answers,
                      "fingerprint_hashes": hashes, "store_seconds": round(made, 1)}))
    print(f"dashboard: {seconds:.2f} s (target < {TARGET_SECONDS:g} s: "
          f"{'met' if seconds < TARGET_SECONDS else 'MISSED'}), {size:.2f} MB "
          f"(target < {TARGET_MB:g} MB: {'met' if size < TARGET_MB else 'MISSED'})")
    print(f"`autograde dashboard` in the course: {command:.2f} s wall, Python's start and "
          "imports included")


def _command_seconds(root: Path, lang: Lang) -> float:
    """Wall time of the instructor's command on the same store, in a new process."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "autograde.cli", "dashboard", "--lang", lang, "-o",
                    str(root / "dashboard.html")], cwd=root, check=True, capture_output=True)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
