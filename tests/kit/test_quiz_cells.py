"""Quiz places in the student's kernel: forms carry no key, read answers exactly as the real
item does, and the answer / test cells say what a student may know — a verdict for practice,
only how the answer was read for graded items."""

from __future__ import annotations

import json

import pytest

from autograde.kit.quiz import bundle, cells
from autograde.kit.quiz.answers import read
from autograde.kit.quiz.bundle import Entry
from autograde.kit.quiz.forms import form_of, markdown, stand_in
from autograde.kit.quiz.items import ITEM
from autograde.kit.quiz.messages import HOW
from autograde.kit.seeds import student_variant

T = {"ja": "問", "en": "Q"}


def _t(word: str) -> dict:
    return {"ja": f"{word}（日本語）", "en": word}


ITEMS = {
    "single": ITEM.validate_python({
        "id": "s", "type": "single", "kind": "graded", "prompt": T,
        "choices": [{"text": _t("plus")}, {"text": _t("square"), "correct": True,
                                            "feedback": _t("yes")}, {"text": _t("abs")}]}),
    "multiple": ITEM.validate_python({
        "id": "m", "type": "multiple", "kind": "graded", "prompt": T, "scoring": "coverage",
        "choices": [{"text": _t("w"), "correct": True}, {"text": _t("x")},
                    {"text": _t("b"), "correct": True}]}),
    "true-false": ITEM.validate_python({"id": "tf", "type": "true-false", "kind": "graded",
                                        "prompt": T, "answer": False}),
    "numeric": ITEM.validate_python({"id": "n", "type": "numeric", "kind": "graded",
                                     "prompt": T, "answer": 0.0247,
                                     "wrong": [{"answer": 0.0494}]}),
    "numeric-array": ITEM.validate_python({"id": "a", "type": "numeric-array",
                                           "kind": "graded", "prompt": T,
                                           "answer": [[0.25, 0.5], [0.125, 4.0]]}),
    "text": ITEM.validate_python({"id": "t", "type": "text", "kind": "graded", "prompt": T,
                                  "accept": ["overfitting", "過学習"]}),
    "ordering": ITEM.validate_python({"id": "o", "type": "ordering", "kind": "graded",
                                      "prompt": T, "steps": [_t("first"), _t("second"),
                                                             _t("third")], "shown": [2, 0, 1]}),
    "matching": ITEM.validate_python({
        "id": "p", "type": "matching", "kind": "graded", "prompt": T,
        "pairs": [{"left": _t("regression"), "right": _t("identity")},
                  {"left": _t("multi-class"), "right": _t("softmax")}],
        "distractors": [_t("step")], "shown": [1, 2, 0]}),
}
ANSWERS = ["b", "a,c", "ac", "ｂ", "z", "", "true", "誤", "0.0247", "１／３", "−0.032",
           "[[1, 2], [3, 4]]", "[1, 2]", "c,a,b", "a,a,b", "1-b, 2-a", "1-d", "過学習", 3, None]


@pytest.mark.parametrize("kind", ITEMS)
def test_a_form_reads_every_answer_exactly_as_its_item_does(kind):
    item = ITEMS[kind]
    twin = stand_in(form_of(item))
    for raw in ANSWERS:
        real, echo = read(item, raw, "ja"), read(twin, raw, "ja")
        assert (echo.read_as, echo.error("ja")) == (real.read_as, real.error("ja")), raw


@pytest.mark.parametrize("kind", ITEMS)
def test_a_form_holds_no_key(kind):
    item = ITEMS[kind]
    dumped = form_of(item).model_dump_json()
    assert "correct" not in dumped and "feedback" not in dumped and "accept" not in dumped
    assert "0.0247" not in dumped and "0.0494" not in dumped and "過学習" not in dumped
    assert "shown" not in dumped and "answer" not in dumped


def test_forms_show_options_in_the_order_the_letters_name_them():
    ordering, matching = form_of(ITEMS["ordering"]), form_of(ITEMS["matching"])
    assert [o.en for o in ordering.options] == ["third", "first", "second"]
    assert [o.en for o in matching.options] == ["softmax", "step", "identity"]
    assert [o.en for o in matching.lefts] == ["regression", "multi-class"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_question_says_how_to_answer(lang):
    text = markdown(form_of(ITEMS["single"]), lang)
    assert HOW["single"](lang) in text and "- **b**: " in text
    assert "answer(...)" in text and ("1 点" in text if lang == "ja" else "(1 point)" in text)


@pytest.fixture()
def places(monkeypatch):
    entries = {"s": Entry(kind="graded", forms=[form_of(ITEMS["single"])]),
               "n": Entry(kind="practice", items=[ITEMS["numeric"].model_copy(
                   update={"kind": "practice"})])}
    monkeypatch.setattr(bundle, "entry", entries.get)
    monkeypatch.setattr(cells, "ANSWERS", {})
    return entries


def test_a_graded_answer_shows_how_it_was_read_and_never_whether_it_is_right(places):
    right, wrong = cells.answer("s", "b", lang="ja"), cells.answer("s", "a", lang="ja")
    assert str(right).replace("b", "a") == str(wrong)  # nothing but the letter differs
    assert "読み取った答え: b" in str(right) and "正解" not in str(right)
    assert 'data-score' not in right._repr_html_()


def test_a_practice_answer_gets_its_verdict_at_once(places):
    right, wrong = cells.answer("n", "0.0247", lang="en"), cells.answer("n", "0.0494", lang="en")
    assert right.result.score == 1.0 and wrong.result.score == 0.0
    assert "Correct." in str(right) and 'data-score="1"' in right._repr_html_()


def test_the_test_cell_fails_validate_only_for_a_missing_or_unreadable_answer(places):
    unanswered = cells.quiz_check("s", lang="ja")
    assert repr(unanswered) == "0.0" and "answer(...)" in unanswered.result.error
    cells.answer("s", "z")
    assert repr(cells.quiz_check("s")) == "0.0"
    cells.answer("s", "a")  # wrong, but readable: Validate must not tell
    assert cells.quiz_check("s") is None


def test_an_unknown_quiz_is_named(places):
    shown = cells.answer("nope", "a", lang="en")
    assert "nope" in shown.result.error and repr(shown) == "0.0"


KEY_FIELDS = {"correct", "answer", "accept", "regex", "feedback", "feedback_true",
              "feedback_false", "wrong", "shown", "pairs", "steps", "explanation",
              "misconceptions", "misconception"}
"""Fields of a resolved item that hold or reveal its key."""


def _field_names(data: object) -> set[str]:
    if isinstance(data, dict):
        return set(data).union(*(_field_names(v) for v in data.values()))
    if isinstance(data, list):
        return set().union(*(_field_names(v) for v in data))
    return set()


def test_the_shipped_quiz_bundles_carry_no_key_of_a_graded_item():
    shipped = bundle.lesson_bundles()
    graded = [(item_id, entry) for lesson in shipped.values()
              for item_id, entry in lesson.items.items() if entry.kind == "graded"]
    assert len(shipped) == 7 and len(graded) >= 24
    for item_id, entry in graded:
        assert entry.items == [] and entry.forms, item_id
        fields = _field_names(json.loads(json.dumps([f.model_dump() for f in entry.forms])))
        assert not fields & KEY_FIELDS, (item_id, fields & KEY_FIELDS)


def test_tex_braces_in_a_bank_text_are_text_not_fields():
    tex = {"ja": r"$\frac{1}{2}$ と $\partial E/\partial y_{k}$", "en": r"$\frac{1}{2}$"}
    item = ITEMS["single"].model_copy(update={"explanation": ITEMS["single"].prompt.model_copy(
        update=tex), "prompt": ITEMS["single"].prompt.model_copy(update=tex)})
    result = cells.grade(item, "b", "ja")
    assert tex["ja"] in result.feedback and tex["ja"] in markdown(form_of(item), "ja")


def test_per_student_variants_ask_and_grade_the_students_own_numbers(monkeypatch):
    numbers = [ITEMS["numeric"].model_copy(update={
        "kind": "practice", "lesson": "01_neuron", "variant": k, "variants": 3,
        "answer": 10.0 * (k + 1), "wrong": [],
        "prompt": ITEMS["numeric"].prompt.model_copy(update={"en": f"Q{k}", "ja": f"問{k}"})})
        for k in range(3)]
    entries = {"n": Entry(kind="practice", items=numbers)}
    monkeypatch.setattr(bundle, "entry", entries.get)
    monkeypatch.setattr(cells, "_per_student", {})
    monkeypatch.setenv(cells.STUDENT_VARIABLE, "s2")
    assert cells.answer("n", "10", lang="en").result.score == 1.0  # off: the lesson's numbers
    cells.quiz_variants("nn101")
    own = student_variant("n", "01_neuron", 3, "nn101", "s2")
    assert own != 0  # this student's variant differs from the lesson's (else pick another)
    shown = cells.answer("n", str(10.0 * (own + 1)), lang="en")
    assert shown.result.score == 1.0 and shown.result.variant == own
    assert f"Your question: Q{own}" in str(shown)
    assert cells.answer("n", "10", lang="en").result.score == 0.0
    monkeypatch.delenv(cells.STUDENT_VARIABLE)
    assert cells.answer("n", "10", lang="en").result.score == 1.0  # no student: variant 0
