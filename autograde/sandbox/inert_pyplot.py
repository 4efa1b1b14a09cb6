"""A matplotlib that draws nothing, for the grader's sandbox: figures are never looked at there,
and making them is most of what a lesson's own cells cost (30 of lesson 01's 34 ms); not
importing matplotlib at all also makes the warm server smaller, so forking a child per
submission costs less.

Every call still evaluates its arguments, so a plot of the student's function still calls the
function and raises what it raises; what comes back is :data:`INERT`, which takes any
attribute, call, item or ``with`` and gives itself back. ``subplots`` returns the axes in the
shape matplotlib would (one, a row, a grid), so lesson code that unpacks, indexes, ravels or
zips them runs as it does with matplotlib. Code that computes with what matplotlib returns
(``ax.get_xlim()[0] + 1``) fails here; no lesson does, and a grade never depends on a figure.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
from typing import Any

import numpy as np


class Inert:
    """Any matplotlib object that will never be drawn."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Inert:
        if name.startswith("__"):
            raise AttributeError(name)  # copy, pickle and numpy probe dunders: not ours
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> Inert:
        return self

    def __getitem__(self, key: Any) -> Inert:
        return self

    def __setitem__(self, key: Any, value: Any) -> None:
        pass

    def __iter__(self) -> Any:
        return iter(())

    def __bool__(self) -> bool:
        return True

    def __enter__(self) -> Inert:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def __repr__(self) -> str:
        return "<not drawn>"


INERT = Inert()


class _Panels(dict):
    """``subplot_mosaic``'s axes by label."""

    def __missing__(self, key: Any) -> Inert:
        return INERT


def subplots(nrows: int = 1, ncols: int = 1, *, squeeze: bool = True,
             **kwargs: Any) -> tuple[Inert, Any]:
    axes = np.full((nrows, ncols), INERT, dtype=object)
    if squeeze:
        axes = axes.item() if axes.size == 1 else axes.squeeze()
    return INERT, axes


def subplot_mosaic(mosaic: Any, **kwargs: Any) -> tuple[Inert, _Panels]:
    return INERT, _Panels()


class InertModule(types.ModuleType):
    """``matplotlib`` or any of its modules: every name in it is :data:`INERT`."""

    def __getattr__(self, name: str) -> Inert:
        if name.startswith("__"):
            raise AttributeError(name)
        return INERT


def module(name: str = "matplotlib.pyplot") -> types.ModuleType:
    inert = InertModule(name, __doc__)
    inert.__path__ = []  # a package: ``import matplotlib.colors`` finds its module too
    if name == "matplotlib.pyplot":
        inert.subplots = subplots
        inert.subplot_mosaic = subplot_mosaic
    return inert


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``matplotlib`` and every ``matplotlib.*`` module as an inert module."""

    def find_spec(self, fullname: str, path: Any = None,
                  target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname == "matplotlib" or fullname.startswith("matplotlib."):
            return importlib.util.spec_from_loader(fullname, self, is_package=True)
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return module(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        pass


def install() -> None:
    """From now on in this process, ``import matplotlib.pyplot`` (in any spelling) gives the
    inert pyplot, and, when matplotlib was not imported yet, ``matplotlib`` and all its modules
    are inert too (nothing is imported here: importing matplotlib makes a cache folder)."""
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is None:
        if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
            sys.meta_path.insert(0, _Finder())
        return
    inert = module()
    sys.modules["matplotlib.pyplot"] = inert
    matplotlib.pyplot = inert
