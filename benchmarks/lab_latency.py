"""check() as the student sees it: real JupyterLab in headless Chromium (check_latency --browser).

Every lesson notebook (course/source, hidden tests stripped, as kernel mode reads them) is
opened in the project's ``jupyter lab`` (tests/e2e/lab_server.py) by Debian's Chromium driven
by Playwright (tests/e2e: nothing downloaded). Next to each test cell the benchmark puts a cell
defining the catalog's reference under the lesson's names (kernel mode's cell) and a peer cell
``1+1``. The setup cell runs; then per exercise the definitions, and the test cell with
Shift+Enter once cold and ``repeat`` times warm, each followed by the peer cell. A run is timed
in the page (performance.now(), benchmarks/lab_latency.js): from the Shift+Enter keydown until
check()'s new ``.autograde-result`` is in the cell's output area and the frame laying it out
is painted. The websocket's kernel messages split that time into the frontend's dispatch,
the server's relay in, the kernel, the relay out and the rendering.
"""

from __future__ import annotations

import ast
import json
import statistics
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
from check_latency import (
    CAPSTONE_REPEAT,
    LESSONS,
    ROOT,
    Exercise,
    Row,
    _check_call,
    _define,
    _student_cell,
)

sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from browser import chromium_path, screenshot
from conftest import LOCALE, VIEWPORT
from lab_page import Notebook
from lab_server import Lab, running

CLOCKS = Path(__file__).with_name("lab_latency.js")
NODELAY = Path(__file__).with_name("kernel_ws_nodelay.py")
CONFIG_DIR = "jupyter-config"
"""lab_server's JUPYTER_CONFIG_DIR, under the server's home."""
RESULT = ".autograde-result"
PEER = "1+1"
PEER_OUTPUT = ".jp-OutputArea-output"
RUN_TIMEOUT = 600_000
"""Milliseconds (a capstone trains a model)."""
SCREENSHOT = "check_latency_jupyterlab"
SETTLE_MS = 300
SETTLE = "(ms) => new Promise((done) => setTimeout(() => requestAnimationFrame(done), ms))"
"""After the click into the cell, the page is left to finish what the click started (focus,
the editor's measuring), as a student's hand moving to Shift+Enter would; then a frame."""
SEGMENTS = {
    "dispatch": ("key", "sent"),
    "relay in": ("sent", "kernelBusy"),
    "kernel": ("kernelBusy", "kernelResult"),
    "relay out": ("kernelResult", "received"),
    "render": ("received", "shown"),
    "paint": ("shown", "painted"),
}
"""Where a run's time goes: (from, to) of the page's clocks (lab_latency.js)."""


@dataclass
class Timed:
    """One exercise measured in JupyterLab."""

    row: Row
    runs: list[dict]
    """The page's clocks of every warm run of the test cell."""
    peer_runs: list[dict]
    """The same for the peer cell (``1+1``)."""

    def segment(self, name: str) -> float:
        return _segment(self.runs, name)


def _segment(runs: list[dict], name: str) -> float:
    """The median ms of a segment over ``runs``."""
    start, end = SEGMENTS[name]
    return statistics.median(run[end] - run[start] for run in runs)


def _cell_ids(exercise_id: str) -> tuple[str, str]:
    return f"bench-define-{exercise_id}", f"bench-peer-{exercise_id}"


def student_notebook(source: Path, chosen: dict[str, Exercise]) -> nbformat.NotebookNode:
    """The lesson as a student has it (hidden tests stripped, no outputs), with a definitions
    cell before and a peer cell after the test cell of every chosen exercise."""
    notebook = nbformat.read(source, as_version=4)
    cells = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source, cell.outputs, cell.execution_count = _student_cell(cell.source), [], None
            call = _check_call(cell.source) if "check(" in cell.source else None
            exercise = chosen.get(ast.literal_eval(call.args[0])) if call else None
            if exercise is not None:
                define, peer = _cell_ids(exercise.id)
                cells += [nbformat.v4.new_code_cell(_define(exercise), id=define), cell,
                          nbformat.v4.new_code_cell(PEER, id=peer)]
                continue
        cells.append(cell)
    notebook.cells = cells
    return notebook


def _run(notebook: Notebook, cell_id: str, selector: str) -> dict:
    """Run the cell with Shift+Enter; the page's clocks once a new ``selector`` is painted in
    its output and the kernel's idle has arrived."""
    page = notebook.page
    notebook.cell(cell_id).locator(".cm-content").click()
    page.evaluate(SETTLE, SETTLE_MS)
    page.evaluate("([i, s, t]) => window.__bench.arm(i, s, t)",
                  [notebook.ids.index(cell_id), selector, RUN_TIMEOUT])
    page.keyboard.press("Shift+Enter")
    times = page.evaluate("() => window.__bench.run.done")
    page.wait_for_function("() => window.__bench.run.idleReceived !== undefined",
                           timeout=RUN_TIMEOUT)
    return times


def _total(times: dict) -> float:
    return times["painted"] - times["key"]


def _shut_down_kernels(lab: Lab) -> None:
    """End the kernels the lesson's page started, so lessons do not share the two cores."""
    headers = {"Authorization": f"token {lab.token}"}
    with urllib.request.urlopen(urllib.request.Request(f"{lab.url}/api/kernels",
                                                       headers=headers)) as reply:
        kernels = json.load(reply)
    for kernel in kernels:
        request = urllib.request.Request(f"{lab.url}/api/kernels/{kernel['id']}",
                                         headers=headers, method="DELETE")
        urllib.request.urlopen(request).close()


def _measure_lesson(page, lab: Lab, path: Path, chosen: list[Exercise], repeat: int,
                    shot: bool) -> list[Timed]:
    notebook = Notebook(page, lab, path, workspace=path.stem)
    setup = next(cell.id for cell in nbformat.read(path, as_version=4).cells
                 if cell.cell_type == "code" and cell.source == chosen[0].setup)
    notebook.run(setup)
    measured = []
    for exercise in chosen:
        define, peer = _cell_ids(exercise.id)
        check = notebook.ids[notebook.ids.index(define) + 1]
        notebook.run(define)
        cold = _run(notebook, check, RESULT)
        runs, peers = [], []
        for _ in range(CAPSTONE_REPEAT if exercise.capstone else repeat):
            runs.append(_run(notebook, check, RESULT))
            peers.append(_run(notebook, peer, PEER_OUTPUT))
        if shot and not exercise.capstone:
            notebook.cell(check).locator(RESULT).evaluate(
                "(node) => node.scrollIntoView({block: 'center'})")
            screenshot(page, SCREENSHOT)
            shot = False
        full = None if cold["score"] is None else cold["score"] == cold["maxScore"]
        measured.append(Timed(Row(exercise.id, exercise.capstone, _total(cold),
                                  [_total(run) for run in runs],
                                  [_total(run) for run in peers], full), runs, peers))
    return measured


def measure_browser(exercises: list[Exercise], repeat: int, nodelay: bool = False) -> list[Timed]:
    """Every chosen exercise timed in JupyterLab, one page (and kernel) per lesson;
    ``nodelay``: the server's kernel websockets without Nagle's algorithm
    (kernel_ws_nodelay.py)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        sys.exit("Chromium is not installed: make system (apt-get install chromium)")
    measured: list[Timed] = []
    with (tempfile.TemporaryDirectory(prefix="check-latency-lab-") as folder,
          sync_playwright() as playwright):
        root, home = Path(folder) / "course", Path(folder) / "home"
        home.mkdir()
        if nodelay:
            (home / CONFIG_DIR).mkdir()
            (home / CONFIG_DIR / "jupyter_server_config.py").write_text(NODELAY.read_text())
        paths = {}
        for source in sorted(LESSONS.glob("*/*.ipynb")):
            chosen = {e.id: e for e in exercises if e.lesson == source.stem}
            if chosen:
                path = root / source.parent.name / source.name
                path.parent.mkdir(parents=True)
                nbformat.write(student_notebook(source, chosen), path)
                paths[path] = list(chosen.values())
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        context = browser.new_context(locale=LOCALE, viewport=VIEWPORT)
        context.add_init_script(path=str(CLOCKS))
        with running(root, home) as lab:
            for path, chosen in paths.items():
                page = context.new_page()
                measured += _measure_lesson(page, lab, path, chosen, repeat, not measured)
                page.close()
                _shut_down_kernels(lab)
        browser.close()
    return measured


def report_segments(measured: list[Timed]) -> None:
    """Per exercise, the median ms of each segment of a warm run, and the HTML's size."""
    print(f"\nwhere a warm run's time goes (median ms; kernel clock vs page clock, ±1 ms; "
          f"main busy: the page's long tasks from the key to the result's arrival)\n"
          f"{'exercise':<22}" + "".join(f"{name:>10}" for name in SEGMENTS)
          + f"{'main busy':>10}{'HTML B':>8}")
    for timed in measured:
        busy = statistics.median(run["busyBefore"] for run in timed.runs)
        print(f"{timed.row.id:<22}"
              + "".join(f"{timed.segment(name):>10.1f}" for name in SEGMENTS)
              + f"{busy:>10.0f}{timed.runs[-1]['bytes']:>8,}")
    graded = [timed for timed in measured if not timed.row.capstone]
    for label, runs in (("all checks", [run for t in graded for run in t.runs]),
                        ("all peers (1+1)", [run for t in graded for run in t.peer_runs])):
        if runs:
            print(f"{label:<22}" + "".join(f"{_segment(runs, name):>10.1f}"
                                           for name in SEGMENTS))
