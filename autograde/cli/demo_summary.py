"""The end of ``autograde demo``: what an instructor takes away from the graded class, read
back from the results store — scores per lesson, the most common misconceptions by short name,
the submissions that need a look (and why), and how fast grading went."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from autograde.course.audit import AuditRow, explain_reason
from autograde.grader.records import SubmissionResult
from autograde.grader.store import Store
from autograde.kit.text import Lang, Text
from autograde.quiz.banks import Library

TOP = 8
"""Misconceptions listed."""

SAY = {
    "scores": Text(ja="課題ごとの得点", en="Scores per lesson"),
    "scores_header": Text(ja="課題|提出|平均|中央値|満点|満点の人数",
                          en="lesson|submissions|mean|median|full marks|with full marks"),
    "top": Text(ja="よく見られた誤解（次の授業で扱う候補）",
                en="Most common misconceptions (what to re-teach)"),
    "top_header": Text(ja="誤解|場所|人数", en="misconception|where|students"),
    "flagged": Text(ja="確認が必要な提出 {n} 件", en="{n} submissions to look at"),
    "flagged_header": Text(ja="学生|課題|理由", en="student|lesson|why"),
    "audit": Text(ja="nbgrader では {kernel:g} 点、隔離採点では {isolated} 点",
                  en="nbgrader gave {kernel:g}, the isolated grader {isolated}"),
    "unreadable": Text(ja="採点できない部分があります: {error}",
                       en="could not be (fully) graded: {error}"),
    "variant": Text(ja="{n} 問の答えが本人ではなく別の学生の問題（{holders}）の正解",
                    en="quiz answers right for another student's variant ({holders}), not "
                       "their own: {n}"),
    "similar": Text(ja="{others} とほぼ同じコード（{exercises}、類似度 {similarity:.2f}）",
                    en="near-identical code to {others} ({exercises}, similarity "
                       "{similarity:.2f})"),
    "throughput": Text(
        ja="隔離採点: {n} 件を {seconds:.1f} 秒で採点しました（{rate:.1f} 件/秒、"
           "ワーカー {workers}）。",
        en="Isolated grading: {n} submissions in {seconds:.1f} s ({rate:.1f} submissions/s, "
           "{workers} workers)."),
    "nobody": Text(ja="なし", en="none"),
}


@dataclass
class Story:
    """What the demo found, for the summary."""

    results: dict[str, list[SubmissionResult]]
    """Lesson → every stored result."""
    audit: dict[str, list[AuditRow]] = field(default_factory=dict)
    """Lesson → the audit of nbgrader's in-kernel scores (the spot-checked lessons)."""
    graded: int = 0
    grading_seconds: float = 0.0
    workers: int = 1


def score_rows(story: Story) -> list[list[str]]:
    rows = []
    for lesson, results in story.results.items():
        scores = [r.score for r in results]
        full = max((r.max_score for r in results), default=0.0)
        rows.append([lesson, str(len(results)), f"{statistics.fmean(scores):.1f}",
                     f"{statistics.median(scores):g}", f"{full:g}",
                     str(sum(r.score >= full > 0 for r in results))])
    return rows


def top_misconceptions(story: Story, banks: Library | None, lang: Lang,
                       top: int = TOP) -> list[list[str]]:
    """(short name, lesson/place, students) of the most common misconceptions."""
    from autograde.reports.dashboard_misconceptions import notes, occurrences

    found = sorted(occurrences(story.results), key=lambda o: (-o.count, o.assignment, o.place))
    items = {o.place for o in found if o.kind == "quiz"}
    named = notes(banks, items)
    rows = []
    for occurrence in found[:top]:
        note = named.get(occurrence.misconception)
        name = note.name(lang) if note is not None and note.name else occurrence.misconception
        rows.append([name, f"{occurrence.assignment}/{occurrence.place}",
                     str(occurrence.count)])
    return rows


def _why_result(result: SubmissionResult, lang: Lang) -> list[str]:
    """The static scan's flags and the sandbox's events, explained, and a broken notebook."""
    reasons = [explain_reason(r, lang) for r in dict.fromkeys(
        [f.rule for f in result.flags] + [e.kind for e in result.events])]
    if result.error:
        reasons.append(SAY["unreadable"](lang, error=result.error))
    return reasons


def flagged_rows(story: Story, store: Store, lang: Lang) -> list[list[str]]:
    """One row per (student, lesson) someone should look at, with every reason found."""
    from autograde.reports.similarity import similar_clusters, variant_answers

    why: dict[tuple[str, str], list[str]] = defaultdict(list)
    for lesson, rows in story.audit.items():
        for row in rows:
            isolated = "-" if row.isolated is None else f"{row.isolated:g}"
            why[row.student, lesson].append(SAY["audit"](lang, kernel=row.kernel,
                                                         isolated=isolated))
    for lesson, results in story.results.items():
        for result in results:
            why[result.student, lesson] += [r for r in _why_result(result, lang)
                                            if r not in why[result.student, lesson]]
    answers: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
    for answer in variant_answers(story.results):
        answers[answer.student, answer.assignment].append(answer.holders)
    for (student, lesson), holders in answers.items():
        shown = sorted({h for found in holders for h in found[:2]})
        why[student, lesson].append(SAY["variant"](lang, n=len(holders), holders=", ".join(
            shown) or SAY["nobody"](lang)))
    for lesson in story.results:
        similar: dict[tuple[str, ...], list[tuple[str, float]]] = defaultdict(list)
        for cluster in similar_clusters(store, lesson):
            similar[cluster.students].append((cluster.exercise, cluster.similarity))
        for students, found in similar.items():
            for student in students:
                why[student, lesson].append(SAY["similar"](
                    lang, others=", ".join(s for s in students if s != student),
                    exercises=", ".join(e for e, _ in found),
                    similarity=max(s for _, s in found)))
    return [[student, lesson, "; ".join(reasons)]
            for (student, lesson), reasons in sorted(why.items(), key=lambda kv: (kv[0][1],
                                                                                  kv[0][0]))
            if reasons]


def print_summary(story: Story, store: Store, banks: Library | None, lang: Lang) -> None:
    from autograde.cli.console import print_table

    def section(title: str, headers: str, rows: Sequence[Sequence[str]],
                right: Sequence[int] = ()) -> None:
        print(f"\n{title}", flush=True)
        print_table(headers.split("|"), rows, right=right)

    section(SAY["scores"](lang), SAY["scores_header"](lang), score_rows(story),
            right=(1, 2, 3, 4, 5))
    section(SAY["top"](lang), SAY["top_header"](lang), top_misconceptions(story, banks, lang),
            right=(2,))
    flagged = flagged_rows(story, store, lang)
    section(SAY["flagged"](lang, n=len(flagged)), SAY["flagged_header"](lang), flagged)
    rate = story.graded / story.grading_seconds if story.grading_seconds else 0.0
    print("\n" + SAY["throughput"](lang, n=story.graded, seconds=story.grading_seconds,
                                   rate=rate, workers=story.workers))
