"""The CLI contract that outside test suites rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograde.catalog.exercises import EXERCISES
from autograde.catalog.spec import build_plan

SAMPLES = Path(__file__).resolve().parents[2] / "autograde" / "cli" / "samples"


def autograde(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograde.cli", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def graded(exercise: str, source: Path, *extra: str, env: dict | None = None) -> dict:
    done = autograde("check", exercise, str(source), "--json", *extra, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "submission.py"
    path.write_text(text, "utf-8")
    return path


def test_list_json_describes_every_exercise():
    done = autograde("list", "--json")
    entries = {e["id"]: e for e in json.loads(done.stdout)}
    assert list(entries) == list(EXERCISES)
    for ex_id, exercise in EXERCISES.items():
        assert entries[ex_id]["signature"] == exercise.signature
        assert entries[ex_id]["max_score"] == exercise.max_score
        assert entries[ex_id]["misconceptions"] == [m.id for m in exercise.misconceptions]


def test_the_command_exits_quickly_with_its_output_and_exit_handlers(capsys):
    """The console script skips the interpreter's teardown: what main() printed still reaches
    a pipe in full, exit handlers still run, and the status is main()'s."""
    from autograde.cli import main

    assert main(["list", "--json"]) == 0
    expected = capsys.readouterr().out
    script = ("import atexit, sys; atexit.register(lambda: print('handlers ran'))\n"
              "sys.argv = ['autograde', *sys.argv[1:]]\n"
              "from autograde.cli import command; command()")
    done = subprocess.run([sys.executable, "-c", script, "list", "--json"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected + "handlers ran\n"
    assert autograde("check", "no_such_exercise", "x.py").returncode == 2


def test_correct_file_gets_full_marks_and_the_result_model():
    result = graded("relu", SAMPLES / "relu_correct.py")
    assert set(result) >= {"exercise", "score", "max_score", "checks", "misconceptions", "error"}
    assert result["score"] == result["max_score"] == EXERCISES["relu"].max_score
    assert all({"name", "passed", "points", "message"} <= set(c) for c in result["checks"])


def test_mistake_is_named_and_hint_in_requested_language():
    result = graded("relu", SAMPLES / "relu_mask.py", "--lang", "en")
    assert result["misconceptions"] == ["relu.mask"]
    assert result["hints"][0]["text"] == EXERCISES["relu"].misconceptions[0].hint.en


@pytest.mark.parametrize(
    ("sample", "exercise", "words"),
    [
        ("relu_syntax_error.py", "relu", "SyntaxError"),
        ("relu_segfault.py", "relu", "SIGSEGV"),
        ("relu_infinite_loop.py", "relu", "time limit"),
    ],
)
def test_broken_files_get_zero_and_a_message(sample, exercise, words):
    result = graded(exercise, SAMPLES / sample, "--lang", "en")
    assert result["score"] == 0
    assert words in result["error"]


def test_exception_at_import_names_the_file(tmp_path):
    result = graded("relu", write(tmp_path, "import numpy\nraise RuntimeError('boom')\n"),
                    "--lang", "en")
    assert result["score"] == 0 and "submission.py" in result["error"]
    assert "RuntimeError: boom" in result["error"]


def test_printing_a_fake_result_changes_nothing():
    result = graded("sigmoid", SAMPLES / "sigmoid_fake_result.py")
    assert result["score"] == 0


def test_missing_function_is_reported(tmp_path):
    result = graded("relu", write(tmp_path, "def rleu(x):\n    return x\n"), "--lang", "en")
    assert result["score"] == 0 and "relu" in result["error"]


def test_the_child_sees_no_secrets_from_the_environment(tmp_path):
    source = write(tmp_path, "import os\nimport numpy as np\n\n"
                   "def relu(x):\n"
                   "    if 'NN_DOJO_SECRET' in os.environ:\n"
                   "        return x * 0\n"
                   "    return np.maximum(0, x)\n")
    env = {**os.environ, "NN_DOJO_SECRET": "s3cret"}
    result = graded("relu", source, env=env)
    assert result["score"] == result["max_score"]


def test_hidden_cases_follow_the_student_id(tmp_path):
    """Feedback shows the first failing input: the same for one student, different for two."""
    source = write(tmp_path, "import numpy as np\n\ndef relu(x):\n    return x * 0.0\n")

    def hidden_messages(student: str) -> list[str]:
        result = graded("relu", source, "--student", student)
        return [c["message"] for c in result["checks"]]

    first = hidden_messages("s001")
    assert first == hidden_messages("s001")
    assert first != hidden_messages("s002")


def test_unknown_exercise_is_a_usage_error_without_traceback(tmp_path):
    done = autograde("check", "relux", str(write(tmp_path, "")), "--json")
    assert done.returncode == 2
    assert "relux" in done.stderr and "Traceback" not in done.stderr


def test_missing_file_is_a_usage_error(tmp_path):
    done = autograde("check", "relu", str(tmp_path / "nope.py"))
    assert done.returncode == 2 and "nope.py" in done.stderr


def test_prints_and_warnings_come_back_from_the_sandbox_unscored(tmp_path):
    source = write(tmp_path, "import numpy as np\n\ndef sigmoid(x):\n    print('x =', x)\n"
                             "    return 1 / (1 + np.exp(-x))\n")
    result = graded("sigmoid", source, "--lang", "en")
    plan = build_plan(EXERCISES["sigmoid"], seed=0, include_hidden=True)
    cases = sum(len(check.cases) for check in plan.checks)
    assert result["score"] == result["max_score"]
    assert result["printed"]["text"].startswith("x = ")
    assert result["printed"]["lines"] >= cases  # one print per case, a matrix on several lines
    assert result["printed"]["warnings"] == ["RuntimeWarning: overflow encountered in exp"]
