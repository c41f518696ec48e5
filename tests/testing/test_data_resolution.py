"""Which data a journey reads is decided once (``journeyspec.project.data_for``), for pytest as for the rest.

Every project here keeps its events in columns named `sid`, `ts` and `name`,
so a route that forgets the configured mapping fails with JS302 instead of
passing by luck; the numbers are compared with pandas, read apart from the
code under test.
"""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from click.testing import CliRunner

from tests.testing.helpers import shop_events, shop_map

pytest_plugins = ["pytester"]

SHOP = shop_map("expect sessions >= 10", "expect conversion home -> paid >= 10%")

VISIT = """\
journey visit "Visit" {
  stage look "Look" {
    step landing "Landing" { when event == "landing" }
    step signup "Signup" { when event == "signup" }
  }
  start landing
  success signup
  flow landing -> signup
  expect sessions >= 5
}
"""

MAPPING = 'session = "sid"\ntime = "ts"\nevent = "name"\n'
HEADER = "sid,ts,name"  # the CSV header that MAPPING maps


def conversion_by_pandas(path) -> float:
    """Sessions with `home` and a later `paid`, over sessions with `home` — apart from the engine."""
    events = pd.read_csv(path)
    seen = events.groupby("sid")["name"].apply(list)
    with_home = [names for names in seen if "home" in names]
    return sum(1 for names in with_home if "paid" in names[names.index("home"):]) / len(with_home)


@pytest.fixture
def project(pytester: pytest.Pytester):
    """Maps in `maps/`, the shop's events behind a winding path, and no `journeyspec_data`."""
    pytester.makefile(".journey", **{"maps/shop": SHOP})
    pytester.makefile(".csv", **{"data/shop": shop_events(header=HEADER)})
    pytester.makepyprojecttoml(
        f'[tool.journeyspec.sources.shop]\ndata = "data/../data/./shop.csv"\n{MAPPING}\n'
        '[tool.pytest.ini_options]\njourneyspec_maps = ["maps"]\n'
    )
    return pytester


def write_tests(pytester: pytest.Pytester, body: str) -> None:
    header = "import pytest\nimport journeyspec\nfrom journeyspec.testing import assert_conforms, assert_expectations\n"
    pytester.makepyfile(test_hand=header + textwrap.dedent(body))


def junit_values(pytester: pytest.Pytester) -> dict[str, dict[str, str]]:
    tree = ET.parse(pytester.path / "report.xml")
    return {case.get("name"): {p.get("name"): p.get("value") for p in case.iter("property")}
            for case in tree.iter("testcase")}


def test_a_hand_written_test_runs_on_the_configured_source(project):
    """No `journeyspec_data`: the fixture gives the journey's configured source; nothing is skipped."""
    expected = conversion_by_pandas(project.path / "data" / "shop.csv")
    write_tests(project, f"""
        def test_the_journeys_own_source(journey, journey_data):
            data = journey_data("shop")
            assert str(data) == "data/shop.csv" and data.config.session == "sid"
            result = journeyspec.check(journey("shop"), data)
            assert result.journeys[0].source == "data/shop.csv"
            assert result.metric("conversion", "home", "paid") == pytest.approx({expected!r})

        def test_the_fixture_as_data_is_resolved_for_the_journey(journey, journey_data):
            assert_expectations(journey("shop"), journey_data)  # all pass: returns quietly
            assert_conforms(journey("shop"), journey_data, at_least=0.9)
            assert journeyspec.check(journey("shop"), journey_data).source == "data/shop.csv"
        """)
    result = project.runpytest("-rA", "-p", "no:warnings", "test_hand.py")
    result.assert_outcomes(passed=2)
    assert expected == pytest.approx(0.3)


def test_an_item_and_a_hand_written_test_fail_when_there_is_no_data_at_all(pytester: pytest.Pytester):
    pytester.makefile(".journey", **{"maps/shop": SHOP})
    pytester.makeini("[pytest]\njourneyspec_maps = maps\n")
    write_tests(pytester, """
        def test_shop(journey, journey_data):
            assert_expectations(journey("shop"), journey_data)

        def test_called(journey_data):
            journey_data("shop")
        """)
    # -rN: no short summary, so each error is printed once whatever the CI environment (pytest does
    # not shorten summary lines when CI is set, which would count every message twice).
    result = pytester.runpytest("-p", "no:warnings", "-rN")
    result.assert_outcomes(failed=4)  # two collected expectations, two hand-written tests; none skipped
    text = result.stdout.str()
    assert text.count("error[JS301] unknown-source: no data for journey `shop`") == 4
    assert "[tool.journeyspec.sources.default]" in text and "--journeyspec-data" in text
    assert "Traceback" not in text and "During handling" not in text


@pytest.mark.parametrize("how", ["option", "ini"])
def test_data_given_to_pytest_is_read_with_the_configured_mapping(project, how):
    """A file in `sid,ts,name` needs the shop source's mapping: without it, every item would fail with JS302."""
    project.makefile(".csv", **{"data/other": shop_events(sessions=20, paying=9, header=HEADER)})
    expected = conversion_by_pandas(project.path / "data" / "other.csv")
    if how == "ini":
        text = (project.path / "pyproject.toml").read_text(encoding="utf-8")
        project.makepyprojecttoml(text.rstrip() + '\njourneyspec_data = "data/other.csv"\n')
        args = []
    else:
        args = ["--journeyspec-data", "data/other.csv"]
    write_tests(project, """
        def test_other(journey, journey_data):
            assert str(journey_data("shop")) == "data/other.csv"
            assert_expectations(journey("shop"), journey_data)
        """)
    result = project.runpytest("--junitxml=report.xml", "-p", "no:warnings", *args)
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["journeyspec: checked against data/other.csv (1 engine run)"])
    values = junit_values(project)["conversion home -> paid >= 10%"]
    assert values["population"] == "20" and float(values["value"]) == pytest.approx(expected) == pytest.approx(0.45)


def test_the_same_file_without_the_mapping_fails_with_js302(project):
    """The control for the test above: the columns really do need the mapping."""
    project.makefile(".csv", **{"data/other": shop_events(sessions=20, paying=9, header=HEADER)})
    project.makepyprojecttoml('[tool.journeyspec.sources.shop]\ndata = "data/shop.csv"\n\n'
                              '[tool.pytest.ini_options]\njourneyspec_maps = ["maps"]\n')
    result = project.runpytest("--journeyspec-data", "data/other.csv", "-p", "no:warnings", "-rN")
    result.assert_outcomes(failed=2)
    assert result.stdout.str().count("error[JS302] missing-column: data/other.csv has no column `time`") == 2


def test_sources_are_printed_normalised_and_relative_to_the_project(project):
    project.makefile(".journey", **{"maps/shop": SHOP.replace("expect sessions >= 10", "expect sessions >= 1000")})
    result = project.runpytest("-p", "no:warnings", "-k", "sessions")
    result.assert_outcomes(failed=1, deselected=1)
    result.stdout.fnmatch_lines(["data:      data/shop.csv", "journeyspec: checked against data/shop.csv (1 engine run)"])


def test_a_source_outside_the_project_is_printed_absolute_without_dots(project, tmp_path):
    outside = tmp_path / "shared" / "shop.csv"
    outside.parent.mkdir()
    outside.write_text(shop_events(header=HEADER), encoding="utf-8")
    winding = tmp_path / "shared" / ".." / "shared" / "shop.csv"
    project.makepyprojecttoml(f'[tool.journeyspec.sources.shop]\ndata = "{winding.as_posix()}"\n{MAPPING}\n'
                              '[tool.pytest.ini_options]\njourneyspec_maps = ["maps"]\n')
    result = project.runpytest("-p", "no:warnings")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines([f"journeyspec: checked against {outside.as_posix()} (1 engine run)"])


def test_journey_data_names_each_journeys_own_source(project):
    """One test file, two journeys, two sources: `journey_data(id)` is each one's, with its own mapping."""
    project.makefile(".journey", **{"maps/visit": VISIT})
    visits = "session,time,event\n" + "".join(
        f"v{n},2026-01-01T09:{n:02d}:00,landing\n" + (f"v{n},2026-01-01T09:{n:02d}:30,signup\n" if n % 2 else "")
        for n in range(8))
    project.makefile(".csv", **{"data/visits": visits})
    project.makepyprojecttoml(
        f'[tool.journeyspec.sources.shop]\ndata = "data/shop.csv"\n{MAPPING}\n'
        '[tool.journeyspec.sources.default]\ndata = "data/visits.csv"\n\n'
        '[tool.pytest.ini_options]\njourneyspec_maps = ["maps"]\n'
    )
    write_tests(project, """
        def test_each_its_own(journey, journey_data):
            assert str(journey_data("shop")) == "data/shop.csv" and journey_data("shop").config.event == "name"
            assert str(journey_data("visit")) == "data/visits.csv" and journey_data("visit").config.event == "event"
            for name in ("shop", "visit"):
                assert_expectations(journey(name), journey_data)
            assert journeyspec.check(journey("visit"), journey_data).journeys[0].population == 8
        """)
    result = project.runpytest("-p", "no:warnings")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["journeyspec: checked against data/shop.csv, data/visits.csv (2 engine runs)"])


@pytest.mark.parametrize("given", [None, "data/other.csv"])
def test_the_cli_the_plugin_and_the_api_read_the_same_source(project, given):
    """`journeyspec check`, the pytest items, the fixture and `journeyspec.check`: one source, one mapping, one number."""
    import journeyspec
    from journeyspec.cli import main_group

    project.makefile(".csv", **{"data/other": shop_events(sessions=20, paying=9, header=HEADER)})
    shown = given or "data/shop.csv"
    expected = conversion_by_pandas(project.path / shown)

    cli = CliRunner().invoke(main_group, ["check", "maps", "--format", "json", *(["--data", given] if given else [])])
    assert cli.exit_code == 0, cli.output
    (cli_journey,) = json.loads(cli.stdout)["journeys"]

    api = journeyspec.check("maps/shop.journey", given).journeys[0]

    write_tests(project, f"""
        def test_fixture(journey_data):
            assert str(journey_data("shop")) == {shown!r}
        """)
    plugin = project.runpytest("--junitxml=report.xml", "-p", "no:warnings",
                               *(["--journeyspec-data", given] if given else []))
    plugin.assert_outcomes(passed=3)
    plugin.stdout.fnmatch_lines([f"journeyspec: checked against {shown} (1 engine run)"])
    item = junit_values(project)["conversion home -> paid >= 10%"]

    assert cli_journey["source"] == api.source == shown
    conversion = next(e for e in cli_journey["expectations"] if e["text"].startswith("conversion"))["value"]
    assert conversion == api.metric("conversion", "home", "paid") == float(item["value"])
    assert conversion == pytest.approx(expected)
