"""The GIFT export read back with a reader of GIFT's grammar as Moodle's importer has it
(``question/format/gift/format.php``: blank-line blocks, ``//`` comments, the escape
placeholders of ``escapedchar_pre``/``_post``, ``$CATEGORY:``, ``::name::``, ``[format]``,
``####`` general feedback, the type rules and each type's parser), compared with the bank
and graded on the same sample answers."""

from __future__ import annotations

import html
import re

import pytest
from test_export_common import (
    LANG,
    RESERVED,
    MAnswer,
    MQuestion,
    all_items,
    exported,
    key_sample,
    moodle_score,
    ours,
    samples,
)
from test_export_moodle_xml import _fractions_match, _numerical_answers, grade_check

from autograde.quiz.export.common import (
    feedback_html,
    hint_of,
    question_name,
    say,
    to_html,
    to_plain,
)
from autograde.quiz.export.gift import escape
from autograde.quiz.export.scoring import choice_fractions

FMT = "gift"
ESCAPED = [("\\:", "&&058;"), ("\\#", "&&035;"), ("\\=", "&&061;"), ("\\{", "&&123;"),
           ("\\}", "&&125;"), ("\\~", "&&126;"), ("\\n", "&&010")]
WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
FORMATS = {"moodle", "html", "plain", "markdown"}


def escapedchar_pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in ESCAPED:
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def escapedchar_post(text: str) -> str:
    for escaped, placeholder in ESCAPED:
        text = text.replace(placeholder, "\n" if escaped == "\\n" else escaped[1])
    return text


def with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    """``parse_text_with_format``: a leading ``[html]`` sets the format."""
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        if text[1:end] in FORMATS:
            fmt, text = text[1:end], text[end + 1:]
    return escapedchar_post(text).strip(), fmt


def comment(answer: str, fmt: str) -> tuple[str, str]:
    """``commentparser``: answer and feedback split at the first ``#``."""
    bits = answer.split("#", 1)
    feedback = with_format(bits[1].strip(), fmt)[0] if len(bits) > 1 else ""
    return with_format(bits[0].strip(), fmt)[0], feedback


def weight(answer: str) -> tuple[float, str]:
    """``answerweightparser``: ``%33.33333%rest`` → (0.3333333, rest)."""
    answer = answer[1:]
    end = answer.index("%")
    return float(answer[:end]) / 100, answer[end + 1:]


def split_blocks(text: str) -> list[list[str]]:
    """``qformat_default::readquestions``: trimmed lines, blocks between empty lines."""
    blocks, current = [], []
    for line in text.split("\n"):
        line = line.strip()
        if line in ("", "0"):
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(line)
    return blocks + ([current] if current else [])


def read_question(lines: list[str], category: str) -> MQuestion | str | None:
    """``readquestion``: a question, a new category (str) or None for a comment block."""
    lines = [" " if line.strip().startswith("//") else line.strip() for line in lines]
    text = "\n".join(lines).strip()
    if not text:
        return None
    text = escapedchar_pre(text)
    if text.startswith("$CATEGORY:"):
        return text[10:].strip()
    name = None
    if text.startswith("::"):
        text = text[2:]
        end = text.index("::")
        name, text = escapedchar_post(text[:end]), text[end + 2:].strip()
    start, finish = text.index("{"), text.index("}")
    answers = text[start + 1:finish].strip()
    assert text.endswith("}"), "answers follow the question text"
    question_text = text[:start]
    general = ""
    if "####" in answers:
        cut = answers.rindex("####")
        answers, general = answers[:cut].strip(), answers[cut + 4:]
    prompt, fmt = with_format(question_text)
    q = MQuestion(qtype="", name=name, category=category, text=prompt,
                  general=with_format(general, fmt)[0])
    if answers.startswith("#"):
        q.qtype = "numerical"
        body = answers[1:]
        assert "~" not in body
        for answer in [a for a in body.split("=") if a.strip()] if "=" in body else [body]:
            answer = answer.strip()
            fraction = 1.0
            if WEIGHT.match(answer):
                fraction, answer = weight(answer)
            said, feedback = comment(answer, fmt)
            value, _, tolerance = said.partition(":")
            q.answers.append(MAnswer(value.strip(), fraction, feedback,
                                     float(tolerance or 0)))
    elif "~" in answers:
        q.qtype, q.single = "multichoice", "=" in answers
        for answer in answers.replace("=", "~=").split("~"):
            answer = answer.strip()
            if not answer:
                continue
            if answer.startswith("="):
                fraction, answer = 1.0, answer[1:]
            elif WEIGHT.match(answer):
                fraction, answer = weight(answer)
            else:
                fraction = 0.0
            said, feedback = comment(answer, fmt)
            q.answers.append(MAnswer(said, fraction, feedback))
    elif "=" in answers and "->" in answers:
        q.qtype = "match"
        for answer in [a.strip() for a in answers.split("=") if a.strip()]:
            marker = answer.index("->")
            q.subquestions.append((with_format(answer[:marker].strip(), fmt)[0],
                                   escapedchar_post(answer[marker + 2:]).strip()))
    else:
        check = answers[:answers.index("#")].strip() if "#" in answers else answers
        if check in ("T", "TRUE", "F", "FALSE"):
            q.qtype = "truefalse"
            bits = [with_format(b.strip(), fmt)[0] for b in answers.split("#", 2)] + ["", ""]
            q.truth = check in ("T", "TRUE")
            right, wrong = bits[2], bits[1]
            q.feedback_true, q.feedback_false = (right, wrong) if q.truth else (wrong, right)
        else:
            q.qtype = "shortanswer"
            for answer in [a.strip() for a in answers.split("=") if a.strip()]:
                fraction = 1.0
                if WEIGHT.match(answer):
                    fraction, answer = weight(answer)
                said, feedback = comment(answer, fmt)
                q.answers.append(MAnswer(said, fraction, feedback))
    return q


def read(data: bytes) -> list[MQuestion]:
    questions, category = [], ""
    for block in split_blocks(data.decode("utf-8")):
        read_back = read_question(block, category)
        if isinstance(read_back, str):
            category = read_back
        elif read_back is not None:
            questions.append(read_back)
    return questions


# --- tests ---------------------------------------------------------------------------------

ITEMS = all_items()
IDS = [f"{bank.lesson}/{s.id}" for bank, s in ITEMS]


def questions_of(lesson: str) -> dict[str, MQuestion]:
    return {q.name: q for q in read(exported(FMT, lesson).data)}


@pytest.mark.parametrize(("bank", "items"), ITEMS, ids=IDS)
def test_every_question_reads_back_as_the_bank_item(bank, items):
    result = exported(FMT, bank.lesson)
    found = questions_of(bank.lesson)
    if any(n.left_out for n in result.notes if n.item == items.id):
        assert not any(question_name(i) in found for i in items.variants)
        assert items.variants[0].type in ("ordering", "numeric-array") or "->" in str(
            items.variants[0])
        return
    for item in items.variants:
        q = found[question_name(item)]
        grade_check(q)
        assert q.category == items.category
        assert q.text == to_html(say(item.prompt, LANG))
        assert q.general == feedback_html(say(item.explanation, LANG))
        t = item.type
        if t in ("single", "multiple"):
            assert q.qtype == "multichoice" and q.single is (t == "single")
            assert [a.text for a in q.answers] == [to_html(say(c.text, LANG))
                                                   for c in item.choices]
            _fractions_match(q.answers, [float(c.correct) for c in item.choices]
                             if t == "single" else
                             [float(f) for f in choice_fractions(item)[0]])
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
            for answer, rule in zip(q.answers[1:], item.wrong, strict=True):
                assert answer.feedback == feedback_html(
                    hint_of(item, rule.misconception, rule.hint, LANG))
        elif t == "text":
            assert q.qtype == "shortanswer"
            assert [a.text.replace("\\*", "*") for a in q.answers] == list(
                dict.fromkeys(item.accept))
        elif t == "matching":
            assert q.qtype == "match"
            assert q.subquestions == (
                [(to_html(say(p.left, LANG)), to_plain(say(p.right, LANG))) for p in item.pairs]
                + [("", to_plain(say(d, LANG))) for d in item.distractors])
        else:
            raise AssertionError(f"{t} should have been left out")


@pytest.mark.parametrize(("bank", "items"), ITEMS, ids=IDS)
def test_moodle_grades_every_sample_as_the_bank_unless_the_item_is_noted(bank, items):
    result = exported(FMT, bank.lesson)
    noted = any(n.item == items.id for n in result.notes)
    found = questions_of(bank.lesson)
    for item in items.variants:
        if question_name(item) not in found:
            assert noted
            continue
        q = found[question_name(item)]
        if q.qtype == "shortanswer":
            q.usecase = False  # GIFT cannot say otherwise
        assert moodle_score(q, item, key_sample(item)) == pytest.approx(1.0, abs=1e-6)
        differing = [s for s in samples(item)
                     if abs(moodle_score(q, item, s) - ours(item, s)) > 1e-6]
        assert not differing or noted, (item.id, differing[:3])


def test_reserved_characters_survive_the_round_trip():
    found = questions_of("99_edge")
    single = found["e-single"]
    assert single.answers[0].text == f"選択 {html.escape(RESERVED, quote=False)}"
    assert single.text == ("\\(x^2 &lt; y\\) のとき $$\\sum_k x_k$$ は "
                           f"{html.escape(RESERVED, quote=False)}？")
    assert single.answers[0].feedback.startswith("<p>違います a ~ b = c #1: \\ d -&gt; e")
    match = found["e-match"]
    assert [right for _, right in match.subquestions] == [
        *(f"R{i} {RESERVED}" for i in range(3)), f"D {RESERVED}"]
    text = found["e-text"]
    assert [a.text for a in text.answers] == ["Mixed Case", "a\\*b", "x = y: {z} #~ \\"]


@pytest.mark.parametrize("text", [RESERVED, "\\\\n {}", "::x::", "a\nb", "100%", "\\"])
def test_escape_is_undone_by_the_importers_placeholders(text):
    assert escapedchar_post(escapedchar_pre(escape(text))) == text


def test_orderings_arrays_and_arrows_are_left_out_with_a_reason():
    reasons = {n.item: n.reason for n in exported(FMT, "99_edge").notes if n.left_out}
    assert set(reasons) == {"e-order", "e-matrix", "e-text-arrow"}
    assert "ordering" in reasons["e-order"] and "array" in reasons["e-matrix"]
    assert "'->'" in reasons["e-text-arrow"]
