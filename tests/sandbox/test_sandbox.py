"""The sandbox's layers one by one: wire format, staged files, rlimits, stdin, working dirs,
and the deadlines the server enforces from outside the child."""

from __future__ import annotations

import json
import pickle
import resource

import numpy as np
import pytest

from autograde.kit.package import KIT_DIR
from autograde.sandbox.client import Deadline, Sandbox, bwrap_works
from autograde.sandbox.limits import KILL_GRACE_SECONDS, Limits, steps
from autograde.sandbox.server import ANNOUNCEMENT_BYTES, Deadlines
from autograde.sandbox.stage import SANDBOX_MODULES, build_stage
from autograde.sandbox.wire import (
    WireError,
    blob_array,
    frame,
    pack,
    read_frames,
    unpack,
)

MODES = [pytest.param("bwrap", marks=pytest.mark.skipif(not bwrap_works(),
                                                        reason="bubblewrap cannot run here")),
         "rlimits"]


# -- wire ---------------------------------------------------------------------------------------
def test_frames_round_trip_arrays_and_json():
    blobs: list[bytes] = []
    values = pack([np.arange(6.0).reshape(2, 3), np.array(True), 2.5], blobs)
    data = frame({"kind": "x", "values": values}, blobs) * 2
    frames = list(read_frames(data))
    assert len(frames) == 2
    header, got_blobs = frames[0]
    got = unpack(header["values"], got_blobs)
    assert np.array_equal(got[0], np.arange(6.0).reshape(2, 3)) and got[0].shape == (2, 3)
    assert got[1].shape == () and bool(got[1]) and got[2] == 2.5


@pytest.mark.parametrize("dtype", ["object", "complex128", "float32", "<f8", "O", 3, None])
def test_only_whitelisted_dtypes_are_read(dtype):
    with pytest.raises(WireError, match="dtype"):
        blob_array(bytes(24), dtype, [3])


@pytest.mark.parametrize("blob, shape", [
    (bytes(24), [4]), (bytes(23), [3]), (bytes(24), [3, -1]), (bytes(24), "3"),
    (bytes(24), [3.0]), (bytes(24), [True, 3]), (bytes(8), [1] * 33),
    (pickle.dumps(np.zeros(3)), [3]),
])
def test_bytes_must_fill_a_plain_shape_exactly(blob, shape):
    with pytest.raises(WireError):
        blob_array(blob, "float64", shape)


def test_arrays_arrive_writable_and_not_sharing_the_frame():
    blob = np.arange(4.0).tobytes()
    array = blob_array(blob, "float64", [2, 2])
    array[0, 0] = 9.0
    assert array.flags.writeable and blob == np.arange(4.0).tobytes()


@pytest.mark.parametrize("data", [b"\x00\x00\x00\x05{\"a\"", b"\x00\x00\x00\x02[]",
                                  b"\xff\xff\xff\xff", b"\x00\x00\x00\x03abc"])
def test_torn_or_foreign_frames_raise(data):
    with pytest.raises(WireError):
        list(read_frames(data))


def test_array_references_are_checked():
    with pytest.raises(WireError):
        unpack({"array": 3, "dtype": "float64", "shape": [1]}, [bytes(8)])
    with pytest.raises(WireError):
        unpack({"array": True, "dtype": "float64", "shape": [1]}, [bytes(8)])


# -- stage --------------------------------------------------------------------------------------
def test_stage_holds_libraries_and_runtime_but_no_instructor_code():
    stage = build_stage()
    names = {name for name, _ in stage.entries()}
    assert {"numpy", "matplotlib", "sklearn", "autograde"} <= names
    assert not names & {"reference", "course", "nbgrader", "sqlalchemy", "torch"}
    runtime = stage.site / "autograde"
    assert sorted(p.name for p in runtime.iterdir()
                  if p.name != "__pycache__") == ["__init__.py", "kit", "sandbox"]
    kit = {p.relative_to(runtime / "kit") for p in (runtime / "kit").rglob("*")
           if "__pycache__" not in p.parts}
    assert kit == {p.relative_to(KIT_DIR) for p in KIT_DIR.rglob("*")
                   if "__pycache__" not in p.parts}, "the whole kit, nothing else"
    assert sorted(p.stem for p in (runtime / "sandbox").glob("*.py")) == sorted(SANDBOX_MODULES)
    assert not list(runtime.rglob("*mutant*"))


# -- running ------------------------------------------------------------------------------------
PROBE = """
import json, os, resource, sys
limits = {name: resource.getrlimit(getattr(resource, name))[0]
          for name in ("RLIMIT_CPU", "RLIMIT_AS", "RLIMIT_FSIZE", "RLIMIT_NOFILE")}
print(json.dumps({"limits": limits, "stdin": sys.stdin.read(), "cwd": os.getcwd(),
                  "files": os.listdir("."), "env": sorted(os.environ),
                  "stdin_fd": os.read(0, 10).decode()}))
open("scratch.txt", "w").write("mine")
"""


@pytest.fixture(scope="module", params=MODES)
def sandbox(request):
    with Sandbox(isolation=request.param) as box:
        box.start()
        yield box


def _probe(sandbox: Sandbox, limits: Limits) -> dict:
    run = sandbox.run({"cells": [{"name": "probe", "source": PROBE}], "cell_seconds": 5,
                       "exercises": []}, [], limits)
    headers = [h for h, _ in read_frames(run.results)]
    assert headers[0]["error"] is None, headers[0]
    return json.loads(headers[0]["printed"])


def test_rlimits_stdin_env_and_private_working_dirs(sandbox):
    limits = Limits(total_seconds=7, output_mb=3, open_files=32)
    first, second = _probe(sandbox, limits), _probe(sandbox, limits)
    assert first["limits"]["RLIMIT_CPU"] == 8
    assert first["limits"]["RLIMIT_FSIZE"] == 3 << 20
    assert first["limits"]["RLIMIT_NOFILE"] == 32
    assert 0 < first["limits"]["RLIMIT_AS"] != resource.RLIM_INFINITY
    assert first["stdin"] == "" and first["stdin_fd"] == ""
    assert first["files"] == [] and second["files"] == []  # the scratch file did not survive
    assert first["cwd"] != second["cwd"]
    assert set(first["env"]) <= {"PATH", "HOME", "LANG", "PYTHONHASHSEED", "TMPDIR", "PWD",
                                 "PYTHONDONTWRITEBYTECODE", "MPLBACKEND", "MPLCONFIGDIR",
                                 "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"}


IGNORES_ALARM = "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\n"


def test_wall_clock_kills_the_whole_submission(sandbox):
    run = sandbox.run({"cells": [{"name": "c", "source": IGNORES_ALARM + "while True: pass"}],
                       "cell_seconds": 5, "exercises": []}, [], Limits(total_seconds=2))
    assert run.status == "timeout"
    assert run.deadline == Deadline(kind="total", seconds=2)
    assert 1.9 < run.seconds < 4


def test_a_cell_that_ignores_its_alarm_is_killed_from_outside_at_its_limit(sandbox):
    cells = [{"name": "first", "source": "x = 1"},
             {"name": "second", "source": IGNORES_ALARM + "while True: pass"}]
    run = sandbox.run({"cells": cells, "cell_seconds": 1, "exercises": []}, [],
                      Limits(total_seconds=30))
    assert run.status == "timeout"
    assert run.deadline == Deadline(kind="cell", seconds=1, cell=1)
    assert 1 + KILL_GRACE_SECONDS - 0.1 < run.seconds < 1 + KILL_GRACE_SECONDS + 1
    assert [h["cell"] for h, _ in read_frames(run.results)] == [0], "the first cell reported"


LIAR = IGNORES_ALARM + """
import os, time
pipes = []
for fd in os.listdir("/proc/self/fd"):
    try:
        if os.readlink(f"/proc/self/fd/{fd}").startswith("pipe:"):
            pipes.append(int(fd))
    except OSError:
        pass
assert pipes, "the clock pipe is not where the test expects it"
announced = 0
while True:
    announced += 1
    for fd in pipes:
        for lie in LIES:
            try:
                os.write(fd, lie.replace(b"N", str(announced).encode()))
            except OSError:
                pass
    time.sleep(0.05)
"""


LONG_EXERCISE = {"id": "e", "functions": ["f"], "protocol": "call", "n_returned": 1,
                 "time_limit": 5, "checks": [[{"args": [], "writable": []}] * 50]}


@pytest.mark.parametrize(("lies", "exercises", "total", "fired"), [
    ([b"0\n", b"1\n", b"99999999999\n", b"-1\n", b"1e9\n", b"2.5\n", b"\xff\n", b"1"], [],
     30, Deadline(kind="cell", seconds=1, cell=0)),
    ([b"N\n"], [LONG_EXERCISE], 3, Deadline(kind="total", seconds=3)),
], ids=["repeats-and-junk", "advancing-through-every-step"])
def test_lies_on_the_clock_pipe_give_no_more_time(sandbox, lies, exercises, total, fired):
    """Repeating a step, announcing steps that do not exist or junk changes nothing; moving on
    through the request's own (longer) steps still ends at the wall clock."""
    source = f"LIES = {lies!r}\n{LIAR}"
    run = sandbox.run({"cells": [{"name": "liar", "source": source}], "cell_seconds": 1,
                       "exercises": exercises}, [], Limits(total_seconds=total))
    assert run.status == "timeout"
    assert run.deadline == fired
    assert run.seconds < fired.seconds + KILL_GRACE_SECONDS + 1


def test_a_forked_copy_of_the_child_cannot_report(sandbox):
    """A fork that goes on running the child's code finds the result and clock channels
    closed: every cell is reported once, by the child itself."""
    cells = [{"name": "forks", "source": "import os\nos.fork()"}, {"name": "next", "source": ""}]
    run = sandbox.run({"cells": cells, "cell_seconds": 5, "exercises": []}, [], Limits())
    assert run.status == "exited" and run.code == 0
    headers = [header for header, _ in read_frames(run.results)]
    assert [h.get("cell") for h in headers] == [0, 1, None] and headers[-1] == {"finished": True}


# -- deadlines ----------------------------------------------------------------------------------
REQUEST = {"cells": [{"name": "a", "source": ""}, {"name": "b", "source": ""}], "cell_seconds": 3,
           "exercises": [{"id": "relu", "time_limit": 2, "checks": [[{}, {}], [{}]]}]}


def test_steps_are_the_cells_then_every_case():
    assert [(s.seconds, s.where) for s in steps(REQUEST)] == [
        (3, {"cell": 0}), (3, {"cell": 1}),
        (2, {"exercise": "relu", "check": 0, "case": 0}),
        (2, {"exercise": "relu", "check": 0, "case": 1}),
        (2, {"exercise": "relu", "check": 1, "case": 0})]


def test_deadlines_follow_announced_steps_forward_only():
    deadlines = Deadlines(steps(REQUEST), start=100.0, total=60)
    assert deadlines.deadline() == 160.0, "before the first step: the wall clock"
    deadlines.feed(b"0\n", now=101.0)
    assert deadlines.deadline() == 101.0 + 3 + KILL_GRACE_SECONDS
    deadlines.feed(b"2\n0\n", now=102.0)
    deadlines.feed(b"2\n1\n5\n-3\n3.0\nxyz\n", now=103.0)
    assert deadlines.deadline() == 102.0 + 2 + KILL_GRACE_SECONDS, "no repeat, no step back"
    deadlines.feed(b"4", now=104.0)
    deadlines.feed(b"\n", now=105.0)
    assert deadlines.deadline() == 105.0 + 2 + KILL_GRACE_SECONDS, "a line counts when whole"
    assert deadlines.fired() == {"kind": "case", "seconds": 2, "exercise": "relu", "check": 1,
                                 "case": 0}


def test_the_wall_clock_caps_every_step():
    deadlines = Deadlines(steps(REQUEST), start=100.0, total=4)
    deadlines.feed(b"0\n", now=103.0)
    assert deadlines.deadline() == 104.0
    assert deadlines.fired() == {"kind": "total", "seconds": 4}


def test_junk_without_newlines_is_not_kept():
    deadlines = Deadlines(steps(REQUEST), start=100.0, total=60)
    deadlines.feed(b"9" * 100_000, now=101.0)
    assert len(deadlines._partial) <= ANNOUNCEMENT_BYTES + 1
    deadlines.feed(b"\n1\n", now=102.0)
    assert deadlines.fired() == {"kind": "cell", "seconds": 3, "cell": 1}


def test_a_dead_server_is_replaced(sandbox):
    import os
    import signal

    os.killpg(sandbox._process.pid, signal.SIGKILL)
    sandbox._process.wait()  # dead before the request: on a busy machine it could answer first
    run = sandbox.run({"cells": [], "cell_seconds": 1, "exercises": []}, [], Limits())
    assert run.status == "sandbox_error"
    again = sandbox.run({"cells": [], "cell_seconds": 1, "exercises": []}, [], Limits())
    assert again.status == "exited" and again.code == 0


def test_start_and_warm_keep_the_one_running_server(sandbox):
    sandbox.start()
    server = sandbox._process.pid
    sandbox.warm([{"name": "master", "source": "import numpy as np\nnp.zeros(3)"}])
    sandbox.start()
    assert sandbox._process.pid == server
    run = sandbox.run({"cells": [], "cell_seconds": 1, "exercises": []}, [], Limits())
    assert run.status == "exited" and sandbox._process.pid == server
