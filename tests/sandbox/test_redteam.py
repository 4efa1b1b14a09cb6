"""Red-team submissions against the isolated grader, with bubblewrap and on the fallback path.

Every attack is a .py submission of ``relu`` graded with all its checks (hidden ones included).
Each must get 0 for what it did not honestly compute, a clear reason, leave no trace outside its
sandbox, and leave the sandbox able to grade the next (honest) submission in full.
Attacks that only a namespace can stop (network, files outside, other students' files) are
checked with bubblewrap; on the fallback path they are expected to get through, and the test
says so, so that a change in either direction is noticed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import textwrap
import threading
from pathlib import Path

import pytest

from autograde.catalog.exercises import EXERCISES
from autograde.catalog.spec import build_plan
from autograde.grader.isolate import grade_file
from autograde.sandbox.client import Sandbox, bwrap_works
from autograde.sandbox.limits import Limits

PLAN = build_plan(EXERCISES["relu"], seed=2026)
FULL = PLAN.max_score
PUBLIC = sum(check.points for check in PLAN.checks if not check.hidden)
LIMITS = Limits(cell_seconds=3.0, total_seconds=8.0, memory_mb=512)
HONEST = "import numpy as np\n\ndef relu(x):\n    return np.maximum(0, x)\n"
ROOT = Path(__file__).resolve().parents[2]
SECRET = "nn-dojo-test-secret-4711"

MODES = [pytest.param("bwrap", marks=pytest.mark.skipif(
             not bwrap_works(), reason="bubblewrap cannot run here (CI installs it)")),
         "rlimits"]


@pytest.fixture(scope="module", params=MODES)
def sandbox(request):
    os.environ["NN_DOJO_SECRET"] = SECRET  # the grader's own environment holds a secret
    with Sandbox(isolation=request.param) as box:
        box.start()
        yield box
    os.environ.pop("NN_DOJO_SECRET", None)


def grade(sandbox: Sandbox, tmp_path: Path, source: str, name: str = "attack.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source), "utf-8")
    result = grade_file(PLAN, path, "en", sandbox, LIMITS)
    honest = tmp_path / "honest.py"
    honest.write_text(HONEST, "utf-8")
    after = grade_file(PLAN, honest, "en", sandbox, LIMITS)
    assert after.score == FULL, "the sandbox must grade the next submission normally"
    return result


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


@pytest.mark.parametrize("how", ["import reference.activations as r\nrelu = r.relu",
                                 "exec(open(ROOT + '/reference/activations.py').read())"])
def test_reference_is_out_of_reach(sandbox, tmp_path, how):
    result = grade(sandbox, tmp_path, f"ROOT = {str(ROOT)!r}\n{how}\n")
    if sandbox.mode == "rlimits" and "open(" in how:
        pytest.xfail("without bubblewrap the reference files stay readable")
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


def _processes() -> int:
    return sum(entry.isdigit() for entry in os.listdir("/proc"))


def test_hundreds_of_processes_are_all_killed(sandbox, tmp_path):
    before = _processes()
    result = grade(sandbox, tmp_path, """
        import os, time
        for _ in range(300):
            try:
                if os.fork() == 0:
                    time.sleep(600)
                    os._exit(0)
            except OSError:
                break
        def relu(x):
            return x * 0
        """)
    assert result.score == 0
    assert _processes() <= before + 3, "forked processes outlived the submission"


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
    if sandbox.mode == "rlimits":
        pytest.xfail("without bubblewrap there is no network namespace")
    assert result.score == 0
    assert not connections


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
    if sandbox.mode == "rlimits":
        pytest.xfail("without bubblewrap the file system is the grader's")
    assert gradebook.read_bytes() == b"SQLite format 3\x00 original"
    assert not written


def test_ignoring_signals_and_freezing_time(sandbox, tmp_path):
    result = grade(sandbox, tmp_path, """
        import signal, time
        for sig in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGXCPU):
            signal.signal(sig, signal.SIG_IGN)
        time.perf_counter = time.monotonic = time.time = lambda: 0.0
        def relu(x):
            while True:
                try:
                    pass
                except BaseException:
                    pass
        """)
    assert result.score == 0
    assert "time limit" in reasons(result)


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
    if sandbox.mode == "rlimits":
        pytest.xfail("without bubblewrap other files stay visible")
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


def test_sandbox_runs_as_an_unprivileged_user(sandbox, tmp_path):
    if os.getuid() != 0:
        pytest.skip("the grader is not root: there is no privilege to drop")
    if sandbox.mode == "rlimits" and sandbox.uid == 0:
        pytest.xfail("the interpreter is not readable by nobody here: no drop on the fallback")
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
