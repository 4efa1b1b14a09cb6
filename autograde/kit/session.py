"""What the notebook's kernel ran: functions whose defining cell failed on its last run.

After a SyntaxError (or any error before the ``def`` ran) the kernel still holds the previous
definition, and ``check()`` would grade it without a word. IPython's cell events tell us: before
a cell runs we note the code of every function it defines; after it ran, a function whose code
is unchanged by a failed run is *stale* until a later run of a cell defining it succeeds.
"""

from __future__ import annotations

import re
import sys
from typing import Any

_DEFINES = re.compile(r"^[ \t]*(?:async[ \t]+)?def[ \t]+(\w+)[ \t]*\(", re.MULTILINE)
"""Function names a cell defines (found in its text, so even when it does not parse)."""


class Watch:
    """Follows one IPython shell's cell runs (see the module docstring)."""

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.namespace = namespace
        self.before: dict[str, object] = {}
        self.stale: set[str] = set()

    def _code(self, name: str) -> object:
        return getattr(self.namespace.get(name), "__code__", None)

    def pre_run_cell(self, info: Any) -> None:
        names = _DEFINES.findall(getattr(info, "raw_cell", None) or "")
        self.before = {name: self._code(name) for name in names}

    def post_run_cell(self, result: Any) -> None:
        for name, code in self.before.items():
            unchanged = code is not None and self._code(name) is code
            if unchanged and not result.success:
                self.stale.add(name)
            else:
                self.stale.discard(name)
        self.before = {}


_watching: list[Watch] = []


def watch() -> None:
    """Start following the current IPython kernel, if there is one (once per process)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    if shell is None or _watching:
        return
    follower = Watch(shell.user_ns)
    shell.events.register("pre_run_cell", follower.pre_run_cell)
    shell.events.register("post_run_cell", follower.post_run_cell)
    _watching.append(follower)


def stale(names: list[str]) -> list[str]:
    """Which of ``names`` the kernel holds from before a failed run of their cell."""
    found = _watching[0].stale if _watching else set()
    return [name for name in names if name in found]
