"""nbgrader's library without its Jupyter server extensions.

``nbgrader/__init__.py`` imports its four Jupyter server extensions (tornado, jupyter_server,
the exchange: 1.5–3 s here), which only a Jupyter server loads. Everything this package uses
(``nbgrader.api``, ``coursedir``, ``converters``, ``preprocessors``, ``utils``) is a submodule
that imports what it needs itself. :func:`use_library` registers the ``nbgrader`` package
without running its ``__init__`` (its ``__version__`` set), so importing those submodules
costs only what they need. A Jupyter server started elsewhere imports nbgrader in full, in its
own process; in a process that already has it, this does nothing.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys


def use_library() -> None:
    """From now on in this process, ``import nbgrader.<module>`` skips nbgrader's
    ``__init__``."""
    if "nbgrader" in sys.modules:
        return
    spec = importlib.util.find_spec("nbgrader")
    if spec is None or spec.submodule_search_locations is None:
        return  # not installed: the import that needs it says so
    package = importlib.util.module_from_spec(spec)
    sys.modules["nbgrader"] = package
    package.__version__ = importlib.import_module("nbgrader._version").__version__
