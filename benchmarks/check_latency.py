"""Latency of the student-side ``check()`` as the student feels it, per exercise.

Default (kernel mode): for every lesson a real IPython kernel is started with jupyter_client
(the project's ``.venv`` python, ``ipykernel``), the notebook's setup cell runs (matplotlib,
NumPy, ``from autograde import check, use_language; use_language("ja")``; the kit's lines
timed apart from the rest), and for each exercise of
the lesson the reference function(s) from the catalog are defined under the names the lesson
uses; then the lesson's own test cell (``check("relu")``, hidden tests stripped) runs once
cold and ``--repeat`` times warm. Each run is timed from the execute_request sent to the
kernel's ``idle`` status for that request, its outputs collected as a frontend would. A peer
cell in the same kernel calls the reference function(s) directly on one public case, so the
kernel's own round trip is printed next to check()'s. Target: p95 ≤ 50 ms for every exercise
but the capstones (iris_binary, digits_mlp train a model and are reported apart).

``--in-process`` times ``check()`` in this process instead (no kernel, no display).

``--wrong`` checks each exercise's first misconception's mutant instead (hints shown).

``--browser`` times what the student sees in JupyterLab: the lesson opened in the project's
``jupyter lab`` in headless Chromium, each test cell run with Shift+Enter until check()'s table
is painted, with where the time goes (benchmarks/lab_latency.py). Heavier: not the default.
``--nodelay`` (with ``--browser``) serves the kernel websockets without Nagle's algorithm
(benchmarks/kernel_ws_nodelay.py), to measure what that server-side fix would change.

Usage: python benchmarks/check_latency.py [--repeat N] [--in-process | --wrong |
       --browser [--nodelay]] [--only ID ...]
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import functools
import io
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty

from autograde.catalog.exercises import EXERCISES
from autograde.kit.bundle import BUNDLE_DIR

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50.0
COLD_TARGET_MS = 300.0
CAPSTONE_REPEAT = 3
LESSONS = ROOT / "course" / "source"
SETUP = 'import numpy as np\n\nfrom autograde import check, use_language\n\nuse_language("ja")'
"""The setup of a lesson whose notebook has no cell calling use_language()."""
HIDDEN = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
TIMEOUT = 600.0


@dataclass
class Exercise:
    """One exercise as a lesson's test cell uses it."""

    id: str
    lesson: str
    cell: str
    """The student's test cell: the lesson's, hidden tests stripped."""
    names: list[str]
    """Notebook names of the function(s), in the plan's order."""
    capstone: bool = False
    functions: tuple[Callable, ...] = field(default=())
    setup: str = SETUP
    """The lesson's setup cell (the one calling use_language)."""


def _student_cell(source: str) -> str:
    begin, end = HIDDEN
    if begin in source:
        head, _, rest = source.partition(begin)
        source = head + rest.partition(end)[2]
    return source.strip()


def _check_call(source: str) -> ast.Call | None:
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "check"):
            return node
    return None


def lesson_exercises() -> list[Exercise]:
    """Every exercise with a test cell in course/source, in lesson order."""
    found = []
    for notebook in sorted(LESSONS.glob("*/*.ipynb")):
        cells = [_student_cell("".join(cell["source"]))
                 for cell in json.loads(notebook.read_text("utf-8"))["cells"]
                 if cell["cell_type"] == "code"]
        setup = next((source for source in cells if "use_language(" in source), SETUP)
        for source in cells:
            call = _check_call(source) if "check(" in source else None
            if call is None:
                continue
            exercise_id, *given = [ast.literal_eval(a) for a in call.args]
            spec = EXERCISES[exercise_id]
            functions = spec.reference if isinstance(spec.reference, tuple) else (spec.reference,)
            found.append(Exercise(exercise_id, notebook.stem, source,
                                  given or spec.function_names,
                                  spec.protocol == "fit_predict", functions, setup))
    return found


def _split_setup(source: str) -> tuple[str, str]:
    """The setup cell as (everything else, the kit's lines), to time the kit's import apart."""
    lines = source.splitlines()
    kit = {n for node in ast.parse(source).body
           if "autograde" in (text := ast.get_source_segment(source, node) or "")
           or "use_language" in text
           for n in range(node.lineno - 1, node.end_lineno)}
    return ("\n".join(line for n, line in enumerate(lines) if n not in kit),
            "\n".join(line for n, line in enumerate(lines) if n in kit))


def _define(exercise: Exercise, wrong: bool = False) -> str:
    """A cell putting the reference function(s) (``wrong``: the first misconception's mutant)
    under the lesson's names, and one public case (as JSON, decoded in the kernel, so the
    bundle cache stays cold) for the peer cell."""
    if wrong:
        names = ", ".join(exercise.names)
        functions = (f"from autograde.catalog.exercises import EXERCISES as _E\n"
                     f"_m = _E[{exercise.id!r}].misconceptions[0].mutant\n"
                     f"{names}, = _m if isinstance(_m, tuple) else (_m,)")
    else:
        functions = "\n".join(f"from {f.__module__} import {f.__name__} as {name}"
                               for f, name in zip(exercise.functions, exercise.names, strict=True))
    bundle = json.loads((BUNDLE_DIR / f"{exercise.id}.json").read_text("utf-8"))
    case = json.dumps(bundle["checks"][0]["cases"][0]["args"])
    return (f"{functions}\nimport json as _json\n"
            "from autograde.kit.values import decode as _decode\n"
            f"_case = [_decode(a) for a in _json.loads({case!r})]\n"
            "_fresh = lambda: [a.copy() if isinstance(a, np.ndarray) else a for a in _case]")


def _peer(exercise: Exercise) -> str:
    """A cell calling the reference function(s) directly on the public case."""
    if exercise.capstone:
        fit, predict = exercise.names
        return f"_a = _fresh()\n{predict}({fit}(_a[0], _a[1]), _a[2])"
    return f"{exercise.names[0]}(*_fresh())"


class Kernel:
    """A kernel started with jupyter_client; :meth:`run` times one cell as a frontend sees it."""

    def __init__(self, python: str) -> None:
        from jupyter_client import KernelManager
        from jupyter_client.kernelspec import KernelSpecManager

        self.folder = tempfile.TemporaryDirectory(prefix="check-latency-")
        spec_dir = Path(self.folder.name) / "nn-dojo-bench"
        spec_dir.mkdir()
        (spec_dir / "kernel.json").write_text(json.dumps({
            "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                     "--IPKernelApp.log_level=ERROR"],
            "display_name": "nn-dojo benchmark", "language": "python"}))
        specs = KernelSpecManager(kernel_dirs=[self.folder.name])
        self.manager = KernelManager(kernel_name="nn-dojo-bench", kernel_spec_manager=specs)
        self.manager.start_kernel(cwd=str(ROOT))
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def run(self, code: str) -> tuple[float, list[dict]]:
        """(ms from execute_request to idle, the outputs); an error in the cell raises."""
        client = self.client
        start = time.perf_counter()
        msg_id = client.execute(code)
        outputs = []
        while True:
            msg = client.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content["execution_state"] == "idle":
                break
            if kind in ("stream", "display_data", "execute_result", "error"):
                outputs.append({"type": kind, **content})
        elapsed = (time.perf_counter() - start) * 1000
        reply = client.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = client.get_shell_msg(timeout=TIMEOUT)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"cell failed:\n{code}\n{reply['content'].get('evalue')}")
        return elapsed, outputs

    def close(self) -> None:
        self.client.stop_channels()
        with contextlib.suppress(Empty, RuntimeError):
            self.manager.shutdown_kernel(now=True)
        self.folder.cleanup()


@dataclass
class Row:
    id: str
    capstone: bool
    cold: float
    times: list[float]
    peer: list[float]
    full_score: bool | None

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _full_score(outputs: list[dict]) -> bool | None:
    """Whether the check cell's HTML result shows full marks; None if it showed no HTML."""
    for out in outputs:
        if out["type"] == "execute_result" and "text/html" in out["data"]:
            html = out["data"]["text/html"]
            score = html.split('data-score="', 1)[1].split('"', 1)[0]
            top = html.split('data-max-score="', 1)[1].split('"', 1)[0]
            return score == top
    return None


def measure_kernel(exercises: list[Exercise], repeat: int, python: str,
                   wrong: bool = False) -> tuple[list[Row], dict[str, tuple[float, float]]]:
    """One kernel per lesson; every exercise timed in it. Also returns, per lesson, the ms of
    its setup cell's lines: the kit's (``from autograde import ...``) and the others."""
    rows, setups = [], {}
    for lesson in dict.fromkeys(e.lesson for e in exercises):
        kernel = Kernel(python)
        try:
            chosen = [e for e in exercises if e.lesson == lesson]
            rest, kit = _split_setup(chosen[0].setup)
            setups[lesson] = (kernel.run(rest)[0], kernel.run(kit)[0])
            for exercise in chosen:
                kernel.run(_define(exercise, wrong))
                n = CAPSTONE_REPEAT if exercise.capstone else repeat
                cold, outputs = kernel.run(exercise.cell)
                times, peer = [], []
                for _ in range(n):
                    times.append(kernel.run(exercise.cell)[0])
                    peer.append(kernel.run(_peer(exercise))[0])
                rows.append(Row(exercise.id, exercise.capstone, cold, times, peer,
                                _full_score(outputs)))
        finally:
            kernel.close()
    return rows, setups


def _timed_ms(action: Callable[[], object]) -> float:
    """Wall time of ``action()`` with its printing swallowed."""
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        action()
    return (time.perf_counter() - start) * 1000


def measure_in_process(exercises: list[Exercise], repeat: int) -> list[Row]:
    """check() called in this process (its printing swallowed), and the bare reference call."""
    from autograde import check, use_language
    from autograde.kit.bundle import load_bundle
    from autograde.kit.invoke import run_protocol

    use_language("ja")
    rows = []
    for exercise in exercises:
        checked = functools.partial(check, exercise.id, *exercise.functions)
        load_bundle.cache_clear()
        cold = _timed_ms(checked)
        plan = load_bundle(exercise.id)
        bare = functools.partial(run_protocol, plan.protocol, exercise.functions,
                                 plan.checks[0].cases[0].args)
        n = CAPSTONE_REPEAT if exercise.capstone else repeat
        times, peer = [], []
        for _ in range(n):
            times.append(_timed_ms(checked))
            peer.append(_timed_ms(bare))
        with contextlib.redirect_stdout(io.StringIO()):
            result = checked().result
        rows.append(Row(exercise.id, exercise.capstone, cold, times, peer,
                        result.score == result.max_score))
    return rows


def report(rows: list[Row], setups: dict[str, tuple[float, float]],
           expect_full: bool = True) -> None:
    print(f"{'exercise':<22}{'cold ms':>9}{'median':>9}{'p95':>9}{'peer med':>10}"
          f"{'ratio':>7}{'over ms':>9}  p95 ≤ {TARGET_MS:g}")
    for row in rows:
        peer = statistics.median(row.peer)
        verdict = ("(capstone: trains a model)" if row.capstone
                   else "yes" if row.p95 <= TARGET_MS else "NO")
        if row.full_score is None:
            verdict += "  (no HTML result shown!)"
        elif row.full_score != expect_full:
            verdict += "  (reference not at full score!)" if expect_full else "  (full score!)"
        ratio = row.median / peer if peer else float("inf")
        print(f"{row.id:<22}{row.cold:>9.1f}{row.median:>9.1f}{row.p95:>9.1f}{peer:>10.1f}"
              f"{ratio:>7.1f}{row.median - peer:>9.1f}  {verdict}")
    graded = [row for row in rows if not row.capstone]
    worst = max(graded, key=lambda row: row.p95)
    coldest = max(graded, key=lambda row: row.cold)
    print(f"\nmax p95 over non-capstone exercises: {worst.p95:.1f} ms ({worst.id}); target ≤ "
          f"{TARGET_MS:g} ms: {'met' if worst.p95 <= TARGET_MS else 'NOT met'}")
    print(f"max cold (first check of an exercise): {coldest.cold:.1f} ms ({coldest.id}); "
          f"aim ≤ {COLD_TARGET_MS:g} ms")
    if setups:
        print("setup cell per lesson, ms: the kit's lines + the rest (numpy, matplotlib): "
              + ", ".join(f"{lesson[:2]} {kit:.0f}+{rest:.0f}"
                          for lesson, (rest, kit) in setups.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int,
                        help="warm runs per exercise (default 30; 20 with --browser)")
    parser.add_argument("--in-process", action="store_true", help="no kernel: time check() here")
    parser.add_argument("--only", nargs="*", help="exercise ids (default: all)")
    parser.add_argument("--browser", action="store_true",
                        help="JupyterLab in headless Chromium: Shift+Enter to the painted table")
    parser.add_argument("--nodelay", action="store_true",
                        help="--browser: the server's kernel websockets without Nagle's "
                             "algorithm (benchmarks/kernel_ws_nodelay.py)")
    parser.add_argument("--wrong", action="store_true",
                        help="kernel mode: check each exercise's first misconception's mutant")
    venv = ROOT / ".venv" / "bin" / "python"
    parser.add_argument("--python", default=str(venv) if venv.exists() else sys.executable,
                        help="the kernel's interpreter (default: the project's .venv)")
    args = parser.parse_args()
    exercises = [e for e in lesson_exercises() if not args.only or e.id in args.only]
    if args.browser and (args.wrong or args.in_process):
        parser.error("--browser times the reference in JupyterLab: not with --wrong/--in-process")
    repeat = args.repeat or (20 if args.browser else 30)
    if args.in_process:
        print("in-process check() (no kernel, no display)")
        report(measure_in_process(exercises, repeat), {})
    elif args.browser:
        from lab_latency import measure_browser, report_segments

        server = "kernel websockets without Nagle" if args.nodelay else "stock jupyter_server"
        print("JupyterLab in headless Chromium: Shift+Enter → check()'s table painted "
              f"(peer: a `1+1` cell in the same page; reference; {server})")
        measured = measure_browser(exercises, repeat, args.nodelay)
        report([timed.row for timed in measured], {})
        report_segments(measured)
    else:
        solution = "first misconception's mutant" if args.wrong else "reference"
        print(f"kernel round trip, execute_request → idle ({args.python}; {solution})")
        report(*measure_kernel(exercises, repeat, args.python, args.wrong),
               expect_full=not args.wrong)


if __name__ == "__main__":
    main()
