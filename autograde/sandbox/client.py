"""The trusted side of the sandbox: start a warm server, send it requests, read its answers.

:class:`Sandbox` starts :mod:`autograde.sandbox.server` inside bubblewrap when ``bwrap`` works
here (read-only system, no network, private /tmp and PID namespace, only the stage visible) and
otherwise behind rlimits alone, saying so once in the log. Answers are read with a deadline; a
server that misses it or dies is killed and replaced, and the request reports ``sandbox_error``.
When the server killed a submission at a time limit, :attr:`Run.deadline` says which one.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from autograde.sandbox.limits import GRACE_SECONDS, NOBODY, START_SECONDS, Limits
from autograde.sandbox.stage import Stage, build_stage
from autograde.sandbox.wire import WireError, frame, read_frames

log = logging.getLogger("autograde.sandbox")

Isolation = Literal["auto", "bwrap", "rlimits"]
SITE = "/opt/nn-dojo/site"
MATPLOTLIB_SEED = "/opt/nn-dojo/matplotlib"
_BOOT = "import sys; sys.path[:0] = [{site!r}]; from autograde.sandbox.server import main; main()"


class SandboxError(RuntimeError):
    """The sandbox could not be started."""


@dataclass(frozen=True)
class Deadline:
    """The time limit at which the server killed a submission, and what it limited: one cell,
    one case of an exercise, or the whole submission (``total``)."""

    kind: Literal["total", "cell", "case"]
    seconds: float
    cell: int | None = None
    exercise: str | None = None
    check: int | None = None
    case: int | None = None

    @classmethod
    def parse(cls, data: object) -> Deadline | None:
        """The server's ``deadline`` answer field, or None when it is absent or malformed."""
        if not isinstance(data, dict) or data.get("kind") not in ("total", "cell", "case"):
            return None
        try:
            return cls(kind=data["kind"], seconds=float(data["seconds"]),
                       cell=_optional(data.get("cell"), int),
                       exercise=_optional(data.get("exercise"), str),
                       check=_optional(data.get("check"), int),
                       case=_optional(data.get("case"), int))
        except (KeyError, TypeError, ValueError):
            return None


def _optional(value: object, kind: type) -> Any:
    """``value`` as ``kind`` (None stays None; a value of another type raises TypeError)."""
    if value is None:
        return None
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"expected {kind.__name__}")
    return value


@dataclass
class Run:
    """How one request ended, and the child's result frames (undecoded, untrusted)."""

    status: Literal["exited", "signaled", "timeout", "sandbox_error"]
    code: int | None = None
    signal: str | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    max_rss_mb: float = 0.0
    output: str = ""
    output_bytes: int = 0
    results: bytes = b""
    problem: str = ""
    deadline: Deadline | None = None
    """With status ``timeout``: the time limit that fired."""
    extra: dict[str, Any] = field(default_factory=dict)


@functools.cache
def bwrap_works() -> bool:
    """Can bubblewrap create its namespaces here (installed, user namespaces allowed)?"""
    if not shutil.which("bwrap"):
        return False
    probe = ["bwrap", "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "true"]
    try:
        return subprocess.run(probe, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _system_binds() -> list[str]:
    """/usr read-only, the merged-/usr symlinks, the interpreter's prefix, and the interpreter
    itself where it is a copy outside them (a venv made with ``--copies``)."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/", name)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    for extra in ("/etc/ld.so.cache", "/etc/alternatives", "/etc/localtime"):
        args += ["--ro-bind-try", extra, extra]
    prefix = Path(sys.base_prefix).resolve()
    if Path("/usr") not in (prefix, *prefix.parents):
        args += [*_open_dirs(prefix.parent), "--ro-bind", str(prefix), str(prefix)]
    interpreter = _interpreter()
    if not {Path("/usr"), prefix} & set(interpreter.parents):  # a venv made with --copies
        args += [*_open_dirs(interpreter.parent), "--ro-bind", str(interpreter),
                 str(interpreter)]
    return args


def _open_dirs(path: Path) -> list[str]:
    """Create ``path`` and its parents world-readable (bwrap's default is owner-only)."""
    args: list[str] = []
    for folder in [*reversed(path.parents[:-1]), path]:
        args += ["--perms", "0755", "--dir", str(folder)]
    return args


def _namespaces() -> list[str]:
    """Every namespace; as root no user namespace, so the server can drop to a real user."""
    if os.getuid() != 0:
        return ["--unshare-all"]
    return ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try"]


def _bwrap_command(stage: Stage) -> list[str]:
    args = ["bwrap", *_namespaces(), "--die-with-parent", "--new-session",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", *_system_binds()]
    args += _open_dirs(Path(SITE))
    for name, real in stage.entries():
        args += ["--ro-bind", str(real), f"{SITE}/{name}"]
    args += ["--ro-bind", str(stage.matplotlib_cache), MATPLOTLIB_SEED, "--chdir", "/tmp", "--"]
    return args


def _environment() -> dict[str, str]:
    """Nothing from the grader's environment (tokens, paths) reaches the sandbox."""
    single = {k: "1" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    return {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg", **single}


def _readable_by_all(path: Path) -> bool:
    return all(os.stat(p).st_mode & 0o005 == 0o005 for p in (path, *path.parents))


def _interpreter() -> Path:
    return Path(sys.executable).resolve()


class Sandbox:
    """One warm server (started on first use); one request at a time."""

    def __init__(self, preload: tuple[str, ...] = ("numpy",), isolation: Isolation = "auto",
                 stage: Stage | None = None) -> None:
        if isolation == "bwrap" and not bwrap_works():
            raise SandboxError("bubblewrap (bwrap) is not installed or cannot create namespaces")
        self.mode: Literal["bwrap", "rlimits"] = (
            "bwrap" if isolation == "bwrap" or (isolation == "auto" and bwrap_works())
            else "rlimits")
        self.preload = preload
        self._stage = stage
        self._process: subprocess.Popen | None = None
        self._ready = False
        self._lock = threading.Lock()
        self._tmp: str | None = None
        self.uid: int | None = None

    # -- lifecycle ----------------------------------------------------------------------------
    def _command(self, stage: Stage) -> tuple[list[str], dict]:
        config: dict[str, Any] = {"preload": list(self.preload)}
        if self.mode == "bwrap":
            prefix, site = _bwrap_command(stage), SITE
            config.update(tmp="/tmp", mpl_seed=MATPLOTLIB_SEED)
        else:
            self._tmp = tempfile.mkdtemp(prefix="autograde-sandbox-")
            os.chmod(self._tmp, 0o755)
            prefix, site = [], str(stage.site)
            config.update(tmp=self._tmp, mpl_seed=str(stage.matplotlib_cache))
        can_drop = os.getuid() == 0 and (
            self.mode == "bwrap" or _readable_by_all(_interpreter()))
        config["uid"] = NOBODY if can_drop else None
        command = [*prefix, str(_interpreter()), "-I", "-S", "-c", _BOOT.format(site=site),
                   json.dumps(config)]
        return command, config

    def launch(self) -> None:
        """Start the server's process without waiting for it to be ready (a no-op while it
        runs): the caller can do its own setup meanwhile, then :meth:`start`."""
        if self._process is not None:
            return
        stage = self._stage or build_stage()
        command, _config = self._command(stage)
        if self.mode == "rlimits":
            _warn_fallback()
        self._ready = False
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            env=_environment(), start_new_session=True, close_fds=True,
            stderr=None if os.environ.get("AUTOGRADE_SANDBOX_DEBUG") else subprocess.DEVNULL)

    def start(self) -> None:
        """Start the server and wait until it is ready (a no-op once it is)."""
        self.launch()
        if self._ready:
            return
        try:
            hello = self._answer(time.monotonic() + START_SECONDS)
        except SandboxError:
            self.close()
            raise
        if hello.get("errors"):
            self.close()
            raise SandboxError("the sandbox cannot import " + "; ".join(hello["errors"]))
        self.uid = hello.get("uid")
        self._ready = True

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            with _quiet():
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            for stream in (process.stdin, process.stdout):
                with _quiet():
                    stream.close()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- requests -----------------------------------------------------------------------------
    def _answer(self, deadline: float) -> dict[str, Any]:
        """The server's next frame header (its one blob, if any, under ``"blob"``)."""
        stdout = self._process.stdout
        data = b""
        fd = stdout.fileno()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise SandboxError("the sandbox did not answer in time")
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise SandboxError("the sandbox stopped")
            data += chunk
            try:
                frames = list(read_frames(data))
            except WireError:
                continue  # not complete yet
            header, blobs = frames[0]
            return {**header, "blob": blobs[0] if blobs else b""}

    def warm(self, cells: list[dict[str, str]], draw: bool = False) -> None:
        """Run trusted instructor cells in the server once (never student code): every child
        forked afterwards starts with what they import (and, with ``draw``, real figures'
        caches warm; else matplotlib is inert in the server from then on)."""
        with self._lock:
            self.start()
            try:
                self._process.stdin.write(frame({"warm": cells, "draw": draw}))
                self._process.stdin.flush()
                self._answer(time.monotonic() + START_SECONDS)
            except (SandboxError, OSError):
                self.close()

    def run(self, request: dict[str, Any], blobs: list[bytes], limits: Limits) -> Run:
        """Run one submission; never raises for anything the submission does."""
        with self._lock:
            self.start()
            try:
                self._process.stdin.write(frame({**request, "limits": limits.as_dict()}, blobs))
                self._process.stdin.flush()
                answer = self._answer(time.monotonic() + limits.total_seconds + GRACE_SECONDS)
            except (SandboxError, OSError) as problem:
                self.close()
                return Run(status="sandbox_error", problem=str(problem))
        return Run(status=answer["status"], code=answer["code"], signal=answer["signal"],
                   seconds=answer["seconds"], cpu_seconds=answer["cpu_seconds"],
                   max_rss_mb=answer["max_rss_kb"] / 1024, output=answer["output"],
                   output_bytes=answer["output_bytes"], results=answer["blob"],
                   deadline=Deadline.parse(answer.get("deadline")))


def _quiet():
    import contextlib

    return contextlib.suppress(ProcessLookupError, PermissionError, OSError)


@functools.cache
def _warn_fallback() -> None:
    log.warning("bubblewrap is not available: the sandbox falls back to rlimits, a private "
                "working directory and a scrubbed environment (files outside stay readable)")
