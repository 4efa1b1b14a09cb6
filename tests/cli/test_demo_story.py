"""``autograde demo`` on a reduced class (12 students): the course, the class, isolated grading of
everyone, nbgrader's spot check with the audit, the dashboard, and a summary that names the
misconceptions found and the submissions to look at."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograde.course.sample_class import LESSONS, plan_class
from autograde.grader.store import Store
from autograde.quiz.banks import library
from autograde.reports.dashboard_misconceptions import notes

pytestmark = pytest.mark.slow
STUDENTS = 12


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("demo") / "story"
    done = subprocess.run([sys.executable, "-m", "autograde.cli", "demo", "--students",
                           str(STUDENTS), "--lang", "en", "--dir", str(folder)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:] + done.stdout[-3000:]
    assert "Traceback" not in done.stderr
    return folder / "course", done.stdout


def _section(stdout: str, title: str) -> str:
    """The lines of the summary section that starts with ``title``."""
    start = stdout.index(title)
    return stdout[start:].split("\n\n")[0]


def test_the_store_holds_every_student_of_every_lesson(demo):
    root, _ = demo
    students = {s.id for s in plan_class(root, students=STUDENTS).students}
    with Store.for_course(root) as store:
        stored = {(r.student, r.assignment) for r in store.results()}
    assert stored == {(s, lesson) for s in students for lesson in LESSONS}


def test_the_dashboard_is_written_where_the_summary_says(demo):
    root, stdout = demo
    shown = re.search(r"Open the dashboard: (\S+)", stdout)
    assert shown is not None and Path(shown.group(1)) == root / "dashboard.html"
    page = (root / "dashboard.html").read_text("utf-8")
    for section in ("overview", "misconceptions", "items", "integrity", "students"):
        assert f'id="{section}"' in page
    assert "<script src=" not in page and "https://" not in page.split("<body", 1)[1][:2000]


def test_nbgrader_graded_the_spot_check_and_the_audit_caught_the_cheats(demo):
    root, stdout = demo
    plan = plan_class(root, students=STUDENTS)
    spot = plan.spot_check("01_neuron")
    assert sorted(p.name for p in (root / "autograded").iterdir()) == spot
    cheaters = [s for s, lesson in plan.roles["cheat"] if lesson == "01_neuron"]
    audit = _section(stdout, f"01_neuron: {len(cheaters)} of {len(spot)} submissions scored "
                             "higher by nbgrader")
    assert all(s in audit for s in cheaters) and "monkeypatches the grader" in audit


def test_the_summary_names_misconceptions_found_and_submissions_to_look_at(demo):
    root, stdout = demo
    with Store.for_course(root) as store:
        found = {m for r in store.results() for e in r.exercises for m in e.misconceptions}
        found |= {m for r in store.results() for q in r.quiz for m in q.misconceptions}
    banks = library(root)
    named = notes(banks, banks.items)
    top = _section(stdout, "Most common misconceptions").splitlines()[2:]
    assert top and all(any(line.startswith(named[m].name("en")) for m in found)
                       for line in top)
    flagged = _section(stdout, "submissions to look at")
    plan = plan_class(root, students=STUDENTS)
    for student, lesson in plan.roles["cheat"]:
        assert re.search(rf"{student}\s+{lesson}\s+.*monkeypatches the grader", flagged)
    for student, lesson in plan.roles["broken"]:
        assert re.search(rf"{student}\s+{lesson}\s+.*could not be", flagged)
    copier, lesson = plan.roles["copy"][0]
    assert re.search(rf"{copier}\s+{lesson}\s+near-identical code", flagged)
    assert re.search(r"Isolated grading: 36 submissions in [\d.]+ s \([\d.]+ submissions/s",
                     stdout)
