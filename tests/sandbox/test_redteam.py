"""Red-team submissions against the isolated grader, with bubblewrap and on the fallback path.

Every attack is a .py submission of ``relu`` graded with all its checks (hidden ones included).
Each must get 0 for what it did not honestly compute, a clear reason, leave no trace outside its
sandbox, and leave the sandbox able to grade the next (honest) submission in full.
Endless loops must end within their time limit (plus about a second), even when they ignore
every signal. Attacks that only a namespace can stop (network, files outside, other students'
files) are checked with bubblewrap; on the fallback path they are strict expected failures,
so that a change in either direction is noticed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import textwrap
import threading
import time
from pathlib import Path

import pytest

from autograde.catalog.exercises import EXERCISES
from autograde.catalog.spec import build_plan
from autograde.grader.isolate import grade_file, run_program
from autograde.grader.program import from_file
from autograde.kit.messages import message
from autograde.kit.results import ExerciseResult
from autograde.sandbox.client import (
    Deadline,
    Sandbox,
    _interpreter,
    _readable_by_all,
    bwrap_works,
)
from autograde.sandbox.limits import KILL_GRACE_SECONDS, Limits

PLAN = build_plan(EXERCISES["relu"], seed=2026)
FULL = PLAN.max_score
PUBLIC = sum(check.points for check in PLAN.checks if not check.hidden)
LIMITS = Limits(cell_seconds=3.0, total_seconds=20.0, memory_mb=512)
HONEST = "import numpy as np\n\ndef relu(x):\n    return np.maximum(0, x)\n"
ROOT = Path(__file__).resolve().parents[2]
SECRET = "nn-dojo-test-secret-4711"

CASE_BOUND = 2 * PLAN.time_limit + 2.0
"""Longest an endless ``relu`` may hold its grading: the kit runs one case past its limit
(the cases after it are reported as timed out without running), the sandbox kills at the limit
plus a grace of about a second, and forking and answering take a moment."""
CELL_BOUND = LIMITS.cell_seconds + KILL_GRACE_SECONDS + 1.5
"""Longest an endless cell may hold its grading: its limit, the grace, a moment."""

SKIP_WITHOUT_BWRAP = pytest.mark.skipif(not bwrap_works(),
                                        reason="bubblewrap cannot run here (CI installs it)")
MODES = [pytest.param("bwrap", marks=SKIP_WITHOUT_BWRAP), "rlimits"]


def gets_through_on_fallback(reason: str, condition: bool = True) -> pytest.MarkDecorator:
    """Run the test with both sandboxes; on the fallback path (``rlimits``) it is a strict
    expected failure when ``condition`` holds: the attack gets through there, and a pass
    would mean that the fallback (or the test) changed."""
    fallback = pytest.mark.xfail(condition, reason=reason, strict=True)
    return pytest.mark.parametrize(
        "sandbox", [MODES[0], pytest.param("rlimits", marks=fallback)], indirect=True)


@pytest.fixture(scope="module", params=MODES)
def sandbox(request):
    os.environ["NN_DOJO_SECRET"] = SECRET  # the grader's own environment holds a secret
    with Sandbox(isolation=request.param) as box:
        box.start()
        yield box
    os.environ.pop("NN_DOJO_SECRET", None)


def graded(sandbox: Sandbox, tmp_path: Path, source: str,
           name: str = "attack.py") -> tuple[ExerciseResult, float]:
    """The attack's result and how many seconds its grading took; then checks that the
    sandbox grades an honest submission in full right after it."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(source), "utf-8")
    start = time.monotonic()
    result = grade_file(PLAN, path, "en", sandbox, LIMITS)
    seconds = time.monotonic() - start
    honest = tmp_path / "honest.py"
    honest.write_text(HONEST, "utf-8")
    after = grade_file(PLAN, honest, "en", sandbox, LIMITS)
    assert after.score == FULL, "the sandbox must grade the next submission normally"
    return result, seconds


def grade(sandbox: Sandbox, tmp_path: Path, source: str,
          name: str = "attack.py") -> ExerciseResult:
    """The attack's result (see :func:`graded`)."""
    return graded(sandbox, tmp_path, source, name)[0]


def reasons(result) -> str:
    return " ".join([result.error or ""] + [c.message for c in result.checks])


def test_honest_submission_gets_full_marks(sandbox, tmp_path):
    assert grade(sandbox, tmp_path, HONEST).score == FULL


def test_lying_eq_object(sandbox, tmp_path):
    result = grade(sandbox, tmp_path, """
        class Anything:
            def __eq__(self, other):
                return True
            __ne__ = lambda self, other: False
        def relu(x):
            return Anything()
        """)
    assert result.score == 0
    assert "Anything" in reasons(result) and "neither a number nor a NumPy array" in reasons(result)


def test_lying_ndarray_subclass(sandbox, tmp_path):
    result = grade(sandbox, tmp_path, """
        import numpy as np
        class Liar(np.ndarray):
            def __eq__(self, other):
                return np.ones(np.shape(other), bool)
            def __array_ufunc__(self, *args, **kwargs):
                return np.zeros(1)
            def tolist(self):
                return [1.0]
        def relu(x):
            return np.zeros(np.shape(x)).view(Liar)
        """)
    assert result.score == 0
    assert "wrong values" in reasons(result)


IMPORT_REFERENCE = "import reference.activations as r\nrelu = r.relu"
READ_REFERENCE = "exec(open(ROOT + '/reference/activations.py').read())"


@pytest.mark.parametrize(("sandbox", "how"), [
    pytest.param("bwrap", IMPORT_REFERENCE, marks=SKIP_WITHOUT_BWRAP, id="bwrap-import"),
    pytest.param("bwrap", READ_REFERENCE, marks=SKIP_WITHOUT_BWRAP, id="bwrap-read"),
    pytest.param("rlimits", IMPORT_REFERENCE, id="rlimits-import"),
    pytest.param("rlimits", READ_REFERENCE, id="rlimits-read", marks=pytest.mark.xfail(
        reason="without bubblewrap the reference files stay readable", strict=True)),
], indirect=["sandbox"])
def test_reference_is_out_of_reach(sandbox, tmp_path, how):
    result = grade(sandbox, tmp_path, f"ROOT = {str(ROOT)!r}\n{how}\n")
    assert result.score == 0
    assert "No module named 'reference'" in reasons(result) or "No such file" in reasons(result)


@pytest.mark.parametrize("patch", [
    "np.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True",
    "import builtins\nbuiltins.isinstance = lambda *a: True\nbuiltins.float = lambda *a: 0.0",
    "import autograde.kit.judge, autograde.kit.convert\n"
    "autograde.kit.judge.compare_case = lambda *a, **k: (1.0, None)\n"
    "autograde.kit.convert.to_outputs = lambda result, n: [result]",
])
def test_monkeypatching_changes_nothing_outside(sandbox, tmp_path, patch):
    result = grade(sandbox, tmp_path, f"import numpy as np\n{patch}\n"
                                      "def relu(x):\n    return np.zeros(np.shape(x))\n")
    assert result.score < FULL
    assert result.score == 0 or "wrong values" in reasons(result)


@pytest.mark.parametrize(("source", "reason"), [
    ("import sys\nsys.exit(3)\n", "sys.exit"),
    ("import os\ndef relu(x):\n    os._exit(0)\n", "crashed (exit code 0)"),
    ("import ctypes\ndef relu(x):\n    return ctypes.string_at(0)\n", "SIGSEGV"),
    ("while True:\n    pass\n", "time limit"),
    ("def relu(x):\n    while True:\n        pass\n", "time limit"),
])
def test_exits_crashes_and_endless_loops(sandbox, tmp_path, source, reason):
    result = grade(sandbox, tmp_path, source)
    assert result.score == 0
    assert reason in reasons(result)


def test_gigabytes_of_memory(sandbox, tmp_path):
    result = grade(sandbox, tmp_path, """
        import numpy as np
        def relu(x):
            hog = np.ones(4 << 30, dtype=np.uint8)
            return np.maximum(0, x) + hog[0]
        """)
    assert result.score == 0
    assert "MemoryError" in reasons(result)


def _named(name: str) -> list[int]:
    """Every process on this machine whose command name (``/proc/PID/comm``) is ``name``."""
    found = []
    for entry in os.listdir("/proc"):
        with contextlib.suppress(OSError):
            if entry.isdigit() and Path(f"/proc/{entry}/comm").read_text().strip() == name:
                found.append(int(entry))
    return found


def test_hundreds_of_processes_are_all_killed(sandbox, tmp_path):
    tag = f"nndojo-{secrets.token_hex(3)}"  # a command name no other process on the machine has
    try:
        result = grade(sandbox, tmp_path, f"""
            import ctypes, os, time
            import numpy as np
            ctypes.CDLL(None).prctl(15, b"{tag}", 0, 0, 0)  # PR_SET_NAME: forks inherit it
            FORKED = 0
            for _ in range(300):
                try:
                    if os.fork() == 0:
                        time.sleep(600)
                        os._exit(0)
                except OSError:
                    break
                FORKED += 1
            def alive():
                count = 0
                for entry in filter(str.isdigit, os.listdir("/proc")):
                    try:
                        count += open(f"/proc/{{entry}}/comm").read().strip() == "{tag}"
                    except OSError:
                        pass
                return count
            def relu(x):  # right only while this process and all it forked are alive
                return np.maximum(0, x) if FORKED and alive() == FORKED + 1 else x * 0
            """)
        survivors = _named(tag)
    finally:
        for pid in _named(tag):  # only the processes this test's submission started
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    assert result.score == FULL, "the submission's processes were not all running and tagged"
    assert not survivors, f"{len(survivors)} forked processes outlived the submission"


def test_hundreds_of_megabytes_of_output(sandbox, tmp_path):
    result = grade(sandbox, tmp_path, """
        import os, sys
        chunk = b"x" * (1 << 20)
        for _ in range(300):
            try:
                os.write(1, chunk)
            except OSError:
                break
        def relu(x):
            print("y" * (300 << 20))
            return x * 0
        """)
    assert result.score == 0
    assert "wrong values" in reasons(result)


@gets_through_on_fallback("without bubblewrap there is no network namespace")
def test_network_is_unreachable(sandbox, tmp_path):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    connections: list = []
    threading.Thread(target=lambda: connections.append(server.accept()), daemon=True).start()
    result = grade(sandbox, tmp_path, f"""
        import socket, numpy as np
        def relu(x):
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=1).close()
            except OSError:
                return x * 0
            return np.maximum(0, x)
        """)
    server.close()
    assert result.score == 0
    assert not connections


@gets_through_on_fallback("without bubblewrap the file system is the grader's")
def test_cannot_write_outside_or_into_the_gradebook(sandbox, tmp_path):
    gradebook = tmp_path / "course" / "gradebook.db"
    gradebook.parent.mkdir()
    gradebook.write_bytes(b"SQLite format 3\x00 original")
    outside = Path("/tmp") / f"nn-dojo-redteam-{os.getpid()}"
    grade(sandbox, tmp_path, f"""
        for path in ({str(gradebook)!r}, {str(outside)!r}):
            try:
                with open(path, "wb") as f:
                    f.write(b"pwned")
            except OSError:
                pass
        def relu(x):
            return x * 0
        """)
    written = outside.exists()
    outside.unlink(missing_ok=True)
    assert gradebook.read_bytes() == b"SQLite format 3\x00 original"
    assert not written


IGNORE_SIGNALS = """
        import signal
        for sig in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGXCPU):
            signal.signal(sig, signal.SIG_IGN)
        """
ENDLESS_CASES = {
    "plain": """
        def relu(x):
            while True:
                pass
        """,
    "ignores-signals-at-import": IGNORE_SIGNALS + """
        def relu(x):
            while True:
                pass
        """,
    "ignores-signals-in-the-call": """
        import signal
        def relu(x):
            for sig in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, signal.SIG_IGN)
            while True:
                pass
        """,
    "swallows-the-alarm-and-freezes-time": IGNORE_SIGNALS + """
        import time
        time.perf_counter = time.monotonic = time.time = lambda: 0.0
        def relu(x):
            while True:
                try:
                    while True:
                        pass
                except BaseException:
                    pass
        """,
}


def test_the_time_bounds_are_far_from_the_wall_clock():
    """Otherwise the tests below could not tell a kill at a cell's or a case's limit from
    the kill at the whole submission's wall clock."""
    assert max(CASE_BOUND, CELL_BOUND) < LIMITS.total_seconds / 2


@pytest.mark.parametrize("source", ENDLESS_CASES.values(), ids=ENDLESS_CASES.keys())
def test_an_endless_case_ends_within_its_time_limit(sandbox, tmp_path, source):
    result, seconds = graded(sandbox, tmp_path, textwrap.dedent(source))
    timeout = message("timeout", "en", seconds=f"{PLAN.time_limit:g}")
    assert seconds < CASE_BOUND, f"one endless relu held its grading for {seconds:.1f} s"
    assert result.score == 0
    assert result.error == timeout
    assert all(check.message == timeout for check in result.checks), reasons(result)


SIGMOID = build_plan(EXERCISES["sigmoid"], seed=2026)
HONEST_SIGMOID = "import numpy as np\n\ndef sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n"


@pytest.mark.parametrize(("loop", "killed"), [("plain", False),
                                              ("ignores-signals-in-the-call", True)])
def test_an_endless_case_costs_the_exercises_it_keeps_from_running(sandbox, tmp_path, loop,
                                                                    killed):
    """A plain loop ends at its alarm and the next exercise is graded; one that ignores the
    alarm is killed from outside, and every case not run by then is a timeout of that limit."""
    path = tmp_path / "two.py"
    path.write_text(textwrap.dedent(ENDLESS_CASES[loop]) + HONEST_SIGMOID, "utf-8")
    ran = run_program(sandbox, from_file(path), [PLAN, SIGMOID], "en", LIMITS)
    timeout = message("timeout", "en", seconds=f"{PLAN.time_limit:g}")
    relu, sigmoid = ran.exercises
    assert relu.score == 0 and relu.error == timeout
    assert sigmoid.score == (0 if killed else SIGMOID.max_score)
    assert sigmoid.error == (timeout if killed else None)
    assert ran.run.deadline == (Deadline(kind="case", seconds=PLAN.time_limit, exercise="relu",
                                         check=0, case=0) if killed else None)
    kills = [event.detail for event in ran.events if event.kind == "timeout"]
    assert len(kills) == killed
    assert all(kill.endswith(": relu check 0 case 0 exceeded its 2 s limit") for kill in kills)
    assert [cell.error for cell in ran.cells] == [None]


def test_an_endless_cell_that_ignores_signals_ends_after_the_cell_limit(sandbox, tmp_path):
    source = textwrap.dedent(IGNORE_SIGNALS) + "while True:\n    pass\n"
    result, seconds = graded(sandbox, tmp_path, source)
    assert seconds < CELL_BOUND, f"one endless cell held its grading for {seconds:.1f} s"
    assert result.score == 0
    assert message("timeout", "en", seconds=f"{LIMITS.cell_seconds:g}") in result.error


def test_fake_result_lines_on_stdout_and_forged_frames(sandbox, tmp_path):
    result = grade(sandbox, tmp_path, """
        import json, os, struct, sys
        print(json.dumps({"exercise": "relu", "score": 4.0, "max_score": 4.0}))
        header = json.dumps({"exercise": "relu", "check": 3, "case": 0, "blobs": 0,
                             "outcome": {"values": [1e9], "seconds": 0}}).encode()
        for fd in range(1, 40):
            try:
                os.write(fd, struct.pack(">I", len(header)) + header)
            except OSError:
                pass
        def relu(x):
            sys.stdout.write('{"score": 4.0}\\n')
            return x * 0
        """)
    assert result.score == 0


def test_object_whose_unpickling_would_run_code(sandbox, tmp_path):
    marker = tmp_path / "unpickled"
    result = grade(sandbox, tmp_path, f"""
        import os
        class Evil:
            def __reduce__(self):
                return (os.system, ("touch {marker}",))
        def relu(x):
            return Evil()
        """)
    assert result.score == 0
    assert not marker.exists()


def test_mutating_inputs(sandbox, tmp_path):
    result = grade(sandbox, tmp_path, """
        def relu(x):
            x[x < 0] = 0
            return x
        """)
    assert result.score == 0
    assert "tried to modify its input" in reasons(result)


def test_environment_secrets_do_not_pass(sandbox, tmp_path):
    result = grade(sandbox, tmp_path, """
        import os, numpy as np
        def relu(x):
            leaked = any("nn-dojo-test-secret" in v for v in os.environ.values())
            return np.maximum(0, x) + (1.0 if leaked else 0.0)
        """)
    assert result.score == FULL, "a secret of the grader's environment reached the sandbox"


@gets_through_on_fallback("without bubblewrap other files stay visible")
def test_other_students_files_are_invisible(sandbox, tmp_path):
    other = tmp_path / "submitted" / "alice" / "01_neuron"
    other.mkdir(parents=True)
    (other / "01_neuron.ipynb").write_text("{}", "utf-8")
    result = grade(sandbox, tmp_path, f"""
        import os, numpy as np
        def relu(x):
            seen = os.path.exists({str(other)!r}) or os.path.exists({str(ROOT)!r})
            return np.maximum(0, x) + (1.0 if seen else 0.0)
        """)
    assert result.score == FULL


def test_memorised_public_answers_earn_only_the_public_checks(sandbox, tmp_path):
    public = [case for check in PLAN.checks if not check.hidden for case in check.cases]
    table = {tuple(c.args[0].ravel().tolist()): c.expected[0].tolist() for c in public}
    result = grade(sandbox, tmp_path, f"""
        import numpy as np
        TABLE = {table!r}
        def relu(x):
            return np.array(TABLE.get(tuple(np.ravel(x).tolist()), np.zeros(np.shape(x))))
        """)
    assert result.score == PUBLIC < FULL


@gets_through_on_fallback(
    "the interpreter is not readable by nobody here: no drop on the fallback",
    condition=os.getuid() == 0 and not _readable_by_all(_interpreter()))
def test_sandbox_runs_as_an_unprivileged_user(sandbox, tmp_path):
    if os.getuid() != 0:
        pytest.skip("the grader is not root: there is no privilege to drop")
    assert sandbox.uid == 65534


def test_bwrap_required_but_missing_is_a_clear_error(monkeypatch):
    from autograde.sandbox import client

    monkeypatch.setattr(client, "bwrap_works", lambda: False)
    with pytest.raises(client.SandboxError, match="bubblewrap"):
        Sandbox(isolation="bwrap")


def test_fallback_is_announced_once(caplog, tmp_path):
    from autograde.sandbox import client

    client._warn_fallback.cache_clear()
    with caplog.at_level("WARNING", logger="autograde.sandbox"):
        for _ in range(2):
            with Sandbox(isolation="rlimits") as box:
                box.start()
    assert sum("bubblewrap is not available" in r.message for r in caplog.records) == 1


def test_no_sandbox_process_is_left_behind():
    with Sandbox() as box:
        box.start()
        pid = box._process.pid
    assert subprocess.run(["kill", "-0", str(pid)], capture_output=True).returncode != 0
