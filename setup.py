"""Package discovery (the rest is in pyproject.toml): every package under autograde/ and
reference/, and the master course, which lives at the top of the repository as course/ and
ships inside the package as autograde.course.master. Data folders count as packages too, so
that nothing under them is left out of a wheel."""

from setuptools import find_namespace_packages, setup

MASTER = "autograde.course.master"
packages = find_namespace_packages(include=["autograde", "autograde.*", "reference",
                                            "reference.*"], exclude=["*.__pycache__"])
master = [MASTER, *(f"{MASTER}.{name}" for name in
                    find_namespace_packages(where="course", exclude=["*__pycache__*"]))]

setup(packages=packages + master, package_dir={MASTER: "course"})
