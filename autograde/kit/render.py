"""Show a result as a table: HTML for JupyterLab, plain text elsewhere."""

from __future__ import annotations

from html import escape

from autograde.kit.results import ExerciseResult

HEADINGS = {
    "ja": {"check": "チェック", "points": "点", "detail": "結果", "hints": "考えてみよう",
           "score": "得点", "error": "採点できませんでした"},
    "en": {"check": "Check", "points": "Points", "detail": "Result", "hints": "Think about",
           "score": "Score", "error": "Could not grade"},
}


def _points(value: float) -> str:
    return f"{value:g}"


def text(result: ExerciseResult) -> str:
    h = HEADINGS[result.lang]
    lines = [f"{result.exercise}: {h['score']} {_points(result.score)} / "
             f"{_points(result.max_score)}"]
    if result.error:
        lines.append(f"  ! {h['error']}: {result.error}")
    for check in result.checks:
        mark = "✓" if check.passed else "✗"
        lines.append(f"  {mark} {check.name} [{_points(check.points)}/"
                     f"{_points(check.max_points)}] {check.message}")
    if result.hints:
        lines.append(f"  {h['hints']}:")
        lines += [f"    - {hint.id}: {hint.text}" for hint in result.hints]
    return "\n".join(lines)


_CELL = "padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top"


def html(result: ExerciseResult) -> str:
    h = HEADINGS[result.lang]
    full = result.max_score > 0 and result.score >= result.max_score
    colour = "#1a7f37" if full else "#b35900"
    parts = [
        '<div class="autograde-result" style="font-family:sans-serif;margin:4px 0">',
        f'<div style="font-weight:bold;color:{colour}">{escape(result.exercise)} — '
        f"{h['score']} {_points(result.score)} / {_points(result.max_score)}</div>",
    ]
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
        items = "".join(f"<li><code>{escape(x.id)}</code>: {escape(x.text)}</li>"
                        for x in result.hints)
        parts.append(f'<div style="background:#fff8e1;padding:4px 8px;margin-top:4px">'
                     f"<b>{h['hints']}</b><ul style='margin:2px 0'>{items}</ul></div>")
    parts.append("</div>")
    return "".join(parts)
