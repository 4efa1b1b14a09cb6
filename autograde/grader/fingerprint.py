"""Winnowing fingerprints of a submission's solutions, computed once at grading time.

For each exercise, the student's solution (the notebook's ``<exercise>-solution`` cell; in a
``.py`` submission, the top-level definitions of the exercise's functions) is read — never run —
into a normalised token stream. Code that parses is first printed back by ``ast.unparse`` (one
spacing, quoting and line breaking, redundant parentheses gone), then read with :mod:`tokenize`;
code that does not parse is tokenized as written, up to where it stops being Python:

- comments, blank lines, line breaks inside brackets and string-only statements (docstrings)
  are dropped; a trailing comma before a closing bracket too (formatters add them);
- names the student chose (variables, parameters, their own functions) become ``V``; names they
  did not choose stay: keywords, builtins, names imported anywhere in the program (``np``),
  attributes after a dot (``np.maximum``, ``x.sum``) and keyword-argument names (``axis=``);
- numbers are kept by value (``0``, ``0.0`` and ``0.`` are one token, ``1e-4`` and ``0.0001``
  too): a constant is part of how a solution was written; strings all become ``S``;
- statement ends, indents and dedents stay as ``;``, ``{`` and ``}``.

The stream's k-grams (:data:`K` tokens) are hashed (31 bits of BLAKE2b: stable across processes
and runs, any SQL INTEGER holds them) and winnowed (Schleimer, Wilkerson & Aiken, SIGMOD 2003:
the rightmost minimum of every :data:`WINDOW` consecutive hashes), so any common run of
``K + WINDOW - 1`` tokens shows in both fingerprints. Every k-gram of the instructor's solution
and of its release stub is removed: what is left is what the student wrote beyond the scaffold
and the model answer. At most :data:`MAX_HASHES` (the smallest) are kept per exercise.

Fingerprints compare across workers, runs and machines on one Python minor version
(``ast.unparse``'s printing may change between versions: regrade with ``--force`` after moving
the grader to another Python). copydetect is not used: it hashes k-grams with Python's
``hash()``, which is salted per process, so fingerprints made in different grading workers or
runs could not be compared once stored.
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import io
import keyword
import re
import tokenize
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from autograde.grader.syntax import parsed

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from autograde.grader.program import Program

K = 5
"""Tokens per k-gram."""
WINDOW = 4
"""Winnowing window, in k-grams: a shared run of K + WINDOW - 1 = 8 tokens is always caught."""
MAX_HASHES = 256
"""At most this many hashes per exercise (the smallest: a consistent sample across students)."""

BUILTINS = frozenset(dir(builtins))
OPENING, CLOSING = frozenset("([{"), frozenset(")]}")
_SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER,
            tokenize.ERRORTOKEN}
_FSTRING_START = getattr(tokenize, "FSTRING_START", None)  # Python 3.12+
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)
_STRING_PARTS = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
_STATEMENT_START = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
_SOLUTION_REGION = re.compile(r"^([ \t]*)#+ *BEGIN SOLUTION.*?^[ \t]*#+ *END SOLUTION[^\n]*",
                              re.MULTILINE | re.DOTALL)


def _raw(source: str) -> list[tokenize.TokenInfo]:
    """The source's tokens, up to where it stops being tokenizable (a broken cell gives a
    prefix, never an exception)."""
    found: list[tokenize.TokenInfo] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type not in _SKIPPED:
                found.append(token)
    except (tokenize.TokenError, SyntaxError):  # IndentationError is a SyntaxError
        pass
    return found


def canonical(source: str) -> str:
    """``source`` as ``ast.unparse`` prints it, or as written when it does not parse."""
    try:
        return ast.unparse(parsed(source))
    except (SyntaxError, ValueError, RecursionError):
        return source


def _strings_merged(raw: list[tokenize.TokenInfo]) -> list[tuple[int, str]]:
    """(type, text) with each string, f-string or implicit concatenation as one STRING."""
    merged: list[tuple[int, str]] = []
    depth = 0
    for token in raw:
        if _FSTRING_START is not None and token.type == _FSTRING_START:
            depth += 1
        if depth or token.type in _STRING_PARTS:
            if not (merged and merged[-1][0] == tokenize.STRING):
                merged.append((tokenize.STRING, "S"))
        else:
            merged.append((token.type, token.string))
        if _FSTRING_END is not None and token.type == _FSTRING_END:
            depth -= 1
    return merged


def _without_string_statements(tokens: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop docstrings and other statements that are only a string."""
    kept: list[tuple[int, str]] = []
    for index, (kind, text) in enumerate(tokens):
        starts = not kept or kept[-1][0] in _STATEMENT_START
        if kind == tokenize.STRING and starts:
            following = tokens[index + 1][0] if index + 1 < len(tokens) else tokenize.NEWLINE
            if following == tokenize.NEWLINE:
                continue
        if kind == tokenize.NEWLINE and (not kept or kept[-1][0] in _STATEMENT_START) and (
                index > 0 and tokens[index - 1][0] == tokenize.STRING):
            continue  # the dropped string statement's own line end
        kept.append((kind, text))
    return kept


def _number(text: str) -> str:
    """A number token by its value (literal_eval only reads literals: nothing runs)."""
    try:
        value = ast.literal_eval(text.replace("_", ""))
        return f"N{float(value)!r}" if isinstance(value, (int, float)) else text
    except (ValueError, SyntaxError, OverflowError):
        return text


def tokens(source: str, kept: Iterable[str] = ()) -> list[str]:
    """The normalised token stream of ``source`` (see the module's docstring); ``kept``: the
    names the student did not choose (the program's imports)."""
    stream = _without_string_statements(_strings_merged(_raw(canonical(source))))
    keep = BUILTINS | frozenset(kept)
    out: list[str] = []
    depth = 0
    params: int | None = None
    """The bracket depth of a def's parameter list while inside it."""
    for index, (kind, text) in enumerate(stream):
        following = stream[index + 1][1] if index + 1 < len(stream) else ""
        before = out[-1] if out else ""
        if kind == tokenize.NAME:
            if keyword.iskeyword(text) or before == "." or text in keep:
                out.append(text)
            elif params is not None and depth == params and before in ("(", ",", "*", "**"):
                out.append("V")
            elif following == "=" and depth > 0 and before in ("(", ","):
                out.append(text)  # a keyword argument's name
            else:
                out.append("V")
            if before == "def" and following == "(":
                params = depth + 1
        elif kind == tokenize.NUMBER:
            out.append(_number(text))
        elif kind == tokenize.STRING:
            out.append("S")
        elif kind == tokenize.OP:
            if text in OPENING:
                depth += 1
            elif text in CLOSING:
                if params is not None and depth == params:
                    params = None
                depth = max(depth - 1, 0)
            if text == "," and following in CLOSING:
                continue
            if text == ";":
                if before != ";":
                    out.append(";")
                continue
            out.append(text)
        elif kind == tokenize.NEWLINE:
            if before != ";":
                out.append(";")
        elif kind == tokenize.INDENT:
            out.append("{")
        elif kind == tokenize.DEDENT:
            out.append("}")
    return out


def _hash(gram: Sequence[str]) -> int:
    digest = hashlib.blake2b("\x1f".join(gram).encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") >> 1


def kgram_hashes(stream: Sequence[str], k: int = K) -> list[int]:
    """The hash of every k-gram of ``stream``, in order."""
    return [_hash(stream[i:i + k]) for i in range(len(stream) - k + 1)]


def winnow(hashes: Sequence[int], window: int = WINDOW) -> set[int]:
    """Robust winnowing: the rightmost minimum of each window, recorded when it changes."""
    if len(hashes) <= window:
        return {min(hashes)} if hashes else set()
    chosen: set[int] = set()
    last = -1
    for start in range(len(hashes) - window + 1):
        part = hashes[start:start + window]
        low = min(part)
        position = start + max(i for i, value in enumerate(part) if value == low)
        if position != last:
            chosen.add(hashes[position])
            last = position
    return chosen


def fingerprint(source: str, kept: Iterable[str] = (), ignore: frozenset[int] = frozenset()
                ) -> list[int]:
    """Sorted winnowed hashes of ``source`` not in ``ignore``, at most :data:`MAX_HASHES`."""
    return sorted(winnow(kgram_hashes(tokens(source, kept))) - ignore)[:MAX_HASHES]


def stub(master_source: str) -> str:
    """The release's version of a master solution cell: each solution region becomes
    ``raise NotImplementedError()`` (nbgrader's stub; its comment is dropped anyway)."""
    return _SOLUTION_REGION.sub(r"\1raise NotImplementedError()", master_source)


def scaffold(master_source: str, kept: Iterable[str] = ()) -> frozenset[int]:
    """Every k-gram hash of the instructor's solution and of its release stub."""
    kept = frozenset(kept)
    return frozenset(kgram_hashes(tokens(master_source, kept))
                     + kgram_hashes(tokens(stub(master_source), kept)))


def imported_names(sources: Iterable[str]) -> frozenset[str]:
    """Names bound by import statements in any of ``sources`` that parse (``np``, ``plt``)."""
    names: set[str] = set()
    for source in sources:
        try:
            tree = parsed(source)
        except (SyntaxError, ValueError, RecursionError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return frozenset(names - {"*"})


def _definitions(sources: Iterable[str], functions: Sequence[str]) -> str:
    """The last top-level definition of each of ``functions`` in ``sources``, as written."""
    found: dict[str, str] = {}
    for source in sources:
        try:
            tree = parsed(source)
        except (SyntaxError, ValueError, RecursionError):
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                    node.name in functions):
                found[node.name] = ast.get_source_segment(source, node) or ""
    return "\n\n".join(found[name] for name in functions if name in found)


def solution_source(cells: Sequence[tuple[str, str]], exercise: str,
                    functions: Sequence[str]) -> str:
    """The ``<exercise>-solution`` cell of (name, source) ``cells``, else the definitions of
    the exercise's functions in them."""
    named = [source for name, source in cells if name == f"{exercise}-solution"]
    return named[-1] if named else _definitions([source for _, source in cells], functions)


def _master_cells(master: NotebookNode) -> list[tuple[str, str]]:
    return [(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
             or str(cell.get("id", "")), cell.source)
            for cell in master.cells if cell.cell_type == "code"]


def master_scaffolds(master: NotebookNode | None,
                     exercises: Sequence[tuple[str, Sequence[str]]]) -> dict[str, frozenset[int]]:
    """Exercise → the hashes of the master's solution and stub (empty without a master)."""
    if master is None:
        return {exercise: frozenset() for exercise, _ in exercises}
    cells = _master_cells(master)
    kept = imported_names(source for _, source in cells)
    return {exercise: scaffold(solution_source(cells, exercise, functions), kept)
            for exercise, functions in exercises}


def fingerprints(program: Program, exercises: Sequence[tuple[str, Sequence[str]]],
                 scaffolds: dict[str, frozenset[int]]) -> dict[str, list[int]]:
    """Exercise → the student's fingerprint, for the exercises where one is left once the
    scaffold (:func:`master_scaffolds`) is removed."""
    cells = [(cell.name, cell.source) for cell in program.cells if not cell.locked]
    kept = imported_names(cell.source for cell in program.cells)
    found = {}
    for exercise, functions in exercises:
        hashes = fingerprint(solution_source(cells, exercise, functions), kept,
                             scaffolds.get(exercise, frozenset()))
        if hashes:
            found[exercise] = hashes
    return found


def jaccard(first: Iterable[int], second: Iterable[int]) -> float:
    """|A ∩ B| / |A ∪ B| (0 for two empty sets)."""
    a, b = set(first), set(second)
    return len(a & b) / len(a | b) if a or b else 0.0
