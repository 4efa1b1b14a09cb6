"""A pyplot that draws nothing, for the grader's child: figures are never looked at there, and
making them is most of what a lesson's own cells cost (30 of lesson 01's 34 ms).

Every call still evaluates its arguments, so a plot of the student's function still calls the
function and raises what it raises; what comes back is :data:`INERT`, which takes any
attribute, call, item or ``with`` and gives itself back. ``subplots`` returns the axes in the
shape matplotlib would (one, a row, a grid), so lesson code that unpacks, indexes, ravels or
zips them runs as it does with matplotlib. Code that computes with what matplotlib returns
(``ax.get_xlim()[0] + 1``) fails here; no lesson does, and a grade never depends on a figure.
"""

from __future__ import annotations

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


class _Pyplot(types.ModuleType):
    def __getattr__(self, name: str) -> Inert:
        if name.startswith("__"):
            raise AttributeError(name)
        return INERT


def module() -> types.ModuleType:
    pyplot = _Pyplot("matplotlib.pyplot", __doc__)
    pyplot.subplots = subplots
    pyplot.subplot_mosaic = subplot_mosaic
    return pyplot


def install() -> None:
    """From now on in this process, ``import matplotlib.pyplot`` (in any spelling) gives the
    inert pyplot. matplotlib itself is not imported here (importing it makes a cache folder):
    the warm server has it already when the lesson uses it."""
    inert = module()
    sys.modules["matplotlib.pyplot"] = inert
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is not None:
        matplotlib.pyplot = inert
