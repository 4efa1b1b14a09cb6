"""The parent side of isolated grading: run a submission file in a child process.

The child (:mod:`autograde.worker`) gets arguments only; expected outputs stay here. It runs in
its own process group with a scrubbed environment, closed stdin, rlimits and a hard wall-clock
limit; its stdout/stderr are captured and never read as results. Results come back as JSON
lines of plain numbers, decoded strictly — never unpickled, never evaluated.
(The bubblewrap sandbox and a warm worker pool come with the isolated grader, issue 4.)
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from autograde.judge import judge, unable
from autograde.plan import Plan
from autograde.results import ExerciseResult, Outcome
from autograde.text import Lang

START_UP = 10.0
"""Seconds allowed for the interpreter, numpy and the submission's module code."""
MEMORY_LIMIT = 4 << 30
OUTPUT_LIMIT = 64 << 20


def _child_env(home: str) -> dict[str, str]:
    """Nothing from the grader's environment (tokens, paths) reaches the child."""
    threads = {k: "1" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    return {"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1", **threads}


def _limit_resources(cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_LIMIT, OUTPUT_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _request(plan: Plan, source: Path) -> dict:
    return {
        "source": str(source), "functions": plan.functions, "protocol": plan.protocol,
        "n_returned": plan.n_returned, "time_limit": plan.time_limit,
        "checks": [[{"args": case.model_dump(mode="json")["args"], "writable": case.writable}
                    for case in check.cases]
                   for check in plan.checks],
    }


def _run_child(request: dict, workdir: Path, wall_seconds: float) -> tuple[str, int | None]:
    """Run the worker; returns (result file text, return code or None on timeout)."""
    (workdir / "request.json").write_text(json.dumps(request), "utf-8")
    result_file = workdir / "result.jsonl"
    result_file.touch()
    command = [sys.executable, "-I", "-m", "autograde.worker",
               str(workdir / "request.json"), str(result_file)]
    process = subprocess.Popen(
        command, cwd=workdir, env=_child_env(str(workdir)), stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        preexec_fn=lambda: _limit_resources(int(wall_seconds) + 1),
    )
    try:
        code: int | None = process.wait(timeout=wall_seconds)
    except subprocess.TimeoutExpired:
        code = None
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return result_file.read_text("utf-8", errors="replace"), code


def _crash_reason(code: int | None, wall_seconds: float) -> tuple[str, dict[str, str]]:
    if code is None:
        return "timeout", {"seconds": f"{wall_seconds:g}"}
    if code < 0:
        return "crashed", {"reason": signal.Signals(-code).name}
    return "crashed", {"reason": f"exit code {code}"}


def grade_file(plan: Plan, source: Path, lang: Lang) -> ExerciseResult:
    """Grade the functions defined in ``source`` against ``plan`` in a child process."""
    n_cases = sum(len(check.cases) for check in plan.checks)
    wall_seconds = START_UP + plan.time_limit * n_cases
    with tempfile.TemporaryDirectory(prefix="autograde-") as tmp:
        text, code = _run_child(_request(plan, source.resolve()), Path(tmp), wall_seconds)
    outcomes: dict[tuple[int, int], Outcome] = {}
    for line in text.splitlines():
        try:
            record = json.loads(line)
            if "load_error" in record:
                return unable(plan, lang, "load", file=source.name, error=record["load_error"])
            if "missing" in record:
                return unable(plan, lang, "missing", function=record["missing"])
            key = (int(record["check"]), int(record["case"]))
            outcomes.setdefault(key, Outcome.model_validate(record["outcome"]))
        except (ValueError, KeyError, TypeError):
            break  # a torn or foreign line: what follows cannot be trusted
    kind, fields = _crash_reason(code, wall_seconds)
    lost = Outcome(error=kind, fields=fields)
    rows = [[outcomes.get((c, k), lost) for k in range(len(check.cases))]
            for c, check in enumerate(plan.checks)]
    return judge(plan, rows, lang)
