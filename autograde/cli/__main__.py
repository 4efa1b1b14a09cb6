"""``python -m autograde.cli``: the same as the ``autograde`` command."""

import sys

from autograde.cli import main

sys.exit(main())
