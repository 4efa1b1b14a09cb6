"""The isolated grader: submissions become programs, run in the sandbox, judged here, stored.

Untrusted code never runs in this package's processes: :mod:`~autograde.grader.isolate` sends
it to :mod:`autograde.sandbox` and judges the plain data that comes back.
"""
