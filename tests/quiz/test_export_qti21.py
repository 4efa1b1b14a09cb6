"""The QTI 2.1 export: an IMS content package whose manifest lists every item as an
``imsqti_item_xmlv2p1`` resource, items in the ``imsqti_v2p1`` namespace whose
``correctResponse`` is the bank's key, and response processing that — run by a small
interpreter of the QTI operators it uses — scores the sample answers as the bank does.
(No package on PyPI, npm or Debian ships the IMS QTI 2.1 XSD, so the schema's structure is
checked here instead: element order, identifiers, declared responses.)"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from functools import cache

import numpy as np
import pytest
from lxml import etree
from test_export_common import LANG, Sample, all_items, exported, key_sample, ours, samples

from autograde.kit.quiz.grading import close
from autograde.kit.quiz.items import LETTERS, Item
from autograde.quiz.export.common import question_id, say, to_plain
from autograde.quiz.export.qti21 import CP, ITEM_TYPE, QTI, ident
from autograde.quiz.export.scoring import absolute_tolerance

FMT = "qti21"
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
BODY_ORDER = ["responseDeclaration", "outcomeDeclaration", "itemBody", "responseProcessing",
              "modalFeedback"]


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


@cache
def package(lesson: str) -> tuple[etree._Element, dict[str, etree._Element]]:
    """The manifest and the items (by href) of a lesson's package."""
    with zipfile.ZipFile(io.BytesIO(exported(FMT, lesson).data)) as archive:
        names = archive.namelist()
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        items = {n: etree.fromstring(archive.read(n)) for n in names if n != "imsmanifest.xml"}
    return manifest, items


def item_root(lesson: str, item: Item) -> etree._Element | None:
    return package(lesson)[1].get(f"items/{question_id(item)}.xml")


# --- an interpreter of the response processing ---------------------------------------------

def convert(base_type: str, text: str) -> object:
    if base_type == "float":
        return float(text)
    if base_type == "integer":
        return int(text)
    if base_type == "directedPair":
        return tuple(text.split())
    return text


class Run:
    """One response processing run: declarations, outcomes and the operators used."""

    def __init__(self, root: etree._Element, responses: dict[str, object]) -> None:
        self.declared: dict[str, etree._Element] = {}
        self.env: dict[str, object] = {}
        for declaration in root.iterchildren(f"{{{QTI}}}responseDeclaration"):
            self.declared[declaration.get("identifier")] = declaration
            self.env[declaration.get("identifier")] = responses.get(
                declaration.get("identifier"))
        for outcome in root.iterchildren(f"{{{QTI}}}outcomeDeclaration"):
            default = outcome.find(f"{{{QTI}}}defaultValue/{{{QTI}}}value")
            self.env[outcome.get("identifier")] = (
                None if default is None else convert(outcome.get("baseType"), default.text))
        for rule in root.find(f"{{{QTI}}}responseProcessing"):
            self.rule(rule)

    def correct(self, name: str) -> object:
        declaration = self.declared[name]
        values = [convert(declaration.get("baseType"), v.text)
                  for v in declaration.find(f"{{{QTI}}}correctResponse")]
        return values[0] if declaration.get("cardinality") == "single" else values

    def rule(self, element: etree._Element) -> None:
        tag = local(element)
        if tag == "setOutcomeValue":
            self.env[element.get("identifier")] = self.value(element[0])
        elif tag == "responseCondition":
            for branch in element:
                if local(branch) == "responseElse":
                    rules = list(branch)
                elif self.value(branch[0]) is True:
                    rules = list(branch)[1:]
                else:
                    continue
                for rule in rules:
                    self.rule(rule)
                return
        else:
            raise AssertionError(f"unexpected rule {tag}")

    def value(self, e: etree._Element) -> object:
        tag = local(e)
        args = [self.value(child) for child in e] if tag not in (
            "variable", "correct", "baseValue", "mapResponse") else []
        if tag == "variable":
            return self.env[e.get("identifier")]
        if tag == "correct":
            return self.correct(e.get("identifier"))
        if tag == "baseValue":
            return convert(e.get("baseType"), e.text)
        if tag == "isNull":
            return args[0] is None or args[0] == [] or args[0] == ""
        if tag == "multiple":
            joined = [x for a in args if a is not None
                      for x in (a if isinstance(a, list) else [a])]
            return joined or None
        if any(a is None for a in args) and tag not in ("and", "or"):
            return None
        if tag == "match":
            a, b = args
            name = e[0].get("identifier")
            if isinstance(a, list) and self.declared[name].get("cardinality") != "ordered":
                return Counter(a) == Counter(b)
            return a == b
        if tag == "equal":
            assert e.get("toleranceMode") == "absolute"
            t = [float(x) for x in e.get("tolerance").split()]
            return args[1] - t[0] <= args[0] <= args[1] + t[-1]
        if tag == "stringMatch":
            sensitive = e.get("caseSensitive") == "true"
            a, b = (args if sensitive else [x.casefold() for x in args])
            return a == b
        if tag in ("and", "or"):
            if (tag == "or") in args:  # a False decides "and", a True decides "or"
                return tag == "or"
            return None if None in args else tag == "and"
        if tag == "member":
            return args[0] in args[1]
        if tag == "containerSize":
            return len(args[0])
        if tag == "sum":
            return sum(args)
        if tag == "product":
            return float(np.prod(args))
        if tag == "divide":
            return None if args[1] == 0 else args[0] / args[1]
        if tag == "mapResponse":
            return self.map_response(e.get("identifier"))
        raise AssertionError(f"unexpected operator {tag}")

    def map_response(self, name: str) -> object:
        response = self.env[name]
        if response is None:
            return None
        declaration = self.declared[name]
        mapping = declaration.find(f"{{{QTI}}}mapping")
        base = declaration.get("baseType")
        table = {convert(base, m.get("mapKey")): float(m.get("mappedValue"))
                 for m in mapping}
        values = set(response) if isinstance(response, list) else {response}
        total = sum(table.get(v, float(mapping.get("defaultValue", "0"))) for v in values)
        if mapping.get("lowerBound") is not None:
            total = max(total, float(mapping.get("lowerBound")))
        if mapping.get("upperBound") is not None:
            total = min(total, float(mapping.get("upperBound")))
        return total


def responses(item: Item, sample: Sample) -> dict[str, object]:
    v = sample.value
    t = item.type
    if t == "single":
        return {"RESPONSE": LETTERS[v[0]]}
    if t == "multiple":
        return {"RESPONSE": [LETTERS[i] for i in v] or None}
    if t == "true-false":
        return {"RESPONSE": "true" if v else "false"}
    if t == "numeric":
        return {"RESPONSE": float(v)}
    if t == "numeric-array":
        return {f"RESPONSE_{i + 1}": float(x) for i, x in enumerate(np.ravel(v))}
    if t == "text":
        return {"RESPONSE": v}
    if t == "ordering":
        return {"RESPONSE": [LETTERS[item.shown.index(step)] for step in v]}
    return {"RESPONSE": [(f"L{left + 1}", LETTERS[item.shown.index(option)])
                         for left, option in enumerate(v)]}


# --- tests ---------------------------------------------------------------------------------

ITEMS = all_items()
IDS = [f"{bank.lesson}/{s.id}" for bank, s in ITEMS]
LESSONS = sorted({bank.lesson for bank, _ in ITEMS})


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_manifest_lists_every_item_as_a_qti21_item_resource(lesson):
    manifest, items = package(lesson)
    assert manifest.tag == f"{{{CP}}}manifest" and NCNAME.match(manifest.get("identifier"))
    assert manifest.findtext(f"{{{CP}}}metadata/{{{CP}}}schema") == "QTIv2.1 Package"
    resources = manifest.findall(f"{{{CP}}}resources/{{{CP}}}resource")
    assert sorted(r.get("href") for r in resources) == sorted(items)
    identifiers = [r.get("identifier") for r in resources]
    assert len(set(identifiers)) == len(identifiers) and all(map(NCNAME.match, identifiers))
    for resource in resources:
        assert resource.get("type") == ITEM_TYPE
        assert [f.get("href") for f in resource.findall(f"{{{CP}}}file")] == [
            resource.get("href")]
    exported_variants = sum(len(s.variants) for bank, s in ITEMS if bank.lesson == lesson
                            and not any(n.item == s.id and n.left_out
                                        for n in exported(FMT, lesson).notes))
    assert len(items) == exported_variants


@pytest.mark.parametrize(("bank", "items"), ITEMS, ids=IDS)
def test_items_are_qti21_with_the_banks_key_as_correct_response(bank, items):
    for item in items.variants:
        root = item_root(bank.lesson, item)
        assert root is not None
        assert root.tag == f"{{{QTI}}}assessmentItem" and root.nsmap[None] == QTI
        assert root.get("identifier") == ident(question_id(item))
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == LANG
        order = [BODY_ORDER.index(local(child)) for child in root
                 if isinstance(child.tag, str)]
        assert order == sorted(order) and BODY_ORDER.index("itemBody") in order
        for element in root.iter():
            for name in ("identifier", "responseIdentifier", "outcomeIdentifier"):
                if element.get(name) is not None:
                    assert NCNAME.match(element.get(name)), element.get(name)
        declared = {d.get("identifier"): d
                    for d in root.findall(f"{{{QTI}}}responseDeclaration")}
        used = {e.get("responseIdentifier") for e in root.iter()
                if e.get("responseIdentifier")}
        assert used == set(declared)
        run = Run(root, {})
        assert run.env["MAXSCORE"] == item.points
        t = item.type
        if t in ("single", "multiple"):
            expected = item.correct_letters[0] if t == "single" else item.correct_letters
            assert run.correct("RESPONSE") == expected
            interaction = root.find(f".//{{{QTI}}}choiceInteraction")
            assert interaction.get("maxChoices") == ("1" if t == "single" else "0")
            assert [c.text for c in interaction.findall(f"{{{QTI}}}simpleChoice")] == [
                to_plain(say(c.text, LANG), one_line=False) for c in item.choices]
        elif t == "true-false":
            assert run.correct("RESPONSE") == ("true" if item.answer else "false")
        elif t == "numeric":
            assert declared["RESPONSE"].get("baseType") == "float"
            assert run.correct("RESPONSE") == pytest.approx(item.answer, rel=1e-9, abs=1e-300)
            assert root.find(f".//{{{QTI}}}textEntryInteraction") is not None
        elif t == "numeric-array":
            key = np.ravel(np.asarray(item.answer, dtype=np.float64))
            assert [run.correct(f"RESPONSE_{i + 1}") for i in range(key.size)] == \
                pytest.approx(key.tolist(), rel=1e-9, abs=1e-300)
        elif t == "text":
            assert run.correct("RESPONSE") == item.accept[0]
        elif t == "ordering":
            assert declared["RESPONSE"].get("cardinality") == "ordered"
            shown = [c.text for c in root.findall(f".//{{{QTI}}}orderInteraction/"
                                                  f"{{{QTI}}}simpleChoice")]
            in_order = [shown[LETTERS.index(x)] for x in run.correct("RESPONSE")]
            assert in_order == [to_plain(say(s, LANG), one_line=False) for s in item.steps]
        else:
            assert declared["RESPONSE"].get("baseType") == "directedPair"
            rights = [c.text for c in root.findall(
                f".//{{{QTI}}}simpleMatchSet[2]/{{{QTI}}}simpleAssociableChoice")]
            pairs = sorted(run.correct("RESPONSE"))
            assert [rights[LETTERS.index(letter)] for _, letter in pairs] == [
                to_plain(say(p.right, LANG), one_line=False) for p in item.pairs]


@pytest.mark.parametrize(("bank", "items"), ITEMS, ids=IDS)
def test_response_processing_scores_every_sample_as_the_bank_unless_noted(bank, items):
    noted = any(n.item == items.id for n in exported(FMT, bank.lesson).notes)
    for item in items.variants:
        root = item_root(bank.lesson, item)
        key = Run(root, responses(item, key_sample(item))).env["SCORE"]
        assert key == pytest.approx(item.points)
        differing = []
        for sample in samples(item):
            score = Run(root, responses(item, sample)).env["SCORE"]
            if abs(score / item.points - ours(item, sample)) > 1e-6:  # ours: 6 decimals
                differing.append((sample, score))
        assert not differing or noted, (item.id, differing[:3])


@pytest.mark.parametrize(("bank", "items"), ITEMS, ids=IDS)
def test_feedback_follows_the_chosen_options_and_the_wrong_rules(bank, items):
    for item in items.variants:
        root = item_root(bank.lesson, item)
        feedback_ids = {f.get("identifier") for f in root.findall(f"{{{QTI}}}modalFeedback")}
        assert ("EXPLANATION" in feedback_ids) is bool(say(item.explanation, LANG))
        if item.type in ("single", "multiple"):
            assert feedback_ids - {"EXPLANATION"} == {
                LETTERS[i] for i, c in enumerate(item.choices)
                if say(c.feedback, LANG) or (not c.correct and c.misconception)}
        for sample in samples(item):
            shown = set(Run(root, responses(item, sample)).env["FEEDBACK"] or [])
            shown.discard("EXPLANATION")
            if item.type in ("single", "multiple"):
                assert shown == {LETTERS[i] for i in sample.value}
            elif item.type == "true-false":
                assert shown == {"true" if sample.value else "false"}
            elif item.type in ("numeric", "numeric-array"):
                assert shown == expected_wrong_rule(item, sample.value)


def expected_wrong_rule(item: Item, value: object) -> set[str]:
    """``W<k>`` for the first wrong rule the bank's grader recognises in ``value``."""
    if bool(np.all(close(value, item.answer, item.tolerance))):
        return set()
    for k, rule in enumerate((r for r in item.wrong if np.shape(r.answer) == np.shape(value)),
                             start=1):
        if bool(np.all(close(value, rule.answer, item.tolerance))):
            return {f"W{k}"}
    return set()


def test_tolerances_are_absolute_per_key_in_qti_equal():
    _, items = package("03_loss")
    root = items["items/03-sse-example.v0.xml"]
    equal = root.find(f".//{{{QTI}}}equal")
    assert equal.get("toleranceMode") == "absolute"
    assert float(equal.get("tolerance")) == pytest.approx(absolute_tolerance(
        0.0247, next(s for b, s in ITEMS if s.id == "03-sse-example").variants[0].tolerance))
