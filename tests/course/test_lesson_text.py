"""Japanese lesson prose: a hard-wrapped line must not break between two Japanese characters,
nor right after Japanese punctuation (JupyterLab renders the break as a stray space,
"足し合わせ、 バイアスを加え")."""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograde.catalog.exercises import EXERCISES
from autograde.catalog.spec import build_plan
from autograde.course.lessons import LANG_TAG, japanese_line_breaks, problems
from autograde.kit.feedback import grade_functions

LESSONS = sorted((Path(__file__).resolve().parents[2] / "course").glob("source/*/*.ipynb"))


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize(("markdown", "breaks"), [
    ("足し合わせ、\nバイアスを加え", [0]),
    ("活性化関数と\nニューロン 1 個\nを実装します。", [0, 1]),
    ("- 比較 `x > 0` の結果\n  （真偽値の配列）はそのまま使えます。", [0]),  # indented
    ("第一段落です。\n\n第二段落です。", []),                          # paragraph break
    ("## 見出し\n本文です。", []),                                     # heading
    ("| 引数 | 意味 |\n|---|---|\n| 入力 | 配列 |\n| 出力 | 配列 |", []),  # table rows
    ("```\nprint('あ')\n# い\n```\n本文", []),                         # fenced code
    ("次の式\n\n$$\n\\text{誤差} =\n\\text{二乗和}\n$$\n\nです。", []),    # display math
    ("$$\\text{和}$$\nです。", []),                                     # one-line display math
    ("1. ステップ関数\n2. シグモイド関数", []),                         # list items
    ("入力は NumPy\n配列です。配列の\n`shape` を見ます。", []),         # Latin at the break
    ("値ではなく、\n**値そのもの** です。", [0]),                       # after 、 anything
    ("警告が出ます。\n$x < 0$ では", [0]),                              # after 。 math too
    ("次の 2 つです。\n- ステップ関数\n- ReLU", []),                   # a list starts
])
def test_breaks_between_japanese_characters_in_prose_are_found(markdown, breaks):
    assert japanese_line_breaks(markdown) == breaks


def test_the_lint_names_the_lesson_the_cell_and_the_line():
    notebook = _read(LESSONS[0])
    cell = next(c for c in notebook.cells if LANG_TAG.format("ja") in c.metadata.get("tags", []))
    cell.source = "# 第1回\n\nニューロンは入力に重みを掛けて足し合わせ、\nバイアスを加えます。"
    found = problems(notebook, "01_neuron")
    assert (f"01_neuron: cell {cell.id}, line 3: a line break after Japanese text "
            "shows as a space (…けて足し合わせ、⏎バイアスを加えま…); join the lines") in found


def test_the_lint_leaves_english_cells_alone():
    notebook = _read(LESSONS[0])
    cell = next(c for c in notebook.cells if LANG_TAG.format("en") in c.metadata.get("tags", []))
    cell.source += "\n\nThe words 足し合わせ、\nバイアス quoted in English prose."
    assert not [p for p in problems(notebook) if p.startswith(f"cell {cell.id},")]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.parent.name)
def test_shipped_japanese_prose_has_no_line_break_between_japanese_characters(path):
    assert [p for p in problems(_read(path), path.parent.name) if "line break" in p] == []


@pytest.mark.parametrize("step", [lambda x: np.asarray(x) > 0,
                                  lambda x: (np.asarray(x) > 0).astype(int)],
                         ids=["bool", "int"])
def test_step_gets_full_marks_without_the_float_conversion_lesson_01_does_not_ask_for(step):
    result = grade_functions(build_plan(EXERCISES["step"], seed=7), [step], "ja")
    assert result.score == result.max_score == EXERCISES["step"].max_score, result.checks
