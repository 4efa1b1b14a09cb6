"""One lesson of a Japanese course through real nbgrader, student by student: what the
instructor reads from ``nbgrader autograde`` and what ``nbgrader generate_feedback`` gives back.

An untouched or solved submission autogrades without a warning (no "checksum has changed" for
test cells nobody touched, no SQLAlchemy warnings), while every way of tampering with a locked
test cell is still reported and undone. The feedback page speaks Japanese and typesets its math
with the course's own MathJax.
"""

from __future__ import annotations

import re

import lesson_course as lc
import pytest
from bs4 import BeautifulSoup
from nbgrader.api import Gradebook

from autograde.course import mathjax
from autograde.course.feedback import AUTO_COMMENTS, WORDS

pytestmark = pytest.mark.slow
LANG = "ja"
WARNING = re.compile(r"Attribute '(\w+)' for cell ([\w-]+) has changed!")
TAMPERED_ATTRIBUTE = {"edited": "checksum", "forged": "checksum", "inflated": "points"}
"""What nbgrader reports for each kind of tampering."""
PAGE_WORDS = ("score", "top", "test_cell", "grade_cell", "answer", "comments")
"""The words every autograded lesson's feedback page shows."""


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> lc.LessonCourse:
    return lc.build(tmp_path_factory.mktemp("lesson") / "nn-dojo-ja", LANG)


def _locked_sources(notebook) -> dict[str, str]:
    return {c.id: c.source for c in notebook.cells
            if c.metadata.get("nbgrader", {}).get("locked")}


def _score(course: lc.LessonCourse, student: str, cell: str) -> float:
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gradebook:
        return gradebook.find_grade(cell, course.assignment, course.assignment, student).score


@pytest.mark.parametrize("student", [lc.UNTOUCHED, lc.CORRECT])
def test_a_submission_with_its_test_cells_as_released_autogrades_without_warnings(course,
                                                                                  student):
    assert not WARNING.search(course.student_log(student)), course.student_log(student)
    assert (_locked_sources(course.notebook("autograded", student))
            == _locked_sources(course.notebook("source"))), "the hidden tests did not come back"


def test_autograde_prints_no_sqlalchemy_warnings(course):
    assert "SAWarning" not in course.log, course.log


@pytest.mark.parametrize("student", list(lc.TAMPERING))
def test_a_tampered_test_cell_is_still_reported_and_replaced(course, student):
    cell = course.tampered_cell()
    assert WARNING.findall(course.student_log(student)) == [(TAMPERED_ATTRIBUTE[student], cell)]
    graded = course.notebook("autograded", student)
    assert _locked_sources(graded) == _locked_sources(course.notebook("source"))
    assert next(c for c in graded.cells if c.id == cell).metadata.nbgrader["locked"]
    assert _score(course, student, cell) == 0  # the unsolved exercise, not the forged score


def test_the_feedback_page_loads_the_courses_own_mathjax(course):
    page = course.feedback_page(lc.CORRECT)
    sources = [tag["src"] for tag in BeautifulSoup(page.read_text("utf-8"), "html.parser")
               .find_all("script", src=True)]
    assert sources, "no MathJax on the page"
    for source in sources:
        assert not re.match(r"\w+://", source), source
        script = (page.parent / source).resolve()
        assert script == (course.root / mathjax.COURSE_FOLDER / mathjax.SCRIPT).resolve()
        assert script.read_bytes() == (mathjax.VENDOR / mathjax.SCRIPT).read_bytes()


def test_the_feedback_page_speaks_the_course_language(course):
    soup = BeautifulSoup(course.feedback_page(lc.UNTOUCHED).read_text("utf-8"), "html.parser")
    assert soup.html.get("lang") == LANG
    for tag in soup(["script", "style", "pre"]):
        tag.decompose()
    text = soup.get_text(" ")
    for name in PAGE_WORDS:
        assert WORDS[name](LANG) in text, name
        assert WORDS[name]("en") not in text, name
    for comment, words in AUTO_COMMENTS.items():  # the solution cells were left as released
        assert words(LANG) in text and comment not in text


def test_the_courses_config_keeps_nbgraders_sanitizing_steps(course):
    from nbgrader.converters.autograde import Autograde
    from nbgrader.preprocessors import OverwriteCells
    from traitlets.utils.importstring import import_item

    from autograde.course.layout import read_config
    from autograde.course.overwrite import OverwriteReleasedCells

    listed = [import_item(name)
              for name in read_config(course.root).Autograde.sanitize_preprocessors]
    assert listed == [OverwriteReleasedCells if step is OverwriteCells else step
                      for step in Autograde.sanitize_preprocessors.default()]
    assert issubclass(OverwriteReleasedCells, OverwriteCells)

