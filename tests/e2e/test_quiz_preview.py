"""The review page of a quiz bank (``autograde quiz preview``), opened from disk in Chromium
with the network cut: the inlined MathJax must typeset every $…$ formula of the bank, and
the page must read in Japanese. Screenshots: build/screenshots/quiz_preview_ja.png (a bank
with formulas, HTML's special characters and a varied item) and quiz_preview_03_loss_ja.png
(the shipped bank of lesson 03).
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
import yaml
from browser import MATH, RAW_TEXT, open_offline, screenshot

from autograde.cli import main
from autograde.quiz import library

pytestmark = pytest.mark.e2e
TYPESET_PER_ITEM = """() => Object.fromEntries([...document.querySelectorAll("section.item")]
  .map(s => [s.dataset.item, s.querySelectorAll("mjx-container svg").length]))"""

SSE = {"ja": "出力 $y = {y}$、正解 $t = {t}$ のとき、"
             "$E = \\frac{1}{2}\\sum_k (y_k - t_k)^2$ はいくつですか。",
       "en": "With $y = {y}$ and $t = {t}$, what is $E = \\frac{1}{2}\\sum_k (y_k - t_k)^2$?"}
MATH_BANK = {
    "lesson": "97_math",
    "misconceptions": {"quiz.no-half": {
        "name": {"ja": "½ を掛け忘れ", "en": "factor ½ left out"},
        "hint": {"ja": "$\\frac{1}{2}$ を最後に掛けます。", "en": "Multiply by $\\frac{1}{2}$."}}},
    "items": [
        {"id": "m-why-half", "type": "single", "kind": "graded",
         "prompt": {"ja": "二乗和誤差 $E = \\frac{1}{2}\\sum_k (y_k - t_k)^2$ に ½ を掛けるのは"
                          "なぜですか。",
                    "en": "Why is $E = \\frac{1}{2}\\sum_k (y_k - t_k)^2$ multiplied by ½?"},
         "choices": [
             {"text": {"ja": "微分で下りてくる 2 と打ち消し、"
                             "$\\partial E/\\partial y_k = y_k - t_k$ となるから",
                       "en": "the 2 of the derivative cancels: "
                             "$\\partial E/\\partial y_k = y_k - t_k$"},
              "correct": True, "feedback": {"ja": "そのとおりです。", "en": "Right."}},
             {"text": {"ja": "誤差を $0 < E < 1$ に収めるため", "en": "to keep $0 < E < 1$"},
              "feedback": {"ja": "E は 1 を超えることもあります & 負にはなりません。",
                           "en": "E can exceed 1 & is never negative."},
              "misconception": "quiz.no-half"}],
         "explanation": {"ja": "$$\\frac{\\partial}{\\partial y_k} \\frac{1}{2}(y_k - t_k)^2"
                               " = y_k - t_k$$",
                         "en": "$$\\frac{\\partial}{\\partial y_k} \\frac{1}{2}(y_k - t_k)^2"
                               " = y_k - t_k$$"}},
        {"id": "m-sse", "type": "numeric", "prompt": SSE,
         "parameters": {"y": [0.82, 0.07, 0.11], "t": [1, 0, 0]},
         "vary": {"count": 4, "y": {"simplex": 3, "decimals": 2}},
         "answer": "0.5 * sum((y - t) ** 2)", "tolerance": {"rel": 0.01},
         "wrong": [{"answer": "sum((y - t) ** 2)", "misconception": "quiz.no-half"}]},
        {"id": "m-plain", "type": "true-false",
         "prompt": {"ja": "ReLU は負の入力に 0 を返す（数式なし）。",
                    "en": "ReLU returns 0 for negative inputs (no formula)."},
         "answer": True}]}


def formulas_per_item(html: str) -> dict[str, int]:
    """How many formulas each item's section holds outside code (read from the HTML)."""
    root = lxml.html.fromstring(html)
    for code in root.xpath("//code"):
        code.drop_tree()
    return {s.get("data-item"): len(MATH.findall(s.text_content()))
            for s in root.xpath("//section[@data-item]")}


def write_preview(tmp_path: Path, bank: str, *options: str) -> Path:
    output = tmp_path / "preview.html"
    assert main(["quiz", "preview", bank, "-o", str(output), *options]) == 0
    return output


def test_the_preview_typesets_every_formula_offline(page, tmp_path):
    bank = tmp_path / "97_math.yaml"
    bank.write_text(yaml.safe_dump(MATH_BANK, allow_unicode=True), encoding="utf-8")
    output = write_preview(tmp_path, str(bank), "--lang", "ja")
    expected = formulas_per_item(output.read_text("utf-8"))
    assert expected["m-why-half"] >= 3 and expected["m-sse"] >= 3 and expected["m-plain"] == 0

    refused = open_offline(page, output)
    assert refused == []
    assert page.evaluate(TYPESET_PER_ITEM) == expected
    assert page.evaluate(RAW_TEXT) == []
    assert page.evaluate("document.documentElement.lang") == "ja"
    feedback = page.locator("[data-item='m-why-half'] li[data-letter='b'] .feedback")
    assert feedback.inner_text().endswith("E は 1 を超えることもあります & 負にはなりません。")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith('"Noto Sans CJK JP"')
    screenshot(page, "quiz_preview_ja")


def test_the_shipped_lesson_03_bank_reads_in_japanese(page, tmp_path):
    _, bank = library(None).bank("03_loss")
    output = write_preview(tmp_path, "03_loss", "--lang", "ja", "--variants", "3")
    assert open_offline(page, output) == []
    assert page.evaluate(RAW_TEXT) == []
    headings = page.locator("section.item h2").all_inner_texts()
    assert [h.split()[0] for h in headings] == [item.id for item in bank.items]
    assert page.locator("section.item").first.is_visible()
    screenshot(page, "quiz_preview_03_loss_ja")
