"""What the commands show a person, through rich: tables and a progress bar.

Tables measure East Asian width, so Japanese names and messages line up. When the output is not
a terminal nothing is coloured, styled or wrapped (a log or a pipe gets plain lines); progress
always goes to stderr: a live bar with rate and ETA on a terminal, a plain line every tenth of
the way otherwise.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Sequence
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

UNWRAPPED_WIDTH = 10_000
"""The width a table may take when it goes to a file or a pipe (nothing wraps there)."""


def console(file: TextIO | None = None) -> Console:
    """A console on ``file`` (stdout): styled on a terminal, plain and unwrapped elsewhere."""
    file = file or sys.stdout
    if file.isatty():
        return Console(file=file, highlight=False, soft_wrap=True)
    return Console(file=file, highlight=False, soft_wrap=True, color_system=None,
                   width=UNWRAPPED_WIDTH, force_terminal=False)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]],
          right: Sequence[int] = ()) -> Table:
    """A borderless table; the columns in ``right`` are right-aligned (numbers)."""
    grid = Table(box=None, show_edge=False, pad_edge=False, header_style="bold",
                 padding=(0, 2, 0, 0))
    for index, header in enumerate(headers):
        grid.add_column(header, justify="right" if index in right else "left",
                        overflow="fold")
    for row in rows:
        grid.add_row(*(Text(cell) for cell in row))
    return grid


def print_table(headers: Sequence[str], rows: Iterable[Sequence[str]],
                right: Sequence[int] = (), file: TextIO | None = None) -> None:
    """Print a :func:`table` (lines without trailing padding, for logs and diffs)."""
    out = console(file)
    with out.capture() as captured:
        out.print(table(headers, rows, right))
    out.file.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


class RateColumn(ProgressColumn):
    """Finished items per second."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0.0:.1f}/s")


class ProgressBar:
    """Progress of a long run on stderr; ``start(total)``, ``advance()`` per item, ``close()``."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.total = self.done = 0
        self.started = time.perf_counter()
        self._next_line = 0.1
        self._live: Progress | None = None

    def start(self, total: int) -> None:
        self.total, self.done, self.started = total, 0, time.perf_counter()
        if self.stream.isatty() and total:
            self._live = Progress(TextColumn(self.label), BarColumn(), MofNCompleteColumn(),
                                  RateColumn(), TimeRemainingColumn(),
                                  console=Console(file=self.stream))
            self._task = self._live.add_task(self.label, total=total)
            self._live.start()

    def line(self) -> str:
        """The plain form: label, done/total, rate and ETA."""
        elapsed = time.perf_counter() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate else 0.0
        return f"{self.label} {self.done}/{self.total} {rate:.1f}/s ETA {eta:.0f}s"

    def advance(self) -> None:
        self.done += 1
        if self._live is not None:
            self._live.advance(self._task)
        elif self.total and self.done / self.total >= self._next_line:
            while self.done / self.total >= self._next_line:
                self._next_line += 0.1
            self.stream.write(self.line() + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None
