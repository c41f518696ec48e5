from __future__ import annotations

import pytest

from tests.testing.helpers import shop_events, shop_map


@pytest.fixture(scope="session", autouse=True)
def _engine_loaded(tmp_path_factory):
    """Load the data stack once in this process: pytester's in-process runs
    restore sys.modules afterwards, and numpy cannot be imported twice."""
    import journeyspec

    folder = tmp_path_factory.mktemp("warm")
    (folder / "events.csv").write_text(shop_events(), encoding="utf-8")
    (folder / "shop.journey").write_text(shop_map("expect sessions >= 10"), encoding="utf-8")
    journeyspec.check(str(folder / "shop.journey"), str(folder / "events.csv"))
