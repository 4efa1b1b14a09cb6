"""nbgrader's library without its Jupyter server extensions
(:mod:`autograde.course.nbgrader_library`): what the course package imports of nbgrader works,
and starting a command does not pay for jupyter_server and the exchange."""

from __future__ import annotations

import subprocess
import sys


def run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_api_and_course_directory_come_without_the_server_extensions():
    code = ("import sys\nimport autograde.course\n"
            "from nbgrader.api import Gradebook\nfrom nbgrader.coursedir import CourseDirectory\n"
            "from nbgrader.converters.generate_assignment import GenerateAssignment\n"
            "import nbgrader\n"
            "print('jupyter_server' in sys.modules, 'nbgrader.server_extensions' in sys.modules,\n"
            "      nbgrader.__version__ == __import__('nbgrader._version').__version__)\n")
    assert run(code) == ["False", "False", "True"]


def test_nbgrader_imported_in_full_first_is_left_as_it_is():
    code = ("import sys\nimport nbgrader\nimport autograde.course\n"
            "print(hasattr(sys.modules['nbgrader'], '_jupyter_server_extension_points'))\n")
    assert run(code) == ["True"]
