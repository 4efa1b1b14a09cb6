"""``make demo``: grade the built-in sample submissions and summarise what was found."""

from __future__ import annotations

import re
import sys
import threading
import time
import unicodedata
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograde.exercises import EXERCISES
from autograde.grading import grade_source
from autograde.results import ExerciseResult
from autograde.sandbox.client import Sandbox
from autograde.text import Lang, Text

SAMPLES = Path(__file__).resolve().parent / "samples"

WORDS = {
    "title": Text(ja="nn-dojo デモ: サンプル提出 {n} 件を隔離プロセスで採点します",
                  en="nn-dojo demo: grading {n} sample submissions in isolated processes"),
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
    found = []
    for path in sorted(SAMPLES.glob("*.py")):
        match = re.match(r"#\s*exercise:\s*(\w+)", path.read_text("utf-8"))
        if match and match.group(1) in EXERCISES:
            found.append((path, match.group(1)))
    return found


def _pad(text: str, width: int) -> str:
    """Left-justify for a terminal: East Asian wide characters take two columns."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def _row(*cells: str) -> str:
    widths = (36, 20, 9)
    return " ".join(_pad(c, w) for c, w in zip(cells, widths, strict=False)) + " " + cells[-1]


def _first_failure(result: ExerciseResult, limit: int = 110) -> str:
    failed = next((c for c in result.checks if not c.passed), None)
    text = failed.message if failed else ""
    return text if len(text) <= limit else text[:limit] + "…"


def _summary(results: list[tuple[Path, ExerciseResult]], lang: Lang, seconds: float) -> str:
    lines = [_row(*WORDS["header"](lang).split("|"))]
    hints: dict[str, str] = {}
    counts: Counter[str] = Counter()
    problems, reasons = [], []
    for path, result in results:
        score = f"{result.score:g}/{result.max_score:g}"
        lines.append(_row(path.name, result.exercise, score,
                          ", ".join(result.misconceptions) or "—"))
        counts.update(result.misconceptions)
        hints.update({h.id: h.text for h in result.hints})
        if result.error:
            problems.append(f"  {path.name}: {result.error}")
        elif result.score < result.max_score and not result.misconceptions:
            reasons.append(f"  {path.name}: {_first_failure(result)}")
    if counts:
        lines += ["", WORDS["found"](lang)]
        lines += [f"  {mid} ×{n}: {hints[mid]}" for mid, n in counts.most_common()]
    for heading, items in (("reasons", reasons), ("problems", problems)):
        if items:
            lines += ["", WORDS[heading](lang), *items]
    full = sum(r.score == r.max_score for _, r in results)
    lines += ["", WORDS["done"](lang, n=len(results), seconds=seconds, full=full)]
    return "\n".join(lines)


def run_demo(lang: Lang, workers: int = 2) -> int:
    samples = sample_files()
    print(WORDS["title"](lang, n=len(samples)), flush=True)
    start = time.perf_counter()
    results: list[tuple[Path, ExerciseResult]] = []

    local = threading.local()
    sandboxes: list[Sandbox] = []

    def grade(item: tuple[Path, str]) -> tuple[Path, ExerciseResult]:
        path, exercise_id = item
        if not hasattr(local, "sandbox"):  # one warm sandbox per thread
            local.sandbox = Sandbox()
            sandboxes.append(local.sandbox)
        return path, grade_source(EXERCISES[exercise_id], path, lang, sandbox=local.sandbox)

    progress = sys.stderr.isatty()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for done, item in enumerate(pool.map(grade, samples), start=1):
            results.append(item)
            if progress:
                sys.stderr.write(f"\r[{done}/{len(samples)}] {item[0].name:<40}")
                sys.stderr.flush()
    for sandbox in sandboxes:
        sandbox.close()
    if progress:
        sys.stderr.write("\r" + " " * 60 + "\r")
    print(_summary(results, lang, time.perf_counter() - start))
    return 0
