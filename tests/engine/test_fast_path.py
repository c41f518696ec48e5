"""The DuckDB fast path gives exactly the facts of the shared Ibis pass.

Every fixture of the engine tests, and random small event tables (ties in
time and order, repeats, missing sessions, times and events, ignored,
friction and off-map events, sentiment values, several devices, an order
column, user scope, sessions cut after a gap, wheres, switches, windows,
``repeats keep``), are reduced both ways on DuckDB and compared field by
field. Only means and sentiment sums may differ, in the last bits, because
they add the same numbers in another order.
"""

from __future__ import annotations

import math
import os
from contextlib import contextmanager

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeyspec
from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine import PairRequest, SourceConfig, reduce
from journeyspec.engine import reduction as pipeline
from journeyspec.engine.arrow import read as fast
from journeyspec.engine.arrow.stream import FAST_PATH_VARIABLE
from tests.engine.helpers import FORMATS, MAP, ROWS, arrow_table, write
from tests.engine.test_corners import ROWS as CORNER_ROWS

# Run again on the newest DuckDB 1.x by `make test` (see tests/engine/test_duckdb_versions.py).
pytestmark = pytest.mark.duckdb


SUMMED = {"mean", "sentiment_sum"}


def journey(extra: str = ""):
    return journeyspec.parse(MAP.replace("  start home", f"{extra}  start home")).journeys[0]


@contextmanager
def shared_pass():
    """Make DuckDB sources take the shared Ibis pass, as before the fast path."""
    before = os.environ.get(FAST_PATH_VARIABLE)
    os.environ[FAST_PATH_VARIABLE] = "0"
    try:
        yield
    finally:
        if before is None:
            del os.environ[FAST_PATH_VARIABLE]
        else:
            os.environ[FAST_PATH_VARIABLE] = before


def differences(old, new, path: str = "") -> list[str]:
    """Where two ``model_dump()``s differ; floats named in :data:`SUMMED` within 1e-12 relative."""
    if isinstance(old, dict) and isinstance(new, dict):
        if old.keys() != new.keys():
            return [f"{path}: keys {sorted(old)} != {sorted(new)}"]
        return [d for key in old for d in differences(old[key], new[key], f"{path}.{key}")]
    if isinstance(old, (list, tuple)) and isinstance(new, (list, tuple)):
        if len(old) != len(new):
            return [f"{path}: {len(old)} items != {len(new)}: {old!r} != {new!r}"]
        return [d for i, (a, b) in enumerate(zip(old, new)) for d in differences(a, b, f"{path}[{i}]")]
    if isinstance(old, float) and isinstance(new, float) and path.rsplit(".", 1)[-1] in SUMMED:
        if (math.isnan(old) and math.isnan(new)) or math.isclose(old, new, rel_tol=1e-12, abs_tol=1e-12):
            return []
    elif isinstance(old, float) and isinstance(new, float) and math.isnan(old) and math.isnan(new):
        return []
    elif old == new and type(old) is type(new):
        return []
    return [f"{path}: {old!r} != {new!r}"]


def both_ways(journey_, source, **options):
    """(shared pass, fast path): each a ``model_dump()`` or the diagnostic codes it raised."""
    def run():
        try:
            return reduce(journey_, source, **options).model_dump()
        except JourneyspecError as error:
            return [d.code for d in error.diagnostics]

    with shared_pass():
        old = run()
    return old, run()


def assert_same(journey_, source, **options):
    old, new = both_ways(journey_, source, **options)
    assert differences(old, new) == []
    return new


@pytest.fixture
def fast_only(monkeypatch):
    """Fail if a reduction falls back to the shared pass unless :func:`shared_pass` asked for it."""
    shared = pipeline._reduce_shared

    def refuse(*args, **kwargs):
        if os.environ.get(FAST_PATH_VARIABLE) != "0":
            raise AssertionError("the DuckDB fast path fell back to the shared Ibis pass")
        return shared(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_reduce_shared", refuse)


EPOCH = SourceConfig(time_format="epoch_s")
EXTRA = {"pairs": [("home", "home"), PairRequest("pay", "home", (5, 60)), ("cart", "product")],
         "switches": ["seq", "page", "csat"]}


@pytest.mark.parametrize("kind", FORMATS)
def test_fixture_in_every_format(sources, kind, fast_only):
    facts = assert_same(journey(), sources[kind], config=EPOCH, **EXTRA)
    assert facts["population"]["sessions"] == 3


@pytest.mark.parametrize("batch", [1, 2, 5])
@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_fixture_in_tiny_batches(sources, kind, batch, monkeypatch, fast_only):
    """Every boundary between batches falls inside a path somewhere: nothing may depend on it."""
    monkeypatch.setattr(fast, "BATCH_ROWS", batch)
    for extra, settings in [("", {}), ("", {"order": "seq"}), ("  scope user\n", {})]:
        assert_same(journey(extra), sources[kind], config=EPOCH.with_overrides(**settings), **EXTRA)


@pytest.mark.parametrize(
    "extra, settings",
    [
        ("", {"order": "seq"}),
        ("  repeats keep\n", {}),
        ("  scope user\n", {}),
        ("  scope user\n  repeats keep\n", {"order": "seq"}),
    ],
    ids=["order", "repeats-keep", "scope-user", "user-keep-order"],
)
def test_fixture_rules(sources, extra, settings, fast_only):
    assert_same(journey(extra), sources["parquet"], config=EPOCH.with_overrides(**settings), **EXTRA)


@pytest.mark.parametrize("gap", ["20s", "30m"])
def test_sessions_cut_after_a_gap(sources, tmp_path, gap, fast_only):
    source = str(tmp_path / "nosession.parquet")
    pq.write_table(pq.read_table(sources["parquet"]).drop_columns(["session"]), source)
    assert_same(journey(), source, config=EPOCH.with_overrides(user="user", gap=gap), **EXTRA)


def test_corner_rows(tmp_path, fast_only):
    source = write(arrow_table(CORNER_ROWS), tmp_path, "parquet")
    for settings in ({}, {"order": "seq"}):
        assert_same(journey(), source, config=EPOCH.with_overrides(**settings), switches=["seq"])


def test_max_variants(sources, fast_only):
    assert_same(journey(), sources["parquet"], config=EPOCH, max_variants=1)


def test_wheres(sources, fast_only):
    from journeyspec.ir.predicates import Compare, Exists, Not

    wheres = [Compare(field="device", op="==", value="desktop"), Exists(field="csat"),
              Not(operand=Compare(field="page", op="==", value="/cart"))]
    assert_same(journey(), sources["parquet"], config=EPOCH, wheres=wheres)


def test_where_flags_packed_into_the_code_and_beyond(sources, fast_only):
    """The first 24 flags travel in the code column's high bits (8 code bits), the rest as columns."""
    from journeyspec.engine.arrow.stream import Packing
    from journeyspec.ir.predicates import Compare

    assert Packing.of(4, 0) == Packing(8, 0, "uint8")
    assert Packing.of(4, 3) == Packing(8, 3, "uint16")
    assert Packing.of(4, 30) == Packing(8, 24, "uint32")
    assert Packing.of(300, 2) == Packing(16, 2, "uint32")
    values = ["web", "mobile", "desktop", "tablet", "nope"]
    wheres = [Compare(field="device" if k % 2 else "page", op="==" if k % 3 else "!=",
                      value=values[k % 5] if k % 2 else ["/p/1", "/cart", "/p/2"][k % 3]) for k in range(30)]
    assert_same(journey(), sources["parquet"], config=EPOCH, wheres=wheres)


def test_more_steps_than_a_byte_holds(sources, fast_only):
    """260 steps: codes are 16-bit (classify.code_type), in the sorted query and in the stream's arrays."""
    extra = "".join(f'    step s{i} "S{i}" {{\n      when event == "never{i}"\n    }}\n' for i in range(256))
    chain = "  flow home -> " + " -> ".join(f"s{i}" for i in range(256)) + "\n"
    text = MAP.replace('  stage main "Main" {\n', '  stage main "Main" {\n' + extra, 1).replace(
        "  start home", chain + "  start home", 1)
    many = journeyspec.parse(text).journeys[0]
    assert len(many.steps) == 260
    facts = assert_same(many, sources["parquet"], config=EPOCH, switches=["device"])
    assert facts["totals"]["step_events"] == 11 and facts["population"]["sessions"] == 3


def test_no_population(tmp_path, fast_only):
    rows = [("a", 1, "chat", None, "web", None, 1, "u"), ("a", 2, "error", None, "web", 3.0, 2, "u")]
    facts = assert_same(journey(), write(arrow_table(rows), tmp_path, "parquet"), config=EPOCH)
    assert facts["population"]["sessions"] == 0


def test_the_comparison_catches_a_broken_collapse(sources, monkeypatch):
    """The parity check can fail: a fast path that keeps repeats under `repeats collapse` is caught."""
    cutter = fast.PathCutter
    monkeypatch.setattr(fast, "PathCutter", lambda *args, **kwargs: cutter(*args, **{**kwargs, "keep_repeats": True}))
    old, new = both_ways(journey(), sources["parquet"], config=EPOCH)
    assert any("variants" in d for d in differences(old, new))


def weak_hash(value):
    """DuckDB's hash modulo 2: distinct keys, switch values and names share hashes."""
    import ibis

    from journeyspec.engine.arrow.stream import _duckdb_hash

    return ibis.ifelse(value.isnull(), ibis.null("uint64"), (_duckdb_hash()(value) % 2).cast("uint64"))


def test_values_sharing_a_hash_are_sent_again_as_they_are(sources, monkeypatch, fast_only):
    """The distinct hashes the stream shows fall short of the distinct values: the query runs again
    with text, and the facts are the shared pass's."""
    from journeyspec.engine.arrow import stream

    runs = []
    query = stream.stream_query
    monkeypatch.setattr(stream, "value_hash", weak_hash)
    monkeypatch.setattr(fast, "stream_query", lambda *args, **kwargs: runs.append(kwargs) or query(*args, **kwargs))
    assert_same(journey(), sources["parquet"], config=EPOCH, switches=["device", "page"])
    sent = [(run["hashed_key"], sorted(run["hashed_switches"]), run["hashed_names"]) for run in runs]
    # Shared pass (no runs recorded), then: all hashed; then the key and both fields as text (two devices,
    # two pages and three names each share a hash modulo 2), the names as text from the start.
    assert sent == [(True, [0, 1], False), (False, [], False)]


def test_distinct_hashes_need_one_run(sources, monkeypatch, fast_only):
    """With DuckDB's own hash, the counts agree at once (rows without a session count no key)."""
    runs = []
    query = fast.stream_query
    monkeypatch.setattr(fast, "stream_query", lambda *args, **kwargs: runs.append(kwargs) or query(*args, **kwargs))
    facts = reduce(journey(), sources["parquet"], config=EPOCH, switches=["device", "page"])
    assert facts.totals.skipped_null_session == 1
    assert [(run["hashed_key"], sorted(run["hashed_switches"]), run["hashed_names"]) for run in runs] == [
        (True, [0, 1], True)]


def test_the_comparison_catches_an_unverified_hash(sources, monkeypatch):
    """Without the counts' verification, shared hashes merge paths: the parity comparison fails."""
    from journeyspec.engine.arrow import stream

    monkeypatch.setattr(stream, "value_hash", weak_hash)
    monkeypatch.setattr(fast, "distinct_counts", lambda stream_, steps: (0, [0] * len(stream_.switches)))
    monkeypatch.setattr(fast, "dictionary_query", lambda coded, plan: _claimed_counts(coded, plan))
    old, new = both_ways(journey(), sources["parquet"], config=EPOCH, switches=["device"])
    assert differences(old, new)


def _claimed_counts(coded, plan):
    """A dictionary query whose counts agree with :func:`fast.distinct_counts` patched to zeros."""
    from journeyspec.engine.arrow.stream import dictionary_query

    query = dictionary_query(coded, plan)
    return query.mutate(keys=0, **{f"values{k}": 0 for k in range(len(plan.switch_fields))})


def test_missing_order_values_sort_last_on_both_passes(tmp_path, fast_only):
    """Both passes put an event without an `order` value after those with one (spec: data semantics, 2)."""
    rows = [(s, t, e, p, d, c, None if i % 3 == 0 else q, u) for i, (s, t, e, p, d, c, q, u) in enumerate(ROWS)]
    assert_same(journey(), write(arrow_table(rows), tmp_path, "parquet"), config=EPOCH.with_overrides(order="seq"))
    from tests.engine.test_corners import MISSING_ORDER_ROWS

    corners = write(arrow_table(MISSING_ORDER_ROWS), tmp_path, "parquet", name="corners")
    assert_same(journey(), corners, config=EPOCH.with_overrides(order="seq"))


def test_a_view_without_row_order_takes_the_shared_pass(tmp_path, monkeypatch):
    import duckdb

    path = tmp_path / "view.duckdb"
    con = duckdb.connect(str(path))
    con.register("rows", arrow_table())
    con.execute("CREATE TABLE events AS SELECT * FROM rows")
    con.execute("CREATE VIEW sorted_events AS SELECT * FROM events")
    con.close()
    calls = []
    shared = pipeline._reduce_shared
    monkeypatch.setattr(pipeline, "_reduce_shared", lambda *args: calls.append(1) or shared(*args))
    reduce(journey(), f"duckdb://{path}?table=sorted_events", config=EPOCH)
    assert calls == [1]


def test_the_sort_is_the_outermost_clause(sources):
    """A subquery's ORDER BY is not the result's order: the stream must be ordered at the top."""
    import ibis
    import sqlglot

    from journeyspec.engine.arrow.stream import stream_query
    from journeyspec.engine.rules.classify import Plan, codes
    from journeyspec.engine.source.columns import prepare, resolve_mapping
    from journeyspec.engine.source.open import open_source

    shop = journey()
    opened = open_source(sources["parquet"])
    for order in (None, "seq"):
        mapping = resolve_mapping(EPOCH.with_overrides(order=order) if order else EPOCH, list(opened.table.columns),
                                  opened.description, scope="session")
        plan = Plan(wheres=(), switch_fields=("device",), sentiment_field="csat")
        coded = codes(prepare(opened.table, mapping)[0], shop, mapping, plan)
        for hashed in (False, True):
            query = stream_query(coded, shop, plan, has_order=order is not None, hashed_names=hashed,
                                 hashed_switches=frozenset({0}) if hashed else frozenset())
            tree = sqlglot.parse_one(str(ibis.to_sql(query, dialect="duckdb")), read="duckdb")
            assert tree.args.get("order") is not None
            assert [c.alias_or_name for c in tree.expressions][:3] == ["key", "t", "code"]


# Random small event tables: few sessions, users and times, so that ties, repeats and
# switches are common; some of every kind of event, missing value and odd float.
EVENTS = ["home", "view", "pay", "error", "heartbeat", "chat", "feedback", None]
PAGES = [None, "/p/1", "/p/2", "/cart"]
DEVICES = ["mobile", "desktop", "tablet", None]
SCORES = [None, 1.0, 2.0, 4.5, 0.0, -0.0, float("nan")]

row_strategy = st.tuples(
    st.sampled_from([None, "a", "a", "a", "b", "b", "b", "c", "c", "d"]),
    st.integers(-1, 12).map(lambda t: None if t < 0 else t),
    # Mostly step events, so that most paths have visits, transitions and pairs.
    st.one_of(st.sampled_from(["home", "view", "pay"]), st.sampled_from(["home", "view", "pay"]),
              st.sampled_from(EVENTS)),
    st.sampled_from(PAGES[1:] * 2 + PAGES),
    st.sampled_from(DEVICES),
    st.sampled_from(SCORES),
    st.integers(0, 3),
    st.sampled_from(["u1", "u1", "u2", "u2", "u3", None]),
)


@st.composite
def cases(draw):
    rows = draw(st.lists(row_strategy, min_size=1, max_size=50))
    layout = draw(st.sampled_from(["session", "user-scope", "gap", "int-keys"]))
    extra = "  repeats keep\n" if draw(st.booleans()) else ""
    if layout == "user-scope":
        extra += "  scope user\n"
    settings = {"order": "seq"} if draw(st.booleans()) else {}
    table = arrow_table(rows)
    if layout == "gap":
        table = table.drop_columns(["session"])
        settings.update(user="user", gap=draw(st.sampled_from(["2s", "5s"])))
    if layout == "int-keys":
        codes = {"a": 10, "b": -3, "c": 7, "d": 0, None: None}
        table = table.set_column(0, "session", pa.array([codes[r[0]] for r in rows], pa.int64()))
    table = table.append_column("score", pa.array([r[5] if r[5] is None else -r[5] for r in rows], pa.float64()))
    windows = tuple(sorted(draw(st.sets(st.sampled_from([0, 1, 3, 10]), max_size=2))))
    pairs = draw(st.lists(st.sampled_from([("home", "pay"), ("pay", "home"), ("home", "home"), ("product", "cart")]),
                          max_size=2, unique=True))
    # Parquet sends switch fields and names as hashes, CSV as text (see journeyspec.engine.arrow.stream).
    kind = draw(st.sampled_from(["parquet", "parquet", "csv"]))
    return table, extra, settings, [PairRequest(a, b, windows) for a, b in pairs], kind


# make test draws 60 tables on the newest DuckDB (2.x) and 15 in its second run on 1.x, which only
# has to show that the older line agrees too (the draw's 90 s would be most of that run).
RANDOM_TABLES = 60 if int(duckdb.__version__.split(".")[0]) >= 2 else 15


@settings(max_examples=RANDOM_TABLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases(), batch=st.sampled_from([fast.BATCH_ROWS, 1, 3, 7]))
def test_random_tables(tmp_path, case, batch):
    """Also in tiny batches: keys, paths, sentiment rows and switch values that cross batches."""
    table, extra, settings, pairs, kind = case
    source = write(table, tmp_path, kind, "random")
    before, fast.BATCH_ROWS = fast.BATCH_ROWS, batch
    try:
        _compare_random(source, extra, settings, pairs)
    finally:
        fast.BATCH_ROWS = before


def _compare_random(source, extra, settings, pairs):
    from journeyspec.ir.predicates import Compare, Exists

    wheres = [Compare(field="device", op="==", value="mobile"), Exists(field="page")]
    old, new = both_ways(journey(extra), source, config=EPOCH.with_overrides(**settings), pairs=pairs,
                         switches=["device", "score", "seq", "page"], wheres=wheres)
    assert differences(old, new) == []


def test_float_switches_compare_as_duckdb(tmp_path, fast_only):
    """-0.0 equals 0.0 and every NaN equals every NaN in DuckDB's min and max; the numbering agrees."""
    import struct

    nan = float("nan")
    other_nan = struct.unpack("<d", struct.pack("<Q", 0xFFF8000000000001))[0]
    scores = {"a": [0.0, -0.0], "b": [nan, other_nan], "c": [nan, 1.0], "d": [None, 2.0], "e": [-0.0, 1.0]}
    rows = [(key, i, "home", None, "web", None, i, "u") for key, values in scores.items() for i in range(len(values))]
    table = arrow_table(rows).append_column(
        "score", pa.array([v for values in scores.values() for v in values], pa.float64()))
    source = str(tmp_path / "scores.parquet")
    pq.write_table(table, source)
    facts = assert_same(journey(), source, config=EPOCH, switches=["score"])
    assert facts["population"]["switches"][-1] == {"field": "score", "sessions": 2}


def test_prefetched_batches_keep_order_raise_errors_and_stop():
    import threading

    assert list(fast.prefetched(iter(range(50)))) == list(range(50))

    def broken():
        yield 1
        raise ValueError("the reader failed")

    with pytest.raises(ValueError, match="the reader failed"):
        list(fast.prefetched(broken()))

    before = threading.active_count()
    reading = fast.prefetched(iter(range(10_000)))
    assert next(reading) == 0
    reading.close()  # the consumer stops early: the reading thread ends too
    assert threading.active_count() == before
