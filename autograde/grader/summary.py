"""What ``autograde grade`` prints when it is done: a summary, problems first, in ja or en."""

from __future__ import annotations

from statistics import mean
from typing import TYPE_CHECKING

from rich.cells import cell_len

from autograde.grader import settings
from autograde.grader.records import SubmissionResult
from autograde.kit.text import Lang, Text

if TYPE_CHECKING:
    from autograde.grader.assignment import Summary

WORDS: dict[str, Text] = {
    "done": Text(ja="{assignment}: {n} 件を採点しました（採点済みでスキップ {skipped} 件）"
                    "— {seconds:.1f} 秒、{rate:.1f} 件/秒、サンドボックス: {sandbox}",
                 en="{assignment}: graded {n} submissions ({skipped} already graded, skipped)"
                    " — {seconds:.1f} s, {rate:.1f}/s, sandbox: {sandbox}"),
    "scores": Text(ja="平均 {mean:.2f} / {max:g} 点、満点 {full} 件",
                   en="mean {mean:.2f} / {max:g}, full marks {full}"),
    "problems": Text(ja="採点できなかった・問題のあった提出:", en="Submissions with problems:"),
    "flagged": Text(ja="疑わしいコード（autograde audit で nbgrader の得点と比較できます）:",
                    en="Suspicious code (compare with nbgrader's scores: autograde audit):"),
    "more": Text(ja="  ……ほか {n} 件（--list で全員を表示）",
                 en="  … and {n} more (--list shows everyone)"),
    "gradebook": Text(ja="nbgrader の gradebook に {n} 件の得点を書き込みました",
                      en="wrote {n} scores into the nbgrader gradebook"),
    "nothing": Text(ja="{assignment}: 新しく採点する提出はありません（採点済み {skipped} 件）",
                    en="{assignment}: nothing new to grade ({skipped} already graded)"),
}


def _problem(result: SubmissionResult) -> str:
    parts = [result.error or ""] + [f"{e.kind}: {e.detail}" for e in result.events]
    return "; ".join(p for p in parts if p)


def pad(text: str, width: int) -> str:
    """``text`` left-justified to ``width`` terminal columns (wide characters count two)."""
    return text + " " * max(0, width - cell_len(text))


def student_line(result: SubmissionResult) -> str:
    flags = ",".join(sorted({f.rule for f in result.flags}))
    return (f"  {pad(result.student, 20)} {result.score:>6g} / {result.max_score:<4g} "
            f"{_problem(result)}{'  [' + flags + ']' if flags else ''}").rstrip()


def _section(title: str, results: list[SubmissionResult], lang: Lang, limit: int) -> list[str]:
    if not results:
        return []
    lines = ["", title, *map(student_line, results[:limit])]
    if len(results) > limit:
        lines.append(WORDS["more"](lang, n=len(results) - limit))
    return lines


def summary_text(summary: Summary, lang: Lang, list_all: bool = False) -> str:
    graded = sorted(summary.graded, key=lambda r: r.student)
    if not graded:
        lines = [WORDS["nothing"](lang, assignment=summary.assignment, skipped=summary.skipped)]
    else:
        lines = [WORDS["done"](lang, assignment=summary.assignment, n=len(graded),
                               skipped=summary.skipped, seconds=summary.seconds,
                               rate=len(graded) / max(summary.seconds, 1e-9),
                               sandbox=summary.sandbox),
                 WORDS["scores"](lang, mean=mean(r.score for r in graded),
                                 max=max(r.max_score for r in graded),
                                 full=sum(r.score >= r.max_score > 0 for r in graded))]
    if list_all:
        lines += ["", *map(student_line, graded)]
    else:
        shown = settings.SUMMARY_SHOWN
        lines += _section(WORDS["problems"](lang), [r for r in graded if _problem(r)], lang, shown)
        lines += _section(WORDS["flagged"](lang), [r for r in graded if r.flags], lang, shown)
    if summary.gradebook_written:
        lines += ["", WORDS["gradebook"](lang, n=summary.gradebook_written)]
    return "\n".join(lines)
