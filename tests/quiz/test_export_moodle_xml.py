"""The Moodle XML export read back the way Moodle's importer reads it
(``question/format/xml/format.php``: ``getpath`` over the xmlized tree, ``import_headers``,
``import_answer``, the per-type importers, ``qtype_ordering::import_from_xml``,
``qtype_multianswer_extract_question`` for cloze and the grade check of ``importprocess``),
compared with the bank item by item, and graded on the same sample answers as the bank.
The multichoice and cloze questions are also read with the PyPI parser moodle-xml-parser."""

from __future__ import annotations

import html
import re

import numpy as np
import pytest
from lxml import etree
from moodle_xml_parser.parser import parse_bytes
from test_export_common import (
    LANG,
    MAnswer,
    MQuestion,
    all_items,
    exported,
    key_sample,
    moodle_score,
    ours,
    samples,
)

from autograde.quiz.export.common import (
    feedback_html,
    hint_of,
    question_id,
    question_name,
    say,
    to_html,
    to_plain,
)
from autograde.quiz.export.moodle_xml import DEGRADED_TAG, cloze_safe
from autograde.quiz.export.scoring import MOODLE_GRADES, absolute_tolerance, choice_fractions

FMT = "moodle-xml"
ALLOWED = {0.0, *MOODLE_GRADES, *(-g for g in MOODLE_GRADES)}


# --- a reader that follows format.php ------------------------------------------------------

def path(node: etree._Element, *tags: str, default: str | None = "") -> str | None:
    """``getpath($xml, ['#', tag, 0, '#', …], default, true)``: the first child of each tag
    in turn, its text trimmed."""
    for tag in tags:
        node = node.find(tag)
        if node is None:
            return default
    return (node.text or "").strip()


def with_format(node: etree._Element | None, default_format: str = "html") -> tuple[str, str]:
    """``import_text_with_files``: (text, format) of a node with a ``<text>`` child."""
    if node is None:
        return "", default_format
    return path(node, "text"), node.get("format", default_format)


def trans_single(value: str) -> bool:
    return not (value.strip() == "false" or not value.strip())


def import_answer(node: etree._Element, with_files: bool) -> MAnswer:
    text = with_format(node)[0] if with_files else path(node, "text")
    feedback = with_format(node.find("feedback"))[0]
    return MAnswer(text, float(node.get("fraction", "0")) / 100, feedback,
                   float(path(node, "tolerance", default="0")))


FRACTION = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"
ANSWER_ALT = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
FEEDBACK_ALT = r".*?(?<!\\)(?=[~}]|$)"
ALTERNATIVE = f"({FRACTION})?({ANSWER_ALT})(#({FEEDBACK_ALT}))?"
TYPES = ("(NUMERICAL|NM)|(MULTICHOICE|MC)|(MULTICHOICE_V|MCV)|(MULTICHOICE_H|MCH)|"
         "(SHORTANSWER|SA|MW)|(SHORTANSWER_C|SAC|MWC)|(MULTICHOICE_S|MCS)|"
         "(MULTICHOICE_VS|MCVS)|(MULTICHOICE_HS|MCHS)|(MULTIRESPONSE|MR)|(MULTIRESPONSE_H|MRH)|"
         "(MULTIRESPONSE_S|MRS)|(MULTIRESPONSE_HS|MRHS)")
ANSWER = r"\{([0-9]*):(" + TYPES + "):(" + ALTERNATIVE + "(~" + ALTERNATIVE + r")*)\}"
NUMBER = r"-?(([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][-+]?[0-9]+)?)"
NUMERICAL = f"^({NUMBER})(:{NUMBER})?$"


def extract_cloze(text: str) -> tuple[list[list[MAnswer]], list[int]]:
    """``qtype_multianswer_extract_question``: the NUMERICAL blanks (answers with fraction
    and tolerance) and their marks."""
    blanks, marks = [], []
    while (match := re.search(ANSWER, text, re.S)) is not None:
        assert match.group(3), f"only NUMERICAL blanks are expected, got {match.group(0)}"
        marks.append(int(match.group(1) or 1))
        answers, remaining = [], match.group(16)
        while (alt := re.search("~?" + ALTERNATIVE, remaining, re.S)) is not None:
            fraction = 1.0 if alt.group(1) == "=" else (
                float(alt.group(2).replace(",", ".")) / 100 if alt.group(2) else 0.0)
            number = re.search(NUMERICAL, alt.group(3), re.S)
            assert number, f"not a number: {alt.group(3)!r}"
            answers.append(MAnswer(number.group(1), fraction,
                                   html.unescape(alt.group(5) or ""),
                                   float(number.group(6) or 0)))
            remaining = remaining.split(alt.group(0), 1)[1]
        blanks.append(answers)
        text = text.replace(match.group(0), f"{{#{len(blanks)}}}", 1)
    return blanks, marks


def read(data: bytes) -> list[MQuestion]:
    """Every question of a Moodle XML file, with the category it goes into."""
    root = etree.fromstring(data)
    assert root.tag == "quiz"
    category, questions = "", []
    for node in root.iterchildren("question"):
        qtype = node.get("type")
        if qtype == "category":
            category = path(node, "category", "text")
            continue
        text, _ = with_format(node.find("questiontext"))
        q = MQuestion(qtype=qtype, name=path(node, "name", "text", default=None),
                      category=category, text=text,
                      general=with_format(node.find("generalfeedback"))[0],
                      defaultgrade=float(path(node, "defaultgrade", default="1")),
                      idnumber=path(node, "idnumber", default=None),
                      tags=[path(t, "text") for t in node.findall("tags/tag")])
        if qtype == "multichoice":
            q.single = trans_single(path(node, "single", default="true"))
            q.answers = [import_answer(a, True) for a in node.findall("answer")]
        elif qtype == "truefalse":
            for answer in node.findall("answer"):
                said = path(answer, "text")
                feedback = with_format(answer.find("feedback"))[0]
                is_100 = float(answer.get("fraction")) == 100
                q.truth = is_100 if said == "true" else not is_100
                if said == "true":
                    q.feedback_true = feedback
                else:
                    q.feedback_false = feedback
        elif qtype == "shortanswer":
            q.usecase = path(node, "usecase", default="0") == "1"
            q.answers = [import_answer(a, False) for a in node.findall("answer")]
        elif qtype == "numerical":
            q.answers = [import_answer(a, False) for a in node.findall("answer")]
        elif qtype in ("matching", "match"):
            q.qtype = "match"
            q.subquestions = [(with_format(s)[0], path(s, "answer", "text"))
                              for s in node.findall("subquestion")]
        elif qtype == "ordering":
            q.gradingtype = path(node, "gradingtype", default="RELATIVE")
            q.selecttype = path(node, "selecttype", default="RANDOM")
            q.answers = [import_answer(a, True) for a in node.findall("answer")]
            for answer in q.answers:
                answer.fraction = 1.0  # import_from_xml: reset in save_question_options
        elif qtype in ("cloze", "multianswer"):
            q.qtype = "multianswer"
            q.blanks, marks = extract_cloze(text)
            q.defaultgrade = float(sum(marks))
        else:
            raise AssertionError(f"unexpected question type {qtype}")
        questions.append(q)
    return questions


def grade_check(question: MQuestion) -> None:
    """``importprocess``: every fraction must be one of Moodle's grades (within 0.00001);
    a multi-answer question's positive fractions add up to 1; a cloze blank needs a valid
    number and a 100% answer (``qtype_multianswer_validate_question``)."""
    for answer in question.answers:
        assert any(abs(answer.fraction - g) < 0.00001 for g in ALLOWED), answer
    if question.qtype == "multichoice" and not question.single:
        assert round(sum(a.fraction for a in question.answers if a.fraction > 0), 2) == 1
    for blank in question.blanks:
        assert any(a.fraction == 1 for a in blank)
        for answer in blank:
            float(answer.text)


# --- tests ---------------------------------------------------------------------------------

ITEMS = all_items()
IDS = [f"{bank.lesson}/{s.id}" for bank, s in ITEMS]


def questions_of(lesson: str) -> dict[str, MQuestion]:
    return {q.idnumber or q.name: q for q in read(exported(FMT, lesson).data)}


def _fractions_match(answers: list[MAnswer], expected: list[float]) -> None:
    assert len(answers) == len(expected)
    for answer, fraction in zip(answers, expected, strict=True):
        assert answer.fraction == pytest.approx(fraction, abs=0.00001)


def _numerical_answers(item, answers: list[MAnswer]) -> None:
    values = [item.answer, *(float(w.answer) for w in item.wrong)]
    assert [a.fraction for a in answers] == [1.0] + [0.0] * len(item.wrong)
    for answer, value in zip(answers, values, strict=True):
        assert float(answer.text) == pytest.approx(value, rel=1e-9, abs=1e-300)
        assert answer.tolerance == pytest.approx(absolute_tolerance(value, item.tolerance),
                                                 rel=1e-9, abs=1e-300)


@pytest.mark.parametrize(("bank", "items"), ITEMS, ids=IDS)
def test_every_question_reads_back_as_the_bank_item(bank, items):
    result = exported(FMT, bank.lesson)
    found = questions_of(bank.lesson)
    if any(n.left_out for n in result.notes if n.item == items.id):
        assert not any(key.split(".v")[0] == items.id for key in found)
        return
    for item in items.variants:
        q = found[question_id(item)]
        grade_check(q)
        assert q.category == items.category and q.name == question_name(item)
        prompt = to_html(say(item.prompt, LANG))
        if item.type == "numeric-array":
            assert q.text.startswith(f"<p>{cloze_safe(prompt)}</p><p>[")
        else:
            assert q.text == prompt
        assert q.general == feedback_html(say(item.explanation, LANG))
        if item.type != "numeric-array":
            assert q.defaultgrade == item.points
        degraded = any(n.item == items.id for n in result.notes)
        assert (DEGRADED_TAG in q.tags) is degraded
        t = item.type
        if t in ("single", "multiple"):
            assert q.qtype == "multichoice" and q.single is (t == "single")
            assert [a.text for a in q.answers] == [to_html(say(c.text, LANG))
                                                   for c in item.choices]
            expected = ([float(c.correct) for c in item.choices] if t == "single"
                        else [float(f) for f in choice_fractions(item)[0]])
            _fractions_match(q.answers, expected)
            for answer, choice in zip(q.answers, item.choices, strict=True):
                hint = "" if choice.correct else hint_of(item, choice.misconception, None,
                                                         LANG)
                assert answer.feedback == feedback_html(say(choice.feedback, LANG), hint)
        elif t == "true-false":
            assert q.qtype == "truefalse" and q.truth is item.answer
            hint = hint_of(item, item.misconception, None, LANG)
            assert q.feedback_true == feedback_html(say(item.feedback_true, LANG),
                                                    "" if item.answer else hint)
            assert q.feedback_false == feedback_html(say(item.feedback_false, LANG),
                                                     hint if item.answer else "")
        elif t == "numeric":
            assert q.qtype == "numerical"
            _numerical_answers(item, q.answers)
        elif t == "numeric-array":
            assert q.qtype == "multianswer"
            key = np.asarray(item.answer, dtype=np.float64).reshape(-1)
            assert len(q.blanks) == key.size and q.defaultgrade == key.size
            for blank, value in zip(q.blanks, key, strict=True):
                assert len(blank) == 1 and blank[0].fraction == 1
                assert float(blank[0].text) == pytest.approx(value, rel=1e-9, abs=1e-300)
                assert blank[0].tolerance == pytest.approx(
                    absolute_tolerance(float(value), item.tolerance), rel=1e-9, abs=1e-300)
        elif t == "text":
            assert q.qtype == "shortanswer" and q.usecase is item.case_sensitive
            assert [a.text.replace("\\*", "*") for a in q.answers] == list(
                dict.fromkeys(item.accept))
            assert all(a.fraction == 1 for a in q.answers)
        elif t == "ordering":
            assert q.qtype == "ordering" and q.gradingtype == "LONGEST_ORDERED_SUBSET"
            assert q.selecttype == "ALL"
            assert [a.text for a in q.answers] == [to_html(say(s, LANG)) for s in item.steps]
        elif t == "matching":
            assert q.qtype == "match"
            assert q.subquestions == (
                [(to_html(say(p.left, LANG)), to_plain(say(p.right, LANG))) for p in item.pairs]
                + [("", to_plain(say(d, LANG))) for d in item.distractors])


@pytest.mark.parametrize(("bank", "items"), ITEMS, ids=IDS)
def test_moodle_grades_every_sample_as_the_bank_unless_the_item_is_noted(bank, items):
    result = exported(FMT, bank.lesson)
    noted = any(n.item == items.id for n in result.notes)
    found = questions_of(bank.lesson)
    for item in items.variants:
        if question_id(item) not in found:
            continue
        q = found[question_id(item)]
        assert moodle_score(q, item, key_sample(item)) == pytest.approx(1.0, abs=1e-6)
        differing = [s for s in samples(item)
                     if abs(moodle_score(q, item, s) - ours(item, s)) > 1e-6]
        assert not differing or noted, (item.id, differing[:3])


def test_the_notes_of_the_shipped_banks_are_the_expected_kinds():
    kinds = {}
    for bank, items in ITEMS:
        for note in exported(FMT, bank.lesson).notes:
            if note.item == items.id:
                kinds.setdefault(items.variants[0].type, set()).add(note.left_out)
    assert all(left_out == {False} for left_out in kinds.values())
    assert set(kinds) <= {"multiple", "numeric-array", "text", "ordering"}


def test_conversions_of_the_tolerance_are_said_in_the_file():
    data = exported(FMT, "03_loss").data.decode()
    assert re.search(r"<!-- tolerance: rel 0\.01 \(bank\) = ±0\.000247 around the key "
                     r"0\.0247 \(Moodle's tolerance is absolute\) -->", data)


def test_degraded_questions_carry_the_reason_in_a_comment_before_them():
    for bank, _ in ITEMS[-1:]:
        result = exported(FMT, bank.lesson)
        text = result.data.decode()
        for note in result.notes:
            assert f"<!-- {note.item}: degraded: {note.reason.replace('--', '—')} -->" in text


@pytest.mark.parametrize("lesson", sorted({bank.lesson for bank, _ in ITEMS}))
def test_moodle_xml_parser_reads_the_same_fractions_and_blanks(lesson, capsys):
    parsed = parse_bytes(exported(FMT, lesson).data)
    assert "Error" not in capsys.readouterr().out
    found = questions_of(lesson)
    by_name = {q.name: q for q in found.values()}
    multichoice = [q for q in found.values() if q.qtype == "multichoice"]
    assert len(parsed["multichoice"]) == len(multichoice)
    for question in parsed["multichoice"]:
        ours_q = by_name[question.name]
        assert question.single is ours_q.single
        assert [o.answer for o in question.options] == [html.unescape(a.text)
                                                        for a in ours_q.answers]
        assert [o.score_fraction / 100 for o in question.options] == pytest.approx(
            [a.fraction for a in ours_q.answers], abs=1e-7)
    cloze = [q for q in found.values() if q.qtype == "multianswer"]
    assert len(parsed["cloze"]) == len(cloze)
    for question in parsed["cloze"]:
        blanks = by_name[question.name].blanks
        assert [g.sub_type for g in question.gaps] == ["NUMERICAL"] * len(blanks)
        for gap, blank in zip(question.gaps, blanks, strict=True):
            value, tolerance = gap.options[0].answer.split(":")
            assert gap.options[0].score == 100
            assert float(value) == float(blank[0].text)
            assert float(tolerance) == blank[0].tolerance
