"""``autograde audit``: where nbgrader's in-kernel scores are higher than the isolated ones.

nbgrader grades a test cell by running it in the student's kernel: anything the student's code
did to that process (a patched grader, a lying ``__eq__``, an imported reference solution)
happened before the test ran. The isolated grader judges plain data in a trusted process. A
submission that nbgrader scored higher than the isolated grader is listed with the reasons we
know: the static scan's flags, and what the sandbox saw. Quiz places count too: nbgrader's score
of a graded quiz cell against the answer the grader read from the code.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

import nbformat
from nbgrader.utils import determine_grade, is_grade
from pydantic import BaseModel, Field

from autograde.course import settings
from autograde.course.layout import Course
from autograde.course.quiz_places import grade_id as quiz_grade_id
from autograde.grader.records import SubmissionResult
from autograde.grader.scan import explain
from autograde.kit.text import Lang, Text

SAY: dict[str, Text] = {
    "title": Text(ja="{assignment}: nbgrader の得点が隔離採点より高い提出 {n} 件"
                     "（全 {total} 件中）",
                  en="{assignment}: {n} of {total} submissions scored higher by nbgrader "
                     "than by the isolated grader"),
    "none": Text(ja="{assignment}: nbgrader の得点が隔離採点より高い提出はありません（{total} 件）",
                 en="{assignment}: no submission scored higher by nbgrader ({total} compared)"),
    "header": Text(ja="学生|nbgrader|隔離採点|理由", en="student|nbgrader|isolated|reasons"),
    "unknown": Text(ja="理由は不明（提出を確認してください）",
                    en="reason unknown (look at the submission)"),
    "not_graded_isolated": Text(ja="隔離採点の結果がありません", en="no isolated result"),
    "no_kernel": Text(ja="{folder} に nbgrader の採点済みノートブックがありません。"
                         "先に nbgrader autograde {assignment} を実行してください。",
                      en="no notebooks autograded by nbgrader in {folder}: "
                         "run nbgrader autograde {assignment} first."),
    "timeout": Text(ja="サンドボックスの制限時間を超えました",
                    en="ran past the sandbox's time limit"),
    "memory": Text(ja="サンドボックスのメモリ制限を超えました",
                   en="ran out of the sandbox's memory"),
    "killed": Text(ja="サンドボックスが強制終了しました", en="was killed in the sandbox"),
    "crashed": Text(ja="サンドボックスで異常終了しました", en="crashed in the sandbox"),
    "output_truncated": Text(ja="出力が多すぎて切り詰められました", en="printed too much"),
    "corrupted": Text(ja="結果の通信路を壊そうとしました", en="corrupted the result channel"),
    "exercise": Text(ja="{exercise}: {kernel:g} → {isolated:g}",
                     en="{exercise}: {kernel:g} → {isolated:g}"),
}


class AuditError(Exception):
    """The audit cannot run (e.g. nbgrader has not autograded the assignment)."""


class KernelScore(BaseModel):
    """nbgrader's in-kernel score of one submission, per exercise."""

    student: str
    exercises: dict[str, float]
    notebook: str


class AuditRow(BaseModel):
    student: str
    kernel: float
    isolated: float | None
    exercises: dict[str, tuple[float, float]] = Field(default_factory=dict)
    """Exercise → (nbgrader's score, the isolated score) where nbgrader's is higher."""
    reasons: list[str] = Field(default_factory=list)
    """Scan rule ids (:data:`autograde.grader.scan.RULES`), sandbox event kinds, or
    ``not_graded_isolated``."""
    cells: list[str] = Field(default_factory=list)
    """The flagged lines, ``cell:line: code``."""


def _notebook_scores(path: Path) -> dict[str, float]:
    notebook = nbformat.read(path, as_version=4)
    quiet = logging.getLogger("autograde.course.audit")
    scores = {}
    for cell in notebook.cells:
        if cell.cell_type == "code" and is_grade(cell):
            points, _ = determine_grade(cell, quiet)
            grade_id = cell.metadata["nbgrader"]["grade_id"]
            scores[grade_id.removesuffix("-check")] = float(points or 0.0)
    return scores


def kernel_scores(course_root: Path, assignment: str,
                  lang: Lang = "en") -> dict[str, KernelScore]:
    """nbgrader's scores, read from the outputs of the notebooks it autograded (the way
    nbgrader itself reads them), so that our own gradebook writes cannot hide them."""
    course = Course(course_root)
    folder = course_root.resolve() / course.directory.autograded_directory
    found = [(student, path) for student, place in
             course.students(course.directory.autograded_directory, assignment)
             for path in sorted(place.glob("*.ipynb"))]
    if not found:
        raise AuditError(SAY["no_kernel"](lang, folder=folder, assignment=assignment))
    scores: dict[str, KernelScore] = {}
    for student, path in found:
        try:
            exercises = _notebook_scores(path)
        except Exception:  # an unreadable autograded notebook: nbgrader gave it nothing
            exercises = {}
        known = scores.get(student)
        merged = {**(known.exercises if known else {}), **exercises}
        scores[student] = KernelScore(student=student, exercises=merged,
                                      notebook=str(path.relative_to(course_root.resolve())))
    return scores


def _reasons(result: SubmissionResult) -> list[str]:
    found = [flag.rule for flag in result.flags] + [event.kind for event in result.events]
    return list(dict.fromkeys(found))


def _isolated_scores(result: SubmissionResult) -> dict[str, float]:
    """Grade cell (without ``-check``) → the isolated score: exercises, and graded quiz
    places as ``quiz-<item>``."""
    scores = {e.exercise: e.score for e in result.exercises}
    scores.update({quiz_grade_id(q.item): q.score for q in result.quiz if q.kind == "graded"})
    return scores


def _row(kernel: KernelScore, result: SubmissionResult | None) -> AuditRow | None:
    total = sum(kernel.exercises.values())
    if result is None:
        return AuditRow(student=kernel.student, kernel=total, isolated=None,
                        reasons=["not_graded_isolated"])
    isolated_scores = _isolated_scores(result)
    higher = {}
    for exercise, points in kernel.exercises.items():
        isolated = isolated_scores.get(exercise)
        if isolated is not None and points > isolated + settings.AUDIT_TOLERANCE:
            higher[exercise] = (points, isolated)
    if not higher:
        return None
    return AuditRow(student=kernel.student, kernel=total, isolated=result.score,
                    exercises=higher, reasons=_reasons(result),
                    cells=list(dict.fromkeys(f"{f.cell}:{f.line}: {f.code}"
                                             for f in result.flags)))


def audit(kernel: Mapping[str, KernelScore],
          isolated: Iterable[SubmissionResult]) -> list[AuditRow]:
    """Every submission with an exercise nbgrader scored higher than the isolated grader."""
    results = {result.student: result for result in isolated}
    rows = (_row(score, results.get(student)) for student, score in sorted(kernel.items()))
    return [row for row in rows if row is not None]


def explain_reason(reason: str, lang: Lang) -> str:
    if reason in SAY:
        return SAY[reason](lang)
    return explain(reason, lang)


def audit_title(rows: list[AuditRow], lang: Lang, assignment: str, total: int) -> str:
    if not rows:
        return SAY["none"](lang, assignment=assignment, total=total)
    return SAY["title"](lang, assignment=assignment, n=len(rows), total=total)


def audit_table(rows: list[AuditRow], lang: Lang) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the report: a student's line, then one line per exercise nbgrader
    scored higher and per flagged line of code."""
    table = []
    for row in rows:
        isolated = "-" if row.isolated is None else f"{row.isolated:g}"
        reasons = "; ".join(explain_reason(r, lang) for r in row.reasons) or SAY["unknown"](lang)
        table.append([row.student, f"{row.kernel:g}", isolated, reasons])
        table += [["", "", "", SAY["exercise"](lang, exercise=e, kernel=k, isolated=i)]
                  for e, (k, i) in row.exercises.items()]
        table += [["", "", "", cell] for cell in row.cells]
    return SAY["header"](lang).split("|"), table


def rows_json(rows: list[AuditRow]) -> str:
    return json.dumps([row.model_dump() for row in rows], ensure_ascii=False)
