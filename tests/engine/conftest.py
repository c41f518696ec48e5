"""Fixtures for the engine tests: the hand-computed table written in every source format."""

from __future__ import annotations

import pytest

import journeyspec
from journeyspec.engine import SourceConfig
from tests.engine.helpers import FORMATS, MAP, arrow_table, write


@pytest.fixture(scope="session")
def shop():
    """The fixture journey (see tests/engine/helpers.py)."""
    return journeyspec.parse(MAP).journeys[0]


@pytest.fixture(scope="session")
def sources(tmp_path_factory):
    """The fixture table in every format: {kind: source spec}."""
    folder = tmp_path_factory.mktemp("events")
    table = arrow_table()
    return {kind: write(table, folder, kind) for kind in FORMATS}


@pytest.fixture
def epoch():
    """The fixture's column mapping: canonical names, times in epoch seconds."""
    return SourceConfig(time_format="epoch_s")
