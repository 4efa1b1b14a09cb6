"""``check(name, fn)``: instant feedback in the student's notebook, from public bundles only.

The returned :class:`Feedback` renders as an HTML table in JupyterLab; its ``text/plain`` form is
the score on the exercise's own scale (:attr:`ExerciseResult.credit`), so nbgrader reads partial
credit from a test cell that ends with ``check(...)`` and Validate passes when every public
check passes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from autograde.kit import render, session
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
        return float(self.result.credit)

    def __repr__(self) -> str:
        return repr(float(self.result.credit))

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


Functions = tuple[Callable | str, ...]
"""What a test cell passes: the functions, or their names in the notebook (``"relu"``)."""


def _resolve(plan: Plan, positional: Functions, named: dict[str, Callable],
             namespace: dict[str, Any]) -> tuple[list[Callable], list[str]]:
    """The functions in the plan's order, by position or by name, and the notebook names of
    those given by name. No functions at all means the plan's own names."""
    if len(positional) > len(plan.functions):
        raise _Unusable("wrong_functions", expected=", ".join(plan.functions),
                        got=len(positional))
    if not positional and not named:
        positional = tuple(plan.functions)
    chosen: dict[str, Any] = dict(zip(plan.functions, positional, strict=False))
    chosen.update({k: v for k, v in named.items() if k in plan.functions})
    names = []
    for role, given in chosen.items():
        if isinstance(given, str):
            if given not in namespace:
                raise _Unusable("not_defined", function=given)
            chosen[role] = namespace[given]
            names.append(given)
    for name in plan.functions:
        if not callable(chosen.get(name)):
            raise _Unusable("missing", function=name)
    return [chosen[name] for name in plan.functions], names


def _in_notebook() -> bool:
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    return type(shell).__name__ == "ZMQInteractiveShell"


def feedback(exercise: str, find_plan: Callable[[str], Plan], functions: Functions,
             named: dict[str, Callable], lang: str | None = None,
             namespace: dict[str, Any] | None = None) -> Feedback:
    """Grade ``functions`` on the plan ``find_plan(exercise)`` returns (KeyError: unknown);
    functions given by name are looked up in ``namespace`` (the notebook's)."""
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
            chosen, names = _resolve(plan, functions, named, namespace or {})
        except _Unusable as problem:
            result = unable(plan, language, problem.key, **problem.fields)
        else:
            result = grade_functions(plan, chosen, language)
            result.stale = session.stale(names or [f.__name__ for f in chosen
                                                   if hasattr(f, "__name__")])
    shown = Feedback(result)
    if not _in_notebook():
        print(shown)
    return shown


def caller_namespace() -> dict[str, Any]:
    """The globals of whoever called the function that calls this (a notebook's namespace)."""
    return sys._getframe(2).f_globals


def check(exercise: str, *functions: Callable | str, lang: str | None = None,
          **named: Callable) -> Feedback:
    """Check your function(s) on the public cases of ``exercise``: ``check("relu")`` looks up
    ``relu`` in your notebook; ``check("relu", my_relu)`` checks the function you pass.

    Capstones take two functions: ``check("iris_binary", "iris_fit", "iris_predict")``.
    """
    return feedback(exercise, load_bundle, functions, named, lang, caller_namespace())
