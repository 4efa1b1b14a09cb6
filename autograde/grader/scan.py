"""A static scan of a submission's own code for constructs that try to fool a grader.

The isolated grader does not need the scan to be safe (the sandbox and the trusted judge are the
defence); the scan explains *why* an in-kernel grader such as ``nbgrader autograde`` may have
given a submission more than it earned, for ``autograde audit`` and the instructor's report.
Only the student's cells are scanned (locked instructor cells are not), with :mod:`ast`: names
are resolved through the cell's imports, so ``import numpy as np; np.allclose = ...`` is seen as
patching ``numpy.allclose``. A cell that does not parse is skipped: it earns nothing anyway.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Sequence

from autograde.grader.records import Flag
from autograde.grader.syntax import parsed
from autograde.kit.text import Lang, Text

RULES: dict[str, Text] = {
    "imports_reference": Text(ja="模範解答（reference）を読み込もうとしています",
                              en="imports or reads the reference solutions"),
    "imports_grader": Text(ja="採点器（autograde）の内部を読み込んでいます",
                           en="imports the grader's internals (autograde)"),
    "patches_grader": Text(ja="採点器（autograde）を書き換えています",
                           en="monkeypatches the grader (autograde)"),
    "patches_numpy": Text(ja="NumPy の関数を書き換えています",
                          en="monkeypatches NumPy"),
    "patches_builtins": Text(ja="組み込み関数やインタプリタを書き換えています",
                             en="replaces built-in functions or interpreter state"),
    "lying_object": Text(ja="比較や変換をごまかすクラス（__eq__ や ndarray の派生など）を"
                            "定義しています",
                         en="defines a class that fakes comparisons or conversions "
                            "(__eq__, an ndarray subclass, ...)"),
    "ctypes": Text(ja="ctypes / cffi でメモリを直接操作しようとしています",
                   en="uses ctypes / cffi to reach raw memory"),
    "gc": Text(ja="gc で他のオブジェクトを探しています", en="uses gc to reach other objects"),
    "inspect": Text(ja="呼び出し元のフレームや採点器の変数をのぞいています",
                    en="inspects callers' frames or the grader's variables"),
    "dynamic_code": Text(ja="exec / eval / __import__ で実行時にコードを組み立てています",
                         en="builds code at run time (exec, eval, __import__)"),
    "exits": Text(ja="インタプリタを終了させたりプロセスにシグナルを送ったりしています",
                  en="exits the interpreter or signals processes"),
    "processes": Text(ja="別のプロセスを起動しています", en="starts other processes"),
    "network": Text(ja="ネットワークに接続しようとしています", en="opens network connections"),
    "environment": Text(ja="環境変数を読んでいます", en="reads environment variables"),
    "files": Text(ja="課題と関係のないファイルを読み書き・探索しています",
                  en="reads, writes or lists files outside the exercise"),
    "time_tricks": Text(ja="時間やシグナル（タイムアウト）を操作しています",
                        en="tampers with time or signals (timeouts)"),
}

PUBLIC_GRADER = {"autograde", "autograde.check", "autograde.use_language", "autograde.answer",
                 "autograde.quiz_check", "autograde.quiz_variants", "autograde.kit"}
"""What a notebook may import from ``autograde``: the student kit (``autograde.kit`` and
everything in it ships to students). Assigning to any of it is still ``patches_grader``."""

MODULES: dict[str, str] = {
    "reference": "imports_reference", "autograde": "imports_grader",
    "ctypes": "ctypes", "cffi": "ctypes", "_ctypes": "ctypes", "gc": "gc",
    "inspect": "inspect", "sys._getframe": "inspect", "sys.modules": "inspect",
    "traceback.walk_stack": "inspect", "dis": "inspect",
    "builtins": "patches_builtins", "importlib": "dynamic_code",
    "sys.exit": "exits", "os._exit": "exits", "os.abort": "exits", "os.kill": "exits",
    "os.killpg": "exits", "atexit": "exits",
    "subprocess": "processes", "multiprocessing": "processes", "concurrent": "processes",
    "pty": "processes", "os.fork": "processes", "os.forkpty": "processes",
    "os.system": "processes", "os.popen": "processes", "os.posix_spawn": "processes",
    "socket": "network", "urllib": "network", "http": "network", "requests": "network",
    "ftplib": "network", "smtplib": "network", "ssl": "network", "asyncio": "network",
    "os.environ": "environment", "os.getenv": "environment", "os.putenv": "environment",
    "os.environb": "environment",
    "shutil": "files", "glob": "files", "pathlib": "files", "tempfile": "files",
    "os.listdir": "files", "os.scandir": "files", "os.walk": "files", "os.remove": "files",
    "os.unlink": "files", "os.rename": "files", "os.chdir": "files", "os.rmdir": "files",
    "os.mkdir": "files", "os.makedirs": "files", "os.open": "files", "io.open": "files",
    "signal": "time_tricks", "faulthandler": "time_tricks", "sys.settrace": "time_tricks",
    "sys.setprofile": "time_tricks", "threading.settrace": "time_tricks",
}
"""Dotted names (a module or anything in it) and the rule that using them breaks."""

PREFIXES = {"os.exec": "processes", "os.spawn": "processes"}

PATCHED: dict[str, str] = {"numpy": "patches_numpy", "autograde": "patches_grader",
                           "time": "time_tricks", "builtins": "patches_builtins",
                           "reference": "imports_reference"}
"""Assigning to an attribute of these modules breaks the rule (of any other imported module:
``patches_builtins``)."""

SHADOWED = {"isinstance", "issubclass", "type", "float", "bool", "abs", "all", "any", "round",
            "getattr", "hasattr", "print", "__import__", "open", "repr", "str", "callable"}
"""Built-ins a grader running in the student's namespace relies on."""

LYING_METHODS = {"__eq__", "__ne__", "__bool__", "__lt__", "__le__", "__gt__", "__ge__",
                 "__float__", "__array__", "__array_ufunc__", "__array_function__",
                 "__array_finalize__", "__abs__", "__sub__", "__rsub__", "__len__",
                 "__getattr__", "__getattribute__", "__instancecheck__"}
LYING_BASES = {"numpy.ndarray", "numpy.generic", "numpy.float64", "numpy.matrix", "float", "int",
               "numpy.lib.mixins.NDArrayOperatorsMixin"}
FRAME_ATTRIBUTES = {"f_back", "f_locals", "f_globals", "f_builtins", "gi_frame", "tb_frame",
                    "__globals__", "__code__", "__closure__", "__subclasses__", "cr_frame"}
DYNAMIC = {"exec", "eval", "compile", "__import__", "globals", "vars"}
WRITE_MODES = set("wax+")
BUILTINS = {"__builtins__", "builtins"}


def rule_of(dotted: str) -> str | None:
    """The rule that using ``dotted`` (e.g. ``numpy.testing.assert_allclose``) breaks."""
    if dotted in PUBLIC_GRADER or dotted.startswith("autograde.kit."):
        return None
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        if (rule := MODULES.get(".".join(parts[:end]))) is not None:
            return rule
    return next((rule for prefix, rule in PREFIXES.items() if dotted.startswith(prefix)), None)


def _patch_rule(dotted: str) -> str:
    """The rule that assigning to ``dotted`` (an attribute of a module, or a name) breaks."""
    return PATCHED.get(dotted.split(".")[0], "patches_builtins")


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _Scanner(ast.NodeVisitor):
    """Collects (rule, line) pairs for one cell; ``aliases`` maps local names to modules."""

    def __init__(self, aliases: dict[str, str]) -> None:
        self.aliases = aliases
        self.found: list[tuple[str, int]] = []

    def flag(self, rule: str | None, node: ast.AST) -> None:
        if rule is not None:
            self.found.append((rule, getattr(node, "lineno", 1)))

    def dotted(self, node: ast.AST) -> str | None:
        """``np.linalg.norm`` → ``numpy.linalg.norm`` through the imports; None if not a name."""
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id, node.id)
        if isinstance(node, ast.Attribute) and (base := self.dotted(node.value)) is not None:
            return f"{base}.{node.attr}"
        return None

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.flag(rule_of(alias.name), node)
            self.aliases[alias.asname or alias.name.split(".")[0]] = (
                alias.name if alias.asname else alias.name.split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            full = f"{module}.{alias.name}" if alias.name != "*" else module
            self.flag(rule_of(full), node)
            self.aliases[alias.asname or alias.name] = full

    def imported(self, node: ast.AST) -> str | None:
        """Like :meth:`dotted`, but only for names that come from an import (or built-ins)."""
        root = node
        while isinstance(root, ast.Attribute):
            root = root.value
        known = isinstance(root, ast.Name) and (root.id in self.aliases or root.id in BUILTINS)
        return self.dotted(node) if known else None

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in FRAME_ATTRIBUTES:
            self.flag("inspect", node)
        if (dotted := self.imported(node)) is not None:
            patched = isinstance(node.ctx, ast.Store | ast.Del)
            self.flag(_patch_rule(dotted) if patched else rule_of(dotted), node)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if isinstance(node.ctx, ast.Store | ast.Del):
            target = self.dotted(node.value)
            if target in ("__builtins__", "builtins.__dict__"):
                self.flag("patches_builtins", node)
            elif target == "sys.modules":
                self.flag(_patch_rule(_literal(node.slice) or "") or "patches_builtins", node)
        self.generic_visit(node)

    def rebind(self, name: str, node: ast.AST) -> None:
        """``name`` gets a new value: suspicious for built-ins and names from the grader."""
        if name in SHADOWED:
            self.flag("patches_builtins", node)
        elif self.aliases.get(name, "").split(".")[0] == "autograde":
            self.flag("patches_grader", node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id == "__builtins__":
            self.flag("patches_builtins", node)
        elif isinstance(node.ctx, ast.Store):
            self.rebind(node.id, node)
        elif node.id in ("exit", "quit") and node.id not in self.aliases:
            self.flag("exits", node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.rebind(node.name, node)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        bases = {self.dotted(base) for base in node.bases}
        methods = {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
        assigned = {t.id for item in node.body if isinstance(item, ast.Assign)
                    for t in item.targets if isinstance(t, ast.Name)}
        if bases & LYING_BASES or (methods | assigned) & LYING_METHODS:
            self.flag("lying_object", node)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = self.dotted(node.func)
        first = node.args[0] if node.args else None
        if name in ("setattr", "delattr") and first is not None:
            if (target := self.imported(first)) is not None:
                self.flag(_patch_rule(target), node)
        elif name in DYNAMIC:
            module = _literal(first) if name == "__import__" else None
            self.flag(rule_of(module) if module else "dynamic_code", node)
        elif name == "importlib.import_module" and (module := _literal(first)):
            self.flag(rule_of(module), node)
        elif name in ("open", "io.open", "numpy.load", "numpy.loadtxt", "numpy.save"):
            self.flag(_file_rule(node), node)
        self.generic_visit(node)


def _file_rule(call: ast.Call) -> str | None:
    path = _literal(call.args[0]) if call.args else None
    mode = _literal(call.args[1]) if len(call.args) > 1 else next(
        (_literal(k.value) for k in call.keywords if k.arg == "mode"), None)
    if path is None:
        return "files"
    if "reference" in path or "autograde" in path:
        return "imports_reference"
    if path.startswith(("/", "..", "~")) or WRITE_MODES & set(mode or ""):
        return "files"
    return None


def _shorten(line: str, width: int = 80) -> str:
    line = line.strip()
    return line if len(line) <= width else line[: width - 1] + "…"


def _cell_flags(name: str, source: str, aliases: dict[str, str],
                report: bool) -> Iterator[Flag]:
    try:
        tree = parsed(source)
    except (SyntaxError, ValueError):
        return
    scanner = _Scanner(aliases)
    scanner.visit(tree)
    if not report:
        return
    lines = source.splitlines()
    for rule, line in dict.fromkeys(scanner.found):
        code = lines[line - 1] if 0 < line <= len(lines) else ""
        yield Flag(rule=rule, cell=name, line=line, code=_shorten(code))


def scan(cells: Sequence[tuple[str, str]], locked: Collection[str] = ()) -> list[Flag]:
    """Flags for the cells ``(name, source)``, in order, except the ``locked`` ones (the
    instructor's). Imports carry over from one cell to the next, as they do in a notebook."""
    aliases: dict[str, str] = {}
    return [flag for name, source in cells
            for flag in _cell_flags(name, source, aliases, report=name not in locked)]


def explain(rule: str, lang: Lang) -> str:
    return RULES[rule](lang) if rule in RULES else rule
