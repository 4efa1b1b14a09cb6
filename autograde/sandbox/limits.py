"""The sandbox's settings, in one place: the limits of one submission's run (and how the forked
child applies them to itself), the steps of a run that have time limits of their own, and the
sandbox's own deadlines."""

from __future__ import annotations

import os
import resource
from dataclasses import asdict, dataclass
from typing import Any

NOBODY = 65534
"""The user a sandbox started as root runs submissions as."""
START_SECONDS = 120.0
"""How long the warm server may take to start (importing NumPy, Matplotlib, ...)."""
GRACE_SECONDS = 10.0
"""How long past a submission's wall-clock limit the client waits for the server's answer."""
WARM_SECONDS = 60.0
"""Time limit of each instructor cell run once in the warm server."""
OUTPUT_SHOWN = 4000
"""Bytes kept of what a submission printed to stdout/stderr outside its graded calls."""
KILL_GRACE_SECONDS = 1.0
"""How long past a cell's or a case's time limit the server waits before it kills the child.
The child's own alarm ends a plain endless loop at the limit and goes on with the next case;
only code that ignores or swallows the alarm is still running when this grace has passed."""


@dataclass(frozen=True)
class Limits:
    cell_seconds: float = 10.0
    """Each notebook cell (or the whole .py file) while it defines things."""
    total_seconds: float = 60.0
    """Wall clock for the whole submission; the process group is killed after it."""
    memory_mb: int = 1024
    """Address space the submission may add to the warm interpreter's."""
    output_mb: int = 64
    """Largest file it may write (its printed output and the result channel included)."""
    open_files: int = 64
    processes: int = 64
    """Applied only when the sandbox runs as an unprivileged user (root ignores it)."""

    def as_dict(self) -> dict:
        return asdict(self)


def _virtual_size() -> int:
    """This process's current address space in bytes (Linux), 0 if unknown."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def apply(limits: Limits) -> None:
    """Called in the forked child before any student code runs."""
    cpu = int(limits.total_seconds) + 1
    memory = _virtual_size() + (limits.memory_mb << 20)
    output = limits.output_mb << 20
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (output, output))
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if os.getuid() != 0:
        resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))


@dataclass(frozen=True)
class Step:
    """One part of a submission's run with a time limit of its own: a cell, or one case."""

    seconds: float
    where: dict[str, Any]
    """``{"cell": i}`` or ``{"exercise": id, "check": c, "case": k}``."""


def case_count(exercise: dict[str, Any]) -> int:
    """How many cases of an exercise in a request the child runs (one step each)."""
    return sum(len(cases) for cases in exercise["checks"])


def steps(request: dict[str, Any]) -> list[Step]:
    """Every step of ``request`` in the order the child runs them: each cell, then each case
    of each exercise. The child announces the index of a step on its clock pipe as it starts
    it; the server holds it to that step's limit, taken from here, never from the child."""
    found = [Step(float(request["cell_seconds"]), {"cell": index})
             for index in range(len(request["cells"]))]
    for exercise in request["exercises"]:
        for c, cases in enumerate(exercise["checks"]):
            found += [Step(float(exercise["time_limit"]),
                           {"exercise": exercise["id"], "check": c, "case": k})
                      for k in range(len(cases))]
    return found
