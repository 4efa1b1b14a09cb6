"""What the commands show a person: tables that line up Japanese text, no colour codes and no
wrapping in logs or pipes, progress on stderr only."""

from __future__ import annotations

import io
import re

from rich.cells import cell_len

from autograde.cli.console import ProgressBar, print_table
from autograde.grader.records import SubmissionResult
from autograde.grader.summary import student_line

ANSI = re.compile(r"\x1b\[")
ROWS = [["relu_mask.py", "relu", "2/4", "relu.mask"],
        ["学生の提出ファイル.py", "シグモイド", "0/5", "—"],
        ["x" * 300 + ".py", "step", "4/4", "—"]]


def _columns(line: str, cells: list[str]) -> list[int]:
    """The terminal column where each cell starts in ``line``."""
    starts, position = [], 0
    for cell in cells:
        position = line.index(cell, position)
        starts.append(cell_len(line[:position]))
        position += len(cell)
    return starts


def test_a_table_in_a_pipe_is_plain_unwrapped_and_lines_up_wide_characters():
    out = io.StringIO()
    print_table(["file", "exercise", "score", "misconceptions"], ROWS, file=out)
    lines = out.getvalue().splitlines()
    assert not ANSI.search(out.getvalue())
    assert len(lines) == 1 + len(ROWS), "nothing wraps"
    assert all(line == line.rstrip() for line in lines), "no trailing padding"
    starts = [_columns(line, row) for line, row in zip(lines[1:], ROWS, strict=True)]
    assert starts[0] == starts[1] == starts[2], "columns line up in terminal cells"


def test_progress_in_a_log_is_a_plain_line_every_tenth_of_the_way():
    stream = io.StringIO()
    progress = ProgressBar("01_neuron", stream=stream)
    progress.start(50)
    for _ in range(50):
        progress.advance()
    progress.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 10 and not ANSI.search(stream.getvalue())
    assert lines[0].startswith("01_neuron 5/50 ") and lines[-1].startswith("01_neuron 50/50 ")
    assert all(re.search(r" \d+\.\d/s ETA \d+s$", line) for line in lines)


def _result(student: str, score: float) -> SubmissionResult:
    return SubmissionResult(assignment="01_neuron", student=student, path="x", digest="d",
                            lang="ja", score=score, max_score=21)


def test_list_lines_keep_their_format_and_line_up_wide_student_ids():
    ascii_line = student_line(_result("alice", 21))
    assert ascii_line == f"  {'alice':<20} {21:>6g} / {21:<4g}".rstrip()
    wide = student_line(_result("山田太郎", 7.5))
    slash = [cell_len(line[:line.index(" / ")]) for line in (ascii_line, wide)]
    assert slash[0] == slash[1], "the score columns line up in terminal cells"
