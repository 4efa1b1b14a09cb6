"""The child side of isolated grading: run one submission file on the cases it is given.

Usage: ``python -I -m autograde.worker REQUEST.json RESULT.jsonl``. The request holds only
arguments (never expected outputs). Each outcome is appended to RESULT as one JSON line as soon
as it is known, so a crash or a kill later on loses nothing already computed. Every case gets
a soft time limit (SIGALRM); the parent enforces a hard one by killing the process group.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from autograde.invoke import TimeLimitExceeded, alarm, invoke_cases
from autograde.values import decode

IMPORT_LIMIT = 5.0


def load_submission(path: Path) -> dict[str, Any]:
    """Execute the submission file as a module named ``submission``; returns its namespace."""
    namespace: dict[str, Any] = {"__name__": "submission", "__file__": str(path)}
    source = path.read_bytes().decode("utf-8")
    exec(compile(source, str(path), "exec"), namespace)
    return namespace


def _load_error(error: BaseException) -> str:
    if isinstance(error, SyntaxError):
        return f"SyntaxError: {error.msg} (line {error.lineno})"
    if isinstance(error, UnicodeDecodeError):
        return "the file is not UTF-8 text"
    if isinstance(error, TimeLimitExceeded):
        return f"running the file took longer than {IMPORT_LIMIT:g} s"
    return f"{type(error).__name__}: {error}"[:300]


def main(request_path: str, result_path: str) -> int:
    request = json.loads(Path(request_path).read_text("utf-8"))
    with open(result_path, "a", encoding="utf-8") as results:

        def emit(**record: Any) -> None:
            results.write(json.dumps(record) + "\n")
            results.flush()

        try:
            with alarm(IMPORT_LIMIT):
                namespace = load_submission(Path(request["source"]))
        except BaseException as error:  # anything the file does at import
            emit(load_error=_load_error(error))
            return 0
        functions = [namespace.get(name) for name in request["functions"]]
        for name, function in zip(request["functions"], functions, strict=True):
            if not callable(function):
                emit(missing=name)
                return 0
        checks = [[([decode(a) for a in case["args"]], case["writable"]) for case in cases]
                  for cases in request["checks"]]
        for c, k, outcome in invoke_cases(functions, checks, request["n_returned"],
                                          request["protocol"], float(request["time_limit"])):
            emit(check=c, case=k, outcome=outcome.model_dump(mode="json"))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
