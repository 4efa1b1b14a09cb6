"""Show a result as a table: HTML for JupyterLab, plain text elsewhere."""

from __future__ import annotations

from html import escape

from autograde.kit.messages import message
from autograde.kit.results import ExerciseResult, Printed

HEADINGS = {
    "ja": {"check": "チェック", "points": "点", "detail": "結果", "hints": "考えてみよう",
           "score": "得点", "public": "公開チェックの得点", "error": "採点できませんでした"},
    "en": {"check": "Check", "points": "Points", "detail": "Result", "hints": "Think about",
           "score": "Score", "public": "Public checks", "error": "Could not grade"},
}


def _points(value: float) -> str:
    return f"{value:g}"


def _score_line(result: ExerciseResult) -> str:
    h = HEADINGS[result.lang]
    label = h["public"] if result.points else h["score"]
    return f"{label} {_points(result.score)} / {_points(result.max_score)}"


def notes(result: ExerciseResult) -> list[tuple[bool, str]]:
    """Sentences above the table, each with whether it is a warning: stale functions, and
    what the public checks are worth."""
    found = []
    if result.stale:
        found.append((True, message("stale", result.lang, functions=", ".join(result.stale))))
    if result.points:
        found.append((False, message("public_only", result.lang, points=_points(result.points),
                                     max=_points(result.max_score),
                                     rest=_points(result.points - result.max_score))))
    return found


def _printed_title(printed: Printed, lang: str) -> str:
    return message("printed", lang, lines=f"{printed.lines:,}")


def _printed_cut(printed: Printed, lang: str) -> str:
    return message("printed_cut", lang, shown=f"{len(printed.text):,}",
                   total=f"{printed.characters:,}")


def text(result: ExerciseResult) -> str:
    h = HEADINGS[result.lang]
    lines = [f"{result.exercise}: {_score_line(result)}"]
    lines += [f"  {'! ' if warning else ''}{note}" for warning, note in notes(result)]
    if result.error:
        lines.append(f"  ! {h['error']}: {result.error}")
    for check in result.checks:
        mark = "✓" if check.passed else "✗"
        lines.append(f"  {mark} {check.name} [{_points(check.points)}/"
                     f"{_points(check.max_points)}] {check.message}")
    if result.hints:
        lines.append(f"  {h['hints']}:")
        lines += [f"    - {hint.name or hint.id}: {hint.text}" for hint in result.hints]
    printed = result.printed
    if printed.warnings:
        lines.append(f"  {message('warnings', result.lang)}:")
        lines += [f"    {warning}" for warning in printed.warnings]
    if printed.characters:
        lines.append(f"  {_printed_title(printed, result.lang)}:")
        lines += [f"    | {line}" for line in printed.text.splitlines()]
        if printed.truncated:
            lines.append(f"    {_printed_cut(printed, result.lang)}")
    return "\n".join(lines)


_CELL = "padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top"
_BOX = "padding:4px 8px;margin-top:4px"


def _html_printed(result: ExerciseResult) -> list[str]:
    """Warnings, and what the function printed, collapsed with its line count."""
    printed, parts = result.printed, []
    if printed.warnings:
        items = "".join(f"<li><code>{escape(w)}</code></li>" for w in printed.warnings)
        parts.append(f'<div class="autograde-warnings" style="background:#f3f3f3;{_BOX}">'
                     f"{escape(message('warnings', result.lang))}"
                     f"<ul style='margin:2px 0'>{items}</ul></div>")
    if printed.characters:
        cut = (f'<div style="color:#666">{escape(_printed_cut(printed, result.lang))}</div>'
               if printed.truncated else "")
        parts.append(
            f'<details class="autograde-printed" data-lines="{printed.lines}" '
            f'style="{_BOX}"><summary>{escape(_printed_title(printed, result.lang))}</summary>'
            f'<pre style="max-height:20em;overflow:auto;margin:2px 0">'
            f"{escape(printed.text)}</pre>{cut}</details>")
    return parts


def html(result: ExerciseResult) -> str:
    h = HEADINGS[result.lang]
    full = result.max_score > 0 and result.score >= result.max_score
    colour = "#1a7f37" if full else "#b35900"
    worth = _points(result.points or result.max_score)
    parts = [
        f'<div class="autograde-result" data-exercise="{escape(result.exercise)}" '
        f'data-score="{_points(result.score)}" data-max-score="{_points(result.max_score)}" '
        f'data-points="{worth}" style="font-family:sans-serif;margin:4px 0">',
        f'<div style="font-weight:bold;color:{colour}">{escape(result.exercise)} — '
        f"{escape(_score_line(result))}</div>",
    ]
    for warning, note in notes(result):
        parts.append(f'<div class="autograde-{"warning" if warning else "note"}" '
                     f'style="color:{"#b00020" if warning else "#444"}">{escape(note)}</div>')
    if result.error:
        parts.append(f'<div style="color:#b00020">{escape(h["error"])}: '
                     f"{escape(result.error)}</div>")
    parts.append(f'<table style="border-collapse:collapse"><tr><th style="{_CELL}"></th>'
                 f'<th style="{_CELL}">{h["check"]}</th><th style="{_CELL}">{h["points"]}</th>'
                 f'<th style="{_CELL}">{h["detail"]}</th></tr>')
    for check in result.checks:
        mark = ('<span style="color:#1a7f37">✓</span>' if check.passed
                else '<span style="color:#b00020">✗</span>')
        parts.append(
            f'<tr><td style="{_CELL}">{mark}</td><td style="{_CELL}">{escape(check.name)}</td>'
            f'<td style="{_CELL}">{_points(check.points)}/{_points(check.max_points)}</td>'
            f'<td style="{_CELL}">{escape(check.message)}</td></tr>'
        )
    parts.append("</table>")
    if result.hints:
        items = "".join(f'<li data-misconception="{escape(x.id)}"><b>{escape(x.name or x.id)}'
                        f"</b>: {escape(x.text)}</li>" for x in result.hints)
        parts.append(f'<div class="autograde-hints" style="background:#fff8e1;{_BOX}">'
                     f"<b>{h['hints']}</b><ul style='margin:2px 0'>{items}</ul></div>")
    parts += _html_printed(result)
    parts.append("</div>")
    return "".join(parts)
