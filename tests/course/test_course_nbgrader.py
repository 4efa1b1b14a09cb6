"""The course through real nbgrader, in both languages: release, autograde, feedback, export.

One pipeline per language runs once for the whole module (both at the same time); the tests
then read its gradebook, notebooks, feedback and CSV. Expected scores are computed here, with
the same plans (the student's hidden seed) and the same functions as in the student's kernel.
"""

from __future__ import annotations

import getpass
import html
import re
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import nbgrader_course as nc
import pytest
from nbgrader.api import Gradebook
from nbgrader_course import BLANK, CORRECT, LOOPS, RAISES, CourseRun

from autograde.catalog.exercises import EXERCISES
from autograde.catalog.spec import build_plan
from autograde.course.lessons import GRADER_CALL
from autograde.course.quiz_places import TEST_CELL, answer_source, quiz_of
from autograde.grader.program import exercises_in, quiz_places
from autograde.kit.feedback import grade_functions
from autograde.kit.seeds import hidden_seed
from autograde.kit.text import DEFAULT_LANG
from autograde.quiz.banks import library

LANGS = ("ja", "en")
TIMINGS_FILE = Path(__file__).resolve().parents[2] / "build" / "nbgrader_course.txt"
"""tests/conftest.py prints it at the end of the run (this module may run in another
process)."""
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def courses(tmp_path_factory) -> dict[str, CourseRun]:
    base = tmp_path_factory.mktemp("courses")
    with ThreadPoolExecutor(len(LANGS)) as pool:
        runs = {lang: pool.submit(nc.build, base / f"nn-dojo-{lang}", lang, i, len(LANGS))
                for i, lang in enumerate(LANGS)}
        built = {lang: future.result() for lang, future in runs.items()}
    lines = []
    for lang, course in built.items():
        steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in course.seconds.items())
        count = sum(1 for _ in (course.root / "submitted").glob("*/*/*.ipynb"))
        per = course.seconds.get("autograde", 0.0) / max(count, 1)
        lines.append(f"nbgrader course [{lang}]: {steps}; {count} submissions, "
                     f"{per:.2f} s each in nbgrader autograde")
    TIMINGS_FILE.parent.mkdir(exist_ok=True)
    TIMINGS_FILE.write_text("\n".join(lines) + "\n", "utf-8")
    return built


def _grades(course: CourseRun) -> dict[tuple[str, str, str], tuple[float, float]]:
    """(assignment, student, grade cell) → (score, max score) from nbgrader's gradebook."""
    found = {}
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gradebook:
        for assignment in gradebook.assignments:
            for submission in gradebook.assignment_submissions(assignment.name):
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        found[assignment.name, submission.student.id, grade.name] = (
                            grade.score, grade.max_score)
    return found


def _scores(course: CourseRun) -> dict[tuple[str, str, str], tuple[float, float]]:
    """(assignment, student, exercise) → (score, max score): the exercises' grade cells."""
    return {(a, s, cell.removesuffix("-check")): grade
            for (a, s, cell), grade in _grades(course).items() if cell.endswith("-check")}


def _quiz_scores(course: CourseRun) -> dict[tuple[str, str, str], tuple[float, float]]:
    """(assignment, student, quiz item) → (score, max score): the quiz places' grade cells."""
    return {(a, s, cell.removeprefix("quiz-")): grade
            for (a, s, cell), grade in _grades(course).items() if cell.startswith("quiz-")}


@cache
def _expected(course_id: str, assignment: str, student: str, exercise: str, lang: str):
    """What the grader gives ``student`` for ``exercise``: their plan, their functions."""
    spec = EXERCISES[exercise]
    misconception = nc.misconception_for(exercise, student)
    if misconception is None:
        return None
    mutant = next(m.mutant for m in spec.misconceptions if m.id == misconception)
    functions = list(mutant) if isinstance(mutant, tuple) else [mutant]
    plan = build_plan(spec, seed=hidden_seed(course_id, assignment, student))
    return grade_functions(plan, functions, lang)


def _visible_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("lang", LANGS)
def test_release_notebooks_have_no_solutions_and_no_hidden_tests(courses, lang):
    course = courses[lang]
    stub = "ここにコードを書いてください" if lang == "ja" else "YOUR CODE HERE"
    for assignment in course.assignments():
        text = "\n".join(c.source for c in course.notebook("release", assignment).cells)
        for secret in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "autograde.course.hidden", "grade("):
            assert secret not in text, (assignment, secret)
        assert stub in text and "raise NotImplementedError()" in text


@pytest.mark.parametrize("lang", LANGS)
def test_blank_release_notebooks_run_and_score_zero(courses, lang):
    course, scores = courses[lang], _scores(courses[lang])
    for assignment in course.assignments():
        notebook = course.notebook("autograded", assignment, BLANK)
        for cell in notebook.cells:
            errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
            if cell.metadata.get("nbgrader", {}).get("grade"):
                assert not errors, (assignment, cell.id, errors)
            # a demo that calls an unwritten function may stop; nothing else may fail
            assert all(e.ename == "NotImplementedError" for e in errors), (assignment, cell.id)
        for exercise in exercises_in(notebook):
            assert scores[assignment, BLANK, exercise][0] == 0, (assignment, exercise)


@pytest.mark.parametrize("lang", LANGS)
def test_correct_submissions_get_full_marks(courses, lang):
    scores = _scores(courses[lang])
    for assignment in courses[lang].assignments():
        for exercise in exercises_in(courses[lang].notebook("source", assignment)):
            score, max_score = scores[assignment, CORRECT, exercise]
            assert max_score == EXERCISES[exercise].max_score
            assert score == max_score, (assignment, exercise)


@pytest.mark.parametrize("lang", LANGS)
def test_each_misconception_lands_with_the_graders_score_and_its_hint(courses, lang):
    course, scores = courses[lang], _scores(courses[lang])
    partial, seen = 0, set()
    for (assignment, student, exercise), (score, max_score) in scores.items():
        expected = _expected(course.course_id, assignment, student, exercise, lang)
        if expected is None:
            continue
        seen.add(nc.misconception_for(exercise, student))
        assert score == pytest.approx(expected.score, abs=1e-6), (student, exercise)
        assert score < max_score, (student, exercise)
        partial += 0 < score < max_score
        feedback = _visible_text(course.feedback(assignment, student))
        for hint in expected.hints:
            assert hint.text in feedback, (student, exercise, hint.id)
    assert seen, "no misconception submission was graded"
    assert partial, "no partial credit reached the gradebook"


def test_the_two_languages_cover_every_misconception_of_the_course(courses):
    seen = {nc.misconception_for(exercise, student)
            for course in courses.values() for (_, student, exercise) in _scores(course)}
    taught = {e for course in courses.values() for a in course.assignments()
              for e in exercises_in(course.notebook("source", a))}
    wanted = {m.id for e in taught for m in EXERCISES[e].misconceptions}
    assert wanted <= seen


def _handed_in(course: CourseRun, student: str) -> list[str]:
    found = [a for a in course.assignments() if course.hands_in(student, a)]
    assert found, (course.lang, student)
    return found


def test_the_languages_share_the_raising_and_looping_students_over_every_lesson(courses):
    for student in nc.SHARED:
        handed = [a for course in courses.values() for a in _handed_in(course, student)]
        assert sorted(handed) == courses[LANGS[0]].assignments(), student
        for course in courses.values():
            graded = {a for (a, s, _) in _scores(course) if s == student}
            assert graded == set(_handed_in(course, student)), (course.lang, student)


@pytest.mark.parametrize("lang", LANGS)
def test_a_raising_submission_scores_zero_and_the_feedback_names_the_error(courses, lang):
    course, scores = courses[lang], _scores(courses[lang])
    for assignment in _handed_in(course, RAISES):
        for exercise in exercises_in(course.notebook("source", assignment)):
            assert scores[assignment, RAISES, exercise][0] == 0
        assert "RuntimeError: oops" in _visible_text(course.feedback(assignment, RAISES))


@pytest.mark.parametrize("lang", LANGS)
def test_an_endless_loop_is_stopped_by_the_cell_timeout_and_costs_only_its_exercise(courses, lang):
    course, scores = courses[lang], _scores(courses[lang])
    for assignment in _handed_in(course, LOOPS):
        first, *others = exercises_in(course.notebook("source", assignment))
        assert scores[assignment, LOOPS, first][0] == 0, assignment
        for exercise in others:
            score, max_score = scores[assignment, LOOPS, exercise]
            assert score == max_score, (assignment, exercise)


@pytest.mark.parametrize("lang", LANGS)
def test_export_writes_the_gradebook_totals(courses, lang):
    course, scores = courses[lang], _grades(courses[lang])
    rows = course.export()
    assert rows
    for row in rows:
        total = sum(score for (a, s, _), (score, _) in scores.items()
                    if a == row["assignment"] and s == row["student_id"])
        assert float(row["score"]) == pytest.approx(total, abs=1e-6), row


@pytest.mark.parametrize("lang", LANGS)
def test_validate_passes_on_every_source_notebook(courses, lang):
    log = courses[lang].logs["validate"]
    assert log.count("Success! Your notebook passes all the tests.") == len(
        courses[lang].assignments()), log[-2000:]


@pytest.mark.parametrize("lang", LANGS)
def test_a_submission_through_release_fetch_submit_collect_is_graded(courses, lang):
    course, scores = courses[lang], _grades(courses[lang])
    first = course.assignments()[0]
    student = getpass.getuser()
    graded = [(score, max_score) for (a, s, _), (score, max_score) in scores.items()
              if a == first and s == student]
    assert graded and all(score == max_score for score, max_score in graded)


def localize_call(source: str, lang: str) -> str:
    """A test cell's visible part as ``autograde init`` writes it in ``lang``."""
    return source if lang == DEFAULT_LANG else GRADER_CALL.sub(rf'\1, lang="{lang}")', source)


def _graded_places(course: CourseRun, assignment: str) -> list[str]:
    return [item for item in quiz_places(course.notebook("source", assignment))
            if library().items[item].resolved(0).kind == "graded"]


@pytest.mark.parametrize("lang", LANGS)
def test_quiz_places_are_graded_by_nbgrader_with_the_banks_key(courses, lang):
    course, scores = courses[lang], _quiz_scores(courses[lang])
    graded_items = {item for (_, _, item) in scores}
    wrong_seen = 0
    for assignment in course.assignments():
        places = _graded_places(course, assignment)
        assert places, assignment
        practice = set(quiz_places(course.notebook("source", assignment))) - set(places)
        assert not practice & graded_items  # practice places have no grade cell
        for item in places:
            entry = library().items[item]
            points = entry.resolved(0).points
            assert scores[assignment, CORRECT, item] == (points, points), (assignment, item)
            assert scores[assignment, BLANK, item] == (0, points), (assignment, item)
            for student in course.students:
                if student.startswith("mistake") and (assignment, student, item) in scores:
                    said = nc.quiz_answer(item, student)
                    expected = entry.check(said, 0, lang).score
                    assert scores[assignment, student, item] == (expected, points), (item, said)
                    wrong_seen += expected < points
    assert wrong_seen > 0


@pytest.mark.parametrize("lang", LANGS)
def test_the_feedback_page_gives_a_graded_quiz_answer_its_verdict(courses, lang):
    course = courses[lang]
    assignment = course.assignments()[0]
    student = next(s for s in course.students if s.startswith("mistake")
                   and (course.root / "feedback" / s / assignment).is_dir())
    page = _visible_text(course.feedback(assignment, student))
    for item in _graded_places(course, assignment):
        result = library().items[item].check(nc.quiz_answer(item, student), 0, lang)
        for line in result.feedback.splitlines():
            assert " ".join(line.split()) in " ".join(page.split()), (item, line)


@pytest.mark.parametrize("lang", LANGS)
def test_released_notebooks_hold_no_quiz_key(courses, lang):
    """A released quiz place is its question, a blank answer cell and a test cell without its
    hidden part; no cell carries anything of the key in its metadata."""
    course = courses[lang]
    for assignment in course.assignments():
        release = course.notebook("release", assignment)
        for item in quiz_places(release):
            cells = {c.id.removeprefix(f"quiz-{item}-"): c for c in release.cells
                     if quiz_of(c) == item}
            assert all(c.metadata["autograde"] == {"quiz": item} for c in cells.values())
            assert cells["answer"].source == answer_source(item), (assignment, item)
            if "check" in cells:
                visible = TEST_CELL.format(item=item).split("### BEGIN HIDDEN TESTS")[0].strip()
                assert cells["check"].source.strip() == localize_call(visible, lang)
