"""The warm server: lives inside the sandbox and forks one fresh child per submission.

Started by :mod:`autograde.sandbox.client` as
``python -I -S -c <bootstrap> CONFIG_JSON``. It imports the preloaded libraries once, drops to an
unprivileged user when it starts as root, then serves requests read as :mod:`wire` frames on its
stdin. For each it forks a child in a new session with the submission's rlimits, a private
working directory and its own stdout/stderr file, waits at most the wall-clock limit, kills the
child's whole process group (and, in its own PID namespace, every leftover process), and answers
with one frame: how the child ended plus the child's result frames as one blob.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import json
import os
import select
import shutil
import signal
import sys
import tempfile
import time
import traceback
from typing import Any, BinaryIO

from autograde.sandbox import limits as limits_module
from autograde.sandbox.child import run, run_cells
from autograde.sandbox.wire import frame, read_frame

PR_SET_CHILD_SUBREAPER = 36


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


def warm(cells: list[dict]) -> dict[str, Any]:
    """Run the instructor's own cells here, once, so every forked child inherits the warm
    caches (fonts, plotting code paths) instead of paying for them again."""
    start = time.monotonic()
    namespace = run_cells(cells, limits_module.WARM_SECONDS)
    namespace.clear()
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    return {"warmed": len(cells), "seconds": time.monotonic() - start}


def _drop_privileges(uid: int) -> None:
    if os.getuid() == 0:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)


def _wait(pid: int, deadline: float) -> tuple[int, Any, bool]:
    """(wait status, rusage, timed out) for the child, killing its group at the deadline."""
    timed_out = False
    pidfd = os.pidfd_open(pid)
    try:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([pidfd], [], [], remaining)[0]:
            timed_out = True
            _kill_group(pid)
    finally:
        os.close(pidfd)
    _, status, usage = os.wait4(pid, 0)
    return status, usage, timed_out


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
           output: BinaryIO, control: tuple[int, int]) -> None:
    """In the forked child: isolate, limit, run. Never returns."""
    code = 0
    try:
        os.setsid()
        for fd in control:
            os.close(fd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(output.fileno(), 1)
        os.dup2(output.fileno(), 2)
        os.chdir(workdir)
        os.environ.update(HOME=workdir, TMPDIR=workdir)
        tempfile.tempdir = workdir
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails, not the child
        limits_module.apply(limits_module.Limits(**request["limits"]))
        run(request, blobs, result)
    except BaseException:
        traceback.print_exc()
        code = 70
    finally:
        os._exit(code)


def serve(request: dict, blobs: list[bytes], config: dict, control: tuple[int, int]) -> bytes:
    limits = limits_module.Limits(**request["limits"])
    workdir = tempfile.mkdtemp(prefix="submission-")
    with tempfile.TemporaryFile() as result, tempfile.TemporaryFile() as output:
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            _child(request, blobs, workdir, result, output, control)
        status, usage, timed_out = _wait(pid, start + limits.total_seconds)
        seconds = time.monotonic() - start
        _kill_group(pid)
        _kill_leftovers()
        data = _read_start(result, (limits.output_mb << 20) + 1)
        printed_size = os.fstat(output.fileno()).st_size
        printed = _read_start(output, limits_module.OUTPUT_SHOWN).decode("utf-8", "replace")
    shutil.rmtree(workdir, ignore_errors=True)
    header = {**_status(status, timed_out), "seconds": seconds,
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
        reply.write(frame(warm(header["warm"])) if "warm" in header
                    else serve(header, blobs, config, control))
        reply.flush()


if __name__ == "__main__":
    main()
