"""The dashboard's charts: matplotlib figures saved as SVG and inlined in the page.

Text is drawn as paths (``svg.fonttype = "path"``) in a CJK-capable font when one is installed,
so Japanese labels read in any browser without the font. Every chart's ids get a prefix of
their own: many SVGs share one HTML document, and their ids must not collide.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence

import numpy as np
from markupsafe import Markup
from matplotlib import font_manager, rc_context
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

CJK_FONTS = ("Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic", "TakaoGothic",
             "Hiragino Sans", "Yu Gothic", "Meiryo")
"""Fonts with Japanese glyphs, the first installed one is used (then DejaVu Sans)."""
BAR = "#4c72b0"
ACCENT = "#dd8452"
HEAT = LinearSegmentedColormap.from_list("misconceptions", ["#ffffff", "#fdd49e", "#d7301f",
                                                            "#7f0000"])
WIDTH = 10.0
"""Inches; the page shows charts at most 1000 px wide."""
PANEL = 1.45
"""Inches of plot height per histogram."""
GRID = {"left": 0.65, "right": 0.15, "top": 0.3, "bottom": 0.5, "wspace": 0.45, "hspace": 0.75}
"""Inches around and between histograms: fixed, so no layout engine measures every label
(most of a grid's drawing time otherwise)."""
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


def _figure(width: float, height: float) -> Figure:
    with rc_context(_style()):
        return Figure(figsize=(width, height), layout="constrained")


def _bins(scores: Sequence[float], maximum: float) -> np.ndarray:
    """Whole-number scores: bins a whole number of points wide, centred on the points (one
    point each up to 16 points); others: ten bins from 0 to the maximum."""
    top = maximum if maximum > 0 else 1.0
    if float(top).is_integer() and all(float(s).is_integer() for s in scores):
        width = max(1, -(-int(top + 1) // 16))
        return np.arange(-0.5, top + width, width)
    return np.linspace(0.0, top, 11)


def histograms(name: str, panels: Sequence[tuple[str, Sequence[float], float]], x_label: str,
               y_label: str, columns: int = 4) -> Markup:
    """One histogram per (title, scores, maximum score), in a grid; the first is emphasised
    (the assignment's total, then its parts)."""
    rows = -(-len(panels) // columns)
    g = GRID
    height = rows * PANEL + (rows - 1) * g["hspace"] + g["top"] + g["bottom"]
    width = (WIDTH - g["left"] - g["right"] - (columns - 1) * g["wspace"]) / columns
    with rc_context(_style()):
        figure = Figure(figsize=(WIDTH, height))
        figure.subplots_adjust(left=g["left"] / WIDTH, right=1 - g["right"] / WIDTH,
                               bottom=g["bottom"] / height, top=1 - g["top"] / height,
                               wspace=g["wspace"] / width, hspace=g["hspace"] / PANEL)
        for index, (title, scores, maximum) in enumerate(panels):
            ax = figure.add_subplot(rows, columns, index + 1)
            bins = _bins(scores, maximum)
            ax.hist(scores, bins=bins, color=ACCENT if index == 0 else BAR, edgecolor="white")
            ax.set_title(title, fontsize=9, fontweight="bold" if index == 0 else "normal")
            ax.set_xlim(bins[0], bins[-1])
            for axis in (ax.xaxis, ax.yaxis):
                axis.get_major_locator().set_params(integer=True, nbins=5)
            if bins[1] - bins[0] == 1 and maximum <= 10:
                ax.set_xticks(np.arange(0, maximum + 1))  # every point
            if index % columns == 0:
                ax.set_ylabel(y_label)
            if index >= len(panels) - columns:
                ax.set_xlabel(x_label)
    return svg(figure, name)


def frequency_bars(name: str, labels: Sequence[str], counts: Sequence[int],
                   x_label: str) -> Markup:
    """Horizontal bars, the first label at the top (most frequent first)."""
    with rc_context(_style()):
        figure = _figure(WIDTH * 0.8, 0.28 * len(labels) + 0.8)
        ax = figure.subplots()
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
    with rc_context(_style()):
        figure = _figure(WIDTH, 0.3 * len(rows) + (1.6 if column_labels else 0.9))
        ax = figure.subplots()
        image = ax.imshow(matrix, aspect="auto", cmap=HEAT, interpolation="nearest",
                          vmin=0, vmax=max(1, int(matrix.max(initial=0))))
        ax.set_yticks(np.arange(len(rows)), rows)
        if column_labels:
            ax.set_xticks(np.arange(len(columns)), columns, rotation=90, fontsize=7)
        else:
            ax.set_xticks([])
        ax.set_xlabel(x_label)
        ax.spines[:].set_visible(False)
        bar = figure.colorbar(image, ax=ax, fraction=0.03, pad=0.01,
                              shrink=min(1.0, 6 / max(len(rows), 1)))
        bar.locator = bar.ax.yaxis.get_major_locator()
        bar.ax.yaxis.get_major_locator().set_params(integer=True)
        bar.set_label(legend)
    return svg(figure, name)


def scatter(name: str, points: Sequence[tuple[float, float, bool]], x_label: str,
            y_label: str, y_line: float) -> Markup:
    """Items as points (x, y, flagged), flagged ones in the accent colour, with the line
    below which an item is flagged."""
    with rc_context(_style()):
        figure = _figure(WIDTH * 0.6, 3.6)
        ax = figure.subplots()
        for flagged, colour in ((False, BAR), (True, ACCENT)):
            chosen = [(x, y) for x, y, f in points if f is flagged]
            if chosen:
                xs, ys = zip(*chosen, strict=True)
                ax.scatter(xs, ys, s=18, color=colour, alpha=0.8)
        ax.axhline(y_line, color="#999999", linewidth=0.8, linestyle="--")
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
    return svg(figure, name)
