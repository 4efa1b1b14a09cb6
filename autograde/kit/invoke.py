"""Call a submission on one case and reduce whatever happens to a plain :class:`Outcome`.

This is the only place where graded code runs. Arguments are fresh read-only copies (their
memory lives in immutable bytes, so ``setflags(write=True)`` cannot undo it); writable
arguments are private copies whose state after the call is reported. Prints, warnings and
every exception are caught, so nothing from the submission reaches the caller's stderr.
"""

from __future__ import annotations

import contextlib
import io
import signal
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from autograde.kit.convert import ConversionError, to_array, to_outputs
from autograde.kit.results import Outcome
from autograde.kit.settings import ERROR_LIMIT, PRINT_LIMIT, SETUP_NAMES, WARNINGS_KEPT
from autograde.kit.values import readonly, writable


class TimeLimitExceeded(BaseException):
    """Raised into the submission when a case runs past its time limit."""


_OUR_FILES = str(Path(__file__).resolve().parent.parent)
"""The grader's own code (the kit and the sandbox's child): not the submission's lines."""


class BoundedText(io.TextIOBase):
    """A text sink that keeps the first ``limit`` characters and drops the rest."""

    def __init__(self, limit: int = PRINT_LIMIT) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.size = 0
        self.line_ends = 0
        self.ends_line = True

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = str(text)
        if self.size < self.limit:
            self.parts.append(text[: self.limit - self.size])
        self.size += len(text)
        self.line_ends += text.count("\n")
        if text:
            self.ends_line = text.endswith("\n")
        return len(text)

    def getvalue(self) -> str:
        return "".join(self.parts)

    @property
    def lines(self) -> int:
        """Lines written, a last one without its newline included."""
        return self.line_ends + (not self.ends_line)


class WarningLog:
    """Collects the distinct warnings raised inside (a loop may warn millions of times: only
    ``WARNINGS_KEPT`` distinct texts are kept, and nothing is printed)."""

    def __init__(self) -> None:
        self.seen: dict[str, None] = {}

    def show(self, message: Warning | str, category: type[Warning], *args: Any,
             **kwargs: Any) -> None:
        if len(self.seen) < WARNINGS_KEPT:
            self.seen.setdefault(f"{category.__name__}: {message}"[:ERROR_LIMIT])

    @contextlib.contextmanager
    def catching(self) -> Iterator[None]:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = self.show
            yield


def run_protocol(protocol: str, functions: Sequence[Callable], args: Sequence[Any]) -> Any:
    """How an exercise calls its function(s): one call, or fit on train data then predict."""
    if protocol == "fit_predict":
        fit, predict = functions
        x_train, t_train, x_test = args
        return predict(fit(x_train, t_train), x_test)
    return functions[0](*args)


def _where(error: BaseException) -> str:
    """``line N`` of the innermost frame that is not ours (the submission's line)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if _OUR_FILES not in f.filename]
    return f" (line {frames[-1].lineno})" if frames and frames[-1].lineno else ""


def describe_error(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".strip().rstrip(":")
    return (text[:ERROR_LIMIT] + "…" if len(text) > ERROR_LIMIT else text) + _where(error)


def invoke(
    functions: Sequence[Callable],
    args: Sequence[Any],
    n_outputs: int,
    writable_args: Sequence[int] = (),
    protocol: str = "call",
) -> Outcome:
    """Run ``functions`` on ``args`` under the exercise's ``protocol``; never raises
    (except KeyboardInterrupt, so a student can still interrupt a runaway cell)."""
    call_args = [writable(a) if i in writable_args else readonly(a) for i, a in enumerate(args)]
    sink = BoundedText()
    start = time.perf_counter()
    values: list | None = None
    error: str | None = None
    fields: dict[str, str] = {}
    warned = WarningLog()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), warned.catching():
            result = run_protocol(protocol, functions, call_args)
            values = to_outputs(result, n_outputs)
            values += [to_array(call_args[i]) for i in writable_args]
    except KeyboardInterrupt:
        raise
    except ConversionError as failure:
        error, fields = failure.kind, {k: str(v) for k, v in failure.fields.items()}
    except TimeLimitExceeded as failure:
        error, fields = "timeout", {"seconds": f"{failure.args[0]:g}"}
    except SystemExit as failure:
        error, fields = "exit", {"code": str(failure.code)}
    except NameError as failure:
        name = getattr(failure, "name", None) or ""
        error = "setup_not_run" if name in SETUP_NAMES else "exception"
        fields = {"name": name, "error": describe_error(failure)}
    except BaseException as failure:  # the submission may raise anything at all
        read_only = isinstance(failure, ValueError) and "read-only" in str(failure)
        error = "readonly" if read_only else "exception"
        fields = {"error": describe_error(failure)}
    return Outcome(
        values=values,
        error=error,
        fields=fields,
        seconds=time.perf_counter() - start,
        printed=sink.getvalue(),
        printed_lines=sink.lines,
        printed_characters=sink.size,
        warnings=list(warned.seen),
    )


@contextlib.contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` into the code run inside after ``seconds``.

    Uses SIGALRM, so it works in the main thread of a POSIX process (the worker, a Jupyter
    kernel); elsewhere it is a no-op and only the caller's own limits apply.
    """
    usable = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise TimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _timed_out(seconds: float) -> Outcome:
    return Outcome(error="timeout", fields={"seconds": f"{seconds:g}"})


def invoke_cases(
    functions: Sequence[Callable],
    checks: Sequence[Sequence[tuple[Sequence[Any], Sequence[int]]]],
    n_outputs: int,
    protocol: str,
    time_limit: float,
) -> Iterator[tuple[int, int, Outcome]]:
    """Run every case ``(args, writable)`` of every check, each under ``time_limit`` seconds.

    Yields ``(check, case, outcome)`` as soon as each is known. After the first timeout the
    remaining cases are reported as timed out without running: waiting again teaches nothing.
    """
    timed_out = False
    for c, cases in enumerate(checks):
        for k, (args, writable_args) in enumerate(cases):
            if timed_out:
                yield c, k, _timed_out(time_limit)
                continue
            try:
                with alarm(time_limit):
                    outcome = invoke(functions, args, n_outputs, writable_args, protocol)
            except TimeLimitExceeded:  # the alarm fired just after invoke returned
                outcome = _timed_out(time_limit)
            timed_out = outcome.error == "timeout"
            yield c, k, outcome
