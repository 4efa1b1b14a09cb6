"""A real JupyterLab server from the project's environment, for the browser tests.

The server runs in its own process group with its own settings (no news prompt, no user
state from ~/.jupyter); stopping it also ends the kernels it started, which live in their
own sessions.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError

BIN = Path(sys.executable).parent
"""The environment the tests run in: its ``jupyter``, kernels and ``nbgrader``."""
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
QUIET_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}
"""User settings: no "fetch Jupyter news?" toast over the notebook in screenshots."""


@dataclass(frozen=True)
class Lab:
    url: str
    token: str
    root: Path

    def notebook_url(self, path: Path, workspace: str) -> str:
        """The URL that opens ``path`` (a file under the server's root) in a workspace of its
        own: nothing another test left open comes back."""
        return (f"{self.url}/lab/workspaces/{workspace}/tree/"
                f"{path.relative_to(self.root).as_posix()}?token={self.token}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str, token: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as reply:
            return reply.status == 200
    except (URLError, OSError):
        return False


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (kernels start their own sessions: the group misses them)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _kill_group(pgid: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


def _stop(server: subprocess.Popen) -> None:
    """SIGTERM (the server shuts its kernels down), then SIGKILL whatever is left: the
    server's own session and the sessions of the processes it started."""
    below = _descendants(server.pid)
    server.send_signal(signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        server.wait(STOP_TIMEOUT)
    _kill_group(server.pid)
    for pid in below:
        with suppress(ProcessLookupError):
            _kill_group(os.getpgid(pid))
    server.wait()


def _settings(home: Path) -> Path:
    folder = home / "lab-user-settings"
    for name, values in QUIET_SETTINGS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), "utf-8")
    return folder


@contextmanager
def running(root: Path, home: Path) -> Iterator[Lab]:
    """``jupyter lab`` serving ``root`` on 127.0.0.1 (state and log in ``home``) until exit."""
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "JUPYTER_CONFIG_DIR": str(home / "jupyter-config"),
           "JUPYTER_RUNTIME_DIR": str(home / "jupyter-runtime")}
    command = [str(BIN / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", "--allow-root", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}", f"--LabApp.user_settings_dir={_settings(home)}",
               f"--LabApp.workspaces_dir={home / 'lab-workspaces'}"]
    log = home / "jupyterlab.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(command, cwd=root, env=env, stdout=out,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    lab = Lab(url=f"http://127.0.0.1:{port}", token=token, root=root)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(lab.url, token):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"jupyter lab did not start ({' '.join(command)}):\n"
                                   f"{log.read_text('utf-8', 'replace')[-3000:]}")
            time.sleep(0.2)
        yield lab
    finally:
        _stop(server)
