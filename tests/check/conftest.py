"""Fixtures for the check tests: the hand-computed log of tests/check/helpers.py."""

from __future__ import annotations

import pytest

import journeyspec
from journeyspec.engine import SourceConfig
from tests.check.helpers import MAP, write_events


@pytest.fixture(scope="session")
def shop():
    return journeyspec.parse(MAP, "shop.journey").journeys[0]


@pytest.fixture(scope="session")
def events(tmp_path_factory):
    return write_events(tmp_path_factory.mktemp("check-events"))


@pytest.fixture(scope="session")
def baseline_events(tmp_path_factory):
    return write_events(tmp_path_factory.mktemp("check-baseline"), baseline=True)


@pytest.fixture(scope="session")
def epoch():
    return SourceConfig(time_format="epoch_s")


@pytest.fixture(scope="session")
def result(shop, events, baseline_events, epoch):
    return _check(shop, events, baseline_events, epoch)


def _check(shop, events, baseline_events, epoch):
    from journeyspec.check import check

    return check(shop, events, baseline=baseline_events, config=epoch)
