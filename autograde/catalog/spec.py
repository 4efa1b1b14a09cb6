"""Declaring an exercise (instructor side): reference, checks, cases, misconceptions.

An exercise is data in one place — adding one touches one file in ``autograde/exercises/``.
:func:`build_plan` turns it into a :class:`~autograde.kit.plan.Plan` by running the reference and
every mutant on each case as :func:`~autograde.kit.invoke.invoke` runs submissions (the same
protocol and conversions), so all sides follow the same conventions (read-only inputs, writable
arguments).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograde.kit.convert import to_array, to_outputs
from autograde.kit.invoke import run_protocol
from autograde.kit.plan import Case, Check, MatchKind, MisconceptionInfo, Output, Plan, Protocol
from autograde.kit.settings import CASE_SECONDS
from autograde.kit.text import Text
from autograde.kit.values import readonly, writable

Args = tuple[Any, ...]
CaseList = Sequence["Args | Labelled"]
CaseSource = CaseList | Callable[[np.random.Generator], CaseList]


@dataclass(frozen=True)
class Labelled:
    """A case whose expected outputs are given (true labels), not computed by the reference."""

    args: Args
    expected: tuple[Any, ...]


NAME_LENGTH: dict[str, int] = {"ja": 20, "en": 40}
"""The longest short name of a misconception, in characters per language (a table cell)."""


@dataclass(frozen=True)
class Misconception:
    id: str
    mutant: Callable | tuple[Callable, ...]
    hint: Text
    match: MatchKind = "values"
    """How a submission is matched (:class:`~autograde.kit.plan.MisconceptionInfo`):
    ``"unrestored"`` names it whenever a writable argument is left changed, and then the
    mutant only has to demonstrate the mistake (the catalog tests grade it)."""
    name: Text = field(kw_only=True)
    """The mistake in a few words, shown on screen in place of the id: a noun phrase such as
    「exp の符号が逆」 / "sign inside exp flipped" (at most :data:`NAME_LENGTH` characters)."""


@dataclass(frozen=True)
class CheckSpec:
    name: Text
    points: float
    cases: CaseSource
    hidden: bool = False


def public(ja: str, en: str, points: float, cases: CaseSource) -> CheckSpec:
    """A check shown to students (its cases ship in the case bundle)."""
    return CheckSpec(Text(ja=ja, en=en), points, cases)


def hidden(ja: str, en: str, points: float, cases: CaseSource) -> CheckSpec:
    """A check run only by the instructor's grader, usually on per-student random cases."""
    return CheckSpec(Text(ja=ja, en=en), points, cases, hidden=True)


@dataclass(frozen=True)
class Exercise:
    id: str
    title: Text
    signature: str
    reference: Callable | tuple[Callable, ...]
    checks: Sequence[CheckSpec]
    misconceptions: Sequence[Misconception]
    outputs: Sequence[Output] = (Output(name="y"),)
    writable: tuple[int, ...] = ()
    functions: tuple[str, ...] = ()
    protocol: Protocol = "call"
    time_limit: float = CASE_SECONDS
    """Seconds per case (a whole capstone fit + predict is one case)."""

    @property
    def function_names(self) -> list[str]:
        if self.functions:
            return list(self.functions)
        return [re.match(r"\s*(\w+)", self.signature).group(1)]

    @property
    def max_score(self) -> float:
        return float(sum(c.points for c in self.checks))

    def all_outputs(self, params: list[str]) -> list[Output]:
        """Declared outputs plus one 'restored' output per writable argument."""
        restored = [Output(name=params[i], restored=True, rtol=1e-12, atol=0.0)
                    for i in self.writable]
        return [*self.outputs, *restored]


def _as_tuple(f: Callable | tuple[Callable, ...]) -> tuple[Callable, ...]:
    return f if isinstance(f, tuple) else (f,)


def _outputs(exercise: Exercise, functions: Callable | tuple, args: Args) -> list | None:
    """What ``functions`` return on ``args`` (None if they raise), called and converted as a
    submission's functions are (:func:`~autograde.kit.invoke.invoke` without the guards
    student code needs: this is the reference or a mutant, which neither prints nor runs
    long; their warnings are silenced once per check, in :func:`_build_check`)."""
    call_args = [writable(a) if i in exercise.writable else readonly(a)
                 for i, a in enumerate(args)]
    try:
        result = run_protocol(exercise.protocol, _as_tuple(functions), call_args)
        return [*to_outputs(result, len(exercise.outputs)),
                *(to_array(call_args[i]) for i in exercise.writable)]
    except Exception:
        return None


def _make_case(exercise: Exercise, item: Args | Labelled) -> Case:
    if isinstance(item, Labelled):
        args, expected = item.args, [np.asarray(e, np.float64) for e in item.expected]
    else:
        args, expected = item, _outputs(exercise, exercise.reference, item)
        if expected is None:
            raise RuntimeError(f"{exercise.id}: the reference fails on a case {item!r}")
    mutants = {m.id: _outputs(exercise, m.mutant, args) for m in exercise.misconceptions}
    return Case(args=list(args), writable=list(exercise.writable), expected=expected,
                mutants=mutants)


def _name_problems(exercise: Exercise, m: Misconception) -> list[str]:
    """What is wrong with one misconception's short name, each problem one line."""
    where = f"{exercise.id}: misconception {m.id}"
    if not isinstance(m.name, Text):
        return [f"{where} has no short name: give it name=Text(ja=..., en=...)"]
    problems = []
    for lang, limit in NAME_LENGTH.items():
        name = getattr(m.name, lang).strip()
        if not name:
            problems.append(f"{where}: its {lang} name is empty")
        elif len(name) > limit:
            problems.append(f"{where}: its {lang} name {name!r} has {len(name)} characters "
                            f"(at most {limit})")
        elif m.id in name:
            problems.append(f"{where}: its {lang} name repeats the id; say the mistake in words")
    return problems


def _duplicate_names(exercise: Exercise) -> list[str]:
    """Two misconceptions of one exercise that a student could not tell apart by name."""
    problems, seen = [], {}
    for m in exercise.misconceptions:
        if not isinstance(m.name, Text):
            continue
        for lang in NAME_LENGTH:
            key = (lang, getattr(m.name, lang).strip().casefold())
            if key[1] and key in seen:
                problems.append(f"{exercise.id}: misconception {m.id} has the same {lang} name "
                                f"as {seen[key]}: {getattr(m.name, lang)!r}")
            seen.setdefault(key, m.id)
    return problems


def spec_problems(exercise: Exercise) -> list[str]:
    """What is wrong with an exercise's misconceptions (empty when nothing is): each needs a
    short name in both languages, distinct within the exercise, and an ``"unrestored"`` one
    needs a writable argument to observe, or it could never be named."""
    problems = [f"{exercise.id}: misconception {m.id}: match='unrestored' needs a writable "
                "argument" for m in exercise.misconceptions
                if m.match == "unrestored" and not exercise.writable]
    for m in exercise.misconceptions:
        problems += _name_problems(exercise, m)
    return problems + _duplicate_names(exercise)


def _misconception_infos(exercise: Exercise) -> list[MisconceptionInfo]:
    """What the judge needs of each misconception, once the spec is found sound."""
    problems = spec_problems(exercise)
    if problems:
        raise ValueError("\n".join(problems))
    return [MisconceptionInfo(id=m.id, name=m.name, hint=m.hint, match=m.match)
            for m in exercise.misconceptions]


def _build_check(exercise: Exercise, index: int, seed: int) -> Check:
    spec = exercise.checks[index]
    source = spec.cases
    items = source(np.random.default_rng([seed, index])) if callable(source) else source
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a mutant's overflow is what it computes
        cases = [_make_case(exercise, item) for item in items]
    return Check(name=spec.name, points=spec.points, hidden=spec.hidden, cases=cases)


_public_checks: dict[tuple[int, int], tuple[Exercise, Check]] = {}


def _public_check(exercise: Exercise, index: int) -> Check:
    """A public check: the same for every student (its cases ship in the public bundle), so
    it is built once per process and shared, read-only, by every plan."""
    key = (id(exercise), index)
    if key not in _public_checks:
        _public_checks[key] = (exercise, _build_check(exercise, index, 0))
    return _public_checks[key][1]


def build_plan(exercise: Exercise, seed: int = 0, include_hidden: bool = True) -> Plan:
    """The grading plan: every check's cases with reference and mutant outputs (the public
    checks' built once: they do not depend on ``seed``)."""
    misconceptions = _misconception_infos(exercise)
    checks = [_build_check(exercise, index, seed) if spec.hidden
              else _public_check(exercise, index)
              for index, spec in enumerate(exercise.checks)
              if include_hidden or not spec.hidden]
    plan = Plan(
        exercise=exercise.id, title=exercise.title, signature=exercise.signature,
        functions=exercise.function_names, protocol=exercise.protocol, outputs=[],
        time_limit=exercise.time_limit, checks=checks,
        misconceptions=misconceptions, points=exercise.max_score,
    )
    plan.outputs = exercise.all_outputs(plan.parameters)
    return plan
