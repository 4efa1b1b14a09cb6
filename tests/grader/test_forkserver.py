"""The workers' forkserver imports what they need once, before they are forked."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent("""
    import sys
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context


    def imported(name):
        return name in sys.modules


    if __name__ == "__main__":
        from autograde.grader import forkserver

        forkserver.start(sys.argv[1:])
        with ProcessPoolExecutor(1, mp_context=get_context("forkserver")) as pool:
            print(pool.submit(imported, "autograde.grader.batch").result(),
                  pool.submit(imported, "autograde.catalog.exercises").result(),
                  pool.submit(imported, "autograde.cli").result(),
                  "autograde.grader.batch" in sys.modules)
""")


def workers_find(tmp_path: Path, *extra: str) -> list[str]:
    script = tmp_path / "script.py"
    script.write_text(SCRIPT, "utf-8")
    done = subprocess.run([sys.executable, str(script), *extra], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_workers_inherit_the_grader_and_what_the_command_adds(tmp_path):
    # (the command's own process never imported the grader: the forkserver did)
    assert workers_find(tmp_path, "autograde.cli") == ["True", "True", "True", "False"]
    assert workers_find(tmp_path) == ["True", "True", "False", "False"]
