"""Every misconception has a short name (ja and en) that the check table shows instead of its id:
present, short, distinct within its exercise, and carried into the plan and the student's bundle."""

from __future__ import annotations

import numpy as np
import pytest

from autograde.catalog.exercises import EXERCISES
from autograde.catalog.spec import (
    NAME_LENGTH,
    Exercise,
    Misconception,
    build_plan,
    hidden,
    public,
    spec_problems,
)
from autograde.cli import main
from autograde.kit.bundle import BUNDLE_DIR, load_bundle
from autograde.kit.text import Text

HINT = Text(ja="ヒント", en="a hint")


def _double(x):
    return 2 * x


def _exercise(*names: Text | None) -> Exercise:
    """A tiny exercise whose misconceptions ``double.m0``, ``double.m1``, … have these names."""
    return Exercise(
        id="double", title=Text(ja="2 倍", en="Double"), signature="double(x)", reference=_double,
        checks=[public("p", "p", 1, [(np.array([1.0, 2.0]),)]),
                hidden("h", "h", 1, [(np.array([3.0]),)])],
        misconceptions=[Misconception(f"double.m{i}", lambda x, k=i: (k + 3) * x, HINT, name=name)
                        for i, name in enumerate(names)],
    )


def _text(ja: str = "2 倍していない", en: str = "not doubled") -> Text:
    return Text(ja=ja, en=en)


@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=list(EXERCISES))
def test_every_catalog_misconception_has_a_sound_short_name(exercise):
    assert spec_problems(exercise) == []


@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=list(EXERCISES))
def test_the_names_reach_the_plan_and_the_students_bundle(exercise):
    declared = {m.id: m.name for m in exercise.misconceptions}
    assert {m.id: m.name for m in build_plan(exercise).misconceptions} == declared
    assert {m.id: m.name for m in load_bundle(exercise.id).misconceptions} == declared


def test_names_at_the_length_limit_are_accepted():
    longest = _text(ja="あ" * NAME_LENGTH["ja"], en="a" * NAME_LENGTH["en"])
    assert spec_problems(_exercise(longest, _text())) == []


@pytest.mark.parametrize(
    ("names", "problem"),
    [
        ((None,), "double.m0 has no short name"),
        (("not doubled",), "double.m0 has no short name"),
        ((_text(ja=""),), "double.m0: its ja name is empty"),
        ((_text(en="  "),), "double.m0: its en name is empty"),
        ((_text(ja="あ" * (NAME_LENGTH["ja"] + 1)),),
         f"double.m0: its ja name .* has {NAME_LENGTH['ja'] + 1} characters "
         rf"\(at most {NAME_LENGTH['ja']}\)"),
        ((_text(en="a" * (NAME_LENGTH["en"] + 1)),),
         f"double.m0: its en name .* has {NAME_LENGTH['en'] + 1} characters"),
        ((_text(en="double.m0"),), "double.m0: its en name repeats the id"),
        ((_text(), _text(en="tripled")), "double.m1 has the same ja name as double.m0"),
        ((_text(), _text(ja="3 倍している", en="Not Doubled")),
         "double.m1 has the same en name as double.m0"),
    ],
    ids=["none", "a plain string", "empty ja", "blank en", "long ja", "long en", "the id",
         "same ja", "same en"],
)
def test_a_bad_name_stops_the_plan_naming_exercise_and_misconception(names, problem):
    exercise = _exercise(*names)
    with pytest.raises(ValueError, match=f"^double: misconception {problem}"):
        build_plan(exercise)


def test_a_misconception_without_a_name_cannot_be_declared():
    with pytest.raises(TypeError, match="'name'"):
        Misconception("double.m0", _double, HINT)


def test_every_problem_of_an_exercise_is_reported_at_once():
    too_long = _text(ja="あ" * (NAME_LENGTH["ja"] + 1), en="tripled")
    problems = spec_problems(_exercise(_text(ja=""), None, too_long))
    assert len(problems) == 3
    assert all(f"double.m{i}" in problem for i, problem in enumerate(problems))


@pytest.mark.parametrize("check_only", [True, False], ids=["--check", "write"])
def test_build_bundles_lists_the_problems_instead_of_a_traceback(check_only, monkeypatch, capsys):
    before = {path.name: path.read_bytes() for path in BUNDLE_DIR.glob("*.json")}
    monkeypatch.setitem(EXERCISES, "double", _exercise(_text(), _text()))
    assert main(["build-bundles", *(["--check"] if check_only else [])]) == 1
    err = capsys.readouterr().err
    assert "double: misconception double.m1 has the same ja name as double.m0" in err
    assert "Traceback" not in err
    assert {path.name: path.read_bytes() for path in BUNDLE_DIR.glob("*.json")} == before
