"""Small classes for the report tests: a bank of our own (so the numbers do not move when the
shipped banks change), submissions built from marks, and a SQLite results store holding them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from autograde.grader.records import QuizResponse, SubmissionResult
from autograde.grader.store import DB_FILE, Store
from autograde.kit.results import CheckResult, ExerciseResult
from autograde.quiz.banks import Library

A = "01_neuron"
BANK = """\
lesson: 01_neuron
items:
  - id: t-choice
    type: single
    kind: graded
    prompt: {ja: "どれ？", en: "Which?"}
    choices:
      - {text: {ja: "あ", en: "a"}, correct: true}
      - {text: {ja: "い", en: "b"}}
      - {text: {ja: "う", en: "c"}}
      - {text: {ja: "え", en: "d"}}
  - id: t-tf
    type: true-false
    kind: graded
    prompt: {ja: "正しい？", en: "True?"}
    answer: true
  - id: t-num
    type: numeric
    kind: graded
    prompt: {ja: "{a} の 2 倍は？", en: "Twice {a}?"}
    parameters: {a: 2}
    vary: {count: 3, a: {integers: [3, 9]}}
    answer: "2 * a"
  - id: t-many
    type: multiple
    kind: graded
    prompt: {ja: "どれとどれ？", en: "Which ones?"}
    choices:
      - {text: {ja: "あ", en: "a"}, correct: true}
      - {text: {ja: "い", en: "b"}, correct: true}
      - {text: {ja: "う", en: "c"}}
  - id: t-match
    type: matching
    kind: graded
    prompt: {ja: "組にして", en: "Match"}
    pairs:
      - {left: {ja: "1", en: "1"}, right: {ja: "一", en: "one"}}
      - {left: {ja: "2", en: "2"}, right: {ja: "二", en: "two"}}
    distractors: [{ja: "三", en: "three"}]
  - id: t-order
    type: ordering
    kind: graded
    prompt: {ja: "順に", en: "In order"}
    steps: [{ja: "一", en: "one"}, {ja: "二", en: "two"}, {ja: "三", en: "three"}]
  - id: t-text
    type: text
    kind: graded
    prompt: {ja: "名前は？", en: "Its name?"}
    accept: [relu]
"""


def banks(folder: Path) -> Library:
    """The test bank, written into ``folder/quizzes`` and loaded."""
    quizzes = folder / "quizzes"
    quizzes.mkdir(parents=True, exist_ok=True)
    (quizzes / f"{A}.yaml").write_text(BANK, "utf-8")
    return Library.folder(quizzes)


def check(name: str, points: float, max_points: float) -> CheckResult:
    return CheckResult(name=name, passed=points >= max_points, points=points,
                       max_points=max_points)


def exercise(name: str, checks: Sequence[CheckResult]) -> ExerciseResult:
    return ExerciseResult(exercise=name, lang="en", score=sum(c.points for c in checks),
                          max_score=sum(c.max_points for c in checks), checks=list(checks))


def answer(item: str, score: float, max_score: float = 1.0, *, chosen: Sequence[str] = (),
           read_as: str | None = None, variant: int = 0, kind: str = "graded") -> QuizResponse:
    return QuizResponse(item=item, lesson=A, kind=kind, variant=variant,
                        answer=read_as or ",".join(chosen), read_as=read_as or
                        (", ".join(chosen) if chosen else None), chosen=list(chosen),
                        score=score, max_score=max_score)


def submission(student: str, exercises: Sequence[ExerciseResult] = (),
               quiz: Sequence[QuizResponse] = (), assignment: str = A) -> SubmissionResult:
    graded = [q for q in quiz if q.kind == "graded"]
    return SubmissionResult(
        assignment=assignment, student=student, path=f"submitted/{student}/{assignment}.ipynb",
        digest=student.ljust(64, "0")[:64], lang="en",
        score=sum(e.score for e in exercises) + sum(q.score for q in graded),
        max_score=sum(e.max_score for e in exercises) + sum(q.max_score for q in graded),
        exercises=list(exercises), quiz=list(quiz))


def store_with(folder: Path, results: Iterable[SubmissionResult]) -> Path:
    """``folder/autograde.db`` holding ``results`` (as ``autograde grade`` saves them)."""
    folder.mkdir(parents=True, exist_ok=True)
    with Store.for_course(folder) as store:
        for result in results:
            store.save(result)
    return folder / DB_FILE


STUDENTS = ("s1", "s2", "s3", "s4", "s5")
RELU = (2, 2, 2, 0, 0)
"""The check ``relu/case 1`` (2 points)."""
CHOICE = ("a", "a", "b", "a", None)
"""What each student chose on ``t-choice`` (1 point, key a; None: nothing readable)."""
TF = ("true", "false", "true", "false", "false")
"""Their answers to ``t-tf`` (1 point, key true)."""


def small_class() -> list[SubmissionResult]:
    """The hand-checkable class of tests/reports/test_stats_moodle.py: 5 students, 3 items."""
    results = []
    for student, relu, choice, tf in zip(STUDENTS, RELU, CHOICE, TF, strict=True):
        results.append(submission(student, [exercise("relu", [check("case 1", relu, 2)])], [
            answer("t-choice", float(choice == "a"), chosen=[choice] if choice else []),
            answer("t-tf", float(tf == "true"), read_as=tf),
            answer("t-sigmoid", 1.0, kind="practice")]))
    return results
