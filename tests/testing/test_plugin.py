"""The pytest plugin, run inside throwaway projects with pytester."""

from __future__ import annotations

import os
import textwrap
import xml.etree.ElementTree as ET

import pytest

from tests.testing.helpers import shop_events, shop_map

pytest_plugins = ["pytester"]

MAP = shop_map(
    "expect sessions >= 10",
    "expect reach product >= 50%",
    "expect conversion home -> paid >= 90%",
    "expect dropoff at cart <= 45% confidence 95%",
    "expect reach cart >= 5% min sessions 100000",
)



@pytest.fixture
def project(pytester: pytest.Pytester):
    pytester.makefile(".journey", **{"maps/shop": MAP})
    pytester.makefile(".csv", **{"data/events": shop_events()})
    pytester.makeini(
        """
        [pytest]
        journeyspec_maps = maps
        journeyspec_data = data/events.csv
        """
    )
    return pytester


def test_items_are_named_from_their_text(project):
    result = project.runpytest("--collect-only", "-q")
    lines = [line for line in result.outlines if "::" in line]
    assert lines == [
        "maps/shop.journey::shop::sessions >= 10",
        "maps/shop.journey::shop::reach product >= 50%",
        "maps/shop.journey::shop::conversion home -> paid >= 90%",
        "maps/shop.journey::shop::dropoff at cart <= 45% confidence 95%",
        "maps/shop.journey::shop::reach cart >= 5% min sessions 100000",
    ]


def test_outcomes_and_one_engine_run_per_journey(project):
    result = project.runpytest("-rA")
    result.assert_outcomes(passed=2, failed=1, skipped=1, xfailed=1)
    result.stdout.fnmatch_lines(["*journeyspec: checked against *events.csv (1 engine run)*"])


def test_k_selects_items(project):
    result = project.runpytest("-k", "conversion")
    result.assert_outcomes(failed=1, deselected=4)


def test_failure_text_is_readable_without_traceback(project):
    result = project.runpytest("-k", "conversion")
    text = result.stdout.str()
    assert "journey expectation fail: expect conversion home -> paid >= 90%" in text
    assert "maps/shop.journey:15" in text
    assert "15 |   expect conversion home -> paid >= 90%" in text
    assert "observed:  30.0% (95% interval" in text
    assert "over 40 paths" in text
    assert "expected:  >= 90%" in text
    assert "Traceback" not in text and "def runtest" not in text


def test_inconclusive_can_be_made_to_fail(project):
    project.makeini(
        """
        [pytest]
        journeyspec_maps = maps
        journeyspec_data = data/events.csv
        journeyspec_inconclusive = fail
        """
    )
    project.runpytest().assert_outcomes(passed=2, failed=2, skipped=1)


def test_junit_xml_carries_values(project):
    project.runpytest("--junitxml=report.xml")
    tree = ET.parse(project.path / "report.xml")
    cases = {case.get("name"): case for case in tree.iter("testcase")}
    conversion = cases["conversion home -> paid >= 90%"]
    properties = {p.get("name"): p.get("value") for p in conversion.iter("property")}
    assert properties["status"] == "fail"
    assert float(properties["value"]) == pytest.approx(0.3)
    assert properties["population"] == "40"
    assert "interval" in properties


def test_data_option_overrides_the_ini(project):
    (project.path / "data" / "none.csv").write_text("session,time,event\n", encoding="utf-8")
    result = project.runpytest("--journeyspec-data", "data/none.csv", "-k", "sessions and not min")
    result.assert_outcomes(failed=1, deselected=4)
    assert "JS305" in result.stdout.str()


def test_invalid_map_is_one_failing_item(project):
    project.makefile(".journey", **{"maps/broken": 'journey b {\n  stage s { step x { when event = "a" } }\n}\n'})
    result = project.runpytest()
    result.assert_outcomes(passed=2, failed=2, skipped=1, xfailed=1)
    result.stdout.fnmatch_lines(["*broken.journey does not compile*", "*error?JS103?*"])


def test_plugin_is_silent_when_not_configured(pytester: pytest.Pytester):
    pytester.makefile(".journey", **{"maps/shop": MAP})
    pytester.makepyfile(test_plain="def test_ok():\n    assert True\n")
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    output = result.stdout.str()
    assert "collected 1 item" in output
    assert "shop.journey" not in output and "journeyspec:" not in output


def test_python_helpers_and_fixtures(project):
    project.makepyfile(
        test_helpers=textwrap.dedent(
            """
            import pytest
            from journeyspec.testing import assert_conforms, assert_expectations

            def test_conforms(journey, journey_data):
                assert_conforms(journey("shop"), journey_data, at_least=0.9)

            def test_expectations_fail_readably(journey, journey_data):
                with pytest.raises(AssertionError) as failure:
                    assert_expectations(journey("shop"), journey_data)
                assert "conversion home -> paid >= 90%" in str(failure.value)
                assert "observed:  30.0%" in str(failure.value)

            def test_conformance_failure(journey, journey_data):
                with pytest.raises(AssertionError, match="conforms on 100.0% of 40 paths"):
                    assert_conforms(journey("shop"), journey_data, at_least=1.01)
            """
        )
    )
    result = project.runpytest("test_helpers.py")
    result.assert_outcomes(passed=3)


def test_failure_text_snapshot(project, golden):
    result = project.runpytest("-k", "conversion", "-p", "no:warnings")
    text = result.stdout.str()
    start = text.index("journey expectation fail")
    end = text.index("=====", start)
    section = text[start:end].replace(str(project.path), "<project>").rstrip() + "\n"
    golden("conversion-failure.txt", section)


def test_implausible_times_are_warned_in_the_summary_and_the_failure(project):
    # Epoch milliseconds read as seconds: every time lands near the year 55,000 (JS321).
    rows = ["session,time,event"]
    for number in range(40):
        for offset, event in enumerate(["home", "product", "cart", "paid"][: 2 + (number < 20) + (number < 12)]):
            rows.append(f"s{number},{(1_767_261_600 + number * 60 + offset * 10) * 1000},{event}")
    project.makefile(".csv", **{"data/events": "\n".join(rows) + "\n"})
    project.makepyprojecttoml('[tool.journeyspec.sources.default]\ntime_format = "epoch_s"\n')
    result = project.runpytest("-k", "conversion")
    text = result.stdout.str()
    assert "warning[JS321]" in text and "epoch_ms" in text
    assert text.count("warning[JS321] shop:") == 1


def test_a_journey_with_designed_endings_gets_its_outcomes_in_the_summary(project):
    """The 20 shoppers who stop at the cart are a designed ending here: no drop-off, one outcome line."""
    ended = MAP.replace("  success paid\n", "  success paid\n  end cart\n").replace(
        "  flow home -> product -> cart -> paid\n", "  flow home -> product -> cart\n  flow product -> paid\n"
    ).replace("  expect dropoff at cart <= 45% confidence 95%\n", "")
    project.makefile(".journey", **{"maps/shop": ended})
    result = project.runpytest("-rA")
    result.stdout.fnmatch_lines(["*journeyspec: shop: outcomes: 30.0% succeeded · 20.0% Cart · 50.0% abandoned*"])


# A library used by two journeys: the plugin follows `use` (spec/language.md, "Shared definitions").
SHOP_LIBRARY = """library shop_steps "Steps every shop journey knows" {
  step paid "Paid" {
    when event == "paid"
  }
}
"""

SHOP_JOURNEY = """use "shared/steps.journey"

journey {name} "{name}" {{
  stage buy "Buy" {{
    step home "Home" {{ when event == "home" }}
    step paid from shop_steps
  }}
  start home
  success paid
  flow home -> paid
  expect reach paid <= 50%
}}
"""


def _library_events() -> str:
    """400 sessions: all open home; 100 then pay, the other 300 fill a cart."""
    rows = ["session,time,event"]
    for number in range(400):
        rows.append(f"s{number},2026-01-01T10:00:00,home")
        rows.append(f"s{number},2026-01-01T10:00:10,{'paid' if number < 100 else 'cart'}")
    return "\n".join(rows) + "\n"


@pytest.fixture
def library_project(pytester: pytest.Pytester):
    pytester.makefile(".journey", **{"maps/shared/steps": SHOP_LIBRARY})
    for name in ("web", "app"):
        pytester.makefile(".journey", **{f"maps/{name}": SHOP_JOURNEY.format(name=name)})
    pytester.makefile(".csv", **{"data/events": _library_events()})
    pytester.makefile(".toml", journeyspec="")
    pytester.makeini("[pytest]\njourneyspec_maps = maps\njourneyspec_data = data/events.csv\n")
    return pytester


def _rewrite_keeping_mtime(path, text: str) -> None:
    """Change the file but not its size or time, so only reading it again can see the change."""
    stat = path.stat()
    assert len(text.encode()) == stat.st_size
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_library_change_reaches_every_journey_on_the_next_run(library_project):
    project = library_project
    first = project.runpytest("-rA")
    # reach paid: 100 of 400 (25%) in both journeys; the library file itself holds no journey, so no item.
    first.assert_outcomes(passed=2)
    first.stdout.fnmatch_lines(["*journeyspec: checked against *events.csv (2 engine runs)*"])  # one per journey
    first.stdout.fnmatch_lines(["*maps/app.journey::app::reach paid <= 50%*", "*maps/web.journey::web::reach paid <= 50%*"])
    assert "steps.journey::" not in first.stdout.str()

    library = project.path / "maps" / "shared" / "steps.journey"
    written = library.read_text(encoding="utf-8")
    _rewrite_keeping_mtime(library, written.replace('event == "paid"', 'event == "cart"'))
    # -rN: no short summary, so each failure's text is printed once whatever the CI environment.
    second = project.runpytest("-rN")
    # Now "paid" matches the 300 carts: 75% in both journeys, and both fail.
    second.assert_outcomes(failed=2)
    assert second.stdout.str().count("observed:  75.0%") == 2

    library.write_text(written.replace('when event == "paid"', 'when event ~ "(?<=x)"'), encoding="utf-8")
    third = project.runpytest("-rN")
    # The library's own file and each journey that takes from it, each at the library's line.
    third.assert_outcomes(failed=3)
    text = third.stdout.str()
    assert text.count("maps/shared/steps.journey:3:10\n") == 3 and text.count("error[JS214]") == 3, text
    assert "Traceback" not in text
