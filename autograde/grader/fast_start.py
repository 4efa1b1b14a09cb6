"""Imported first by the instructor-side entry points (the CLI, the grading workers).

``nbformat`` imports ``jsonschema``, which imports ``rfc3987_syntax`` when it is installed (it
comes with JupyterLab) and builds a grammar for ~0.9 s at every start, only to check IRI
formats that notebooks never use. Marking it absent saves that in the CLI and in every worker.
The student's kernel never imports this module.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
