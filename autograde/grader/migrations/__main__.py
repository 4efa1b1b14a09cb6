"""Alembic's command line on the results store, without an ``alembic.ini``::

    python -m autograde.grader.migrations --url URL COMMAND [ARGS...]

``URL`` defaults to ``sqlite:///autograde.db`` (the store of the course in this folder);
``COMMAND`` is any of Alembic's (``current``, ``history``, ``upgrade head``, ``revision``...).
"""

from __future__ import annotations

import argparse

from alembic.config import CommandLine

from autograde.grader.migrations import config


def main(argv: list[str] | None = None) -> None:
    first = argparse.ArgumentParser(add_help=False)
    first.add_argument("--url", default="sqlite:///autograde.db")
    known, rest = first.parse_known_args(argv)
    alembic = CommandLine(prog="python -m autograde.grader.migrations [--url URL]")
    options = alembic.parser.parse_args(rest)
    if not hasattr(options, "cmd"):
        alembic.parser.error("too few arguments")
    alembic.run_cmd(config(url=known.url), options)


if __name__ == "__main__":
    main()
