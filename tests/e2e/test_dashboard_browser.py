"""The instructor's dashboard (``autograde dashboard``) in Chromium, opened from disk with every
request that is not a file refused: it renders, every section is there, the charts are drawn,
the students table sorts and filters, a student's drill-down opens with their tables, and the
page asks for nothing over the network. The class is tests/reports/test_dashboard_class.py's.

Screenshots (build/screenshots/): dashboard_overview (the top of the page: header, overview
table and the first histograms), dashboard_misconceptions, dashboard_items,
dashboard_integrity, dashboard_students (filtered, one student opened), all in Japanese, and
dashboard_students_en.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from browser import SCREENSHOTS, open_offline

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))  # the class
from test_dashboard_class import LESSONS, class_course

from autograde.cli import main
from autograde.reports.dashboard import SECTIONS
from autograde.reports.dashboard_labels import LABELS

pytestmark = pytest.mark.e2e
CLASS = 16
ROWS = "#students-table tbody tr"
SHOWN_ROWS = f"() => [...document.querySelectorAll('{ROWS}')].filter(r => !r.hidden).length"
COLUMN = """(stat) => [...document.querySelectorAll('#students-table tbody tr')]
  .map(r => r.querySelector(`[data-stat="${stat}"]`).dataset.value)"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    root = class_course(tmp_path_factory.mktemp("dashboard-browser") / "course", n=CLASS).root
    found = {}
    for lang in ("ja", "en"):
        found[lang] = root / f"dashboard-{lang}.html"
        assert main(["dashboard", "--course", str(root), "-o", str(found[lang]),
                     "--lang", lang]) == 0
    return found


def snap(locator, name: str) -> Path:
    """A screenshot of one element as build/screenshots/<name>.png (the sticky section links
    let go of the top, or they would cover the element's first lines)."""
    locator.page.evaluate("() => { document.querySelector('nav.sections').style.position = "
                          "'static'; }")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    locator.screenshot(path=str(path))
    return path


def opened(page, path: Path) -> tuple[list[str], list[str]]:
    """Open the dashboard offline: (every URL the page requested, the ones refused)."""
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    refused = open_offline(page, path, typeset=False)
    page.wait_for_load_state("load")
    assert errors == []
    return requested, refused


def test_the_dashboard_renders_offline_with_every_section_and_chart(page, pages):
    requested, refused = opened(page, pages["ja"])
    assert refused == []
    assert requested == [pages["ja"].as_uri()]
    for section in SECTIONS:
        heading = page.locator(f"section#{section} > h2")
        assert heading.is_visible()
        assert heading.inner_text() == LABELS[section]("ja")
    charts = page.locator("svg.chart")
    assert charts.count() == len(LESSONS) + 3  # histograms per lesson, bars, heat map, items
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100
    assert page.evaluate("() => document.fonts.check('16px \"Noto Sans CJK JP\"')")
    page.screenshot(path=str(SCREENSHOTS / "dashboard_overview.png"))
    for section in ("misconceptions", "items", "integrity"):
        snap(page.locator(f"section#{section}"), f"dashboard_{section}")


def test_the_students_table_sorts_filters_and_opens_a_drill_down(page, pages):
    requested, refused = opened(page, pages["ja"])
    assert page.locator(ROWS).count() == CLASS
    header = page.locator("#students-table th", has_text=LABELS["percent"]("ja"))
    header.click()
    ascending = [float(v) for v in page.evaluate(COLUMN, "percent")]
    assert ascending == sorted(ascending) and ascending[0] < ascending[-1]
    assert header.get_attribute("aria-sort") == "ascending"
    header.click()
    assert [float(v) for v in page.evaluate(COLUMN, "percent")] == sorted(ascending,
                                                                          reverse=True)
    lesson = page.locator("#students-table th", has_text="03_loss")
    for ascending in (True, False):
        lesson.click()
        scores = page.evaluate(COLUMN, "03_loss")
        assert scores[-1] == "", "not submitted sorts last, either way"
        numbers = [float(v) for v in scores if v]
        assert numbers == sorted(numbers, reverse=not ascending)

    page.fill("input[data-filter='students-table']", "stu-twin")
    assert page.evaluate(SHOWN_ROWS) == 2
    assert page.locator("[data-count='students-table']").inner_text() == f"2 / {CLASS}"
    page.fill("input[data-filter='students-table']", "stu-late")
    assert page.evaluate(SHOWN_ROWS) == 1

    page.locator("#students-table a.drill", has_text="stu-late").click()
    details = page.locator("details[data-student='stu-late']")
    assert details.get_attribute("open") is not None
    for lesson, exercises in LESSONS.items():
        heading = details.locator(f"h4[data-assignment='{lesson}']")
        assert heading.is_visible()
        table = heading.locator("xpath=following-sibling::table[contains(@class, "
                                "'exercises')][1]")
        assert table.locator("tbody tr").count() == len(exercises)
    assert details.get_by_text("26.0 時間遅れ").is_visible()
    assert requested == [pages["ja"].as_uri()] and refused == []
    page.evaluate("() => window.scrollTo(0, 0)")
    snap(page.locator("section#students"), "dashboard_students")


def test_the_english_dashboard_reads_in_english(page, pages):
    requested, refused = opened(page, pages["en"])
    assert requested == [pages["en"].as_uri()] and refused == []
    assert page.locator("html").get_attribute("lang") == "en"
    for section in SECTIONS:
        assert page.locator(f"section#{section} > h2").inner_text() == LABELS[section]("en")
    page.locator("#students-table a.drill", has_text="stu-cheater").click()
    details = page.locator("details[data-student='stu-cheater']")
    assert details.locator("ul.signals li").count() >= 2
    snap(page.locator("section#students"), "dashboard_students_en")
