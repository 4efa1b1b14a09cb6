"""Instructor cells the grader does not run: demonstrations whose results nothing reads.

A lesson's notebook trains a small network to show the student's functions at work, plots
them, prints a few numbers. Nothing graded reads what those cells compute, so running them for
every student only costs time (nbgrader runs them, and ignores what they raise). A cell is left
out when

- its source is the master's (an instructor cell the student left as it was),
- no cell that still runs after it, nor the grading, reads a name it may bind,
- it changes nothing that such a cell may read: no store into, method call on, or call with a
  value that is read later, and
- it has no effect beyond its names: no global random state, no files, no dynamic namespace
  access, no store into a module.

The analysis reads the cells' syntax only (:mod:`ast`), over-approximating every set; a cell
that still runs and reads the namespace dynamically (``globals()``, ``eval``) keeps every
cell before it.
"""

from __future__ import annotations

import ast
import builtins
import functools
import symtable
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from autograde.grader.program import Cell
from autograde.grader.syntax import parsed

SAFE_RANDOM = frozenset({"default_rng", "Generator", "SeedSequence", "BitGenerator", "PCG64",
                         "PCG64DXSM", "Philox", "SFC64", "MT19937"})
"""Attributes of ``numpy.random`` that make a generator and leave the global state alone."""
MUTATING_MODULE_CALLS = frozenset({"copyto", "put", "place", "putmask", "fill_diagonal",
                                   "shuffle", "put_along_axis"})
"""Module functions (NumPy's) that change an argument in place."""
DYNAMIC = frozenset({"exec", "eval", "globals", "locals", "vars", "setattr", "delattr",
                     "__import__", "compile", "open", "input", "breakpoint"})
WRITES = ("save", "write", "dump", "to_")
PURE_BUILTINS = frozenset({"print", "len", "range", "zip", "enumerate", "float", "int", "str",
                           "bool", "list", "tuple", "dict", "set", "sorted", "min", "max", "sum",
                           "abs", "round", "isinstance", "type", "repr", "format", "any", "all",
                           "reversed", "iter", "map", "filter", "hash", "id", "divmod", "pow"})
"""Builtins that never change their arguments (when no cell rebinds the name)."""


@dataclass(frozen=True)
class Effects:
    """What one cell may do to the notebook's namespace (every set over-approximated)."""

    bound: frozenset[str]
    """Names it may bind or delete (anywhere in it)."""
    loaded: frozenset[str]
    """Names it may read from outside (before it binds them itself)."""
    late: frozenset[str]
    """Global names the functions it defines read when they are called (maybe much later)."""
    imported: frozenset[str]
    """Names it binds by ``import``."""
    stored_into: frozenset[str]
    """Roots of attribute and item stores: ``x`` of ``x.a = 1``, ``x[0] += 1``, ``del x[0]``."""
    called_on: frozenset[str]
    """Roots of the objects whose methods it calls: ``rng`` of ``rng.normal()``."""
    passed: frozenset[tuple[tuple[str, ...], str]]
    """(callee, name) for every name inside a call's arguments; the callee is its attribute
    chain, ``("np", "mean")``, or () when it is not a plain chain or the argument is ``out=``."""
    calls: frozenset[tuple[str, ...]]
    """The attribute chains of every call it makes, e.g. ``("np", "random", "seed")``."""
    dynamic: bool
    """It reads or writes the namespace or files in ways names do not show (``globals()``,
    ``exec``, ``open``, ``.savefig``, ``import *``)."""


def _chain(node: ast.AST) -> tuple[str, ...]:
    """``np.random.seed`` → ("np", "random", "seed"); () when not rooted at a name."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return (node.id, *reversed(parts)) if isinstance(node, ast.Name) else ()


def _root(node: ast.AST) -> str | None:
    """The name at the root of ``x``, ``x.a``, ``x[i]``, ``x.a[i].b``, ``*x``."""
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Starred):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


class _Reader(ast.NodeVisitor):
    """Stores into values, method calls, call arguments and dynamic access, in one walk."""

    def __init__(self) -> None:
        self.stored_into: set[str] = set()
        self.called_on: set[str] = set()
        self.passed: set[tuple[tuple[str, ...], str]] = set()
        self.calls: set[tuple[str, ...]] = set()
        self.dynamic = False

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.dynamic |= any(alias.name == "*" for alias in node.names)

    def _stores_into(self, target: ast.AST) -> None:
        if isinstance(target, ast.Attribute | ast.Subscript) and (root := _root(target)):
            self.stored_into.add(root)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._stores_into(element)
        elif isinstance(target, ast.Starred):
            self._stores_into(target.value)

    def visit_Assign(self, node: ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete
                     ) -> None:
        targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
        for target in targets:
            self._stores_into(target)
        self.generic_visit(node)

    visit_AugAssign = visit_AnnAssign = visit_Delete = visit_Assign

    def visit_Call(self, node: ast.Call) -> None:
        callee = _chain(node.func)
        self.calls.add(callee)
        if callee and (callee[0] in DYNAMIC or callee[-1] in DYNAMIC
                       or (len(callee) > 1 and callee[-1].startswith(WRITES))):
            self.dynamic = True
        if isinstance(node.func, ast.Attribute) and (root := _root(node.func.value)):
            self.called_on.add(root)
        arguments = [(callee, a) for a in node.args]
        arguments += [((), k.value) if k.arg == "out" else (callee, k.value)
                      for k in node.keywords]
        for chain, argument in arguments:
            inside = list(ast.walk(argument))
            called = {id(n.func) for n in inside if isinstance(n, ast.Call)}
            self.passed.update((chain, n.id) for n in inside
                               if isinstance(n, ast.Name) and id(n) not in called)
        self.generic_visit(node)


def _nested_reads(table: symtable.SymbolTable) -> list[tuple[int, str]]:
    """(line, name) of every global name read inside the functions, classes, lambdas and
    comprehensions under ``table``, read when they run."""
    found = []
    for child in table.get_children():
        found += [(child.get_lineno(), s.get_name()) for s in child.get_symbols()
                  if s.is_referenced() and s.is_global()]
        found += [(child.get_lineno(), name) for _, name in _nested_reads(child)]
    return found


def _nested_binds(table: symtable.SymbolTable) -> set[str]:
    """Names a nested scope binds in the module (``global x; x = ...``)."""
    found = set()
    for child in table.get_children():
        found |= {s.get_name() for s in child.get_symbols()
                  if s.is_declared_global() and s.is_assigned()}
        found |= _nested_binds(child)
    return found


def _defines(statement: ast.stmt) -> set[str]:
    """Names the top-level ``statement`` surely binds once it has run."""
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {statement.name}
    if isinstance(statement, ast.Import | ast.ImportFrom):
        return {alias.asname or alias.name.split(".")[0] for alias in statement.names}
    targets = (statement.targets if isinstance(statement, ast.Assign)
               else [statement.target] if isinstance(statement, ast.AugAssign)
               or (isinstance(statement, ast.AnnAssign) and statement.value) else [])
    return {n.id for t in targets for n in ast.walk(t)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def _outer_reads(tree: ast.Module, top: symtable.SymbolTable) -> set[str]:
    """Names the cell reads at its top level before binding them itself."""
    referenced = {s.get_name() for s in top.get_symbols() if s.is_referenced()}
    nested = _nested_reads(top)
    defined: set[str] = set()
    found: set[str] = set()
    for statement in tree.body:
        end = statement.end_lineno or statement.lineno
        reads = {n.id for n in ast.walk(statement)
                 if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} & referenced
        reads |= {name for line, name in nested if statement.lineno <= line <= end}
        found |= reads - defined
        defined |= _defines(statement)
    return found


@functools.lru_cache(maxsize=4096)
def effects(source: str) -> Effects | None:
    """What the cell may do (None when it does not parse: it runs, and fails as it fails)."""
    try:
        tree = parsed(source)
        top = symtable.symtable(source, "<cell>", "exec")
    except (SyntaxError, ValueError):
        return None
    symbols = top.get_symbols()
    bound = {s.get_name() for s in symbols if s.is_assigned() or s.is_imported()
             or s.is_namespace()} | _nested_binds(top)
    outer = {s.get_name() for s in symbols} | {name for _, name in _nested_reads(top)}
    reader = _Reader()
    reader.visit(tree)
    return Effects(
        bound=frozenset(bound), loaded=frozenset(_outer_reads(tree, top)),
        late=frozenset(name for _, name in _nested_reads(top)),
        imported=frozenset(s.get_name() for s in symbols if s.is_imported()),
        stored_into=frozenset(reader.stored_into & outer),
        called_on=frozenset(reader.called_on & outer),
        passed=frozenset((c, n) for c, n in reader.passed if n in outer),
        calls=frozenset(reader.calls), dynamic=reader.dynamic)


@dataclass(frozen=True)
class _Notebook:
    """What the whole program says about names: modules, and builtins nobody rebinds."""

    modules: frozenset[str]
    pure: frozenset[str]
    builtins: frozenset[str]
    """Builtin names no cell rebinds."""

    @classmethod
    def of(cls, found: Sequence[Effects | None]) -> _Notebook:
        known = [e for e in found if e is not None]
        imported = set().union(*(e.imported for e in known))
        assigned = set().union(*(e.bound - e.imported for e in known))
        rebound = set().union(*(e.bound for e in known))
        return cls(frozenset(imported - assigned), PURE_BUILTINS - rebound,
                   frozenset(dir(builtins)) - rebound)

    def global_state(self, chain: tuple[str, ...]) -> bool:
        """A call that changes a library's global state: the global random generator
        (``np.random.seed``, ``np.random.rand``, ``random.shuffle``), any ``*seed*``."""
        if not chain or chain[0] not in self.modules:
            return False
        uses_random = "random" in chain[:-1] or chain[0] == "random"
        return "seed" in chain[-1] or (uses_random and chain[-1] not in SAFE_RANDOM)

    def touched(self, cell: Effects) -> set[str]:
        """The values the cell may change in place (modules only through :meth:`unsafe`)."""
        found = set(cell.stored_into) | (cell.called_on - self.modules)
        for callee, name in cell.passed:
            harmless = (callee[:1] and callee[0] in self.modules
                        and callee[-1] not in MUTATING_MODULE_CALLS) or (
                len(callee) == 1 and callee[0] in self.pure)
            if not harmless:
                found.add(name)
        return found - self.modules - self.builtins

    def unsafe(self, cell: Effects) -> bool:
        """Effects no name shows: dynamic access, stores into modules, global state."""
        return (cell.dynamic or bool(cell.stored_into & self.modules)
                or any(self.global_state(chain) for chain in cell.calls))


def _left_out(cells: Sequence[Cell], found: Sequence[Effects | None], notebook: _Notebook,
              needed: set[str]) -> set[int]:
    """One backward pass: the master's cells nothing after them needs, given that the
    ``needed`` names are read at grading time."""
    left_out: set[int] = set()
    for index in reversed(range(len(cells))):
        cell = found[index]
        if cell is None:
            continue
        if (cells[index].as_master and not notebook.unsafe(cell)
                and not (cell.bound | notebook.touched(cell)) & needed):
            left_out.add(index)
            continue
        if cell.dynamic:
            return left_out  # it may read anything: keep every cell before it
        needed = needed | cell.loaded
    return left_out


def demonstrations(cells: Sequence[Cell], functions: Iterable[str]) -> frozenset[int]:
    """Indices of the master's cells the grader can leave out: nothing that still runs after
    them, nor the graded ``functions``, depends on anything they do.

    The functions defined by the cells that run read their globals when called, at any
    time: those names are needed from the start. Which cells run depends on that, so the
    passes repeat until the set settles (it only shrinks)."""
    found = [effects(cell.source) for cell in cells]
    notebook = _Notebook.of(found)
    graded = set(functions)
    left_out = {i for i, cell in enumerate(cells) if cell.as_master}
    while True:
        late = graded.union(*(cell.late for i, cell in enumerate(found)
                              if cell is not None and i not in left_out))
        fewer = _left_out(cells, found, notebook, late) & left_out
        if fewer == left_out:
            return frozenset(left_out)
        left_out = fewer
