"""The Python API: `journeyspec.check`, `journey.check`, and the result's accessors."""

from __future__ import annotations

import subprocess
import sys

import pytest

import journeyspec


def test_check_stays_a_function_after_the_package_is_imported():
    import journeyspec.check.runner  # noqa: F401 - importing the package must not rebind the name

    assert callable(journeyspec.check) and journeyspec.check.__module__ == "journeyspec.check"
    assert "check" in journeyspec.__all__


def test_importing_journeyspec_does_not_load_the_engine():
    code = "import sys, journeyspec; print(any(m.startswith(('ibis', 'numpy', 'journeyspec.check.runner')) for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_check_takes_a_journey_and_the_ir_has_no_way_up_to_it(shop, events, epoch, result):
    again = journeyspec.check(shop, events, config=epoch)
    assert again.journeys[0].metrics == result.journeys[0].metrics
    assert not hasattr(shop, "check")  # the IR is the ground floor: the verb lives in journeyspec.check
    assert again.metric("reach", "cart") == pytest.approx(5 / 8)


def test_check_accepts_paths(tmp_path, events, epoch):
    from tests.check.helpers import MAP

    (tmp_path / "shop.journey").write_text(MAP, encoding="utf-8")
    found = journeyspec.check(tmp_path, events, config=epoch)
    assert [j.id for j in found.journeys] == ["shop"]
    assert found.journeys[0].file.endswith("shop.journey") and found.expectations[0].line == 27


def test_result_accessors(result):
    assert result.counts() == {"pass": 3, "fail": 2, "inconclusive": 7, "skipped": 1}
    assert result.exit_code() == 1 and result.exit_code(strict=True) == 1
    assert result.journey("shop").failed[0].text == "time mean home -> pay <= 2m"
    with pytest.raises(TypeError, match="takes 1 argument"):
        result.metric("reach")
