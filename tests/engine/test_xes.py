"""XES logs as a source: the hand-computed log of tests/engine/xes_helpers.py, and the two readers agreeing."""

from __future__ import annotations

import pyarrow as pa
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeyspec
from journeyspec.cli import main_group
from journeyspec.engine import SourceConfig, reduce
from journeyspec.engine.source import xes_fast
from journeyspec.engine.source.converted import Notes
from journeyspec.engine.source.log_values import Names
from journeyspec.engine.source.open import open_source
from journeyspec.engine.source.xes_expat import exact_batches
from journeyspec.engine.source.xes_fast import fast_batches
from journeyspec.engine.source.xes_parts import CANONICAL, Fallback, assemble
from tests.engine.xes_helpers import LOG, MAP, attribute, write_xes, xes_text


def unioned(batches) -> pa.Table:
    """Batches with different columns as one table, by name, as the engines read the Parquet files."""
    tables = [pa.Table.from_batches([b]) for b in batches]
    table = pa.concat_tables(tables, promote_options="permissive")
    return table.select(sorted(table.column_names))


def read_both(path: str) -> tuple[pa.Table | None, pa.Table, list[str]]:
    """The log as the fast reader reads it (None when it falls back) and as the exact reader does."""
    try:
        names = Names(CANONICAL)
        fast = unioned([assemble(raw, names) for raw in fast_batches(path)])
    except Fallback:
        fast = None
    notes, names = Notes(), Names(CANONICAL)
    exact = unioned([assemble(raw, names) for raw in exact_batches(path, notes)])
    return fast, exact, notes.items


@pytest.fixture(scope="module")
def journey():
    return journeyspec.parse(MAP).journeys[0]


@pytest.fixture(scope="module", params=["plain", "gzip"])
def log(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("xes")
    gz = request.param == "gzip"
    return write_xes(folder / ("loan.xes.gz" if gz else "loan.xes"), xes_text(), gz=gz)


@pytest.fixture(scope="module")
def facts(log, journey):
    return reduce(journey, log)


def test_every_event_is_a_row(facts):
    totals = facts.totals
    assert (totals.rows, totals.skipped_null_session, totals.skipped_null_time) == (10, 0, 0)
    # `note` ignored; the review that starts is off the map (only completed reviews are the step).
    assert (totals.ignored, totals.off_map, totals.step_events) == (1, 1, 8)
    assert [(n.name, n.count) for n in totals.top_off_map] == [("review", 1)]


def test_paths_and_times_read_with_their_offsets(facts):
    population = facts.population
    assert population.sessions == 3 and population.success == 2
    assert sorted(v.path for v in population.variants) == [
        ("submit", "approve"), ("submit", "review", "approve"), ("submit", "review", "decline")]
    timing = facts.population.pair("submit", "review")
    # c1: 10:00+01:00 = 09:00Z -> 10:15Z (75 min); c2: 12:00 -> 14:00 (120 min).
    assert timing.converted == 2 and timing.time.p50 == pytest.approx((75 + 120) / 2 * 60)
    conversion = facts.population.pair("submit", "approve")
    assert (conversion.with_source, conversion.converted) == (3, 2)


def test_trace_attributes_as_case_fields_with_their_type(facts):
    rich = facts.where("case.amount >= 1000")
    assert rich.sessions == 1 and rich.step("review").reached == 1


def test_event_attributes_as_dotted_fields(facts):
    # org.resource: c1 ann/bob/cat and c2 ann/dan switch; c3 is eve throughout (its note is ignored).
    assert facts.population.switch("org.resource").sessions == 2


def test_the_columns(log):
    table = open_source(log).table
    names = [c for c in table.columns if not c.startswith("__js")]
    assert names == ["session", "event", "time", "case.amount", "lifecycle.transition", "org.resource"]
    assert table.count().to_pyarrow().as_py() == 10
    schema = table.schema()
    assert schema["case.amount"].is_integer() and schema["time"].is_timestamp()


def test_check_from_the_command_line(log, tmp_path):
    (tmp_path / "loan.journey").write_text(MAP, encoding="utf-8")
    result = CliRunner().invoke(main_group, ["check", str(tmp_path / "loan.journey"), "--data", log])
    assert result.exit_code == 0, result.output
    assert "3 sessions" in result.output and "10 rows read" in result.output


@pytest.mark.parametrize("mapping_data", ["events.csv", "loan.xes"])
def test_a_log_names_its_own_columns_whatever_mapping_it_borrows(log, tmp_path, monkeypatch, mapping_data):
    """`--data log.xes` in a project whose journey's source maps another file's columns: the log is read
    by its own names, as without the project; only a source whose data is itself a log keeps its settings."""
    (tmp_path / "loan.journey").write_text(MAP, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.journeyspec.sources.loan]\ndata = "{mapping_data}"\nsession = "case_id"\nevent = "activity"\n'
        'time = "ts"\ntime_format = "%Y-%m-%d %H:%M:%S"\ntimezone = "Europe/Amsterdam"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main_group, ["check", "loan.journey", "--data", log])
    if mapping_data == "events.csv":
        assert result.exit_code == 0, result.output
        assert "3 sessions" in result.output and "10 rows read" in result.output
    else:  # the source's own log with these settings: they are the user's, and name no column it has
        assert result.exit_code == 2 and "error[JS302] missing-column" in result.output and "`ts`" in result.output


def test_the_readers_agree_on_the_hand_computed_log(log):
    fast, exact, notes = read_both(log)
    assert fast is not None and fast.equals(exact) and notes == []


def test_the_fast_reader_reads_small_pieces_alike(log, monkeypatch):
    whole = read_both(log)[1]
    monkeypatch.setattr(xes_fast, "_CHUNK", 300)  # a batch per trace or two
    fast = read_both(log)[0]
    assert fast is not None and fast.equals(whole)


# Forms of the same log that only the exact reader reads: each must give the same rows.
VARIANTS = {
    "a comment between events": lambda t: t.replace("\t\t</event>\n\t\t<event>", "\t\t</event>\n<!-- x -->\n\t\t<event>", 1),
    "single quotes": lambda t: t.replace('value="bob"', "value='bob'"),
    "an entity": lambda t: t.replace('value="ann"', 'value="&#97;nn"'),
    "a namespace prefix": lambda t: t.replace("<log ", "<x:log xmlns:x='http://www.xes-standard.org/' ").replace(
        "</log>", "</x:log>"),
    "attributes written value first": lambda t: t.replace('<string key="org:resource" value="cat"/>',
                                                          '<string value="cat" key="org:resource"/>'),
    "Latin-1": lambda t: t.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'),
    "a nested attribute": lambda t: t.replace('<string key="org:resource" value="dan"/>',
                                              '<string key="org:resource" value="dan"><int key="n" value="1"/></string>'),
    "a list": lambda t: t.replace("\t\t</event>", "\t\t\t<list key='l'><values><int key='x' value='1'/></values></list>\n"
                                  "\t\t</event>", 1),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_forms_the_fast_reader_leaves_to_the_exact_one(tmp_path, variant):
    path = write_xes(tmp_path / "v.xes", VARIANTS[variant](xes_text()).encode("utf-8").decode("utf-8"))
    if variant == "Latin-1":
        (tmp_path / "v.xes").write_bytes(VARIANTS[variant](xes_text()).encode("latin-1"))
    fast, exact, notes = read_both(path)
    assert fast is None
    canonical = read_both(write_xes(tmp_path / "c.xes", xes_text()))[1]
    assert exact.equals(canonical) and notes == []


# Any character XML 1.0 can hold: no surrogates, no control characters but tab and line feed.
values = st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n"), max_size=12)
plain = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FFF, blacklist_characters='"&<\x7f'), min_size=1,
                max_size=8)
times = st.datetimes(min_value=__import__("datetime").datetime(2000, 1, 1),
                     max_value=__import__("datetime").datetime(2030, 1, 1)).map(lambda d: d.isoformat() + "Z")
events = st.tuples(plain, plain, values, times)
logs = st.lists(st.tuples(plain, st.dictionaries(st.sampled_from(["a", "b:c", "d e"]),
                                                 st.tuples(st.just("string"), values), max_size=2),
                          st.lists(events, min_size=1, max_size=4)), min_size=1, max_size=5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(log=logs, chunk=st.sampled_from([256, 4096, 1 << 20]))
def test_generated_logs_read_alike_by_both_readers(tmp_path, monkeypatch, log, chunk):
    # Values with any character XML can hold (escaped as a writer escapes them): the fast reader reads
    # them or gives up, and either way the rows are those the exact reader reads.
    monkeypatch.setattr(xes_fast, "_CHUNK", chunk)
    path = write_xes(tmp_path / "g.xes", xes_text(log))
    fast, exact, notes = read_both(path)
    assert exact.num_rows == sum(len(events) for _, _, events in log) and notes == []
    if fast is not None:
        assert fast.equals(exact)
    assert exact.column("event").to_pylist() == [e[0] for _, _, es in log for e in es]
    assert exact.column("session").to_pylist() == [case for case, _, es in log for _ in es]


def test_attribute_names_a_map_can_write():
    from journeyspec.engine.source.log_values import field_name

    assert field_name("lifecycle:transition") == "lifecycle.transition"
    assert field_name("resource country") == "resource_country"
    assert field_name("(case) variant") == "_case__variant"
    assert field_name("11339") == "_11339"
    names = Names(CANONICAL)
    assert names("event", "concept:name") == "event" and names("trace", "concept:name") == "session"
    assert names("trace", "AMOUNT_REQ") == "case.AMOUNT_REQ"
    # Two keys that write the same, or a key that writes a canonical name: the later one gets a number.
    assert (names("event", "a b"), names("event", "a-b"), names("event", "time")) == ("a_b", "a_b_2", "time_2")


@pytest.mark.spark
@pytest.mark.slow
def test_an_xes_log_on_spark(tmp_path, journey):
    pytest.importorskip("pyspark", reason="the `spark` extra is not installed; make test installs it")
    log = write_xes(tmp_path / "loan.xes.gz", xes_text(), gz=True)
    spark = reduce(journey, log, engine="spark")
    duck = reduce(journey, log)
    assert spark.totals == duck.totals and spark.population == duck.population


def test_extra_event_types_keep_their_type(tmp_path):
    text = xes_text().replace('<string key="org:resource" value="cat"/>',
                              '<string key="org:resource" value="cat"/>\n' + attribute("float", "cost", "12.5") +
                              attribute("boolean", "rush", "true") +
                              attribute("date", "due", "2024-03-02T00:00:00+02:00"))
    table = open_source(write_xes(tmp_path / "t.xes", text)).table
    row = table.filter(table["cost"].notnull()).to_pyarrow().to_pylist()[0]
    assert row["cost"] == 12.5 and row["rush"] is True
    assert row["due"].isoformat() == "2024-03-01T22:00:00+00:00"
    assert LOG[0][2][3][0] == row["event"] == "approve"


# c1 crosses the night Berlin's clocks went back (2019-10-27 03:00 CEST -> 02:00 CET): 01:30 is
# 23:30Z the day before and 03:30 is 02:30Z, 3 hours apart, where the wall clocks are 2 hours apart.
WALL_CLOCK_LOG = [
    ("c1", {"amount": ("int", "100")}, [("submit", "complete", "ann", "2019-10-27T01:30:00"),
                ("review", "complete", "bob", "2019-10-27T03:30:00")]),
    ("c2", {"amount": ("int", "100")}, [("submit", "complete", "ann", "2019-06-01T10:00:00"),
                ("review", "complete", "bob", "2019-06-01T10:20:00")]),
]


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=[pytest.mark.spark, pytest.mark.slow])])
@pytest.mark.parametrize(("timezone", "hours"), [(None, 2), ("UTC", 2), ("Europe/Berlin", 3)])
def test_a_log_without_offsets_is_read_in_the_sources_timezone(tmp_path, journey, engine, timezone, hours):
    if engine == "spark":
        pytest.importorskip("pyspark", reason="the `spark` extra is not installed; make test installs it")
    log = write_xes(tmp_path / "wall.xes", xes_text(WALL_CLOCK_LOG))
    facts = reduce(journey, log, config=SourceConfig(timezone=timezone, engine=engine))
    timing = facts.population.pair("submit", "review")
    assert timing.converted == 2 and timing.time.p50 == pytest.approx((hours * 60 + 20) / 2 * 60)


def test_a_log_with_offsets_ignores_the_timezone(log, journey):
    berlin = reduce(journey, log, config=SourceConfig(timezone="Europe/Berlin"))
    assert berlin.population == reduce(journey, log).population
