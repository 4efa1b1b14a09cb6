"""Results saved in batches as they arrive: one transaction per batch, not per submission.

A batch is written when it holds :data:`~autograde.grader.settings.SAVE_BATCH` results or
:data:`~autograde.grader.settings.SAVE_SECONDS` after the first of them arrived, and whatever
is left when grading ends (or stops on an error or Ctrl-C). A run killed outright loses at most
the batch in flight: those submissions are not in the store, so the next run grades them.

``before_save`` (nbgrader's gradebook, in a course) gets each batch before the store does: a
kill between the two leaves the store behind the gradebook, never ahead of it, and the re-run
writes both again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from autograde.grader import settings
from autograde.grader.records import SubmissionResult

if TYPE_CHECKING:
    from autograde.grader.store import Store

BeforeSave = Callable[[list[SubmissionResult]], None]


@dataclass
class BatchSaver:
    store: Store
    before_save: BeforeSave | None = None
    size: int = settings.SAVE_BATCH
    seconds: float = settings.SAVE_SECONDS
    batches: int = 0
    """Batches written so far."""
    _pending: list[SubmissionResult] = field(default_factory=list)
    _since: float = 0.0

    def add(self, result: SubmissionResult) -> None:
        if not self._pending:
            self._since = time.monotonic()
        self._pending.append(result)
        if len(self._pending) >= self.size or time.monotonic() - self._since >= self.seconds:
            self.flush()

    def flush(self) -> None:
        """Write what is waiting (nothing when nothing is)."""
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        if self.before_save is not None:
            self.before_save(batch)
        self.store.save_all(batch)
        self.batches += 1
