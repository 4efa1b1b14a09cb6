"""``check(name, fn)``: instant feedback in the student's notebook, from public bundles only.

The returned :class:`Feedback` renders as an HTML table in JupyterLab; its ``text/plain`` form is
the score, so an nbgrader test cell that ends with ``check(...)`` gets partial credit.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from autograde.kit import render
from autograde.kit.bundle import bundle_ids, load_bundle
from autograde.kit.invoke import invoke_cases
from autograde.kit.judge import judge, unable
from autograde.kit.messages import message
from autograde.kit.plan import Plan
from autograde.kit.results import ExerciseResult
from autograde.kit.text import current_lang


class Feedback:
    """A graded result that displays itself: HTML table, text table, or just the score."""

    def __init__(self, result: ExerciseResult) -> None:
        self.result = result

    @property
    def score(self) -> float:
        return self.result.score

    def __float__(self) -> float:
        return float(self.result.score)

    def __repr__(self) -> str:
        return repr(float(self.result.score))

    def __str__(self) -> str:
        return render.text(self.result)

    def _repr_html_(self) -> str:
        return render.html(self.result)


def grade_functions(plan: Plan, functions: list[Callable],
                    lang: str | None = None) -> ExerciseResult:
    """Grade live functions in this process against ``plan``, each case under the plan's
    time limit (enforced in the main thread, e.g. a notebook kernel)."""
    cases = [[(case.args, case.writable) for case in check.cases] for check in plan.checks]
    outcomes: list[list] = [[] for _ in plan.checks]
    for c, _, outcome in invoke_cases(functions, cases, plan.n_returned, plan.protocol,
                                      plan.time_limit):
        outcomes[c].append(outcome)
    return judge(plan, outcomes, current_lang(lang))


class _Unusable(Exception):
    """The functions handed to check() cannot be graded; ``key`` names the message."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key, self.fields = key, fields


def _resolve(plan: Plan, positional: tuple, named: dict) -> list[Callable]:
    """The functions in the plan's order, by position or by name."""
    if len(positional) > len(plan.functions):
        raise _Unusable("wrong_functions", expected=", ".join(plan.functions),
                        got=len(positional))
    chosen = dict(zip(plan.functions, positional, strict=False))
    chosen.update({k: v for k, v in named.items() if k in plan.functions})
    for name in plan.functions:
        if not callable(chosen.get(name)):
            raise _Unusable("missing", function=name)
    return [chosen[name] for name in plan.functions]


def _in_notebook() -> bool:
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    return type(shell).__name__ == "ZMQInteractiveShell"


def feedback(exercise: str, find_plan: Callable[[str], Plan], functions: tuple,
           named: dict[str, Callable], lang: str | None = None) -> Feedback:
    """Grade ``functions`` on the plan ``find_plan(exercise)`` returns (KeyError: unknown)."""
    language = current_lang(lang)
    try:
        plan = find_plan(exercise)
    except KeyError:
        known = ", ".join(bundle_ids())
        result = ExerciseResult(exercise=exercise, lang=language, score=0, max_score=0,
                                error=message("unknown_exercise", language,
                                              exercise=exercise, known=known))
    else:
        try:
            result = grade_functions(plan, _resolve(plan, functions, named), language)
        except _Unusable as problem:
            result = unable(plan, language, problem.key, **problem.fields)
    shown = Feedback(result)
    if not _in_notebook():
        print(shown)
    return shown


def check(exercise: str, *functions: Callable, lang: str | None = None,
          **named: Callable) -> Feedback:
    """Check your function(s) on the public cases of ``exercise``: ``check("relu", relu)``.

    Capstones take two functions: ``check("iris_binary", fit, predict)``.
    """
    return feedback(exercise, load_bundle, functions, named, lang)
