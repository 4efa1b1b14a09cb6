"""Writes ``store_before_quiz_columns.db``: a results store as the code before the quiz columns
wrote it (see README.md in this folder). Run it with that code first on the path::

    git worktree add /tmp/store-old 77d2344
    PYTHONPATH=/tmp/store-old .venv/bin/python tests/grader/data/make_store_before_quiz_columns.py
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from autograde.grader.records import CellRun, Flag, QuizResponse, SandboxEvent, SubmissionResult
from autograde.grader.store import Store
from autograde.kit.results import CheckResult, ExerciseResult, Hint

FILE = Path(__file__).with_name("store_before_quiz_columns.db")
A = "03_loss"


def exercise(name: str, passed: list[bool], misconceptions: list[str]) -> ExerciseResult:
    checks = [CheckResult(name=f"ケース {i + 1}", passed=ok, points=1.0 if ok else 0.0,
                          max_points=1.0, message="" if ok else "期待 0.0247、実際 0.0494",
                          misconceptions=[] if ok else misconceptions)
              for i, ok in enumerate(passed)]
    return ExerciseResult(exercise=name, lang="ja", score=float(sum(passed)),
                          max_score=float(len(passed)), checks=checks,
                          misconceptions=misconceptions,
                          hints=[Hint(id=m, text="½ を忘れていませんか") for m in misconceptions])


def results() -> list[SubmissionResult]:
    alice = [exercise("mse", [True, True, True], []),
             exercise("cross_entropy", [True, False], ["ce.log_of_zero"])]
    bob = [exercise("mse", [True, False, False], ["mse.no_half", "mse.sign"]),
           exercise("cross_entropy", [False, False], ["ce.log_of_zero"])]
    return [
        SubmissionResult(
            assignment=A, student="alice", path=f"submitted/alice/{A}/{A}.ipynb",
            digest="a" * 64, lang="ja", score=4.0, max_score=5.0, exercises=alice,
            quiz=[QuizResponse(item="03-why-squared", response="b", points=1.0, max_points=1.0),
                  QuizResponse(item="03-why-half", response="ｃ", points=0.0, max_points=1.0)],
            cells=[CellRun(cell="mse-solution", seconds=0.125)],
            sandbox="bwrap", seconds=1.5, cpu_seconds=1.25, max_rss_mb=80.5,
            graded_at=datetime(2025, 5, 12, 9, 30, tzinfo=timezone.utc)),
        SubmissionResult(
            assignment=A, student="bob", path=f"submitted/bob/{A}/{A}.ipynb",
            digest="b" * 64, lang="en", score=1.0, max_score=5.0, exercises=bob,
            quiz=[QuizResponse(item="03-why-squared", response="a, c", points=0.5,
                               max_points=1.0),
                  QuizResponse(item="03-mse-value", response="−0.0247", points=0.0,
                               max_points=2.0)],
            cells=[CellRun(cell="mse-solution", seconds=2.0, error="ValueError: shapes (line 3)",
                           note="%matplotlib は無視しました")],
            events=[SandboxEvent(kind="timeout", detail="2 s")],
            flags=[Flag(rule="imports_reference", cell="mse-solution", line=1,
                        code="import reference")],
            sandbox="rlimits", seconds=2.5, cpu_seconds=2.0, max_rss_mb=96.0,
            graded_at=datetime(2025, 5, 12, 9, 31, tzinfo=timezone.utc)),
    ]


def main() -> None:
    FILE.unlink(missing_ok=True)
    with Store(f"sqlite:///{FILE}") as store:
        for result in results():
            store.save(result)
    with sqlite3.connect(FILE) as connection:  # one self-contained file, no -wal beside it
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(FILE, FILE.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
