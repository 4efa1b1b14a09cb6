"""``autograde demo`` (``make demo``): the whole story on built-in data, in a new directory.

1. ``autograde init`` a course (per-student quiz variants on) and ``nbgrader
   generate_assignment`` its lessons 01, 03 and 05 (07 with ``--digits``);
2. a realistic class hands them in (:mod:`autograde.course.sample_class`);
3. the isolated grader grades every submission (``autograde grade``, with its progress bar);
4. nbgrader's in-kernel ``nbgrader autograde`` grades a spot check of 5 students of 01_neuron,
   and ``autograde audit`` compares the two;
5. ``autograde dashboard`` writes the instructor's page;
6. a summary: where the page is, scores, the most common misconceptions, the submissions to
   look at, and how fast it went.

``--samples`` grades the built-in sample files instead (:mod:`autograde.cli.demo_samples`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograde.cli.common import UsageError, add_lang
from autograde.course.sample_sizes import DIGITS, LESSONS, MIN_STUDENTS, STUDENTS
from autograde.kit.text import Lang, Text

COURSE_ID = "nn-dojo-demo"
SPOT_CHECK = ("01_neuron", 5)
"""The lesson and how many students nbgrader grades in-kernel for the audit."""

SAY = {
    "title": Text(ja="nn-dojo デモ: {students} 人のクラスの {lessons} を採点し、ダッシュボードを"
                     "作ります（{folder}）",
                  en="nn-dojo demo: grading {lessons} of a class of {students} and making the "
                     "dashboard ({folder})"),
    "course": Text(ja="コースを作成しました（autograde init、nbgrader generate_assignment）",
                   en="made the course (autograde init, nbgrader generate_assignment)"),
    "class": Text(ja="{n} 件の提出を書き出しました（誤解、クイズの答え、壊れたノートブック、"
                     "不正、写し）",
                  en="wrote {n} submissions (misconceptions, quiz answers, broken notebooks, "
                     "cheats, copies)"),
    "graded": Text(ja="{lesson}: {n} 件を隔離採点しました",
                   en="{lesson}: graded {n} in the sandbox"),
    "nbgrader": Text(ja="nbgrader autograde {lesson}（抜き取り {n} 人: {students}）",
                     en="nbgrader autograde {lesson} (spot check of {n}: {students})"),
    "dashboard": Text(ja="ダッシュボードを書き出しました", en="wrote the dashboard"),
    "step": Text(ja="  {what}（{seconds:.1f} 秒）", en="  {what} ({seconds:.1f} s)"),
    "open": Text(ja="ダッシュボードを開いてください: {path}\n  ({url})",
                 en="Open the dashboard: {path}\n  ({url})"),
    "course_left": Text(ja="コースはここに残してあります（不要なら削除してください）: {root}",
                        en="The course stays here (delete it when done): {root}"),
    "total": Text(ja="合計 {seconds:.1f} 秒。", en="{seconds:.1f} s in all."),
    "failed": Text(ja="nbgrader {command} が失敗しました:\n{log}",
                   en="nbgrader {command} failed:\n{log}"),
    "not_empty": Text(ja="{folder} は空のディレクトリではありません",
                      en="{folder} is not an empty directory"),
}


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser("demo", help="the whole story on built-in data: a course, a class, "
                            "grading, the audit and the dashboard")
    add_lang(parser, "language of the course and the summary (default: AUTOGRADE_LANG or ja)")
    parser.add_argument("--students", type=int, default=STUDENTS,
                        help=f"students in the class (default: {STUDENTS}, at least "
                             f"{MIN_STUDENTS})")
    parser.add_argument("--digits", action="store_true",
                        help="also the 07_digits capstone (trains a network per student: slow)")
    parser.add_argument("--dir", type=Path,
                        help="an empty folder for the course (default: a new temporary one)")
    parser.add_argument("--samples", action="store_true",
                        help="only grade the built-in sample files in the sandbox (no course)")
    return parser


def _nbgrader(root: Path, lang: Lang, *args: str) -> None:
    """Run nbgrader in the course, with this interpreter's scripts (alembic) on PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root,
                          env={**os.environ, "PATH": path}, capture_output=True, text=True)
    if done.returncode != 0:
        log = (done.stdout + done.stderr)[-3000:]
        raise UsageError(SAY["failed"](lang, command=" ".join(args), log=log))


class _Steps:
    """Prints each step with its time."""

    def __init__(self, lang: Lang) -> None:
        self.lang, self.started = lang, time.perf_counter()
        self.last = self.started

    def done(self, what: str) -> float:
        now = time.perf_counter()
        seconds, self.last = now - self.last, now
        print(SAY["step"](self.lang, what=what, seconds=seconds), flush=True)
        return seconds


def _folder(args: argparse.Namespace, lang: Lang) -> Path:
    if args.dir is None:
        return Path(tempfile.mkdtemp(prefix="nn-dojo-demo-"))
    if args.dir.exists() and (not args.dir.is_dir() or any(args.dir.iterdir())):
        raise UsageError(SAY["not_empty"](lang, folder=args.dir))
    args.dir.mkdir(parents=True, exist_ok=True)
    return args.dir.resolve()


def run(args: argparse.Namespace) -> int:
    from autograde.kit.text import current_lang

    if args.samples:
        from autograde.cli.demo_samples import grade_samples

        return grade_samples(args.lang)

    lang = current_lang(args.lang)
    if args.students < MIN_STUDENTS:
        raise UsageError(f"--students: at least {MIN_STUDENTS}")
    lessons = (*LESSONS, DIGITS) if args.digits else LESSONS
    folder = _folder(args, lang)
    print(SAY["title"](lang, students=args.students, lessons=", ".join(lessons),
                       folder=folder), flush=True)
    return tell(folder / "course", lessons, args.students, lang)


def tell(root: Path, lessons: tuple[str, ...], students: int, lang: Lang) -> int:
    """The story in the new course folder ``root``."""
    from autograde.cli.console import ProgressBar, print_table
    from autograde.cli.demo_summary import Story, print_summary
    from autograde.course.audit import audit, audit_table, audit_title, kernel_scores
    from autograde.course.grading import GradeOptions, grade_assignment
    from autograde.course.sample_class import generate_class
    from autograde.course.scaffold import init_course
    from autograde.grader import settings
    from autograde.grader.store import Store
    from autograde.quiz.banks import library
    from autograde.reports.dashboard import DashboardOptions, dashboard

    steps = _Steps(lang)
    init_course(root, lang, COURSE_ID, quiz_variants=True)
    _nbgrader(root, lang, "generate_assignment", "0[" + "".join(
        sorted(lesson[1] for lesson in lessons)) + "]_*", "--force")
    steps.done(SAY["course"](lang))
    plan = generate_class(root, lessons, students)
    steps.done(SAY["class"](lang, n=len(plan.work)))

    story = Story(results={}, workers=settings.WORKERS)
    for lesson in lessons:
        summary = grade_assignment(GradeOptions(assignment=lesson, course=root),
                                   ProgressBar(lesson))
        story.graded += len(summary.graded)
        story.grading_seconds += steps.done(SAY["graded"](lang, lesson=lesson,
                                                          n=len(summary.graded)))

    lesson, size = SPOT_CHECK
    sample = plan.spot_check(lesson, size)
    others = sorted(s.id for s in plan.students if s.id not in sample)
    _nbgrader(root, lang, "autograde", lesson,
              f"--CourseDirectory.student_id_exclude={','.join(others)}")
    steps.done(SAY["nbgrader"](lang, lesson=lesson, n=len(sample), students=", ".join(sample)))
    with Store.for_course(root) as store:
        story.results = {a: store.results(a) for a in lessons}
        kernel = kernel_scores(root, lesson, lang)
        story.audit[lesson] = audit(kernel, story.results[lesson])
        print("\n" + audit_title(story.audit[lesson], lang, lesson, total=len(kernel)))
        if story.audit[lesson]:
            print_table(*audit_table(story.audit[lesson], lang), right=(1, 2))
        page = root / "dashboard.html"
        page.write_text(dashboard(DashboardOptions(course=root, lang=lang)), "utf-8")
        print()
        steps.done(SAY["dashboard"](lang))
        print_summary(story, store, library(root), lang)
    print("\n" + SAY["open"](lang, path=page, url=page.as_uri()))
    print(SAY["course_left"](lang, root=root))
    print(SAY["total"](lang, seconds=time.perf_counter() - steps.started))
    return 0
