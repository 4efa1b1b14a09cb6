"""The forked child: run the student's cells, then call their functions on the given cases.

Runs inside the sandbox with the submission's rlimits already applied. Every result is written
to ``results`` as a :mod:`wire` frame the moment it is known, so a crash or a kill later on loses
nothing already computed. Expected outputs are never here: judging happens in the trusted parent.
"""

from __future__ import annotations

import builtins
import contextlib
import time
import warnings
from collections.abc import Sequence
from typing import Any, BinaryIO

from autograde.kit.invoke import (
    BoundedText,
    TimeLimitExceeded,
    alarm,
    describe_error,
    invoke_cases,
)
from autograde.kit.values import decode
from autograde.sandbox.wire import frame, pack, unpack


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


def grade_exercise(exercise: dict, arrays: list[bytes], namespace: dict,
                   results: BinaryIO) -> None:
    functions = [namespace.get(name) for name in exercise["functions"]]
    for name, function in zip(exercise["functions"], functions, strict=True):
        if not callable(function):
            _emit(results, {"exercise": exercise["id"], "missing": name})
            return
    checks = [[([decode(a) for a in unpack(case["args"], arrays)], case["writable"])
               for case in cases]
              for cases in exercise["checks"]]
    for c, k, outcome in invoke_cases(functions, checks, exercise["n_returned"],
                                      exercise["protocol"], float(exercise["time_limit"])):
        blobs: list[bytes] = []
        packed = outcome.model_dump(mode="json", exclude={"values"})
        packed["values"] = None if outcome.values is None else pack(outcome.values, blobs)
        _emit(results, {"exercise": exercise["id"], "check": c, "case": k, "outcome": packed},
              blobs)


def run_cells(cells: list[dict], limit: float,
              results: BinaryIO | None = None) -> dict[str, Any]:
    """Run ``cells`` in order in one namespace (reporting each to ``results``)."""
    namespace = _namespace()
    for index, cell in enumerate(cells):
        ran = run_cell(index, cell, namespace, limit)
        if results is not None:
            _emit(results, ran)
    return namespace


def run(request: dict, arrays: list[bytes], results: BinaryIO) -> None:
    """Everything the submission is asked to do, in order."""
    namespace = run_cells(request["cells"], float(request["cell_seconds"]), results)
    for exercise in request["exercises"]:
        grade_exercise(exercise, arrays, namespace, results)
    _emit(results, {"finished": True})
