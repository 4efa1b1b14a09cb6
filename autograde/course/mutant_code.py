"""A catalog mutant written out as the code a student would hand in.

A :class:`~autograde.catalog.spec.Misconception`'s mutant is a live function (a lambda, a
NumPy ufunc, a helper of the catalog, a pair of functions for a capstone) that may call the
``reference`` package and the catalog's helpers. The isolated grader's sandbox sees neither, so
a sample submission cannot import the mutant; :func:`mutant_code` writes it as plain source
instead: the mutant under the name the notebook checks, preceded by every helper it calls
(``_``-prefixed, annotations and docstrings dropped) and with constants inlined. Only NumPy
(``np``, imported by every lesson's setup cell) is left to import.
"""

from __future__ import annotations

import ast
import builtins
import copy
import inspect
import random
import re
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from autograde.catalog.exercises import EXERCISES

Function = Callable[..., object]


class MutantCodeError(Exception):
    """A mutant refers to something that cannot be written as source (the message says what)."""


@cache
def _module_tree(module: types.ModuleType) -> ast.Module:
    return ast.parse(inspect.getsource(module))


def _lambda_node(function: types.FunctionType) -> ast.Lambda:
    """The lambda's node in its module's source: by first line, then by compiled code."""
    code = function.__code__
    tree = _module_tree(inspect.getmodule(function))
    found = [node for node in ast.walk(tree)
             if isinstance(node, ast.Lambda) and node.lineno == code.co_firstlineno]
    if len(found) > 1:
        def same(node: ast.Lambda) -> bool:
            compiled = compile(ast.Expression(node), "<mutant>", "eval")
            inner = next(c for c in compiled.co_consts if isinstance(c, types.CodeType))
            return inner.co_code == code.co_code and inner.co_names == code.co_names
        found = [node for node in found if same(node)]
    if len(found) != 1:
        raise MutantCodeError(f"cannot find the source of {function!r}")
    return found[0]


def _function_node(function: types.FunctionType) -> ast.FunctionDef:
    """The ``def`` of a named function in its module's source."""
    tree = _module_tree(inspect.getmodule(function))
    line = function.__code__.co_firstlineno
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == function.__name__ and (
                node.lineno == line or any(d.lineno == line for d in node.decorator_list)):
            return node
    raise MutantCodeError(f"cannot find the source of {function!r}")


def _definition(function: types.FunctionType, name: str) -> ast.FunctionDef:
    """``function`` as a ``def name(...)`` without annotations or docstring."""
    if function.__name__ == "<lambda>":
        node = copy.deepcopy(_lambda_node(function))  # the module's tree is cached
        definition = ast.parse("def f():\n    return None").body[0]
        definition.name, definition.args = name, node.args
        definition.body = [ast.Return(node.body)]
    else:
        definition = copy.deepcopy(_function_node(function))
        definition.name, definition.decorator_list, definition.returns = name, [], None
        first = definition.body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and \
                isinstance(first.value.value, str) and len(definition.body) > 1:
            definition.body = definition.body[1:]
    for arg in ast.walk(definition.args):
        if isinstance(arg, ast.arg):
            arg.annotation = None
    return definition


def _bound(definition: ast.FunctionDef) -> set[str]:
    """Names the function binds itself (parameters, assignments, loop and comprehension
    variables, nested definitions)."""
    names = {arg.arg for arg in ast.walk(definition.args) if isinstance(arg, ast.arg)}
    for node in ast.walk(definition):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.Lambda)) and node is not definition:
            names.add(getattr(node, "name", ""))
    return names


@cache
def _reference_of() -> dict[int, str]:
    """id of an exercise's reference function → the exercise (single-function exercises)."""
    return {id(e.reference): e.id for e in EXERCISES.values() if callable(e.reference)}


def _free_names(source: str) -> set[str]:
    """Names ``source`` (one ``def``) uses without binding them, NumPy and builtins aside."""
    definition = ast.parse(source).body[0]
    if not isinstance(definition, ast.FunctionDef):
        return {"?"}
    bound = _bound(definition) | {"np"}
    return {n.id for n in ast.walk(definition) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load) and n.id not in bound and not hasattr(builtins, n.id)}


@dataclass
class _Piece:
    code: str
    restyle: bool = True
    """False for the instructor's solution: it stays as written."""


class _Bundle:
    """The helpers written so far (the code a mutant needs), in the order they were needed.

    A reference function of an exercise becomes a helper holding the instructor's solution as
    written (``solutions``, when it needs nothing but NumPy: the similarity fingerprints leave
    it out), else a helper with the reference's own source."""

    def __init__(self, taken: Sequence[str], solutions: Mapping[str, str]) -> None:
        self.solutions = solutions
        self.helpers: dict[object, tuple[str, _Piece]] = {}
        self.taken = set(taken)

    def _name_for(self, wanted: str) -> str:
        name, n = f"_{wanted.lstrip('_')}", 2
        while name in self.taken:
            name, n = f"_{wanted.lstrip('_')}{n}", n + 1
        self.taken.add(name)
        return name

    def helper(self, function: types.FunctionType) -> str:
        """The name ``function`` gets in the bundle (written once, with its own helpers)."""
        if id(function) not in self.helpers:
            name = self._name_for(function.__name__)
            self.helpers[id(function)] = (name, _Piece(""))
            self.helpers[id(function)] = (name, _Piece(self.write(function, name)))
        return self.helpers[id(function)][0]

    def _solution(self, exercise: str, function: types.FunctionType) -> str | None:
        """The name of a helper holding the instructor's solution of ``exercise``."""
        source = self.solutions.get(exercise)
        if source is None or _free_names(source):
            return None
        if ("solution", exercise) not in self.helpers:
            name = self._name_for(function.__name__)
            code = re.sub(r"^def \w+\(", f"def {name}(", source.strip("\n"), count=1)
            self.helpers["solution", exercise] = (name, _Piece(code, restyle=False))
        return self.helpers["solution", exercise][0]

    def function(self, function: types.FunctionType) -> str:
        exercise = _reference_of().get(id(function))
        if exercise is not None and (name := self._solution(exercise, function)):
            return name
        return self.helper(function)

    def replacement(self, value: object, owner: Function) -> ast.expr:
        """What a global ``value`` of ``owner`` becomes in the written code."""
        if value is np:
            return ast.Name("np", ast.Load())
        if isinstance(value, (bool, int, float, str)) or value is None:
            return ast.Constant(value)
        if callable(value) and getattr(np, getattr(value, "__name__", ""), None) is value:
            return ast.Attribute(ast.Name("np", ast.Load()), value.__name__, ast.Load())
        if isinstance(value, types.FunctionType):
            return ast.Name(self.function(value), ast.Load())
        raise MutantCodeError(f"{owner.__qualname__} uses {value!r}, which cannot be written "
                              f"out as source")

    def write(self, function: types.FunctionType, name: str) -> str:
        definition = _definition(function, name)
        scope = dict(function.__globals__)
        if function.__closure__:
            scope.update(zip(function.__code__.co_freevars,
                             (cell.cell_contents for cell in function.__closure__),
                             strict=True))
        bound = _bound(definition)
        bundle = self

        class Resolve(ast.NodeTransformer):
            def visit_Attribute(self, node: ast.Attribute) -> ast.expr:
                base = node.value
                if isinstance(base, ast.Name) and base.id not in bound and isinstance(
                        scope.get(base.id), types.ModuleType) and scope[base.id] is not np:
                    return bundle.replacement(getattr(scope[base.id], node.attr), function)
                return self.generic_visit(node)

            def visit_Name(self, node: ast.Name) -> ast.expr:
                if isinstance(node.ctx, ast.Load) and node.id not in bound:
                    if node.id in scope:
                        return bundle.replacement(scope[node.id], function)
                    if not hasattr(builtins, node.id):
                        raise MutantCodeError(f"{function.__qualname__} uses an unknown "
                                              f"name {node.id}")
                return node

        resolved = ast.fix_missing_locations(Resolve().visit(definition))
        return ast.unparse(resolved)

    def main(self, mutant: object, name: str) -> _Piece:
        """The student's own function ``name``, doing what ``mutant`` does."""
        if isinstance(mutant, types.FunctionType):
            self.taken.add(name)
            return _Piece(self.write(mutant, name))
        if callable(mutant):  # a NumPy function such as np.sign
            call = ast.unparse(self.replacement(mutant, mutant))
            params = "x" if isinstance(mutant, np.ufunc) else \
                ", ".join(inspect.signature(mutant).parameters)
            return _Piece(f"def {name}({params}):\n    return {call}({params})")
        raise MutantCodeError(f"{mutant!r} is not a function")


@cache
def _pieces(exercise: str, misconception: str, names: tuple[str, ...],
            solutions: tuple[tuple[str, str], ...]) -> tuple[_Piece, ...]:
    found = {m.id: m for m in EXERCISES[exercise].misconceptions}
    if misconception not in found:
        raise MutantCodeError(f"{exercise} has no misconception {misconception!r}")
    mutant = found[misconception].mutant
    functions = mutant if isinstance(mutant, tuple) else (mutant,)
    if len(functions) != len(names):
        raise MutantCodeError(f"{misconception} defines {len(functions)} functions, the "
                              f"notebook checks {len(names)}")
    bundle = _Bundle(names, dict(solutions))
    mains = [bundle.main(function, name) for function, name in zip(functions, names, strict=True)]
    return (*(piece for _, piece in bundle.helpers.values()), *mains)


def mutant_code(exercise: str, misconception: str, names: Sequence[str],
                solutions: Mapping[str, str] | None = None, seed: int | None = None) -> str:
    """The source of ``misconception``'s mutant, defining the functions ``names`` (the names
    the notebook's test cell checks, in the exercise's order).

    ``solutions``: exercise → the instructor's solution as written, used for the exercises'
    reference functions; ``seed``: the code is restyled (:class:`_Restyle`; the instructor's
    solution excepted) as one student would write it."""
    pieces = _pieces(exercise, misconception, tuple(names),
                     tuple(sorted((solutions or {}).items())))
    rng = random.Random(seed)
    return "\n\n\n".join(_restyle(p.code, rng) if seed is not None and p.restyle else p.code
                          for p in pieces) + "\n"


class _Restyle(ast.NodeTransformer):
    """Rewrites that keep every result bit for bit: factors of ``*`` swapped, ``np.asarray``
    as ``np.array``, a result named before it is returned."""

    NAMES = ("result", "out", "value", "ans", "res")

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def visit_BinOp(self, node: ast.BinOp) -> ast.BinOp:
        self.generic_visit(node)
        if isinstance(node.op, ast.Mult) and self.rng.random() < 0.5:
            node.left, node.right = node.right, node.left
        return node

    def visit_Call(self, node: ast.Call) -> ast.Call:
        self.generic_visit(node)
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr == "asarray" and isinstance(
                func.value, ast.Name) and func.value.id == "np" and len(node.args) == 1
                and not node.keywords and self.rng.random() < 0.5):
            func.attr = "array"
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
        self.generic_visit(node)
        last = node.body[-1]
        taken = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        free = [name for name in self.NAMES if name not in taken]
        if isinstance(last, ast.Return) and isinstance(last.value, (ast.BinOp, ast.Call)) \
                and free and self.rng.random() < 0.5:
            name = self.rng.choice(free)
            node.body[-1:] = [ast.Assign([ast.Name(name, ast.Store())], last.value),
                              ast.Return(ast.Name(name, ast.Load()))]
        return node


def _restyle(source: str, rng: random.Random) -> str:
    """``source`` as another student might have written it (:class:`_Restyle`): the same
    results, but not the same code to the similarity fingerprints."""
    tree = _Restyle(rng).visit(ast.parse(source))
    return ast.unparse(ast.fix_missing_locations(tree))
