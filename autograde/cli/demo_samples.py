"""``autograde demo --samples``: grade the built-in sample files (``samples/``: correct ones,
classic mistakes, a segfault, an endless loop, cheats) in the sandbox and summarise what was
found — the sandbox's story, in a few seconds and without a course."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograde.kit.results import ExerciseResult
from autograde.kit.text import Lang, Text

SAMPLES = Path(__file__).resolve().parent / "samples"
WORKERS = 2
"""Sandboxes grading the samples side by side."""

WORDS = {
    "title": Text(ja="nn-dojo デモ: サンプル提出 {n} 件を隔離プロセスで採点します",
                  en="nn-dojo demo: grading {n} sample submissions in isolated processes"),
    "progress": Text(ja="採点中", en="grading"),
    "header": Text(ja="ファイル|課題|得点|見つかった誤解", en="file|exercise|score|misconceptions"),
    "found": Text(ja="見つかった誤解とヒント:", en="Misconceptions found, with their hints:"),
    "problems": Text(ja="採点できなかった提出:", en="Submissions that could not be graded:"),
    "reasons": Text(ja="誤解の名前が付かなかった減点の理由:",
                    en="Why the others lost points (no known mistake matched):"),
    "done": Text(ja="{n} 件を {seconds:.1f} 秒で採点しました（満点 {full} 件）。",
                 en="Graded {n} submissions in {seconds:.1f} s ({full} with full marks)."),
}


def sample_files() -> list[tuple[Path, str]]:
    """(file, exercise id) for every sample; the id is in a ``# exercise: ID`` first line."""
    from autograde.catalog.exercises import EXERCISES

    found = []
    for path in sorted(SAMPLES.glob("*.py")):
        match = re.match(r"#\s*exercise:\s*(\w+)", path.read_text("utf-8"))
        if match and match.group(1) in EXERCISES:
            found.append((path, match.group(1)))
    return found


def _first_failure(result: ExerciseResult, limit: int = 110) -> str:
    failed = next((c for c in result.checks if not c.passed), None)
    text = failed.message if failed else ""
    return text if len(text) <= limit else text[:limit] + "…"


def _summary(results: list[tuple[Path, ExerciseResult]], lang: Lang, seconds: float) -> None:
    from autograde.cli.console import console, print_table

    print_table(WORDS["header"](lang).split("|"),
                [[path.name, r.exercise, f"{r.score:g}/{r.max_score:g}",
                  ", ".join(r.misconceptions) or "—"] for path, r in results])
    lines: list[str] = []
    hints = {h.id: h.text for _, r in results for h in r.hints}
    counts = Counter(m for _, r in results for m in r.misconceptions)
    problems = [f"  {path.name}: {r.error}" for path, r in results if r.error]
    reasons = [f"  {path.name}: {_first_failure(r)}" for path, r in results
               if not r.error and r.score < r.max_score and not r.misconceptions]
    if counts:
        lines += ["", WORDS["found"](lang)]
        lines += [f"  {mid} ×{n}: {hints[mid]}" for mid, n in counts.most_common()]
    for heading, items in (("reasons", reasons), ("problems", problems)):
        if items:
            lines += ["", WORDS[heading](lang), *items]
    full = sum(r.score == r.max_score for _, r in results)
    lines += ["", WORDS["done"](lang, n=len(results), seconds=seconds, full=full)]
    console().print("\n".join(lines), markup=False)


def grade_samples(lang_choice: str | None) -> int:
    """Grade every sample, side by side, and print the table and what was found."""
    from autograde.catalog.exercises import EXERCISES
    from autograde.catalog.spec import build_plan
    from autograde.cli.console import ProgressBar
    from autograde.grader.isolate import grade_file
    from autograde.kit.text import current_lang
    from autograde.sandbox.client import Sandbox

    lang = current_lang(lang_choice)
    samples = sample_files()
    print(WORDS["title"](lang, n=len(samples)), flush=True)
    start = time.perf_counter()
    local = threading.local()
    sandboxes: list[Sandbox] = []

    def grade(item: tuple[Path, str]) -> tuple[Path, ExerciseResult]:
        path, exercise_id = item
        if not hasattr(local, "sandbox"):  # one warm sandbox per thread
            local.sandbox = Sandbox()
            sandboxes.append(local.sandbox)
        plan = build_plan(EXERCISES[exercise_id])
        return path, grade_file(plan, path, lang, sandbox=local.sandbox)

    progress = ProgressBar(WORDS["progress"](lang))
    progress.start(len(samples))
    results = []
    try:
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            for item in pool.map(grade, samples):
                results.append(item)
                progress.advance()
    finally:
        progress.close()
        for sandbox in sandboxes:
            sandbox.close()
    _summary(results, lang, time.perf_counter() - start)
    return 0
