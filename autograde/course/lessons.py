"""Lesson notebooks: one language picked from the bilingual master, and the lint of a lesson.

A lesson is one bilingual source notebook. Prose is a pair of markdown cells tagged
``lang-ja`` / ``lang-en``; code cells are shared and carry no prose. :func:`localize` keeps one
language. Exercise cells follow nbgrader's conventions: a solution cell with
``### BEGIN SOLUTION`` markers and a locked test cell that imports and calls ``check("relu")``
(public cases) and holds a hidden-tests block that ends with ``grade("relu")`` (per-student
cases).
"""

from __future__ import annotations

import re
import warnings

import nbformat
from nbformat import NotebookNode

from autograde.course.quiz_places import place_problems, quiz_of
from autograde.grader.program import USE_LANGUAGE
from autograde.kit.text import DEFAULT_LANG, LANGS, Lang, Text

LANG_TAG = "lang-{}"
SETUP = """\
import matplotlib.pyplot as plt
import numpy as np

from autograde import check, use_language

use_language("ja")"""


TEST_CELL = 'from autograde import check\n\ncheck("{exercise}"'
"""How a test cell starts: it imports ``check`` itself and names the function, so that run
before the setup or the solution cell it still answers (what to run first), not NameError."""
GRADER_CALL = re.compile(r'^((?:check|grade|quiz_check|grade_quiz)\("[\w-]+"(?:\s*,\s*"\w+")*)\)',
                         re.MULTILINE)


def localize(notebook: NotebookNode, lang: Lang,
             quiz_course: str | None = None) -> NotebookNode:
    """A copy in one language: other-language prose dropped, lang tags removed, the setup
    cell's ``use_language`` set so feedback speaks ``lang`` too, and — in a language other
    than the kit's default — the test cells' ``check``/``grade`` calls given ``lang``, so a
    test cell run before the setup cell speaks it as well. With ``quiz_course``, per-student
    quiz variants are on: the setup cell calls ``quiz_variants`` and the question of each
    parameterised quiz place says that its numbers are the student's own."""
    copy = nbformat.from_dict(notebook)
    own, others = LANG_TAG.format(lang), {LANG_TAG.format(x) for x in LANGS if x != lang}
    kept = []
    for cell in copy.cells:
        tags = cell.metadata.get("tags", [])
        if others & set(tags):
            continue
        if own in tags:
            cell.metadata["tags"] = [t for t in tags if t != own]
            if not cell.metadata["tags"]:
                del cell.metadata["tags"]
        if cell.cell_type == "code":
            cell.source = USE_LANGUAGE.sub(f'use_language("{lang}")', cell.source)
            if lang != DEFAULT_LANG and cell.metadata.get("nbgrader", {}).get("grade"):
                cell.source = GRADER_CALL.sub(rf'\1, lang="{lang}")', cell.source)
        kept.append(cell)
    copy.cells = kept
    return copy if quiz_course is None else _per_student(copy, lang, quiz_course)


VARIED_NOTE = Text(ja="（この問題の数値は学生ごとに異なります。下のセルを実行すると、あなたの問題が"
                      "表示されます。）",
                   en="(The numbers of this question differ from student to student: run the "
                      "cell below to see yours.)")


def _per_student(notebook: NotebookNode, lang: Lang, course: str) -> NotebookNode:
    from autograde.quiz.banks import library

    banks = library()
    setup = next(cell for cell in notebook.cells if cell.cell_type == "code")
    setup.source = (setup.source.replace("import check, use_language",
                                         "import check, quiz_variants, use_language")
                    + f'\nquiz_variants("{course}")')
    for cell in notebook.cells:
        item = banks.items.get(quiz_of(cell) or "")
        if cell.cell_type == "markdown" and item is not None and item.item.variants > 1:
            cell.source += "\n\n" + VARIED_NOTE(lang)
    return notebook


_JAPANESE = re.compile(  # kana, kanji, CJK punctuation such as 、。「」 and full-width forms
    r"[\u3000-\u30ff\u31f0-\u31ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_CJK_PUNCTUATION = re.compile(
    r"[\u3001-\u3003\u3008-\u3011\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f]")
"""、。 brackets 「」『』【】〈〉 and full-width ！（），：；？ — no space belongs after them."""
_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")
_NOT_PROSE = re.compile(r" {0,3}(?:#{1,6}(?:\s|$)|\|)")  # a heading or a table row
_FENCE = re.compile(r"\s*(?:```|~~~)")


def japanese_line_breaks(markdown: str) -> list[int]:
    """The lines (0-based) of ``markdown`` whose break to the next line falls between two
    Japanese characters in prose, or right after Japanese punctuation (、。「」（）…): rendered,
    such a break shows as a stray space. Fenced code, display math (``$$``), headings and table
    rows are not prose, a list item starts a line of its own; indentation before the next
    line's first character does not count."""
    lines = markdown.split("\n")
    prose: list[bool] = []
    fence = math = False
    for line in lines:
        if _FENCE.match(line) or fence:
            fence ^= bool(_FENCE.match(line))
            prose.append(False)
            continue
        prose.append(not math and "$$" not in line and not _NOT_PROSE.match(line))
        math ^= line.count("$$") % 2 == 1
    return [i for i in range(len(lines) - 1)
            if prose[i] and prose[i + 1] and lines[i + 1].strip()
            and not _LIST_ITEM.match(lines[i + 1])
            and (_CJK_PUNCTUATION.fullmatch(lines[i][-1:])
                 or (_JAPANESE.fullmatch(lines[i][-1:])
                     and _JAPANESE.fullmatch(lines[i + 1].lstrip()[:1])))]


def _break_problems(cell: NotebookNode) -> list[str]:
    """One message per line break between Japanese characters in a ``lang-ja`` cell."""
    lines = cell.source.split("\n")
    return [f"cell {cell.get('id')}, line {i + 1}: a line break after Japanese text "
            f"shows as a space (…{lines[i][-8:]}⏎{lines[i + 1].lstrip()[:8]}…); join the lines"
            for i in japanese_line_breaks(cell.source)]


def problems(notebook: NotebookNode, lesson: str = "") -> list[str]:
    """Everything wrong with a committed bilingual lesson (empty when it is fine); each
    message starts with ``lesson`` (its folder name) when it is given."""
    from nbgrader.nbgraderformat import MetadataValidator, ValidationError

    from autograde.catalog.exercises import EXERCISES
    from autograde.quiz.banks import library

    found: list[str] = []
    ids = [cell.get("id") for cell in notebook.cells]
    if len(set(ids)) != len(ids) or None in ids:
        found.append("cell ids must be present and unique")
    try:
        with warnings.catch_warnings():  # duplicate ids are reported above, not "repaired"
            warnings.simplefilter("ignore")
            nbformat.validate(nbformat.from_dict(notebook))
        MetadataValidator().validate_nb(nbformat.from_dict(notebook))
    except (nbformat.ValidationError, ValidationError) as error:
        found.append(f"invalid metadata: {str(error).splitlines()[0]}")
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    if not code_cells or code_cells[0].source != SETUP:
        found.append("the first code cell must be the setup cell")
    for cell in notebook.cells:
        where = f"cell {cell.get('id')}"
        tags = set(cell.metadata.get("tags", []))
        if cell.cell_type == "code":
            if cell.get("outputs") or cell.get("execution_count") is not None:
                found.append(f"{where}: committed with outputs")
            if _JAPANESE.search(cell.source):
                found.append(f"{where}: prose in a shared code cell (put it in markdown)")
        elif cell.cell_type == "markdown":
            langs = [lang for lang in LANGS if LANG_TAG.format(lang) in tags]
            if len(langs) != 1 or not str(cell.get("id", "")).endswith(f"-{langs[0]}"):
                found.append(f"{where}: markdown needs one lang tag and an id ending -ja/-en")
            else:
                partner = str(cell.id)[: -2] + ("en" if langs[0] == "ja" else "ja")
                if partner not in ids:
                    found.append(f"{where}: no {partner} translation")
            if "ja" in langs:
                found += _break_problems(cell)
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not quiz_of(cell):
            exercise = meta["grade_id"].removesuffix("-check")
            if exercise not in EXERCISES:
                found.append(f"{where}: unknown exercise {exercise!r}")
            elif meta.get("points") != EXERCISES[exercise].max_score:
                found.append(f"{where}: points must be {EXERCISES[exercise].max_score:g}")
            elif (not cell.source.startswith(TEST_CELL.format(exercise=exercise))
                  or "grade(" not in cell.source):
                found.append(f"{where}: test cell must start with "
                             f"{TEST_CELL.format(exercise=exercise)!r}... and call grade()")
            elif f"{exercise}-solution" not in ids:
                found.append(f"{where}: no {exercise}-solution cell")
    found += place_problems(notebook, library())
    return [f"{lesson}: {problem}" for problem in found] if lesson else found
