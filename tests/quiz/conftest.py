"""The sample bank (every item type) that the quiz engine's unit tests grade against."""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLE_BANKS = Path(__file__).parent / "banks"


@pytest.fixture(scope="session")
def sample():
    """The sample library: ``sample.items[id]`` is an Entry (``.resolved(k)``, ``.check``)."""
    from autograde.quiz import Library

    return Library.folder(SAMPLE_BANKS)


@pytest.fixture(scope="session")
def item(sample):
    """``item(id, variant=0)``: a resolved sample item."""
    return lambda item_id, variant=0: sample.items[item_id].resolved(variant)
