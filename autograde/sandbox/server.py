"""The warm server: lives inside the sandbox and forks one fresh child per submission.

Started by :mod:`autograde.sandbox.client` as
``python -I -S -c <bootstrap> CONFIG_JSON``. It imports the preloaded libraries once, drops to an
unprivileged user when it starts as root, then serves requests read as :mod:`wire` frames on its
stdin. For each it forks a child in a new session with the submission's rlimits, a private
working directory and its own stdout/stderr file, and holds it to its time limits from outside:
the child announces each step (cell or case, :func:`limits.steps`) on a clock pipe as it starts
it, and the server kills the child's whole process group when the current step's limit (plus
:data:`limits.KILL_GRACE_SECONDS`) or the submission's wall clock passes, whichever comes
first, so code that ignores every signal is stopped too. Afterwards it kills every leftover
process (they are all its children, as a subreaper) and answers with one frame: how the child
ended, which deadline fired if one did, plus the child's result frames as one blob.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import importlib
import json
import math
import os
import select
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from typing import Any, BinaryIO

from autograde.sandbox import inert_pyplot
from autograde.sandbox import limits as limits_module
from autograde.sandbox.child import Clock, guard_channels, run, run_cells
from autograde.sandbox.wire import frame, read_frame

PR_SET_CHILD_SUBREAPER = 36
ANNOUNCEMENT_BYTES = 9
"""The longest step index the clock pipe accepts (in decimal digits); longer lines are junk."""
CLOCK_READ_SECONDS = 0.05
"""How often the server reads the clock pipe while a child runs. (Reading every announcement
as it was written woke the server up for each cell and case: twice the context switches of a
whole lesson-01 submission's cases.)"""


def _preload(names: list[str]) -> list[str]:
    """Import what every submission would import anyway; returns the failures."""
    errors = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as error:
            errors.append(f"{name}: {type(error).__name__}: {error}")
    if "matplotlib.pyplot" in sys.modules:  # build font caches once, not per submission
        plt = sys.modules["matplotlib.pyplot"]
        plt.subplots()
        plt.close("all")
        # Nothing is ever drawn here, so laying out text for a drawing is wasted time.
        sys.modules["matplotlib.figure"].Figure.tight_layout = _no_layout
    return errors


def _no_layout(*args: Any, **kwargs: Any) -> None:
    """``Figure.tight_layout`` in the grader: figures are never rendered, so skip the layout."""


def warm(cells: list[dict], draw: bool = False) -> dict[str, Any]:
    """Run the instructor's own cells here, once, so every forked child inherits what they
    import (and, when figures are drawn, the warm caches: fonts, plotting code paths) instead
    of paying for it again. Unless ``draw``, matplotlib is inert here from now on, as in the
    children (:mod:`inert_pyplot`)."""
    start = time.monotonic()
    if not draw:
        inert_pyplot.install()
    namespace = run_cells(cells, limits_module.WARM_SECONDS)
    namespace.clear()
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    gc.freeze()
    return {"warmed": len(cells), "seconds": time.monotonic() - start}


def _drop_privileges(uid: int) -> None:
    if os.getuid() == 0:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)


class Deadlines:
    """When the child must be killed: the current step's limit (plus a grace) after the child
    announced that step, and never later than the whole submission's wall clock.

    The student's code can write to the clock pipe too. Only a step after the current one is
    accepted and its limit comes from the request, never from the pipe; repeats, junk and steps
    that do not exist are ignored. So a lie can at most move the clock on through the request's
    own steps, each with its own limit, and never past the wall clock.
    """

    def __init__(self, steps: Sequence[limits_module.Step], start: float, total: float) -> None:
        self.steps = steps
        self.total = total
        self.overall = start + total
        self.current = -1
        self.started = 0.0
        self._partial = b""

    def feed(self, data: bytes, now: float) -> None:
        """Take what was read from the clock pipe at ``now`` (whole lines; keeps the rest)."""
        *lines, tail = (self._partial + data).split(b"\n")
        self._partial = tail[-(ANNOUNCEMENT_BYTES + 1):]
        for line in lines:
            self._announce(line, now)

    def _announce(self, line: bytes, now: float) -> None:
        if 0 < len(line) <= ANNOUNCEMENT_BYTES and line.isdigit():
            step = int(line)
            if self.current < step < len(self.steps):
                self.current, self.started = step, now

    def _step_deadline(self) -> float:
        if self.current < 0:
            return math.inf
        return (self.started + self.steps[self.current].seconds
                + limits_module.KILL_GRACE_SECONDS)

    def deadline(self) -> float:
        return min(self.overall, self._step_deadline())

    def fired(self) -> dict[str, Any]:
        """Which deadline passed, for the answer: the current step's, or the wall clock's."""
        if self._step_deadline() < self.overall:
            step = self.steps[self.current]
            kind = "cell" if "cell" in step.where else "case"
            return {"kind": kind, "seconds": step.seconds, **step.where}
        return {"kind": "total", "seconds": self.total}


def _read_clock(fd: int) -> bytes:
    """What was announced since the last read (non-blocking; empty if nothing was)."""
    try:
        return os.read(fd, 1 << 16)
    except BlockingIOError:
        return b""


def _watch(pidfd: int, clock: int, deadlines: Deadlines) -> dict[str, Any] | None:
    """Wait until the child ends (None) or its current deadline passes (the one that fired),
    reading the steps it announced on ``clock`` every :data:`CLOCK_READ_SECONDS` meanwhile
    and once more at the end (a step's clock starts when it is read: at most that late)."""
    while (now := time.monotonic()) < deadlines.deadline():
        wait = min(deadlines.deadline(), now + CLOCK_READ_SECONDS) - now
        ended = bool(select.select([pidfd], [], [], wait)[0])
        if data := _read_clock(clock):
            deadlines.feed(data, time.monotonic())
        if ended:
            return None
    return deadlines.fired()


def _wait(pid: int, clock: int, deadlines: Deadlines) -> tuple[int, Any, dict[str, Any] | None]:
    """(wait status, rusage, the deadline that fired or None) for the child, killing its group
    when a deadline passes."""
    pidfd = os.pidfd_open(pid)
    try:
        fired = _watch(pidfd, clock, deadlines)
        if fired is not None:
            _kill_group(pid)
    finally:
        os.close(pidfd)
    _, status, usage = os.wait4(pid, 0)
    return status, usage, fired


def _kill_group(pid: int) -> None:
    for target in (-pid, pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(target, signal.SIGKILL)


def _become_subreaper() -> None:
    """Orphans of a submission (even those that called setsid) become our children."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _children() -> list[int]:
    """Our direct children, read from /proc (field 4 of stat, after the command name)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with (contextlib.suppress(OSError, ValueError, IndexError),
                  open(f"/proc/{entry}/stat") as stat):
                if int(stat.read().rsplit(")", 1)[1].split()[1]) == os.getpid():
                    found.append(int(entry))
    return found


def _reap() -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def _kill_leftovers() -> None:
    """Kill and reap every process the submission left behind (they are all ours now)."""
    deadline = time.monotonic() + 2.0
    while True:
        leftovers = _children()
        for pid in leftovers:
            _kill_group(pid)
        _reap()
        if not leftovers or time.monotonic() > deadline:
            return
        time.sleep(0.002)


def _read_start(handle: BinaryIO, limit: int) -> bytes:
    handle.seek(0)
    return handle.read(limit)


def _status(status: int, timed_out: bool) -> dict[str, Any]:
    if timed_out:
        return {"status": "timeout", "code": None, "signal": "SIGKILL"}
    if os.WIFSIGNALED(status):
        return {"status": "signaled", "code": None,
                "signal": signal.Signals(os.WTERMSIG(status)).name}
    return {"status": "exited", "code": os.WEXITSTATUS(status), "signal": None}


def _child(request: dict, blobs: list[bytes], workdir: str, result: BinaryIO,
           output: BinaryIO, clock: int, foreign: Sequence[int]) -> None:
    """In the forked child: isolate, limit, run. Never returns. ``foreign`` are the server's
    fds the child must not keep (its control channel, the clock pipe's reading end)."""
    code = 0
    try:
        os.setsid()
        for fd in foreign:
            os.close(fd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(output.fileno(), 1)
        os.dup2(output.fileno(), 2)
        os.chdir(workdir)
        os.environ.update(HOME=workdir, TMPDIR=workdir)
        tempfile.tempdir = workdir
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails, not the child
        guard_channels([result.fileno(), clock])
        limits_module.apply(limits_module.Limits(**request["limits"]))
        run(request, blobs, result, Clock(clock))
    except BaseException:
        traceback.print_exc()
        code = 70
    finally:
        os._exit(code)


def _fork(request: dict, blobs: list[bytes], workdir: str, result: BinaryIO, output: BinaryIO,
          control: tuple[int, int]) -> tuple[int, int]:
    """Fork the child; returns its pid and the (non-blocking) reading end of its clock pipe."""
    clock_read, clock_write = os.pipe()
    try:
        pid = os.fork()
    except BaseException:
        os.close(clock_read)
        os.close(clock_write)
        raise
    if pid == 0:
        _child(request, blobs, workdir, result, output, clock_write, (*control, clock_read))
    os.close(clock_write)
    os.set_blocking(clock_read, False)
    return pid, clock_read


def serve(request: dict, blobs: list[bytes], config: dict, control: tuple[int, int]) -> bytes:
    """Run one submission in a forked child and answer with how it ended and its results."""
    limits = limits_module.Limits(**request["limits"])
    workdir = tempfile.mkdtemp(prefix="submission-")
    with tempfile.TemporaryFile() as result, tempfile.TemporaryFile() as output:
        start = time.monotonic()
        pid, clock = _fork(request, blobs, workdir, result, output, control)
        deadlines = Deadlines(limits_module.steps(request), start, limits.total_seconds)
        try:
            status, usage, fired = _wait(pid, clock, deadlines)
        finally:
            os.close(clock)
        seconds = time.monotonic() - start
        _kill_group(pid)
        _kill_leftovers()
        data = _read_start(result, (limits.output_mb << 20) + 1)
        printed_size = os.fstat(output.fileno()).st_size
        printed = _read_start(output, limits_module.OUTPUT_SHOWN).decode("utf-8", "replace")
    shutil.rmtree(workdir, ignore_errors=True)
    header = {**_status(status, fired is not None), "deadline": fired, "seconds": seconds,
              "cpu_seconds": usage.ru_utime + usage.ru_stime, "max_rss_kb": usage.ru_maxrss,
              "output": printed, "output_bytes": printed_size}
    return frame(header, [data])


def _matplotlib_home(seed: str | None, tmp: str) -> None:
    """A writable matplotlib config dir, seeded with the font cache built outside."""
    home = os.path.join(tmp, "matplotlib")
    if seed and os.path.isdir(seed):
        shutil.copytree(seed, home, dirs_exist_ok=True)
    os.makedirs(home, exist_ok=True)
    os.environ["MPLCONFIGDIR"] = home


def _runs_dir(tmp: str, uid: int | None) -> str:
    """Where the submissions' working directories go, owned by the user they run as."""
    runs = os.path.join(tmp, "runs")
    os.makedirs(runs, exist_ok=True)
    if uid is not None and os.getuid() == 0:
        os.chown(runs, uid, uid)
    return runs


def main() -> None:
    config = json.loads(sys.argv[1])
    control = (os.dup(0), os.dup(1))
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    _matplotlib_home(config.get("mpl_seed"), config["tmp"])
    errors = _preload(config["preload"])
    gc.freeze()  # the children's collections never walk (and so never copy) what they inherit
    _become_subreaper()
    tempfile.tempdir = _runs_dir(config["tmp"], config["uid"])
    if config["uid"] is not None:
        _drop_privileges(config["uid"])
    inbox = os.fdopen(control[0], "rb")
    reply = os.fdopen(control[1], "wb")
    reply.write(frame({"ready": True, "uid": os.getuid(), "errors": errors}))
    reply.flush()
    while (item := read_frame(inbox)) is not None:
        header, blobs = item
        reply.write(frame(warm(header["warm"], bool(header.get("draw")))) if "warm" in header
                    else serve(header, blobs, config, control))
        reply.flush()


if __name__ == "__main__":
    main()
