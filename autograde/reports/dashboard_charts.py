"""The dashboard's charts: matplotlib figures saved as SVG and inlined in the page.

Text is drawn as paths (``svg.fonttype = "path"``) in a CJK-capable font when one is installed,
so Japanese labels read in any browser without the font. Every chart's ids get a prefix of
their own: many SVGs share one HTML document, and their ids must not collide.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from markupsafe import Markup
from matplotlib import font_manager, rc_context
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

CJK_FONTS = ("Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic", "TakaoGothic",
             "Hiragino Sans", "Yu Gothic", "Meiryo")
"""Fonts with Japanese glyphs, the first installed one is used (then DejaVu Sans)."""
BAR = "#4c72b0"
ACCENT = "#dd8452"
HEAT = LinearSegmentedColormap.from_list("misconceptions", ["#ffffff", "#fdd49e", "#d7301f",
                                                            "#7f0000"])
WIDTH = 10.0
"""Inches; the page shows charts at most 1000 px wide."""
NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
"""No RDF block (a date, matplotlib's URL) in the page: the same data give the same SVG."""
_IDS = re.compile(r'\bid="([^"]+)"')


@functools.cache
def font_family() -> tuple[str, ...]:
    """The first installed CJK font (its Latin glyphs too: one font lays text out faster than a
    fallback chain), else matplotlib's default."""
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return tuple([name for name in CJK_FONTS if name in installed][:1]) or ("DejaVu Sans",)


def _style() -> dict[str, object]:
    return {"font.family": list(font_family()), "svg.fonttype": "path", "font.size": 9,
            "axes.spines.top": False, "axes.spines.right": False, "svg.hashsalt": "nn-dojo"}


def svg(figure: Figure, name: str) -> Markup:
    """``figure`` as an inline ``<svg>`` element whose ids start with ``name`` (unique in the
    page)."""
    buffer = io.StringIO()
    with rc_context(_style()):
        figure.savefig(buffer, format="svg", metadata=NO_METADATA)
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    prefix = f"{name}-"
    for name in set(_IDS.findall(text)):
        text = (text.replace(f'id="{name}"', f'id="{prefix}{name}"')
                .replace(f'"#{name}"', f'"#{prefix}{name}"')
                .replace(f"url(#{name})", f"url(#{prefix}{name})"))
    return Markup(text.replace("<svg ", '<svg role="img" class="chart" ', 1))


def text_width(labels: Iterable[str], size: float = 9.0) -> float:
    """Inches the widest of ``labels`` takes in the chart font: margins are measured once from
    the labels, as no layout engine has to draw the figure twice to find them."""
    font = FontProperties(family=list(font_family()), size=size)
    return max((text_to_path.get_text_width_height_descent(label, font, ismath=False)[0]
                for label in labels), default=0.0) / 72


def _axes(figure: Figure, left: float, bottom: float, width: float, height: float) -> Axes:
    """Axes at a place given in inches from the figure's lower left corner."""
    w, h = figure.get_size_inches()
    return figure.add_axes((left / w, bottom / h, width / w, height / h))


def _bins(scores: Sequence[float], maximum: float) -> np.ndarray:
    """Whole-number scores: bins a whole number of points wide, centred on the points (one
    point each up to 16 points); others: ten bins from 0 to the maximum."""
    top = maximum if maximum > 0 else 1.0
    if float(top).is_integer() and all(float(s).is_integer() for s in scores):
        width = max(1, -(-int(top + 1) // 16))
        return np.arange(-0.5, top + width, width)
    return np.linspace(0.0, top, 11)


@dataclass(frozen=True)
class Histogram:
    title: str
    scores: Sequence[float]
    maximum: float


def score_histograms(name: str, total: Histogram, parts: Sequence[Histogram],
                     labels: ChartLabels) -> Markup:
    """The total's histogram (points × students) beside one histogram per part in rows of one
    axes, against the share of the part's points, bar heights the share of students: every
    part on the same scales, so they compare at a glance (and one axes draws several times
    faster than one per part)."""
    rows = max(len(parts), 1)
    height = max(2.4, 0.42 * rows + 1.0)
    names = text_width(part.title for part in parts) + 0.15
    plots = WIDTH - 0.75 - 0.35 - names - 0.2
    with rc_context(_style()):
        figure = Figure(figsize=(WIDTH, height))
        left = _axes(figure, 0.75, 0.55, 0.4 * plots, height - 0.9)
        right = _axes(figure, 0.75 + 0.4 * plots + 0.35 + names, 0.55, 0.6 * plots, height - 0.9)
        bins = _bins(total.scores, total.maximum)
        left.hist(total.scores, bins=bins, color=ACCENT, edgecolor="white")
        left.set_xlim(bins[0], bins[-1])
        for axis in (left.xaxis, left.yaxis):
            axis.get_major_locator().set_params(integer=True, nbins=6)
        left.set_title(total.title, fontsize=9, fontweight="bold")
        left.set(xlabel=labels.score, ylabel=labels.students)
        for row, part in enumerate(parts):
            edges = _bins(part.scores, part.maximum)
            counts, _ = np.histogram(part.scores, edges)
            top = part.maximum if part.maximum > 0 else 1.0
            share = counts / max(len(part.scores), 1)
            right.bar(100 * (edges[:-1] + edges[1:]) / 2 / top, -0.85 * share, bottom=row + 0.9,
                      width=100 * np.diff(edges) / top * 0.92, color=BAR)
        right.hlines(np.arange(rows) + 0.9, -12.5, 112.5, color="#cccccc", linewidth=0.6)
        right.set_yticks(np.arange(len(parts)) + 0.5, [part.title for part in parts])
        right.set_ylim(rows, 0)
        right.set_xlim(-12.5, 112.5)
        right.set_xticks([0, 25, 50, 75, 100])
        right.tick_params(axis="y", length=0)
        right.spines["left"].set_visible(False)
        right.set_title(labels.parts, fontsize=9)
        right.set_xlabel(labels.share)
    return svg(figure, name)


@dataclass(frozen=True)
class ChartLabels:
    score: str
    students: str
    parts: str
    """The parts' title (what a bar's height means)."""
    share: str
    """The parts' x axis (percent of the part's points)."""


def frequency_bars(name: str, labels: Sequence[str], counts: Sequence[int],
                   x_label: str) -> Markup:
    """Horizontal bars, the first label at the top (most frequent first)."""
    width, height = WIDTH * 0.8, 0.28 * len(labels) + 0.8
    margin = text_width(labels) + 0.15
    with rc_context(_style()):
        figure = Figure(figsize=(width, height))
        ax = _axes(figure, margin, 0.5, width - margin - 0.45, height - 0.65)
        positions = np.arange(len(labels))
        ax.barh(positions, counts, color=BAR)
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel(x_label)
        for y, count in zip(positions, counts, strict=True):
            ax.annotate(str(count), (count, y), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=8)
    return svg(figure, name)


def heat_map(name: str, matrix: np.ndarray, rows: Sequence[str], columns: Sequence[str],
             x_label: str, legend: str, column_labels: bool) -> Markup:
    """``matrix[i, j]`` as colour: ``rows`` (misconceptions) down the side, ``columns``
    (students) along the bottom, named only when ``column_labels`` (few enough to read)."""
    margin = text_width(rows) + 0.15
    bottom = 0.45 + (text_width(columns, 7) + 0.05 if column_labels else 0.0)
    height = 0.3 * len(rows) + bottom + 0.15
    with rc_context(_style()):
        figure = Figure(figsize=(WIDTH, height))
        ax = _axes(figure, margin, bottom, WIDTH - margin - 1.0, height - bottom - 0.15)
        image = ax.imshow(matrix, aspect="auto", cmap=HEAT, interpolation="nearest",
                          vmin=0, vmax=max(1, int(matrix.max(initial=0))))
        ax.set_yticks(np.arange(len(rows)), rows)
        if column_labels:
            ax.set_xticks(np.arange(len(columns)), columns, rotation=90, fontsize=7)
        else:
            ax.set_xticks([])
        ax.set_xlabel(x_label)
        ax.spines[:].set_visible(False)
        tall = min(height - bottom - 0.15, 1.8)
        bar = figure.colorbar(image, cax=_axes(figure, WIDTH - 0.85, height - 0.15 - tall, 0.12,
                                               tall))
        bar.locator = bar.ax.yaxis.get_major_locator()
        bar.ax.yaxis.get_major_locator().set_params(integer=True)
        bar.set_label(legend)
    return svg(figure, name)


def scatter(name: str, points: Sequence[tuple[float, float, bool]], x_label: str,
            y_label: str, y_line: float) -> Markup:
    """Items as points (x, y, flagged), flagged ones in the accent colour, with the line
    below which an item is flagged."""
    with rc_context(_style()):
        figure = Figure(figsize=(WIDTH * 0.6, 3.6))
        ax = _axes(figure, 0.7, 0.55, WIDTH * 0.6 - 0.9, 3.6 - 0.75)
        for flagged, colour in ((False, BAR), (True, ACCENT)):
            chosen = [(x, y) for x, y, f in points if f is flagged]
            if chosen:
                xs, ys = zip(*chosen, strict=True)
                ax.scatter(xs, ys, s=18, color=colour, alpha=0.8)
        ax.axhline(y_line, color="#999999", linewidth=0.8, linestyle="--")
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
    return svg(figure, name)
