"""The feedback page a student gets back, opened from disk in Chromium with the network cut.

A Japanese course made by ``autograde init``, its first lesson solved, autograded and turned
into feedback by real nbgrader; the page is opened as a file (file://) and every request that
is not a file is refused. MathJax — the course's own copy — must typeset each formula of the
lesson, and the page must read in Japanese. The screenshot is build/screenshots/feedback_ja.png.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from browser import MATH, RAW_TEXT, open_offline, screenshot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "course"))  # the course helpers
import lesson_course as lc

from autograde.course.feedback import WORDS

pytestmark = pytest.mark.e2e
LANG = "ja"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> lc.LessonCourse:
    return lc.build(tmp_path_factory.mktemp("feedback") / "nn-dojo-ja", LANG, (lc.CORRECT,))


def _formulas(course: lc.LessonCourse) -> int:
    return sum(len(MATH.findall(cell.source)) for cell in course.notebook("source").cells
               if cell.cell_type == "markdown")


def test_the_feedback_page_typesets_the_lessons_math_offline(course, page):
    refused = open_offline(page, course.feedback_page(lc.CORRECT))
    typeset = page.locator("mjx-container")
    assert typeset.count() == _formulas(course) > 0
    assert page.locator("mjx-container svg").count() == typeset.count()
    assert page.evaluate(RAW_TEXT) == []
    assert refused == []
    assert page.evaluate("document.documentElement.lang") == LANG
    heading = page.locator(".panel-heading h4").first.inner_text()
    assert f"{WORDS['score'](LANG)}:" in heading, heading
    assert page.get_by_text(WORDS["answer"](LANG)).count() > 0
    screenshot(page, f"feedback_{LANG}")
