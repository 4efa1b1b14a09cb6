"""Near-identical solutions at class scale: clustering from a generated results store.

Generates a class of N students (default 1,000) over lessons 01 and 02 (seven exercises), each
solution written from the master notebook's and fingerprinted as ``autograde grade`` does
(:mod:`autograde.grader.fingerprint`, the master's solution and stub removed), and saves one
result per student and assignment in a SQLite store. Solutions come in the styles a class
writes: the model answer with other names and formatting (about half), the model answer plus a
common extra line (four idioms, 10 %, 6 %, 5 % and 4 % of the class: the common-hash filter's
and the minimum of shared hashes' work), and the model answer plus a few lines of the
student's own; a few planted groups copied the same own lines under other names. Then it times
``similar_clusters`` on every assignment and prints the time, the rows and whether exactly the
planted groups came out.

    python benchmarks/similarity.py [--students 1000] [--groups 3] [--db URL]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from autograde.catalog.exercises import EXERCISES
from autograde.catalog.spec import build_plan
from autograde.grader.fingerprint import fingerprint, imported_names, scaffold, solution_source
from autograde.grader.program import exercises_in, graded_functions, read_notebook
from autograde.grader.records import SubmissionResult
from autograde.grader.store import Store
from autograde.reports.similarity import similar_clusters

COURSE = Path(__file__).resolve().parents[1] / "course" / "source"
ASSIGNMENTS = ("01_neuron", "02_forward")
FUNCTIONS = ("exp", "tanh", "abs", "sqrt", "log1p", "square", "sign", "cos", "floor", "mean")
OPERATORS = ("+", "-", "*", "/")
CONSTANTS = ("0.5", "2", "1e-8", "3.0", "10", "0.25", "1e-12", "7", "100.0", "0.01")
NAMES = ("tmp", "z", "val", "out", "res", "acc", "aux", "part", "y2", "scaled", "shift", "buf")
IDIOMS = ("x = np.asarray(x, dtype=np.float64)", "assert np.all(np.isfinite(x))",
          "x = np.array(x, copy=True)", "x = np.atleast_1d(x)")
TARGET_SECONDS = 2.0


@dataclass(frozen=True)
class Exercise:
    assignment: str
    exercise: str
    functions: tuple[str, ...]
    master: str
    """The master's solution cell."""


def exercises() -> list[Exercise]:
    found = []
    for assignment in ASSIGNMENTS:
        notebook = read_notebook(COURSE / assignment / f"{assignment}.ipynb")
        names = graded_functions(notebook)
        cells = [(cell.get("id", ""), cell.source) for cell in notebook.cells
                 if cell.cell_type == "code"]
        for exercise in exercises_in(notebook):
            functions = names.get(exercise) or tuple(build_plan(EXERCISES[exercise],
                                                                seed=0).functions)
            found.append(Exercise(assignment, exercise, tuple(functions),
                                  solution_source(cells, exercise, functions)))
    return found


def own_lines(rng: random.Random) -> list[tuple[str, str, str, str]]:
    """A student's own statements: (function, operator, constant, argument) each."""
    return [(rng.choice(FUNCTIONS), rng.choice(OPERATORS), rng.choice(CONSTANTS),
             rng.choice(("x", "1.0", "x")))
            for _ in range(rng.randint(3, 6))]


def written(master: str, extra: list[str], rng: random.Random) -> str:
    """The master's solution with ``extra`` lines after the def line, comments and spacing
    varied."""
    lines = master.splitlines()
    comment = rng.choice(("", "    # my solution", "    # 自分の解答"))
    body = [f"    {line}" for line in extra]
    spaced = [line.replace(" = ", "=") if rng.random() < 0.3 else line for line in lines[1:]]
    return "\n".join([lines[0], *([comment] if comment else []), *body, *spaced]) + "\n"


def own(lines: list[tuple[str, str, str, str]], rng: random.Random) -> list[str]:
    """The statements under fresh variable names (a copier renames)."""
    names = rng.sample(NAMES, len(lines))
    return [f"{name} = np.{function}({argument} {operator} {constant})"
            for name, (function, operator, constant, argument) in zip(names, lines, strict=True)]


def generate(students: int, groups: int, seed: int = 0
             ) -> tuple[dict[str, dict[str, dict[str, list[int]]]], set[tuple[str, tuple]]]:
    """Assignment → student → exercise → fingerprint, and the planted (exercise, students)."""
    rng = random.Random(seed)
    names = [f"s{i:04d}" for i in range(students)]
    kept = imported_names(["import numpy as np", "import matplotlib.pyplot as plt"])
    found: dict[str, dict[str, dict[str, list[int]]]] = {a: {n: {} for n in names}
                                                         for a in ASSIGNMENTS}
    planted = set()
    for exercise in exercises():
        ignored = scaffold(exercise.master, kept)
        copied: dict[str, list[tuple[str, str, str, str]]] = {}
        for _ in range(groups):
            members = tuple(sorted(rng.sample(names, rng.choice((2, 2, 3)))))
            if any(m in copied for m in members):
                continue
            shared = own_lines(rng) + own_lines(rng)
            copied.update(dict.fromkeys(members, shared))
            planted.add((exercise.exercise, members))
        for student in names:
            roll = rng.random()
            if student in copied:
                extra = own(copied[student], rng)
            elif roll < 0.5:
                extra = []
            elif roll < 0.75:
                extra = rng.choices(IDIOMS, weights=(10, 6, 5, 4))
            else:
                extra = own(own_lines(rng), rng)
            hashes = fingerprint(written(exercise.master, extra, rng), kept, ignored)
            if hashes:
                found[exercise.assignment][student][exercise.exercise] = hashes
    return found, planted


def fill(store: Store, generated: dict[str, dict[str, dict[str, list[int]]]]) -> None:
    """One stored result per student and assignment, fingerprints included."""
    store.save_all(SubmissionResult(assignment=assignment, student=student,
                                    path=f"{student}.ipynb", digest="0" * 64, lang="en",
                                    fingerprints=prints)
                   for assignment, by_student in generated.items()
                   for student, prints in by_student.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--groups", type=int, default=3, help="planted groups per exercise")
    parser.add_argument("--db", help="a results store URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.db'}"
        start = time.perf_counter()
        generated, planted = generate(args.students, args.groups)
        with Store(url) as store:
            fill(store, generated)
            made = time.perf_counter() - start
            with store.engine.connect() as connection:
                rows = connection.scalar(text("SELECT COUNT(*) FROM fingerprints"))
            start = time.perf_counter()
            found = [c for a in ASSIGNMENTS for c in similar_clusters(store, a)]
            seconds = time.perf_counter() - start
    exact = {(c.exercise, c.students) for c in found} == planted
    print(f"generated {args.students} students x {len(exercises())} exercises "
          f"({rows} fingerprint rows) in {made:.1f} s")
    print(f"similar_clusters: {seconds:.3f} s for {len(ASSIGNMENTS)} assignments "
          f"(target < {TARGET_SECONDS:.0f} s); {len(found)} clusters, planted {len(planted)}, "
          f"{'exactly the planted groups' if exact else 'NOT the planted groups'}")


if __name__ == "__main__":
    main()
