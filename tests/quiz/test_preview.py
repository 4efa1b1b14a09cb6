"""``autograde quiz preview``: the review page of a bank, read back with lxml.

Every key comes from ``keys.key`` on the resolved items, every text from the bank; the page
is checked by its structure (one section per item, the key of each variant in its row), and
texts with ``<`` and ``&`` must come back as they were written.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
import yaml
from conftest import SAMPLE_BANKS

from autograde.cli import main
from autograde.kit.quiz.items import LETTERS
from autograde.kit.quiz.keys import key
from autograde.quiz import Entry, library, load_bank
from autograde.quiz.preview import LABELS, inline_script, preview, tolerance_text

SHIPPED = sorted(library(None).banks)
SAMPLE = SAMPLE_BANKS / "90_sample.yaml"
TRICKY = "a < b && c > d <script>alert(1)</script> &amp;"
"""A text that HTML must escape (and must not decode twice)."""


def page(bank_name: str | Path, **options) -> lxml.html.HtmlElement:
    file, bank = (SAMPLE, load_bank(SAMPLE)) if bank_name == SAMPLE else \
        library(None).bank(str(bank_name))
    return lxml.html.fromstring(preview(bank, file, **options))


def section(root, item_id: str):
    found = root.xpath("//section[@data-item=$id]", id=item_id)
    assert len(found) == 1, item_id
    return found[0]


def keys_of(part) -> list[str]:
    return [code.text_content() for code in part.xpath(".//dl//code[@class='key']")]


def variant_keys(part) -> dict[int, str]:
    return {int(row.get("data-variant")): row.xpath(".//code[@class='key']")[0].text_content()
            for row in part.xpath(".//tr[@data-variant]")}


@pytest.mark.parametrize("lesson", SHIPPED)
def test_every_item_every_key_and_every_variant_of_a_shipped_bank(lesson):
    file, bank = library(None).bank(lesson)
    root = page(lesson)
    assert [s.get("data-item") for s in root.xpath("//section")] == [i.id for i in bank.items]
    for bank_item in bank.items:
        entry = Entry(bank, bank_item, file)
        part = section(root, bank_item.id)
        assert keys_of(part) == [key(entry.resolved(0))]
        if bank_item.variants > 1 or bank_item.parameters:
            assert variant_keys(part) == {k: key(entry.resolved(k))
                                          for k in range(bank_item.variants)}
        text = part.text_content()
        assert bank_item.prompt.ja.split("{")[0] in text  # before any parameter
        assert entry.resolved(0).prompt.en in text  # both languages by default


def test_every_item_type_shows_what_grades_it():
    root = page(SAMPLE, langs=("en",))
    bank = load_bank(SAMPLE)
    for bank_item in bank.items:
        item = Entry(bank, bank_item, SAMPLE).resolved(0)
        part = section(root, item.id)
        text = part.text_content()
        if item.type in ("single", "multiple"):
            marked = [li.get("data-letter") for li in part.xpath(".//li[@class='correct']")]
            assert marked == item.correct_letters
            for choice in item.choices:
                assert choice.text.en in text
                assert choice.feedback is None or choice.feedback.en in text
        if item.type in ("numeric", "numeric-array"):
            assert bank_item.answer in text and tolerance_text(bank_item.tolerance) in text
            for rule in bank_item.wrong:
                assert rule.answer in text
                note = item.misconceptions.get(rule.misconception or "")
                assert (rule.hint or note.hint).en in text
                assert rule.misconception in text and note.name.en in text
        if item.type == "ordering":
            shown = [li.text_content() for li in part.xpath(".//ol[@class='options']/li")]
            assert shown == [f"{LETTERS[item.shown.index(i)]}) {step.en}"
                             for i, step in enumerate(item.steps)]
        if item.type == "matching":
            for pair in item.pairs:
                assert pair.left.en in text and pair.right.en in text
        if item.type == "text":
            assert all(accepted in text for accepted in item.accept)
        if item.explanation is not None:
            assert item.explanation.en in text
    wrong_choice = section(root, "s-single").xpath(".//li[@data-letter='c']")[0]
    note = Entry(bank, bank.items[0], SAMPLE).resolved(0).misconceptions["quiz.cancel"]
    assert note.name.en in wrong_choice.text_content()
    assert note.hint.en in wrong_choice.text_content()


def test_variants_n_shows_the_first_n():
    root = page(SAMPLE, variants=2)
    assert sorted(variant_keys(section(root, "s-sse"))) == [0, 1]
    assert sorted(variant_keys(section(root, "s-delta"))) == [0]  # K = 1


@pytest.mark.parametrize(("langs", "present", "absent"), [
    (("ja",), "ja", "en"), (("en",), "en", "ja"), (("ja", "en"), "ja", None)])
def test_languages(langs, present, absent):
    root = page(SAMPLE, langs=langs)
    assert root.get("lang") == langs[0]
    texts = {el.get("lang") for el in root.xpath("//*[@class='text' or @class='text second']")}
    assert texts == set(langs) and present in texts and absent not in texts
    assert root.xpath("//h1")[0].text_content().startswith(LABELS["title"](langs[0]))


def tricky_bank(folder: Path) -> Path:
    """A bank whose texts hold HTML's special characters."""
    path = folder / "98_tricky.yaml"
    text = {"ja": f"日本語 {TRICKY}", "en": TRICKY}
    path.write_text(yaml.safe_dump({
        "lesson": "98_tricky",
        "misconceptions": {"quiz.tricky": {"name": {"ja": "x < y", "en": "x < y & z"},
                                           "hint": text}},
        "items": [{"id": "t-single", "type": "single", "prompt": text, "explanation": text,
                   "choices": [{"text": text, "correct": True, "feedback": text},
                               {"text": {"ja": "b < c", "en": "b < c"},
                                "misconception": "quiz.tricky"}]},
                  {"id": "t-text", "type": "text", "prompt": text, "accept": ["<&>"],
                   "regex": "a<b&"}]}, allow_unicode=True), encoding="utf-8")
    return path


def test_html_special_characters_are_escaped(tmp_path):
    path = tricky_bank(tmp_path)
    html = preview(load_bank(path), path)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp;amp;" in html  # "&amp;" in the bank is text, escaped once
    root = lxml.html.fromstring(html)
    prompt = section(root, "t-single").xpath(".//div[@class='prompt']")[0]
    assert [el.text_content() for el in prompt] == [f"日本語 {TRICKY}", TRICKY]
    assert keys_of(section(root, "t-text")) == ["<&>"]
    assert "x < y & z" in section(root, "t-single").text_content()
    assert root.xpath("//script[not(@id)]") and len(root.xpath("//script")) == 2


def test_inline_script_cannot_end_its_script_element():
    source = "var a = '</script>', b = /<!--x-->/, c = '</SCRIPT >';"
    safe = str(inline_script(source))
    assert "</script" not in safe.lower() and "<!--" not in safe
    assert safe.replace("\\x3C", "<") == source


def run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        status = main(["quiz", "preview", *args])
    except SystemExit as exit:
        status = exit.code
    out, err = capsys.readouterr()
    return status, out, err


def test_the_command_writes_one_offline_file_with_mathjax_inside(capsys, tmp_path,
                                                                 monkeypatch):
    from autograde.course import mathjax

    if mathjax.vendored() is None:
        pytest.fail("MathJax is not vendored: run make (python autograde/course/mathjax.py)")
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, "03_loss", "-o", "review.html", "--lang", "ja")
    html = (tmp_path / "review.html").read_text("utf-8")
    assert status == 0 and out == "" and "review.html" in err
    assert "Noto Sans CJK JP" in html
    root = lxml.html.fromstring(html)
    script = root.xpath("//script[@id='MathJax-script']")[0]
    assert script.get("src") is None
    vendored = (mathjax.vendored() / mathjax.SCRIPT).read_text("utf-8")
    assert len(script.text) == len(inline_script(vendored))
    assert not root.xpath("//*[@src or @href][not(starts-with(@href, '#'))]")


def test_without_vendored_mathjax_the_page_loads_it_from_the_cdn(capsys, tmp_path,
                                                                 monkeypatch):
    from autograde.course import mathjax

    monkeypatch.setattr(mathjax, "vendored", lambda: None)
    status, _, err = run(capsys, str(SAMPLE), "-o", str(tmp_path / "p.html"))
    assert status == 0 and mathjax.CDN in err
    root = lxml.html.fromstring((tmp_path / "p.html").read_text("utf-8"))
    assert root.xpath("//script[@id='MathJax-script']")[0].get("src") == mathjax.CDN


def test_default_output_name_and_usage_errors(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _, _ = run(capsys, str(SAMPLE), "--variants", "1")
    assert status == 0 and (tmp_path / "90_sample_preview.html").is_file()
    for args in (["99_nothing"], [str(SAMPLE), "--variants", "0"],
                 [str(SAMPLE), "-o", str(tmp_path / "no" / "such" / "dir" / "p.html")]):
        status, out, err = run(capsys, *args)
        assert status == 2 and out == "" and err, args
