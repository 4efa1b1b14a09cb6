"""Progress of a long run: a live bar with rate and ETA on a terminal, sparse lines in logs."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """``update()`` once per finished item. ``quiet`` prints nothing at all."""

    def __init__(self, total: int, label: str, quiet: bool = False,
                 stream: TextIO | None = None) -> None:
        self.total, self.label, self.quiet = total, label, quiet
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.done = 0
        self.start = time.perf_counter()
        self._next_line = 0.1

    @property
    def rate(self) -> float:
        elapsed = time.perf_counter() - self.start
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        rate = self.rate
        eta = (self.total - self.done) / rate if rate else 0.0
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        bar = "█" * filled + "·" * (width - filled)
        return (f"{self.label} {bar} {self.done}/{self.total} "
                f"{rate:.1f}/s ETA {eta:.0f}s")

    def update(self, count: int = 1) -> None:
        self.done += count
        if self.quiet:
            return
        if self.live:
            self.stream.write("\r" + self.line())
            self.stream.flush()
        elif self.total and self.done / self.total >= self._next_line:
            self._next_line += 0.1
            self.stream.write(self.line() + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self.live and not self.quiet:
            self.stream.write("\n")
            self.stream.flush()
