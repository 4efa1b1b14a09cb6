"""IMS QTI 2.1 items (``assessmentItem`` in the ``imsqti_v2p1`` namespace) in an IMS content
package: choiceInteraction for single, multiple and true/false, textEntryInteraction for
numbers (one per array element) and text, orderInteraction, matchInteraction. Scores are
computed by response processing written with QTI's standard operators only (no
customOperator, no template that would fix the score at 1): SCORE runs from 0 to the item's
points (MAXSCORE)."""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Iterable

import numpy as np
from lxml import etree
from lxml.builder import ElementMaker

from autograde.kit.quiz.items import (
    LETTERS,
    Item,
    Matching,
    Multiple,
    Numeric,
    NumericArray,
    Ordering,
    Single,
    TextItem,
    TrueFalse,
    WrongNumber,
)
from autograde.kit.text import Lang, Text
from autograde.quiz.export.common import (
    ItemSet,
    Notes,
    hint_of,
    number,
    question_id,
    question_name,
    say,
    to_plain,
)
from autograde.quiz.export.scoring import absolute_tolerance

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ITEM_TYPE = "imsqti_item_xmlv2p1"
Q = ElementMaker(namespace=QTI, nsmap={None: QTI, "xsi": XSI})
ORDERING_GAP = ("QTI 2.1's standard operators cannot compute a longest common subsequence: "
                "the order is scored all or nothing")
REGEX_QTI_GAP = ("the regular expression {regex!r} is left out (QTI's patternMatch is "
                 "case-sensitive XML Schema syntax): only the listed answers are accepted")
TRUE_FALSE = {True: Text(ja="正しい", en="True"), False: Text(ja="誤り", en="False")}
Element = etree._Element


def ident(text: str) -> str:
    """A QTI identifier (an XML NCName) for an id that may start with a digit."""
    return "Q_" + "".join(c if c.isalnum() or c in "-._" else "_" for c in text)


# --- expressions and rules of response processing -------------------------------------------

def variable(name: str) -> Element:
    return Q.variable(identifier=name)


def value(base_type: str, x: object) -> Element:
    return Q.baseValue(str(x), baseType=base_type)


def floating(x: float) -> Element:
    return value("float", repr(float(x)))


def set_outcome(name: str, expression: Element) -> Element:
    return Q.setOutcomeValue(expression, identifier=name)


def condition(branches: Iterable[tuple[Element | None, list[Element]]]) -> Element:
    """``responseCondition``: (expression, rules) pairs; None as the expression: else."""
    parts = []
    for index, (test, rules) in enumerate(branches):
        if test is None:
            parts.append(Q.responseElse(*rules))
        else:
            tag = Q.responseIf if index == 0 else Q.responseElseIf
            parts.append(tag(test, *rules))
    return Q.responseCondition(*parts)


def within(response: str, key: float, tolerance: float) -> Element:
    """The response equals ``key`` ± ``tolerance`` (QTI's ``equal`` in absolute mode)."""
    return Q.equal(variable(response), value("float", number(key, tolerance)),
                   toleranceMode="absolute", tolerance=number(tolerance, tolerance))


def mapping(entries: dict[str, float], lower: float | None = None,
            upper: float | None = None) -> Element:
    bounds = {"lowerBound": repr(lower)} if lower is not None else {}
    if upper is not None:
        bounds["upperBound"] = repr(upper)
    return Q.mapping(*(Q.mapEntry(mapKey=k, mappedValue=repr(v)) for k, v in entries.items()),
                     defaultValue="0", **bounds)


def append_mixed(parent: Element, pieces: list[str | Element]) -> None:
    """Text and elements in order (text goes to ``.text`` or the previous element's tail)."""
    for piece in pieces:
        if isinstance(piece, str):
            if len(parent):
                parent[-1].tail = (parent[-1].tail or "") + piece
            else:
                parent.text = (parent.text or "") + piece
        else:
            parent.append(piece)


class ItemWriter:
    """One ``assessmentItem``: declarations, body, response processing, feedback."""

    def __init__(self, item: Item, lang: Lang, notes: Notes) -> None:
        self.item, self.lang, self.notes = item, lang, notes
        self.responses: list[Element] = []
        self.outcomes: list[Element] = [
            self.outcome("SCORE", "float", 0.0), self.outcome("MAXSCORE", "float", item.points),
            Q.outcomeDeclaration(identifier="FEEDBACK", cardinality="multiple",
                                 baseType="identifier")]
        self.body: list[Element] = []
        self.rules: list[Element] = []
        self.feedback: dict[str, str] = {}

    @staticmethod
    def outcome(name: str, base_type: str, default: float) -> Element:
        return Q.outcomeDeclaration(Q.defaultValue(Q.value(repr(float(default)))),
                                    identifier=name, cardinality="single", baseType=base_type)

    def text(self, text: Text | None) -> str:
        return to_plain(say(text, self.lang), one_line=False)

    def inline(self, tag: str, text: str, **attributes: str) -> Element:
        """An element holding ``text``, its line breaks as ``<br/>``."""
        element = Q(tag, **attributes)
        lines = text.split("\n")
        element.text = lines[0]
        for line in lines[1:]:
            etree.SubElement(element, f"{{{QTI}}}br").tail = line
        return element

    def declare(self, name: str, cardinality: str, base_type: str,
                correct: list[str], extra: Element | None = None) -> None:
        children = [Q.correctResponse(*(Q.value(v) for v in correct))]
        if extra is not None:
            children.append(extra)
        self.responses.append(Q.responseDeclaration(*children, identifier=name,
                                                    cardinality=cardinality,
                                                    baseType=base_type))

    # --- scores ---------------------------------------------------------------------------

    def score_if(self, test: Element) -> None:
        """SCORE = the points when ``test`` holds, else 0."""
        self.rules.append(condition([(test, [set_outcome("SCORE", floating(self.item.points))]),
                                     (None, [set_outcome("SCORE", floating(0.0))])]))

    def score_of(self, fraction: Element) -> None:
        """SCORE = ``fraction`` × points (0 without an answer, as the bank grades an empty
        one)."""
        points = floating(self.item.points)
        self.rules.append(condition([
            (Q.isNull(variable("RESPONSE")), [set_outcome("SCORE", floating(0.0))]),
            (None, [set_outcome("SCORE", Q.product(fraction, points))])]))

    def show_chosen(self) -> None:
        """Each chosen option's feedback (FEEDBACK holds the chosen identifiers)."""
        self.rules.append(set_outcome("FEEDBACK", Q.multiple(variable("RESPONSE"))))

    # --- item types -----------------------------------------------------------------------

    def choices(self, item: Single | Multiple, max_choices: int) -> None:
        interaction = Q.choiceInteraction(self.inline("prompt", self.text(item.prompt)),
                                          responseIdentifier="RESPONSE", shuffle="false",
                                          maxChoices=str(max_choices))
        for letter, choice in zip(LETTERS, item.choices, strict=False):
            interaction.append(self.inline("simpleChoice", self.text(choice.text),
                                           identifier=letter))
            hint = "" if choice.correct else hint_of(item, choice.misconception, None,
                                                      self.lang)
            self.feedback[letter] = "\n".join(t for t in (self.text(choice.feedback), hint) if t)
        self.body.append(interaction)
        self.show_chosen()

    def single(self, item: Single) -> None:
        self.declare("RESPONSE", "single", "identifier", item.correct_letters)
        self.choices(item, 1)
        self.score_if(Q.match(variable("RESPONSE"), Q.correct(identifier="RESPONSE")))

    def multiple(self, item: Multiple) -> None:
        letters = LETTERS[:len(item.choices)]
        right = set(item.correct_letters)
        c, n = len(right), len(item.choices)
        extra = None
        if item.scoring == "net-correct":
            extra = mapping({x: (1 / c if x in right else -1 / c) for x in letters}, 0.0, 1.0)
        if item.scoring == "each-answer":
            extra = mapping({x: (1 / n if x in right else -1 / n) for x in letters})
        self.declare("RESPONSE", "multiple", "identifier", item.correct_letters, extra)
        self.choices(item, 0)
        if item.scoring == "all-or-nothing":
            self.score_if(Q.match(variable("RESPONSE"), Q.correct(identifier="RESPONSE")))
        elif item.scoring == "net-correct":
            self.score_of(Q.mapResponse(identifier="RESPONSE"))
        elif item.scoring == "each-answer":
            wrong = n - c
            self.score_of(Q.sum(Q.mapResponse(identifier="RESPONSE"), floating(wrong / n)))
        else:  # coverage: (right chosen / correct) · (right chosen / chosen)
            self.outcomes.append(self.outcome("RIGHT", "float", 0.0))
            for letter in item.correct_letters:
                self.rules.append(condition([(
                    Q.member(value("identifier", letter), variable("RESPONSE")),
                    [set_outcome("RIGHT", Q.sum(variable("RIGHT"), floating(1.0)))])]))
            self.score_of(Q.product(
                Q.divide(variable("RIGHT"), floating(c)),
                Q.divide(variable("RIGHT"), Q.containerSize(variable("RESPONSE")))))

    def true_false(self, item: TrueFalse) -> None:
        names = {True: "true", False: "false"}
        self.declare("RESPONSE", "single", "identifier", [names[item.answer]])
        interaction = Q.choiceInteraction(self.inline("prompt", self.text(item.prompt)),
                                          responseIdentifier="RESPONSE", shuffle="false",
                                          maxChoices="1")
        for answer in (True, False):
            interaction.append(self.inline("simpleChoice", TRUE_FALSE[answer](self.lang),
                                           identifier=names[answer]))
            said = self.text(item.feedback_true if answer else item.feedback_false)
            hint = "" if answer == item.answer else hint_of(item, item.misconception, None,
                                                            self.lang)
            self.feedback[names[answer]] = "\n".join(t for t in (said, hint) if t)
        self.body.append(interaction)
        self.score_if(Q.match(variable("RESPONSE"), Q.correct(identifier="RESPONSE")))
        self.show_chosen()

    def wrong_feedback(self, key_test: Element, item: Numeric | NumericArray,
                       rules: list[WrongNumber], tests: list[Element]) -> None:
        """FEEDBACK = W<k> for the first wrong rule an answer fits (when it is not right)."""
        branches: list[tuple[Element | None, list[Element]]] = [(key_test, [])]
        for k, (rule, test) in enumerate(zip(rules, tests, strict=True), start=1):
            self.feedback[f"W{k}"] = hint_of(item, rule.misconception, rule.hint, self.lang)
            branches.append((test, [set_outcome("FEEDBACK",
                                                Q.multiple(value("identifier", f"W{k}")))]))
        if len(branches) > 1:
            self.rules.append(condition(branches))

    def numeric(self, item: Numeric) -> None:
        if not math.isfinite(item.answer):
            self.notes.left_out(item.id, f"the key {item.answer} is not a finite number")
            return
        tolerance = absolute_tolerance(item.answer, item.tolerance)
        self.declare("RESPONSE", "single", "float", [number(item.answer, tolerance)])
        self.body += [self.inline("p", self.text(item.prompt)),
                      Q.p(Q.textEntryInteraction(responseIdentifier="RESPONSE",
                                                 expectedLength="12"))]
        self.score_if(within("RESPONSE", item.answer, tolerance))
        wrongs = [float(np.asarray(r.answer, dtype=np.float64)) for r in item.wrong]
        self.wrong_feedback(within("RESPONSE", item.answer, tolerance), item, item.wrong,
                            [within("RESPONSE", w, absolute_tolerance(w, item.tolerance))
                             for w in wrongs])

    def numeric_array(self, item: NumericArray) -> None:
        key = np.asarray(item.answer, dtype=np.float64)
        if key.ndim > 2 or not np.all(np.isfinite(key)):
            self.notes.left_out(item.id, f"only finite vectors and matrices (shape {key.shape})")
            return
        names = [f"RESPONSE_{i + 1}" for i in range(key.size)]
        tolerances = [absolute_tolerance(float(x), item.tolerance) for x in key.flat]
        for name, x, tolerance in zip(names, key.flat, tolerances, strict=True):
            self.declare(name, "single", "float", [number(float(x), tolerance)])
        grid = Q.p()
        rows = [names] if key.ndim == 1 else [names[r * key.shape[1]:(r + 1) * key.shape[1]]
                                              for r in range(key.shape[0])]
        pieces: list[str | Element] = ["[" * key.ndim]
        for r, row in enumerate(rows):
            if r:
                pieces += ["],", Q.br(), "["]
            for i, name in enumerate(row):
                pieces += [", "] * bool(i) + [Q.textEntryInteraction(responseIdentifier=name,
                                                                    expectedLength="8")]
        pieces.append("]" * key.ndim)
        append_mixed(grid, pieces)
        self.body += [self.inline("p", self.text(item.prompt)), grid]
        share = item.points / key.size
        for name, x, tolerance in zip(names, key.flat, tolerances, strict=True):
            self.rules.append(condition([(within(name, float(x), tolerance), [
                set_outcome("SCORE", Q.sum(variable("SCORE"), floating(share)))])]))

        def all_within(values: np.ndarray) -> Element:
            return Q("and", *(within(name, float(v), absolute_tolerance(float(v),
                                                                          item.tolerance))
                              for name, v in zip(names, values.flat, strict=True)))

        fitting = [r for r in item.wrong if np.shape(r.answer) == key.shape]
        self.wrong_feedback(all_within(key), item, fitting,
                            [all_within(np.asarray(r.answer, dtype=np.float64))
                             for r in fitting])

    def text_entry(self, item: TextItem) -> None:
        if item.regex:
            self.notes.degraded(item.id, REGEX_QTI_GAP.format(regex=item.regex))
        self.declare("RESPONSE", "single", "string", [item.accept[0]])
        self.body += [self.inline("p", self.text(item.prompt)),
                      Q.p(Q.textEntryInteraction(responseIdentifier="RESPONSE",
                                                 expectedLength="20"))]
        sensitive = "true" if item.case_sensitive else "false"
        self.score_if(Q("or", *(Q.stringMatch(variable("RESPONSE"), value("string", a),
                                              caseSensitive=sensitive)
                                for a in dict.fromkeys(item.accept))))

    def ordering(self, item: Ordering) -> None:
        self.notes.degraded(item.id, ORDERING_GAP)
        correct = [LETTERS[item.shown.index(step)] for step in range(len(item.steps))]
        self.declare("RESPONSE", "ordered", "identifier", correct)
        interaction = Q.orderInteraction(self.inline("prompt", self.text(item.prompt)),
                                         responseIdentifier="RESPONSE", shuffle="false")
        for letter, step in zip(LETTERS, item.shown, strict=False):
            interaction.append(self.inline("simpleChoice", self.text(item.steps[step]),
                                           identifier=letter))
        self.body.append(interaction)
        self.score_if(Q.match(variable("RESPONSE"), Q.correct(identifier="RESPONSE")))

    def matching(self, item: Matching) -> None:
        n = len(item.pairs)
        pairs = [f"L{i + 1} {LETTERS[item.shown.index(i)]}" for i in range(n)]
        self.declare("RESPONSE", "multiple", "directedPair", pairs,
                     mapping(dict.fromkeys(pairs, 1 / n), 0.0, 1.0))
        lefts = Q.simpleMatchSet(*(self.inline("simpleAssociableChoice", self.text(p.left),
                                               identifier=f"L{i + 1}", matchMax="1")
                                   for i, p in enumerate(item.pairs)))
        rights = Q.simpleMatchSet(*(self.inline("simpleAssociableChoice",
                                                self.text(item.option(option)),
                                                identifier=LETTERS[j], matchMax=str(n))
                                    for j, option in enumerate(item.shown)))
        self.body.append(Q.matchInteraction(self.inline("prompt", self.text(item.prompt)),
                                            lefts, rights, responseIdentifier="RESPONSE",
                                            shuffle="false", maxAssociations=str(n)))
        self.score_of(Q.mapResponse(identifier="RESPONSE"))

    # --- the document ---------------------------------------------------------------------

    def build(self) -> Element | None:
        write = {"text": self.text_entry}.get(self.item.type) or getattr(
            self, self.item.type.replace("-", "_"))
        write(self.item)
        if self.notes.is_left_out(self.item.id):
            return None
        explanation = self.text(self.item.explanation)
        if explanation:
            self.feedback["EXPLANATION"] = explanation
            self.rules.append(set_outcome("FEEDBACK", Q.multiple(
                variable("FEEDBACK"), value("identifier", "EXPLANATION"))))
        root = Q.assessmentItem(
            *self.responses, *self.outcomes, Q.itemBody(*self.body),
            Q.responseProcessing(*self.rules),
            *(Q.modalFeedback(self.inline("p", text), outcomeIdentifier="FEEDBACK",
                              identifier=key, showHide="show")
              for key, text in self.feedback.items() if text),
            identifier=ident(question_id(self.item)), title=question_name(self.item),
            adaptive="false", timeDependent="false")
        root.set(f"{{{XSI}}}schemaLocation", f"{QTI} {QTI_XSD}")
        root.set(XML_LANG, self.lang)
        return root


def manifest(files: list[tuple[str, str]], title: str) -> Element:
    """``imsmanifest.xml``: one ``imsqti_item_xmlv2p1`` resource per (identifier, href)."""
    M = ElementMaker(namespace=CP, nsmap={None: CP, "xsi": XSI})
    root = M.manifest(
        M.metadata(M.schema("QTIv2.1 Package"), M.schemaversion("1.0.0")),
        M.organizations(),
        M.resources(*(M.resource(M.file(href=href), identifier=f"RES_{identifier}",
                                 type=ITEM_TYPE, href=href)
                      for identifier, href in files)),
        identifier=f"MANIFEST_{ident(title)}")
    root.set(f"{{{XSI}}}schemaLocation", f"{CP} {CP_XSD}")
    return root


def _zip_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def export(sets: list[ItemSet], lang: Lang, notes: Notes) -> bytes:
    buffer = io.BytesIO()
    files: list[tuple[str, str]] = []
    lessons = sorted({s.lesson for s in sets})
    with zipfile.ZipFile(buffer, "w") as archive:
        for items in sets:
            documents = [(item, ItemWriter(item, lang, notes).build()) for item in items.variants]
            if notes.is_left_out(items.id):
                continue
            for item, document in documents:
                href = f"items/{question_id(item)}.xml"
                _zip_entry(archive, href, etree.tostring(document, xml_declaration=True,
                                                         encoding="UTF-8", pretty_print=True))
                files.append((ident(question_id(item)), href))
        _zip_entry(archive, "imsmanifest.xml",
                   etree.tostring(manifest(files, "-".join(lessons) or "quiz"),
                                  xml_declaration=True, encoding="UTF-8", pretty_print=True))
    return buffer.getvalue()
