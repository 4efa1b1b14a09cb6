"""``python -m autograde.cli``: the same as the ``autograde`` command."""

from autograde.cli import command

command()
