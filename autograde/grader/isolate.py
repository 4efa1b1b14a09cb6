"""The trusted side of isolated grading: send a program and its cases, judge what comes back.

The sandbox gets the student's cells and the cases' *arguments* only; expected outputs and
mutant outputs never leave this process. What comes back is decoded strictly (wire frames,
``.npy`` without pickle, whitelisted dtypes); a malformed frame ends decoding and costs the
submission whatever was not yet reported. Printed output is shown, never parsed. When the
sandbox killed the submission at a cell's or a case's time limit, that cell, or that case and
everything not yet reported, count as timed out after that limit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from autograde.grader import settings
from autograde.grader.program import PROBLEMS, Program, from_file
from autograde.grader.records import CellRun, SandboxEvent
from autograde.kit.judge import judge, unable
from autograde.kit.messages import message
from autograde.kit.plan import Plan
from autograde.kit.results import ExerciseResult, Outcome
from autograde.kit.settings import ERROR_LIMIT, PRINT_LIMIT, WARNINGS_KEPT
from autograde.kit.text import Lang
from autograde.kit.values import encode
from autograde.sandbox.client import Deadline, Run, Sandbox
from autograde.sandbox.limits import Limits
from autograde.sandbox.wire import WireError, pack, read_frames, unpack


def _pack_arg(value: object, blobs: list[bytes]) -> object:
    return pack(value, blobs) if isinstance(value, np.ndarray) else encode(value)


def build_request(program: Program, plans: Sequence[Plan], limits: Limits) -> tuple[dict, list]:
    """The request (cells and arguments, no expected values) and its ``.npy`` blobs."""
    blobs: list[bytes] = []
    exercises = [
        {"id": plan.exercise, "functions": plan.functions, "protocol": plan.protocol,
         "n_returned": plan.n_returned, "time_limit": plan.time_limit,
         "checks": [[{"args": [_pack_arg(a, blobs) for a in case.args],
                      "writable": case.writable} for case in check.cases]
                    for check in plan.checks]}
        for plan in plans
    ]
    cells = [{"name": cell.name, "source": "" if index in program.left_out else cell.source}
             for index, cell in enumerate(program.cells)]
    return {"cells": cells, "cell_seconds": limits.cell_seconds, "exercises": exercises,
            "draw": settings.DRAW}, blobs


@dataclass
class Reported:
    """What the child reported before it ended."""

    cells: dict[int, dict] = field(default_factory=dict)
    outcomes: dict[str, dict[tuple[int, int], Outcome]] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    finished: bool = False
    corrupted: str = ""


def _outcome(data: dict, blobs: list[bytes]) -> Outcome:
    values = data.get("values")
    if values is not None:
        values = unpack(values, blobs)
        if not isinstance(values, list) or not all(isinstance(v, np.ndarray) for v in values):
            raise WireError("outputs must be arrays")
    fields = data.get("fields") or {}
    warned = data.get("warnings") or []
    return Outcome(values=values, error=data.get("error"),
                   printed=str(data.get("printed", ""))[:PRINT_LIMIT],
                   printed_lines=int(data.get("printed_lines", 0)),
                   printed_characters=int(data.get("printed_characters", 0)),
                   warnings=[str(w)[:ERROR_LIMIT] for w in warned[:WARNINGS_KEPT]],
                   fields={str(k): str(v) for k, v in fields.items()},
                   seconds=float(data.get("seconds", 0.0)))


def decode(results: bytes, plans: Sequence[Plan]) -> Reported:
    """The child's result frames as plain data; stops at the first malformed one."""
    known = {plan.exercise for plan in plans}
    reported = Reported()
    try:
        for header, blobs in read_frames(results):
            if "cell" in header:
                reported.cells[int(header["cell"])] = header
            elif header.get("exercise") in known and "missing" in header:
                reported.missing[header["exercise"]] = str(header["missing"])
            elif header.get("exercise") in known:
                key = (int(header["check"]), int(header["case"]))
                cases = reported.outcomes.setdefault(header["exercise"], {})
                cases.setdefault(key, _outcome(header["outcome"], blobs))
            elif header.get("finished") is True:
                reported.finished = True
            else:
                raise WireError("unknown frame")
    except (WireError, ValueError, KeyError, TypeError, AttributeError) as error:
        reported.corrupted = str(error)[:200] or type(error).__name__
    return reported


def with_killed_cell(run: Run, reported: Reported) -> Reported:
    """``reported``, plus the cell the sandbox killed at its time limit as a timed-out cell
    (the child could not report it itself)."""
    deadline = run.deadline
    if run.status != "timeout" or deadline is None or deadline.kind != "cell":
        return reported
    if deadline.cell is None or deadline.cell in reported.cells:
        return reported
    killed = {"cell": deadline.cell, "kind": "timeout", "error": f"{deadline.seconds:g}",
              "printed": "", "seconds": deadline.seconds}
    return dataclasses.replace(reported, cells={**reported.cells, deadline.cell: killed})


def _ending(run: Run, reported: Reported, limits: Limits) -> Outcome:
    """What every case the child never reported counts as: after a kill at a time limit,
    a timeout of that limit (the case that was running, and all after it)."""
    if run.status == "timeout":
        seconds = run.deadline.seconds if run.deadline else limits.total_seconds
        return Outcome(error="timeout", fields={"seconds": f"{seconds:g}"})
    if reported.corrupted:
        reason = f"result channel corrupted: {reported.corrupted}"
    elif run.status == "signaled":
        reason = {"SIGXCPU": "CPU time limit"}.get(run.signal or "", run.signal or "signal")
    elif run.status == "sandbox_error":
        reason = run.problem
    else:
        reason = f"exit code {run.code}"
    return Outcome(error="crashed", fields={"reason": reason})


def _cell_error(header: dict, lang: Lang) -> str | None:
    kind, text = header.get("kind"), header.get("error")
    if kind == "timeout":
        return message("timeout", lang, seconds=text)
    if kind == "exit":
        return message("exit", lang, code=text)
    return str(text)[:400] if text else None


def cell_runs(program: Program, reported: Reported, lang: Lang) -> list[CellRun]:
    runs = []
    for index, cell in enumerate(program.cells):
        header = reported.cells.get(index, {})
        note = (PROBLEMS["left_out"](lang) if index in program.left_out
                else PROBLEMS["magics"](lang, lines=", ".join(cell.magics)) if cell.magics
                else None)
        runs.append(CellRun(cell=cell.name, seconds=float(header.get("seconds", 0.0)),
                            error=_cell_error(header, lang) if header else None, note=note,
                            printed=str(header.get("printed", ""))[:settings.CELL_PRINT_LIMIT]))
    return runs


def judge_all(program: Program, plans: Sequence[Plan], run: Run, reported: Reported,
              lang: Lang, limits: Limits) -> list[ExerciseResult]:
    lost = _ending(run, reported, limits)
    load_error = program.kind == "file" and reported.cells.get(0, {}).get("kind")
    results = []
    for plan in plans:
        if load_error:
            error = _cell_error(reported.cells[0], lang)
            results.append(unable(plan, lang, "load", file=program.cells[0].name, error=error))
        elif plan.exercise in reported.missing:
            results.append(unable(plan, lang, "missing", function=reported.missing[plan.exercise]))
        else:
            got = reported.outcomes.get(plan.exercise, {})
            rows = [[got.get((c, k), lost) for k in range(len(check.cases))]
                    for c, check in enumerate(plan.checks)]
            results.append(judge(plan, rows, lang))
    return results


def _limited(deadline: Deadline | None) -> str:
    """What a deadline limited, for an event's detail, e.g. ``: relu check 1 case 3 ...``."""
    if deadline is None:
        return ""
    if deadline.kind == "cell":
        what = f"cell {deadline.cell}"
    elif deadline.kind == "case":
        what = f"{deadline.exercise} check {deadline.check} case {deadline.case}"
    else:
        what = "the submission"
    return f": {what} exceeded its {deadline.seconds:g} s limit"


def events(run: Run, reported: Reported, cells: Sequence[CellRun]) -> list[SandboxEvent]:
    found = []
    if run.status == "timeout":
        found.append(SandboxEvent(
            kind="timeout", detail=f"killed after {run.seconds:.1f} s{_limited(run.deadline)}"))
    elif run.status == "signaled":
        found.append(SandboxEvent(kind="killed", detail=run.signal or ""))
    elif run.status == "sandbox_error" or (run.status == "exited" and run.code):
        found.append(SandboxEvent(kind="crashed", detail=run.problem or f"exit code {run.code}"))
    elif not reported.finished and not reported.corrupted:
        found.append(SandboxEvent(kind="crashed", detail="ended before reporting every case"))
    if reported.corrupted:
        found.append(SandboxEvent(kind="corrupted", detail=reported.corrupted))
    errors = [c.error or "" for c in cells] + [
        o.fields.get("error", "") for cases in reported.outcomes.values() for o in cases.values()]
    if any("MemoryError" in e for e in errors):
        found.append(SandboxEvent(kind="memory", detail="MemoryError (address-space limit)"))
    if run.output_bytes > len(run.output.encode()):
        found.append(SandboxEvent(kind="output_truncated",
                                  detail=f"{run.output_bytes} bytes written to stdout/stderr"))
    return found


@dataclass
class ProgramResult:
    exercises: list[ExerciseResult]
    cells: list[CellRun]
    events: list[SandboxEvent]
    run: Run


def run_program(sandbox: Sandbox, program: Program, plans: Sequence[Plan], lang: Lang,
                limits: Limits) -> ProgramResult:
    """Run ``program`` in the sandbox and judge every plan here."""
    request, blobs = build_request(program, plans, limits)
    run = sandbox.run(request, blobs, limits)
    reported = with_killed_cell(run, decode(run.results, plans))
    cells = cell_runs(program, reported, lang)
    return ProgramResult(judge_all(program, plans, run, reported, lang, limits), cells,
                         events(run, reported, cells), run)


def grade_file(plan: Plan, source: Path, lang: Lang, sandbox: Sandbox | None = None,
               limits: Limits = settings.CHECK_LIMITS) -> ExerciseResult:
    """Grade the functions defined in the .py file ``source`` against ``plan``."""
    from autograde.grader.program import SubmissionError

    try:
        program = from_file(source)
    except SubmissionError as problem:
        return unable(plan, lang, "load", file=source.name, error=problem.text(lang))
    if sandbox is not None:
        return run_program(sandbox, program, [plan], lang, limits).exercises[0]
    with Sandbox() as own:
        return run_program(own, program, [plan], lang, limits).exercises[0]
