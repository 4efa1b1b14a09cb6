"""The instructor's dashboard (``autograde dashboard``): one self-contained HTML file from the
results store — no network, no CDN, no server — with the sections ``overview``,
``misconceptions``, ``items``, ``integrity`` and ``students``.

The numbers come from the other report modules (the response matrix and Moodle's statistics,
the similarity clusters) and from the stored results; the course adds names, submission times
and the audit when the dashboard is made in one. Charts are matplotlib's SVG, inlined; tables
sort and filter with a few lines of inline script (``templates/dashboard.js``). One template
serves Japanese and English (:mod:`autograde.reports.dashboard_labels`).
"""

from __future__ import annotations

import contextlib
import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import jinja2
import numpy as np
from markupsafe import Markup

from autograde.course.audit import explain_reason
from autograde.grader.records import SubmissionResult
from autograde.grader.store import Store
from autograde.kit.text import Lang
from autograde.quiz.bank import BankError
from autograde.reports import dashboard_charts as charts
from autograde.reports.dashboard_course import (
    Audit,
    GradebookFacts,
    audits,
    gradebook_facts,
)
from autograde.reports.dashboard_drill import drill_down, script_json
from autograde.reports.dashboard_integrity import Signal, sandbox_events, scan_flags
from autograde.reports.dashboard_items import AssignmentItems, item_analysis
from autograde.reports.dashboard_labels import LABELS
from autograde.reports.dashboard_misconceptions import (
    Note,
    Occurrence,
    notes,
    occurrences,
    student_matrix,
)
from autograde.reports.dashboard_overview import QUIZ, AssignmentOverview, overview
from autograde.reports.dashboard_people import People, course_key
from autograde.reports.dashboard_students import StudentRow, student_rows
from autograde.reports.helper import Helper, Pending, finish
from autograde.reports.responses import build_responses
from autograde.reports.similarity import (
    THRESHOLD,
    Cluster,
    VariantAnswer,
    similar_clusters,
    variant_answers,
)
from autograde.reports.source import SAY as SOURCE_SAY
from autograde.reports.source import NoResults, course_banks, open_store

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "dashboard.html.j2"
TOP_BARS = 15
"""Misconceptions in the bar chart."""
HEAT_ROWS = 25
"""Misconceptions in the heat map."""
NAMED_COLUMNS = 80
"""Up to this many students, the heat map names each one."""
SECTIONS = ("overview", "misconceptions", "items", "integrity", "students")


@dataclass
class DashboardOptions:
    course: Path
    """The nbgrader course (names, timestamps, audit, banks, pseudonym key) or any folder."""
    db: str | None = None
    assignments: Sequence[str] = ()
    """Empty: every assignment in the store."""
    lang: Lang = "ja"
    anonymize: bool = False
    threshold: float = THRESHOLD
    """Similarity from which two solutions count as near-identical."""


@dataclass
class Page:
    """Everything the template shows."""

    lang: Lang
    generated: str
    store: str
    assignments: list[str]
    people: People
    overviews: list[tuple[AssignmentOverview, Markup]]
    misconceptions: list[Occurrence]
    notes: dict[str, Note]
    items: list[AssignmentItems]
    audits: list[Audit] | None
    flags: list[Signal]
    events: list[Signal]
    students: list[StudentRow]
    gradebook: GradebookFacts
    wrong_variants: list[VariantAnswer]
    clusters: list[Cluster]
    threshold: float
    charts: dict[str, Markup] = field(default_factory=dict)
    heat_rows: int = 0
    drill: Markup = field(default_factory=lambda: Markup("{}"))
    """The per-student drill-down (:mod:`autograde.reports.dashboard_drill`)."""

    def label(self, name: str, **fields: object) -> str:
        return LABELS[name](self.lang, **fields)

    def name_of(self, misconception: str) -> str:
        note = self.notes.get(misconception)
        return note.name(self.lang) if note and note.name else misconception

    def reason(self, reason: str) -> str:
        """A scan rule, sandbox event or audit reason, explained."""
        return explain_reason(reason, self.lang)

    def hint_of(self, misconception: str) -> str:
        note = self.notes.get(misconception)
        return note.hint(self.lang) if note and note.hint else ""


def load_results(store: Store, assignments: Sequence[str],
                 lang: Lang) -> dict[str, list[SubmissionResult]]:
    """Assignment → its stored results (every assignment in the store when none is asked);
    :class:`NoResults` when there is nothing, or nothing for an assignment asked for."""
    if assignments:
        found = {a: store.results(a) for a in dict.fromkeys(assignments)}
        missing = [a for a, results in found.items() if not results]
        if missing:
            known = sorted({r.assignment for r in store.results()})
            raise NoResults(SOURCE_SAY["missing"](lang, url=store.url,
                                                  assignments=", ".join(missing),
                                                  known=", ".join(known) or "-"))
        return found
    grouped: dict[str, list[SubmissionResult]] = defaultdict(list)
    for result in store.results():
        grouped[result.assignment].append(result)
    if not grouped:
        raise NoResults(SOURCE_SAY["empty"](lang, url=store.url))
    return {a: grouped[a] for a in sorted(grouped)}


def _overview_charts(page: Page, overviews: list[AssignmentOverview], helper: Helper
                     ) -> list[tuple[AssignmentOverview, Pending[Markup]]]:
    labels = charts.ChartLabels(score=page.label("score"), students=page.label("students_count"),
                                parts=page.label("parts_chart"), share=page.label("share_axis"))
    drawings = []
    for found in overviews:
        total = charts.Histogram(page.label("total"), found.total.scores, found.total.max_score)
        parts = [charts.Histogram(page.label("quiz_part") if part.id == QUIZ else part.id,
                                  part.summary.scores, part.summary.max_score)
                 for part in found.parts]
        drawings.append((found, helper.run(charts.score_histograms, f"chart-{found.assignment}",
                                          total, parts, labels)))
    return drawings


def _misconception_charts(page: Page, order: Sequence[str], helper: Helper
                          ) -> dict[str, Pending[Markup]]:
    top = page.misconceptions[:TOP_BARS]
    if not top:
        return {}
    labels = [f"{o.place}: {page.name_of(o.misconception)}" for o in top]
    bars = helper.run(charts.frequency_bars, "chart-bars", labels, [o.count for o in top],
                     page.label("students_count"))
    rows, matrix = student_matrix(page.misconceptions, order, HEAT_ROWS)
    page.heat_rows = len(rows)
    grid = np.array(matrix)
    columns = sorted(range(len(order)), key=lambda j: (-grid[:, j].sum(), *-grid[:, j]))
    heat = helper.run(
        charts.heat_map, "chart-heat", grid[:, columns], [page.name_of(m) for m in rows],
        [page.people.shown(order[j]) for j in columns],
        page.label("heat_students", n=len(order)), page.label("heat_legend"),
        len(order) <= NAMED_COLUMNS)
    return {"bars": bars, "heat": heat}


def _items_chart(page: Page, helper: Helper) -> dict[str, Pending[Markup]]:
    points = [(stats.facility, stats.discrimination_index, bool(stats.flags))
              for found in page.items for _, stats in found.items
              if stats.facility is not None and stats.discrimination_index is not None]
    if not points:
        return {}
    from autograde.reports.stats import VERY_LIKELY

    return {"scatter": helper.run(charts.scatter, "chart-items", points,
                                 page.label("scatter_x"), page.label("scatter_y"), VERY_LIKELY)}


def _signals(page: Page) -> dict[tuple[str, str], list[str]]:
    """(assignment, student) → every integrity signal about the submission, explained."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for signal in page.flags + page.events:
        found[signal.assignment, signal.student].append(signal.explanation)
    for wrong in page.wrong_variants:
        found[wrong.assignment, wrong.student].append(page.label(
            "variant_signal", item=wrong.item, variant=wrong.other_variant, own=wrong.variant))
    for cluster in page.clusters:
        for student in cluster.students:
            others = ", ".join(s for s in cluster.students if s != student)
            found[cluster.assignment, student].append(page.label(
                "cluster_signal", exercise=cluster.exercise, others=others,
                similarity=number(cluster.similarity)))
    for audit in page.audits or ():
        for row in audit.rows:
            isolated = "-" if row.isolated is None else f"{row.isolated:g}"
            found[audit.assignment, row.student].append(
                page.label("audit_signal", kernel=row.kernel, isolated=isolated))
    return found


@dataclass(frozen=True)
class Stored:
    """What the dashboard reads from the results store."""

    url: str
    results: dict[str, list[SubmissionResult]]
    """Assignment → its results."""
    clusters: list[Cluster]
    wrong_variants: list[VariantAnswer]


def find_clusters(url: str, assignments: Sequence[str], threshold: float) -> list[Cluster]:
    """The similar-solution clusters of ``assignments`` (all in the store when empty), read
    from the store at ``url`` (in the helper, from its own connection)."""
    with Store(url) as store:
        wanted = list(dict.fromkeys(assignments)) or store.assignments()
        return [c for a in wanted for c in similar_clusters(store, a, threshold)]


def read_store(store: Store, options: DashboardOptions, helper: Helper) -> Stored:
    """The results of the options' assignments, with the clusters of similar solutions found
    meanwhile by the helper."""
    clusters = helper.run(find_clusters, store.url, list(options.assignments),
                          options.threshold)
    results = load_results(store, options.assignments, options.lang)
    return Stored(store.url, results, clusters.result(), variant_answers(results))


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while the page is made: it would walk the thousands of
    stored results again and again as new objects pile up (a third of the time at 1,000
    students); reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_page(options: DashboardOptions, stored: Stored, helper: Helper
               ) -> tuple[Page, dict[str, Pending[Markup]]]:
    """The dashboard's content from what the store holds, and its charts being drawn by
    ``helper``: the page holds a :func:`placeholder` for each (see :func:`fill_charts`)."""
    lang = options.lang
    results = stored.results
    everything = [r for found in results.values() for r in found]
    try:
        banks = course_banks(options.course)
    except BankError:
        banks = None
    facts = gradebook_facts(options.course, list(results), lang)
    key = course_key(options.course, lang)[0] if options.anonymize else None
    people = People({r.student for r in everything}, facts.names, key)
    page = Page(
        lang=lang, generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        store=stored.url, assignments=list(results), people=people, overviews=[],
        misconceptions=occurrences(results),
        notes=notes(banks, {q.item for r in everything for q in r.quiz}),
        items=[], audits=audits(options.course, results, lang),
        flags=scan_flags(everything, lang), events=sandbox_events(everything, lang),
        students=[], gradebook=facts, wrong_variants=stored.wrong_variants,
        clusters=stored.clusters, threshold=options.threshold)
    order = people.order(r.student for r in everything)
    drawings = _misconception_charts(page, order, helper)  # the slowest first: see finish()
    histograms = _overview_charts(page, [overview(a, done) for a, done in results.items()], helper)
    page.items = item_analysis(build_responses(everything, banks, list(results)))
    drawings |= _items_chart(page, helper)
    page.charts = {name: placeholder(name) for name in drawings}
    page.overviews = [(found, placeholder(f"overview/{found.assignment}"))
                      for found, _ in histograms]
    drawings |= {f"overview/{found.assignment}": drawing for found, drawing in histograms}
    page.students = student_rows(results, facts.submitted, _signals(page), order)
    page.drill = script_json(drill_down(page.students, page.label, page.name_of, people.scrub))
    return page, drawings


def placeholder(name: str) -> Markup:
    """Where chart ``name`` goes in the rendered page until it is drawn."""
    return Markup(f"<!--chart:{name}-->")


def fill_charts(html: str, drawings: dict[str, Pending[Markup]]) -> str:
    """``html`` with every chart's placeholder replaced by its SVG."""
    for name, svg in zip(drawings, finish(list(drawings.values())), strict=True):
        html = html.replace(placeholder(name), svg, 1)
    return html


def _environment() -> jinja2.Environment:
    from autograde.quiz.preview import inline_script

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True,
                                     lstrip_blocks=True)
    environment.globals["script"] = lambda name: inline_script(
        (TEMPLATES / name).read_text("utf-8"))
    environment.globals["style"] = lambda name: Markup((TEMPLATES / name).read_text("utf-8"))
    environment.filters["num"] = number
    environment.filters["value"] = sort_value
    return environment


def number(value: float | None, digits: int = 2, suffix: str = "") -> str:
    """``value`` rounded for reading ("–" when there is none); whole numbers without decimals."""
    if value is None:
        return "–"
    if float(value).is_integer() and not suffix:
        return f"{value:.0f}"
    return f"{value:.{digits}f}{suffix}"


def sort_value(value: object) -> str:
    """What a cell sorts by and tests read: the exact number (``repr``), "" for none."""
    if value is None:
        return ""
    return repr(float(value)) if isinstance(value, (int, float)) else str(value)


def render(page: Page) -> str:
    return _environment().get_template(TEMPLATE).render(page=page, sections=SECTIONS,
                                                        L=page.label)


def dashboard(options: DashboardOptions) -> str:
    """The dashboard's HTML. :class:`~autograde.reports.source.NoResults` when there is no
    store or nothing in it; a store that cannot be opened raises
    :class:`~autograde.grader.store.StoreError`, a pseudonym key that cannot be made
    :class:`~autograde.reports.dashboard_people.PseudonymKeyError`."""
    with _no_cycle_collection(), Helper() as helper:
        with open_store(options.course, options.db, options.lang) as store:
            stored = read_store(store, options, helper)
        page, drawings = build_page(options, stored, helper)
        return fill_charts(render(page), drawings)
