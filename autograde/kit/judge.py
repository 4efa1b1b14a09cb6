"""Judge outcomes against a plan: compare with the reference, name misconceptions, score.

Runs in the trusted process; it only ever sees plain data (float arrays and strings).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from autograde.kit.messages import message
from autograde.kit.plan import Case, Check, MisconceptionInfo, Output, Plan
from autograde.kit.results import CheckResult, ExerciseResult, Hint, Outcome, Printed
from autograde.kit.settings import PRINT_LIMIT, WARNINGS_KEPT
from autograde.kit.text import Lang
from autograde.kit.values import describe

FATAL = ("missing", "not_defined", "wrong_functions", "load", "timeout", "crashed")
"""Outcome errors that mean the submission could not be graded at all."""


def _target(spec: Output, value: np.ndarray, args: Sequence) -> np.ndarray:
    """What is compared: the value, or the update relative to an argument."""
    if spec.delta_from is None:
        return np.asarray(value, dtype=np.float64)
    return np.asarray(value, dtype=np.float64) - np.asarray(args[spec.delta_from], np.float64)


def _close(spec: Output, got, want, args: Sequence, equal_nan: bool = False) -> bool:
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    if got.shape != want.shape:
        return False
    return bool(np.allclose(_target(spec, got, args), _target(spec, want, args),
                            rtol=spec.rtol, atol=spec.atol, equal_nan=equal_nan))


def _label(plan: Plan, spec: Output, lang: Lang) -> str:
    returned = [o for o in plan.outputs if not o.restored]
    return spec.name if spec.restored or len(returned) > 1 else message("output_of", lang)


def _compare_output(
    plan: Plan, spec: Output, got: np.ndarray, want: np.ndarray, args: Sequence, lang: Lang
) -> tuple[float, str | None]:
    """(credit fraction, problem or None) for one output."""
    returned, (got, want) = got, (np.asarray(got, np.float64), np.asarray(want, np.float64))
    name = _label(plan, spec, lang)
    if got.shape != want.shape:
        return 0.0, message("shape", lang, output=name, expected=want.shape, got=got.shape)
    if spec.accuracy is not None:
        accuracy = float(np.mean(got == want))
        text = message("accuracy", lang, accuracy=accuracy, full=spec.accuracy.full,
                       partial=spec.accuracy.partial)
        return spec.accuracy.fraction(accuracy), text
    if _close(spec, got, want, args):
        return 1.0, None
    shown = {"expected": describe(_target(spec, want, args)),
             "got": describe(returned if spec.delta_from is None else _target(spec, got, args))}
    if spec.restored:
        return 0.0, message("not_restored", lang, output=name, got=describe(got))
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(want)):
        return 0.0, message("not_finite", lang, output=name, **shown)
    if spec.delta_from is not None:
        start = plan.parameters[spec.delta_from]
        return 0.0, message("update", lang, output=name, start=start, **shown)
    return 0.0, message("values", lang, output=name, **shown)


def compare_case(plan: Plan, case: Case, outcome: Outcome, lang: Lang) -> tuple[float, str | None]:
    """(credit fraction, problem or None) for one case: the worst of its outputs."""
    if outcome.error:
        return 0.0, message(outcome.error, lang, **outcome.fields)
    if outcome.seconds > plan.time_limit:
        return 0.0, message("too_slow", lang, seconds=f"{outcome.seconds:.1f}",
                            limit=f"{plan.time_limit:g}")
    credit, problems = 1.0, []
    for spec, got, want in zip(plan.outputs, outcome.values or [], case.expected, strict=True):
        fraction, problem = _compare_output(plan, spec, got, want, case.args, lang)
        credit = min(credit, fraction)
        if problem and (fraction < 1.0 or spec.accuracy is not None):
            problems.append(problem)
    return credit, "; ".join(problems) or None


def _resembles(info: MisconceptionInfo, plan: Plan, case: Case, got: list, mutant: list) -> bool:
    """Do the submission's outputs look like the mutant's on this case?"""
    pairs = [(spec, np.asarray(g, np.float64), np.asarray(m, np.float64))
             for spec, g, m in zip(plan.outputs, got, mutant, strict=True)]
    if any(g.shape != m.shape for _, g, m in pairs):
        return False
    if info.match == "form":
        return all(np.all(g == np.round(g)) == np.all(m == np.round(m)) for _, g, m in pairs)
    if info.match == "agreement":
        return all(g.size and np.mean(g == m) >= 0.9 for _, g, m in pairs)
    return all(_close(spec, g, m, case.args, equal_nan=True) for spec, g, m in pairs)


def _left_changed(plan: Plan, case: Case, got: list) -> bool:
    """Was any writable argument left different from the argument as passed in? Judged on the
    restored outputs with their own tolerances, so this holds exactly when a restored output
    fails its comparison (the reference always restores, so its x equals the argument)."""
    restored = [(spec, value) for spec, value in zip(plan.outputs, got, strict=True)
                if spec.restored]
    return any(not _close(spec, value, case.args[index], case.args, equal_nan=True)
               for (spec, value), index in zip(restored, case.writable, strict=True))


def _matches(info: MisconceptionInfo, plan: Plan, case: Case, got: list) -> bool:
    """Does the submission's outcome ``got`` on ``case`` show misconception ``info``?"""
    if info.match == "unrestored":
        return _left_changed(plan, case, got)
    mutant = case.mutants.get(info.id)
    return mutant is not None and _resembles(info, plan, case, got, mutant)


def matching_misconceptions(plan: Plan, case: Case, outcome: Outcome) -> set[str]:
    """The misconceptions the outcome on this case shows (none when the call failed)."""
    if outcome.values is None:
        return set()
    return {info.id for info in plan.misconceptions
            if _matches(info, plan, case, outcome.values)}


def _explaining(matches: dict[str, set[int]], failed: set[int],
                comparable: dict[str, set[int]]) -> list[str]:
    """Misconceptions that explain every failed case they can be compared on (a mutant that
    matches only some failures is a coincidence, not a diagnosis); among those, drop one
    whose matched cases are a strict subset of another's."""
    explaining = {mid: cases for mid, cases in matches.items()
                  if cases and cases == failed & comparable[mid]}
    return sorted(mid for mid, cases in explaining.items()
                  if not any(cases < other for other in explaining.values()))


def _named(plan: Plan, matches: dict[str, set[int]], failed: set[int]) -> list[str]:
    """The misconceptions to name: the resemblance kinds that explain the failures (see
    :func:`_explaining`), plus every observed kind (an argument left changed) seen on any
    case, since one such case is a fact about the call, not a coincidence."""
    cases = [case for check in plan.checks for case in check.cases]
    comparable = {m.id: {i for i, case in enumerate(cases) if case.mutants.get(m.id) is not None}
                  for m in plan.misconceptions if not m.observed}
    resembling = {mid: found for mid, found in matches.items() if mid in comparable}
    observed = {m.id for m in plan.misconceptions if m.observed and matches.get(m.id)}
    return sorted(set(_explaining(resembling, failed, comparable)) | observed)


def describe_call(plan: Plan, case: Case) -> str:
    if plan.protocol == "fit_predict":
        x_train, t_train, x_test = case.args
        return (f"{plan.functions[0]}(x {x_train.shape}, t {t_train.shape}) → "
                f"{plan.functions[1]}(model, x {x_test.shape})")
    names = plan.parameters
    shown = [f"{names[i]}={describe(a)}" if i < len(names) else describe(a)
             for i, a in enumerate(case.args)]
    return f"{plan.functions[0]}({', '.join(shown)})"


def _all_correct(count: int, lang: Lang) -> str:
    return message("passed" if count > 1 else "passed_one", lang, count=count)


def collect_printed(outcomes: Sequence[Sequence[Outcome]]) -> Printed:
    """What the function printed and warned over every case, in order (bounded)."""
    flat = [o for row in outcomes for o in row]
    text = "".join(o.printed for o in flat)[:PRINT_LIMIT]
    warned = dict.fromkeys(w for o in flat for w in o.warnings)
    return Printed(text=text, lines=sum(o.printed_lines for o in flat),
                   characters=sum(max(o.printed_characters, len(o.printed)) for o in flat),
                   warnings=list(warned)[:WARNINGS_KEPT])


def _judge_check(
    plan: Plan, check: Check, outcomes: Sequence[Outcome], lang: Lang, first_case: int,
) -> tuple[CheckResult, dict[str, set[int]], set[int]]:
    """The check's result, the misconceptions matched per case, and its failed cases."""
    credit, problem = 1.0, None
    matches: dict[str, set[int]] = {}
    failed: set[int] = set()
    for offset, (case, outcome) in enumerate(zip(check.cases, outcomes, strict=True)):
        fraction, text = compare_case(plan, case, outcome, lang)
        if fraction < 1.0:
            failed.add(first_case + offset)
            for mid in matching_misconceptions(plan, case, outcome):
                matches.setdefault(mid, set()).add(first_case + offset)
        if fraction < credit or (problem is None and text):
            problem = (text if outcome.error in FATAL else
                       message("case", lang, call=describe_call(plan, case), problem=text))
        credit = min(credit, fraction)
    result = CheckResult(
        name=check.name(lang), passed=credit >= 1.0, points=round(check.points * credit, 4),
        max_points=check.points, message=problem or _all_correct(len(check.cases), lang),
    )
    return result, matches, failed


def judge(plan: Plan, outcomes: Sequence[Sequence[Outcome]], lang: Lang) -> ExerciseResult:
    """Grade ``outcomes`` (one list per check, one outcome per case) against ``plan``."""
    matches: dict[str, set[int]] = {}
    failed: set[int] = set()
    checks, matched_per_check, first_case = [], [], 0
    for check, check_outcomes in zip(plan.checks, outcomes, strict=True):
        result, check_matches, check_failed = _judge_check(plan, check, check_outcomes, lang,
                                                           first_case)
        checks.append(result)
        matched_per_check.append(set(check_matches))
        for mid, cases in check_matches.items():
            matches.setdefault(mid, set()).update(cases)
        failed |= check_failed
        first_case += len(check.cases)
    named = _named(plan, matches, failed)
    info = {m.id: m for m in plan.misconceptions}
    for result, matched in zip(checks, matched_per_check, strict=True):
        result.misconceptions = [mid for mid in named if mid in matched]
        if result.misconceptions:
            shown = message("name_separator", lang).join(
                info[mid].name(lang) for mid in result.misconceptions)
            result.message += " " + message("matched", lang, names=shown)
    fatal = next((o for row in outcomes for o in row if o.error in FATAL), None)
    return ExerciseResult(
        exercise=plan.exercise, lang=lang,
        score=round(sum(c.points for c in checks), 4), max_score=plan.max_score,
        checks=checks, misconceptions=named,
        hints=[Hint(id=mid, name=info[mid].name(lang), text=info[mid].hint(lang))
               for mid in named],
        error=message(fatal.error, lang, **fatal.fields) if fatal else None,
        points=plan.points if plan.points and plan.points > plan.max_score else None,
        printed=collect_printed(outcomes),
    )


def unable(plan: Plan, lang: Lang, key: str, **fields: object) -> ExerciseResult:
    """A zero result for a submission that could not be run at all."""
    outcome = Outcome(error=key, fields={k: str(v) for k, v in fields.items()})
    return judge(plan, [[outcome] * len(check.cases) for check in plan.checks], lang)
