"""The sample class of ``autograde demo``: every misconception it writes is the one the catalog
names, every style and unusual solution gets full marks, the plan is seeded and has every part
(cheaters, copiers, broken notebooks), the quiz answers are what they claim to be, the files
are written as nbgrader collects them, and the only near-identical solutions are the planted
pair."""

from __future__ import annotations

import json
import os
import random
import sys
import warnings
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbgrader.api import Gradebook

import reference
from autograde.catalog.exercises import EXERCISES
from autograde.catalog.spec import build_plan
from autograde.course.mutant_code import MutantCodeError, mutant_code
from autograde.course.quiz_places import answer_source, quiz_of
from autograde.course.sample_class import (
    LESSONS,
    MIN_STUDENTS,
    _mistake,
    instructor_solutions,
    plan_class,
    read_lesson,
    write_class,
)
from autograde.course.sample_code import EDITS, STYLES, UNUSUAL, edited, renamed_copy
from autograde.course.scaffold import init_course
from autograde.grader.fingerprint import fingerprint, master_scaffolds
from autograde.grader.program import exercises_in, graded_functions
from autograde.kit.feedback import grade_functions
from autograde.kit.quiz import key
from autograde.quiz.banks import library
from autograde.reports.similarity import MIN_SHARED, clusters

COURSE = "sample-101"
SEEDS = (0, 20261122)
MASTER = Path(__file__).resolve().parents[2] / "course" / "source"


def _source(lesson: str) -> nbformat.NotebookNode:
    return nbformat.read(MASTER / lesson / f"{lesson}.ipynb", as_version=4)


def _lessons() -> dict[str, tuple[list[str], dict[str, tuple[str, ...]]]]:
    found = {}
    for lesson in (*LESSONS, "07_digits"):
        source = _source(lesson)
        names = graded_functions(source)
        found[lesson] = (exercises_in(source), {
            e: tuple(names.get(e) or EXERCISES[e].function_names) for e in exercises_in(source)})
    return found


LESSON_FACTS = _lessons()
MISCONCEPTIONS = [(lesson, e, m.id) for lesson, (exercises, _) in LESSON_FACTS.items()
                  for e in exercises for m in EXERCISES[e].misconceptions]


def _grade(exercise: str, source: str, names: tuple[str, ...], seed: int):
    """The catalog's verdict on ``source`` (run here, with NumPy and the reference's functions
    for the names a style calls)."""
    scope: dict[str, object] = {"np": np, **{n: getattr(reference, n) for n in
                                             ("relu", "output_delta", "middle_delta",
                                              "weight_update", "bias_update")}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # overflow in exp: a student's code may warn
        exec(compile(source, f"<{exercise}>", "exec"), scope)  # our own sample code
        return grade_functions(build_plan(EXERCISES[exercise], seed=seed),
                               [scope[n] for n in names], "en")


@pytest.fixture(scope="module")
def solutions() -> dict[str, str]:
    return instructor_solutions(MASTER.parent)


@pytest.mark.parametrize(("lesson", "exercise", "misconception"), MISCONCEPTIONS,
                         ids=[m for _, _, m in MISCONCEPTIONS])
def test_each_misconception_as_written_is_the_one_named(lesson, exercise, misconception,
                                                        solutions):
    names = LESSON_FACTS[lesson][1][exercise]
    code = edited(solutions[exercise], misconception) or mutant_code(
        exercise, misconception, names, solutions, seed=7)
    assert "reference" not in code and "autograde" not in code
    for seed in SEEDS:
        result = _grade(exercise, code, names, seed)
        assert result.score < result.max_score
        assert misconception in result.misconceptions, code


@pytest.mark.parametrize("misconception", sorted(EDITS))
def test_every_edit_fits_the_instructors_solution(misconception, solutions):
    assert edited(solutions[misconception.split(".")[0]], misconception) is not None


def test_a_mutant_that_does_not_exist_or_does_not_fit_is_refused():
    with pytest.raises(MutantCodeError, match="no misconception"):
        mutant_code("relu", "relu.nonsense", ("relu",))
    with pytest.raises(MutantCodeError, match="defines 1 functions"):
        mutant_code("relu", "relu.mask", ("relu", "other"))


def test_restyled_mutants_differ_and_unstyled_ones_are_stable():
    names = ("middle_delta",)
    plain = mutant_code("middle_delta", "middle_delta.no_transpose", names)
    assert plain == mutant_code("middle_delta", "middle_delta.no_transpose", names)
    styled = {mutant_code("sigmoid", "sigmoid.unstable_form", ("sigmoid",), seed=s)
              for s in range(8)}
    assert len(styled) > 1


STYLED = [(e, i) for e, styles in STYLES.items() for i in range(len(styles))]


@pytest.mark.parametrize(("exercise", "index"), STYLED, ids=[f"{e}-{i}" for e, i in STYLED])
def test_every_style_gets_full_marks(exercise, index):
    for seed in SEEDS:
        result = _grade(exercise, STYLES[exercise][index].source,
                        EXERCISES[exercise].function_names, seed)
        assert result.score == result.max_score, result.checks


@pytest.mark.parametrize("exercise", sorted(UNUSUAL))
def test_the_unusual_solution_and_its_copy_get_full_marks(exercise):
    for source in (UNUSUAL[exercise], renamed_copy(UNUSUAL[exercise], "mine")):
        for seed in SEEDS:
            result = _grade(exercise, source, EXERCISES[exercise].function_names, seed)
            assert result.score == result.max_score, result.checks


# --- a course to plan and write into -----------------------------------------------------------

@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A course with per-student variants and a release made here (the solution cells and the
    answers blanked as ``nbgrader generate_assignment`` does: no nbgrader run needed)."""
    root = tmp_path_factory.mktemp("sample") / "course"
    init_course(root, "ja", COURSE, quiz_variants=True)
    for lesson in LESSONS:
        notebook = nbformat.read(root / "source" / lesson / f"{lesson}.ipynb", as_version=4)
        for cell in notebook.cells:
            if cell.get("id", "").endswith("-solution"):
                cell.source = "raise NotImplementedError()"
            if quiz_of(cell) and cell.get("id", "").endswith("-answer"):
                cell.source = answer_source(quiz_of(cell))
        (root / "release" / lesson).mkdir(parents=True)
        nbformat.write(notebook, root / "release" / lesson / f"{lesson}.ipynb")
    return root


def test_the_plan_is_seeded(course):
    first, again, other = plan_class(course), plan_class(course), plan_class(course, seed=1)
    assert [(w.code, w.answers, w.broken, w.submitted) for w in first.work.values()] == \
        [(w.code, w.answers, w.broken, w.submitted) for w in again.work.values()]
    assert [w.code for w in first.work.values()] != [w.code for w in other.work.values()]
    with pytest.raises(ValueError, match=f"at least {MIN_STUDENTS}"):
        plan_class(course, students=MIN_STUDENTS - 1)


def test_the_class_has_every_part(course):
    plan = plan_class(course)
    assert len(plan.students) == 60 and len(plan.work) == 180
    assert len({s.id for s in plan.students}) == 60
    made = plan.misconceptions()
    for lesson in LESSONS:
        for exercise in read_lesson(course, lesson).exercises:
            for misconception in EXERCISES[exercise].misconceptions:
                assert made[misconception.id] >= 1, misconception.id
    classic = made["softmax.unstable"] + made["cross_entropy_error.no_epsilon"]
    assert classic > made["softmax.no_exp"] + made["cross_entropy_error.one_sample_as_batch"]
    assert [lesson for _, lesson in plan.roles["cheat"]] == ["01_neuron", "01_neuron", "03_loss"]
    assert len(plan.roles["broken"]) == 3
    assert len(plan.roles["variant_copy"]) == len(plan.roles["variant_source"]) == 2
    assert plan.roles["unusual"][0][1] == plan.roles["copy"][0][1] == "03_loss"
    kinds = {k for w in plan.work.values() for k in w.kinds.values()}
    assert {"model", "style", "blank", "unusual", "copy", "cheat"} <= kinds
    assert 0 < sum(w.late for w in plan.work.values()) < 30
    sample = plan.spot_check("01_neuron")
    assert len(sample) == 5 and {s for s, _ in plan.roles["cheat"][:2]} <= set(sample)


def test_quiz_answers_are_keys_wrong_answers_and_a_friends_variant(course):
    plan, banks = plan_class(course), library(course)
    scores: list[float] = []
    for (student, _lesson), work in plan.work.items():
        for item, said in work.answers.items():
            if said is None:
                continue
            entry = banks.items[item]
            result = entry.check(said, entry.variant_of(student, COURSE))
            assert result.error is None, (student, item, said)
            scores.append(result.score / entry.resolved(0).points)
    assert 0.6 < np.mean(scores) < 0.95
    copiers = set(plan.roles["variant_copy"])
    for (student, lesson), work in plan.work.items():
        if (student, lesson) not in copiers:
            assert not [i for i, a in work.answers.items() if a is not None and banks.items[
                i].check(a, banks.items[i].variant_of(student, COURSE)).other_variant is not None]
    for (copier, lesson), (friend, _) in zip(plan.roles["variant_copy"],
                                             plan.roles["variant_source"], strict=True):
        answers = plan.work[copier, lesson].answers
        assert answers == plan.work[friend, lesson].answers
        others = [banks.items[i].check(a, banks.items[i].variant_of(copier, COURSE))
                  for i, a in answers.items() if a is not None]
        assert any(r.other_variant is not None and r.score == 0 for r in others)


def test_wrong_numeric_answers_show_their_misconception(course):
    plan, banks = plan_class(course), library(course)
    named = 0
    for (student, _lesson), work in plan.work.items():
        for item, said in work.answers.items():
            entry = banks.items[item]
            variant = entry.variant_of(student, COURSE)
            resolved = entry.resolved(variant)
            if said is None or said == key(resolved) or resolved.type != "numeric":
                continue
            named += bool(entry.check(said, variant).misconceptions)
    assert named > 10


def test_the_class_is_written_as_nbgrader_collects_it(course, monkeypatch):
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    plan = plan_class(course)
    assert write_class(course, plan) == 180
    for (student, lesson), work in plan.work.items():
        folder = course / "submitted" / student / lesson
        stamp = (folder / "timestamp.txt").read_text("utf-8")
        when = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S.%f UTC").replace(tzinfo=timezone.utc)
        assert (when > plan.due[lesson]) == work.late
        text = (folder / f"{lesson}.ipynb").read_text("utf-8")
        if work.broken == "truncated":
            with pytest.raises(json.JSONDecodeError):
                json.loads(text)
            continue
        cells = {c["id"]: c["source"] for c in json.loads(text)["cells"]}
        for exercise, code in work.code.items():
            if work.broken != f"deleted:{exercise}-solution":
                assert cells[f"{exercise}-solution"] == code
        if work.broken:
            assert work.broken.removeprefix("deleted:") not in cells
    cheats = [plan.work[s, lesson] for s, lesson in plan.roles["cheat"]]
    assert sum("h.grade_quiz = lambda" in (course / "submitted" / w.student / w.lesson /
                                           f"{w.lesson}.ipynb").read_text("utf-8")
               for w in cheats) == 1
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE) as gradebook:
        student = gradebook.find_student(plan.students[0].id)
        assert (student.first_name, student.last_name) == (plan.students[0].given,
                                                           plan.students[0].family)
        due = gradebook.find_assignment("03_loss").duedate
        assert due.replace(tzinfo=timezone.utc) == plan.due["03_loss"]


@pytest.mark.parametrize("lesson", [*LESSONS, "07_digits"])
def test_no_code_a_student_writes_is_long_enough_to_look_copied(lesson, solutions):
    """Styles and misconceptions are shared by many students: what is left of them once the
    instructor's solution is taken out must stay below the similarity's minimum."""
    source = _source(lesson)
    facts = read_lesson(MASTER.parent, lesson)
    scaffolds = master_scaffolds(source, list(facts.names.items()))
    written = [(e, style.source) for e in facts.exercises for style in STYLES.get(e, ())]
    written += [(e, _mistake(e, m.id, facts, solutions, random.Random(seed)))
                for e in facts.exercises for m in EXERCISES[e].misconceptions
                for seed in range(4)]
    for exercise, code in written:
        assert len(fingerprint(code, {"np"}, scaffolds[exercise])) < MIN_SHARED, code


def test_the_only_near_identical_solutions_are_the_planted_pair(course):
    """The fingerprints grading would store (without running anything): misconceptions
    written by several students, styles shared by many, and the cheats form no cluster."""
    for seed in (0, 1, 2):
        plan = plan_class(course, seed=seed)
        (author, where), (copier, _) = plan.roles["unusual"][0], plan.roles["copy"][0]
        for lesson in LESSONS:
            source = nbformat.read(course / "source" / lesson / f"{lesson}.ipynb", 4)
            facts = read_lesson(course, lesson)
            scaffolds = master_scaffolds(source, list(facts.names.items()))
            prints: dict[str, dict[str, list[int]]] = {}
            for (student, at), work in plan.work.items():
                for exercise, code in work.code.items():
                    if at == lesson and not work.broken and (
                            found := fingerprint(code, {"np"}, scaffolds[exercise])):
                        prints.setdefault(exercise, {})[student] = found
            found = {(c.exercise, c.students) for c in clusters(lesson, prints, 60)}
            planted = {(e, tuple(sorted((author, copier)))) for e in UNUSUAL} \
                if lesson == where else set()
            assert found == planted, (seed, lesson)
