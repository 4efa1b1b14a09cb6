"""The forked child: run the student's cells, then call their functions on the given cases.

Runs inside the sandbox with the submission's rlimits already applied. Every result is written
to ``results`` as a :mod:`wire` frame the moment it is known, so a crash or a kill later on loses
nothing already computed. Before each cell and each case the child tells the server on its
:class:`Clock` pipe which step (:func:`limits.steps`) starts, so the server can kill it from
outside when that step's time limit passes, even if the student's code ignores every signal.
Expected outputs are never here: judging happens in the trusted parent.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import time
import warnings
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO, TypeVar

from autograde.kit.invoke import (
    BoundedText,
    TimeLimitExceeded,
    alarm,
    describe_error,
    invoke_cases,
)
from autograde.kit.values import decode
from autograde.sandbox import inert_pyplot
from autograde.sandbox.limits import case_count
from autograde.sandbox.wire import frame, pack, unpack

T = TypeVar("T")


class Clock:
    """The child's end of the clock pipe: announces each step as it starts.

    A step is announced as its index in ASCII and a newline. Nothing the child writes here can
    give it more time than the request allows (the server looks the limit up itself), so a
    failed write is ignored: it can only make the server kill the child sooner.
    """

    def __init__(self, fd: int | None = None) -> None:
        self.fd = fd

    def start(self, step: int) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.write(self.fd, b"%d\n" % step)


def guard_channels(fds: Sequence[int]) -> None:
    """Close the result and clock channels in every process the submission forks.

    A forked copy of this child (``os.fork()`` at module level, multiprocessing) would
    otherwise go on writing result frames into the same file and announce steps on the same
    pipe. Exec'd programs never get them (they are close-on-exec). A fork made behind Python's
    back (ctypes) escapes this, but cannot do more than the student's own process can.
    """
    def close_them() -> None:
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)

    os.register_at_fork(after_in_child=close_them)


class _NoIPython:
    """What ``get_ipython()`` returns here: every magic and shell escape does nothing."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


def _namespace() -> dict[str, Any]:
    shell = _NoIPython()
    return {"__name__": "__main__", "__builtins__": builtins,
            "get_ipython": lambda: shell, "display": lambda *args, **kwargs: None}


def _failure(error: BaseException, seconds: float) -> tuple[str, str]:
    """(kind, text) of what stopped a cell."""
    if isinstance(error, TimeLimitExceeded):
        return "timeout", f"{seconds:g}"
    if isinstance(error, SyntaxError):
        return "exception", f"SyntaxError: {error.msg} (line {error.lineno})"
    if isinstance(error, SystemExit):
        return "exit", str(error.code)
    return "exception", describe_error(error)


def run_cell(index: int, cell: dict, namespace: dict, limit: float) -> dict[str, Any]:
    sink = BoundedText()
    start = time.perf_counter()
    kind = text = None
    try:
        code = compile(cell["source"], cell["name"], "exec")
        with (alarm(limit), contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink),
              warnings.catch_warnings()):
            warnings.simplefilter("ignore")
            exec(code, namespace)
    except BaseException as error:  # anything at all the student's cell does
        kind, text = _failure(error, limit)
    return {"cell": index, "kind": kind, "error": text, "printed": sink.getvalue(),
            "seconds": time.perf_counter() - start}


def _emit(results: BinaryIO, header: dict[str, Any], blobs: Sequence[bytes] = ()) -> None:
    results.write(frame(header, blobs))
    results.flush()


def _announced(items: Iterator[T], clock: Clock, steps: range) -> Iterator[T]:
    """``items``, announcing step after step on ``clock`` just before each item is computed
    (``invoke_cases`` runs a case when it is asked for the next outcome)."""
    for step in steps:
        clock.start(step)
        item = next(items, None)
        if item is None:
            return
        yield item


def grade_exercise(exercise: dict, arrays: list[bytes], namespace: dict, results: BinaryIO,
                   clock: Clock | None = None, first_step: int = 0) -> None:
    """Call the exercise's functions on every case, reporting each outcome as it is known."""
    functions = [namespace.get(name) for name in exercise["functions"]]
    for name, function in zip(exercise["functions"], functions, strict=True):
        if not callable(function):
            _emit(results, {"exercise": exercise["id"], "missing": name})
            return
    checks = [[([decode(a) for a in unpack(case["args"], arrays)], case["writable"])
               for case in cases]
              for cases in exercise["checks"]]
    outcomes = invoke_cases(functions, checks, exercise["n_returned"], exercise["protocol"],
                            float(exercise["time_limit"]))
    steps = range(first_step, first_step + case_count(exercise))
    for c, k, outcome in _announced(outcomes, clock or Clock(), steps):
        blobs: list[bytes] = []
        packed = outcome.model_dump(mode="json", exclude={"values"})
        packed["values"] = None if outcome.values is None else pack(outcome.values, blobs)
        _emit(results, {"exercise": exercise["id"], "check": c, "case": k, "outcome": packed},
              blobs)


def run_cells(cells: list[dict], limit: float, results: BinaryIO | None = None,
              clock: Clock | None = None) -> dict[str, Any]:
    """Run ``cells`` in order in one namespace (announcing each on ``clock``, cell ``i`` being
    step ``i``, and reporting each to ``results``)."""
    namespace = _namespace()
    for index, cell in enumerate(cells):
        (clock or Clock()).start(index)
        ran = run_cell(index, cell, namespace, limit)
        if results is not None:
            _emit(results, ran)
    return namespace


def run(request: dict, arrays: list[bytes], results: BinaryIO,
        clock: Clock | None = None) -> None:
    """Everything the submission is asked to do, in order, in the steps of
    :func:`limits.steps`: the cells first, then every case of every exercise. Figures are
    not drawn (:mod:`inert_pyplot`) unless the request says ``draw``."""
    clock = clock or Clock()
    if not request.get("draw", False):
        inert_pyplot.install()
    namespace = run_cells(request["cells"], float(request["cell_seconds"]), results, clock)
    first_step = len(request["cells"])
    for exercise in request["exercises"]:
        grade_exercise(exercise, arrays, namespace, results, clock, first_step)
        first_step += case_count(exercise)
    _emit(results, {"finished": True})
