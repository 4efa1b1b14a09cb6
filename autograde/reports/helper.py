"""Work done beside the dashboard's main line of work.

Drawing the charts (matplotlib) and finding similar solutions are most of a large class's
dashboard time, and each needs only a few inputs, so a forked helper process does them while
this one reads the results and computes the tables. Where forking is not safe (not Linux,
other threads running, one CPU) or the helper dies, the work is done here, the same way: the
page is identical either way.

Use::

    with Helper() as helper:
        pending = helper.run(charts.scatter, "chart-x", points, "x", "y", 0.3)
        ...                             # other work meanwhile
        [svg] = finish([pending])
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """A helper can be forked safely and has a CPU of its own."""
    return (sys.platform == "linux" and threading.active_count() == 1
            and len(os.sched_getaffinity(0)) > 1)


def _done(value: T) -> Future[T]:
    future: Future[T] = Future()
    future.set_result(value)
    return future


class Pending(Generic[T]):
    """Work given to the helper: :meth:`result` waits for it (and does it here if the helper
    failed)."""

    def __init__(self, future: Future[T], work: Callable[[], T]) -> None:
        self._future, self._work = future, work

    def take_back(self) -> bool:
        """Do the work here if the helper has not started it; False if it has."""
        if not self._future.cancel():
            return False
        self._future = _done(self._work())
        return True

    def result(self) -> T:
        try:
            return self._future.result()
        except BrokenExecutor:
            return self._work()


def finish(pending: list[Pending[T]]) -> list[T]:
    """The results of ``pending``: this process does what the helper has not started, from
    the last, while the helper works from the first."""
    for work in reversed(pending):
        if not work.take_back():
            break
    return [work.result() for work in pending]


class Helper:
    """Runs work in one forked helper process when :func:`can_fork`, else at once, here."""

    def __init__(self) -> None:
        self._executor = (ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
                          if can_fork() else None)

    def run(self, function: Callable[..., T], *args: object) -> Pending[T]:
        def here() -> T:
            return function(*args)

        if self._executor is not None:
            try:
                return Pending(self._executor.submit(function, *args), here)
            except BrokenExecutor:
                pass
        return Pending(_done(here()), here)

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
