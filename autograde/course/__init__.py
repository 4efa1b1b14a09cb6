"""The nbgrader side: a course from the master lessons, their lint, the in-kernel ``grade()``,
grading a course's submissions into nbgrader's gradebook, and the audit against nbgrader."""

from autograde.course.nbgrader_library import use_library

use_library()
