"""Computed keys: a whitelisted evaluator over Python's AST (never ``eval``).

Allowed: numbers, the item's parameter names, lists and tuples (arrays), ``+ − * / ** @`` and
unary ±, subscripts (``y[0]``, ``W[:, 1]``), calls to :data:`FUNCTIONS` and ``ref.<name>`` for
the public functions of the ``reference`` package (``ref.sum_squared_error(y, t)``).
Everything else — attributes, dunder names, strings, lambdas, comprehensions, imports — is
refused with a message that names it.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

MAX_LENGTH = 1000
MAX_EXPONENT = 1000.0


class ExpressionError(ValueError):
    """The expression is not allowed or cannot be computed (the message says why)."""


def _min(*args: Any) -> Any:
    return np.min(args[0]) if len(args) == 1 else np.minimum.reduce(np.broadcast_arrays(*args))


def _max(*args: Any) -> Any:
    return np.max(args[0]) if len(args) == 1 else np.maximum.reduce(np.broadcast_arrays(*args))


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "sqrt": np.sqrt, "exp": np.exp, "log": np.log, "log10": np.log10, "log2": np.log2,
    "tanh": np.tanh, "abs": np.abs, "sum": np.sum, "prod": np.prod, "mean": np.mean,
    "min": _min, "max": _max, "round": lambda x, decimals=0: np.round(x, int(decimals)),
    "floor": np.floor, "ceil": np.ceil,
    "array": lambda x: np.asarray(x, dtype=np.float64), "dot": np.dot, "argmax": np.argmax,
    "len": len,
}
CONSTANTS: dict[str, float] = {"pi": float(np.pi)}
BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.Pow: operator.pow, ast.MatMult: operator.matmul,
}
UNARY: dict[type, Callable[[Any], Any]] = {ast.USub: operator.neg, ast.UAdd: operator.pos}
REFUSED: dict[type, str] = {
    ast.Attribute: "attribute access (only ref.<function> is allowed)",
    ast.Lambda: "lambda", ast.ListComp: "a comprehension", ast.GeneratorExp: "a generator",
    ast.SetComp: "a comprehension", ast.DictComp: "a comprehension", ast.Dict: "a dict",
    ast.Set: "a set", ast.Compare: "a comparison", ast.BoolOp: "and/or", ast.IfExp: "if/else",
    ast.NamedExpr: ":=", ast.JoinedStr: "an f-string", ast.Starred: "*args",
}


def reference_functions() -> dict[str, Callable[..., Any]]:
    """``ref.<name>``: every public function of the ``reference`` package."""
    import reference

    return {name: getattr(reference, name) for name in reference.__all__}


class _Evaluator:
    def __init__(self, names: Mapping[str, Any]) -> None:
        self.names = names
        self._ref: dict[str, Callable[..., Any]] | None = None

    @property
    def ref(self) -> dict[str, Callable[..., Any]]:
        if self._ref is None:
            self._ref = reference_functions()
        return self._ref

    def __call__(self, node: ast.AST) -> Any:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            what = REFUSED.get(type(node), type(node).__name__)
            raise ExpressionError(f"{what} is not allowed in an expression")
        return method(node)

    def _Expression(self, node: ast.Expression) -> Any:
        return self(node.body)

    def _Constant(self, node: ast.Constant) -> Any:
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ExpressionError(f"{node.value!r} is not a number: only numbers are allowed")
        return float(node.value)

    def _Name(self, node: ast.Name) -> Any:
        if node.id.startswith("_"):
            raise ExpressionError(f"the name {node.id!r} is not allowed")
        if node.id in self.names:
            return self.names[node.id]
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        known = ", ".join(sorted(self.names)) or "none"
        raise ExpressionError(f"unknown name {node.id!r} (parameters: {known})")

    def _List(self, node: ast.List | ast.Tuple) -> Any:
        values = [self(e) for e in node.elts]
        try:
            return np.array(values, dtype=np.float64)
        except ValueError:
            raise ExpressionError("the rows of a list differ in length") from None

    _Tuple = _List

    def _BinOp(self, node: ast.BinOp) -> Any:
        if type(node.op) not in BINARY:
            raise ExpressionError(f"the operator {type(node.op).__name__} is not allowed")
        left, right = self(node.left), self(node.right)
        if isinstance(node.op, ast.Pow) and np.any(np.abs(right) > MAX_EXPONENT):
            raise ExpressionError(f"an exponent above {MAX_EXPONENT:g} is not allowed")
        return BINARY[type(node.op)](left, right)

    def _UnaryOp(self, node: ast.UnaryOp) -> Any:
        if type(node.op) not in UNARY:
            raise ExpressionError(f"the operator {type(node.op).__name__} is not allowed")
        return UNARY[type(node.op)](self(node.operand))

    def _function(self, func: ast.expr) -> Callable[..., Any]:
        if isinstance(func, ast.Name) and func.id in FUNCTIONS:
            return FUNCTIONS[func.id]
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id == "ref":
            if func.attr.startswith("_") or func.attr not in self.ref:
                raise ExpressionError(f"ref.{func.attr} is not a public function of the "
                                      f"reference package")
            return self.ref[func.attr]
        name = ast.unparse(func)
        raise ExpressionError(f"calling {name!r} is not allowed (allowed: "
                              f"{', '.join(FUNCTIONS)}, ref.<function>)")

    def _Call(self, node: ast.Call) -> Any:
        function = self._function(node.func)
        args = [self(a) for a in node.args]
        kwargs = {}
        for keyword in node.keywords:
            if keyword.arg is None or keyword.arg.startswith("_"):
                raise ExpressionError("**kwargs and private keywords are not allowed")
            kwargs[keyword.arg] = self(keyword.value)
        return function(*args, **kwargs)

    def _index(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Slice):
            parts = [None if p is None else self._integer(p)
                     for p in (node.lower, node.upper, node.step)]
            return slice(*parts)
        if isinstance(node, ast.Tuple):
            return tuple(self._index(e) for e in node.elts)
        return self._integer(node)

    def _integer(self, node: ast.expr) -> int:
        value = self(node)
        if np.ndim(value) != 0 or float(value) != int(value):
            raise ExpressionError(f"an index must be a whole number: {ast.unparse(node)}")
        return int(value)

    def _Subscript(self, node: ast.Subscript) -> Any:
        return np.asarray(self(node.value))[self._index(node.slice)]


def parse(expression: str) -> ast.Expression:
    """The expression's tree; :class:`ExpressionError` if it is not one Python expression."""
    if not isinstance(expression, str):
        raise ExpressionError(f"an expression must be written as a string, not "
                              f"{type(expression).__name__} (e.g. \"0.5 * sum((y - t) ** 2)\")")
    if len(expression) > MAX_LENGTH:
        raise ExpressionError(f"the expression is longer than {MAX_LENGTH} characters")
    try:
        return ast.parse(expression.strip(), mode="eval")
    except SyntaxError as problem:
        raise ExpressionError(f"not a valid expression: {problem.msg}") from None


def evaluate(expression: str, names: Mapping[str, Any] | None = None) -> float | np.ndarray:
    """The value of ``expression`` with ``names`` (the item's parameters) in scope: a float
    or a float64 array."""
    tree = parse(expression)
    try:
        with np.errstate(all="raise"):
            value = _Evaluator(names or {})(tree)
        result = np.asarray(value, dtype=np.float64)
    except ExpressionError:
        raise
    except (ArithmeticError, FloatingPointError, ValueError, TypeError, IndexError) as problem:
        raise ExpressionError(f"cannot compute it: {type(problem).__name__}: {problem}") from None
    if not np.all(np.isfinite(result)):
        raise ExpressionError("the result is not a finite number")
    return float(result) if result.ndim == 0 else result
