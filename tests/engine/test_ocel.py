"""OCEL 2.0 logs (SQLite) with an object type as the case: a small order log built here, checked by hand.

The log (times UTC unless an offset says otherwise):

    event  type           time                        objects (qualifier)                     own attributes
    e1     place order    2023-01-01T10:00:00Z        o1 (order), i1, i2 (item), c1            channel=web
    e2     place order    2023-01-01T10:30:00Z        o2 (order), i3 (item)                    channel=shop
    e3     pay order      2023-01-01 11:00:00+00:00   o1 (order)                               amount=100.0
    e4     pick item      2023-01-01T11:10:00Z        i1 (item)                                -
    e5     ship package   2023-01-01T12:00:00Z        o1 (ships, contains), o2 (ships)         -
    e6     pay order      2023-01-01T15:00:00+02:00   o2 (order)                               amount=200.0
    e7     confirm        2023-01-01T09:00:00Z        o3 (order)                               -
    e8     cancel order   (no row in its table)       o3 (order)                               -

Objects of type order carry `price`: o1 100 (changed to 120 at 11:30), o2 200, o3 10.
With `case_object = "order"` the rows are (event, order) pairs: e1-o1, e2-o2, e3-o1,
e4 (no order: one row without a session), e5-o1, e5-o2, e6-o2, e7-o3, e8-o3 (no time).
"""

from __future__ import annotations

import sqlite3

import pytest

import journeyspec
from journeyspec.engine import SourceConfig, reduce

EVENTS = [
    ("e1", "place order", "2023-01-01T10:00:00Z", {"channel": "web"}),
    ("e2", "place order", "2023-01-01T10:30:00Z", {"channel": "shop"}),
    ("e3", "pay order", "2023-01-01 11:00:00+00:00", {"amount": 100.0}),
    ("e4", "pick item", "2023-01-01T11:10:00Z", {}),
    ("e5", "ship package", "2023-01-01T12:00:00Z", {}),
    ("e6", "pay order", "2023-01-01T15:00:00+02:00", {"amount": 200.0}),
    ("e7", "confirm", "2023-01-01T09:00:00Z", {}),
    ("e8", "cancel order", None, {}),
]
RELATIONS = [
    ("e1", "o1", "order"), ("e1", "i1", "item"), ("e1", "i2", "item"), ("e1", "c1", "customer"),
    ("e2", "o2", "order"), ("e2", "i3", "item"),
    ("e3", "o1", "order"),
    ("e4", "i1", "item"),
    ("e5", "o1", "ships"), ("e5", "o1", "contains"), ("e5", "o2", "ships"),
    ("e6", "o2", "order"),
    ("e7", "o3", "order"),
    ("e8", "o3", "order"),
]
OBJECTS = [("o1", "order"), ("o2", "order"), ("o3", "order"), ("i1", "item"), ("i2", "item"), ("i3", "item"),
           ("c1", "customer")]
PRICES = [  # object_Order: ocel_id, ocel_time, ocel_changed_field, price
    ("o1", "1970-01-01 00:00:00", None, 100.0),
    ("o2", "1970-01-01 00:00:00", None, 200.0),
    ("o3", "1970-01-01 00:00:00", None, 10.0),
    ("o1", "2023-01-01 11:30:00", "price", 120.0),
]
TABLES = {"place order": "PlaceOrder", "pay order": "PayOrder", "pick item": "PickItem", "ship package": "ShipPackage",
          "confirm": "Confirm", "cancel order": "CancelOrder"}

MAP = """\
journey orders "Orders" {
  stage buy "Buy" {
    step place "Place" {
      when event == "place order"
    }
    step pay "Pay" {
      when event == "pay order" and amount > 0
    }
    step ship "Ship" {
      when event == "ship package"
    }
  }
  start place
  success ship
  flow place -> pay -> ship
  expect time p50 place -> pay <= 2h
  expect reach ship >= 50% where case.price >= 150
  expect dropoff at pay <= 50% where channel == "web"
}
"""


def write_ocel(path) -> str:
    """The log above as an OCEL 2.0 SQLite database, tables as the specification names them."""
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE event (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
        CREATE TABLE event_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT);
        CREATE TABLE object (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
        CREATE TABLE object_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT);
        CREATE TABLE event_object (ocel_event_id TEXT, ocel_object_id TEXT, ocel_qualifier TEXT,
                                   PRIMARY KEY (ocel_event_id, ocel_object_id, ocel_qualifier));
        CREATE TABLE object_object (ocel_source_id TEXT, ocel_target_id TEXT, ocel_qualifier TEXT);
        CREATE TABLE event_PlaceOrder (ocel_id TEXT PRIMARY KEY, ocel_time TIMESTAMP, channel TEXT);
        CREATE TABLE event_PayOrder (ocel_id TEXT PRIMARY KEY, ocel_time TIMESTAMP, amount REAL);
        CREATE TABLE event_PickItem (ocel_id TEXT PRIMARY KEY, ocel_time TIMESTAMP);
        CREATE TABLE event_ShipPackage (ocel_id TEXT PRIMARY KEY, ocel_time TIMESTAMP);
        CREATE TABLE event_Confirm (ocel_id TEXT PRIMARY KEY, ocel_time TIMESTAMP);
        CREATE TABLE event_CancelOrder (ocel_id TEXT PRIMARY KEY, ocel_time TIMESTAMP);
        CREATE TABLE object_Order (ocel_id TEXT, ocel_time TIMESTAMP, ocel_changed_field TEXT, price REAL);
        CREATE TABLE object_Item (ocel_id TEXT, ocel_time TIMESTAMP, ocel_changed_field TEXT, weight REAL);
        CREATE TABLE object_Customer (ocel_id TEXT, ocel_time TIMESTAMP, ocel_changed_field TEXT);
    """)
    con.executemany("INSERT INTO event_map_type VALUES (?, ?)", TABLES.items())
    con.executemany("INSERT INTO object_map_type VALUES (?, ?)",
                    [("order", "Order"), ("item", "Item"), ("customer", "Customer")])
    con.executemany("INSERT INTO object VALUES (?, ?)", OBJECTS)
    con.executemany("INSERT INTO event_object VALUES (?, ?, ?)", RELATIONS)
    con.executemany("INSERT INTO object_Order VALUES (?, ?, ?, ?)", PRICES)
    for event_id, kind, time, attributes in EVENTS:
        con.execute("INSERT INTO event VALUES (?, ?)", (event_id, kind))
        if time is None:
            continue  # e8: its type's table has no row for it, so it has no time
        columns = ["ocel_id", "ocel_time", *attributes]
        con.execute(f"INSERT INTO event_{TABLES[kind]} ({', '.join(columns)}) VALUES "
                    f"({', '.join('?' * len(columns))})", (event_id, time, *attributes.values()))
    con.commit()
    con.close()
    return str(path)


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    return write_ocel(tmp_path_factory.mktemp("ocel") / "orders.sqlite")


@pytest.fixture(scope="module")
def journey():
    return journeyspec.parse(MAP).journeys[0]


@pytest.fixture(scope="module")
def facts(log, journey):
    return reduce(journey, log, config=SourceConfig(case_object="order"))


def expected_rows():
    """The rows, computed apart from the reader: one per (event, order), one for an event with no order."""
    orders = {o for o, kind in OBJECTS if kind == "order"}
    rows = []
    for event_id, kind, time, _ in EVENTS:
        related = sorted({o for e, o, _ in RELATIONS if e == event_id and o in orders})
        rows += [(event_id, kind, time, o) for o in related] or [(event_id, kind, time, None)]
    return rows


def test_every_event_is_on_the_path_of_each_of_its_orders(facts):
    rows = expected_rows()
    totals = facts.totals
    assert totals.rows == len(rows) == 9
    assert totals.skipped_null_session == sum(o is None for *_, o in rows) == 1  # e4 relates to no order
    assert totals.skipped_null_time == sum(t is None for _, _, t, _ in rows) == 1  # e8 has no time
    # e1 e2 (place), e3 e6 (pay), e5 twice (ship) on steps; e7 off the map.
    assert (totals.step_events, totals.off_map) == (6, 1)
    population = facts.population
    assert population.sessions == 2 and population.success == 2
    # o2's pay (15:00+02:00 = 13:00 UTC) comes after the shipment at 12:00: the offset is honoured.
    assert sorted(v.path for v in population.variants) == [("place", "pay", "ship"), ("place", "ship", "pay")]


def test_times_with_offsets_and_without(facts):
    # place -> pay: o1 10:00 -> 11:00, o2 10:30 -> 13:00 UTC.
    timing = facts.population.pair("place", "pay")
    assert timing.converted == 2
    assert timing.time.p50 == pytest.approx((3600 + 9000) / 2)


def test_object_attributes_as_they_stood_and_event_attributes(facts):
    # `where` reads a path's first event: o1's place sees price 100 (120 only from 11:30), o2's sees 200.
    rich = facts.where("case.price >= 150")
    assert rich.sessions == 1 and rich.step("ship").reached == 1
    web = facts.where('channel == "web"')
    assert web.sessions == 1 and web.step("pay").reached == 1


def test_the_columns_a_map_can_name(log, journey):
    from journeyspec.engine.source.open import open_source

    table = open_source(log, case_object="order").table
    assert {"session", "event", "time", "channel", "amount", "case.price", "ocel.event", "ocel.qualifier"} <= set(
        table.columns)
    rows = table.filter(table["ocel.event"] == "e5").order_by("session").to_pyarrow().to_pylist()
    assert [(r["session"], r["ocel.qualifier"], r["case.price"]) for r in rows] == [
        ("o1", "contains, ships", 120.0), ("o2", "ships", 200.0)]


def test_the_report_says_which_events_are_on_several_paths_or_none(log, journey):
    result = journeyspec.check(journey, log, config=SourceConfig(case_object="order"))
    warnings = result.journeys[0].warnings
    assert any(w.startswith("JS335: 1 event of") and "more than one `order`" in w and "2 rows" in w for w in warnings)
    assert any(w.startswith("JS335: 1 event of") and "relate to no `order`" in w for w in warnings)
    assert any("2 of 9 rows skipped" in w for w in warnings)


def test_another_object_type_is_another_set_of_paths(log, journey):
    facts = reduce(journey, log, config=SourceConfig(case_object="item"), wheres=[])  # items have no price
    # Items: i1 (e1 place, e4 pick), i2 (e1), i3 (e2); the other five events relate to no item.
    assert facts.totals.rows == 4 + 5 and facts.totals.skipped_null_session == 5
    assert facts.population.sessions == 3


@pytest.mark.parametrize(("case_object", "needle"), [
    (None, "name the object type"),
    ("orders", "did you mean `order`?"),
])
def test_the_case_object_must_be_named_and_exist(log, journey, case_object, needle):
    with pytest.raises(journeyspec.JourneyspecError) as error:
        reduce(journey, log, config=SourceConfig(case_object=case_object))
    diagnostic = error.value.diagnostics[0]
    assert diagnostic.code == "JS334"
    assert needle in diagnostic.message + (diagnostic.help or "")
    assert "`order` (3 objects)" in diagnostic.help


def test_a_sqlite_file_that_is_not_ocel(tmp_path, journey):
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.close()
    with pytest.raises(journeyspec.JourneyspecError) as error:
        reduce(journey, str(path), config=SourceConfig(case_object="order"))
    assert error.value.diagnostics[0].code == "JS334" and "no table `event`" in error.value.diagnostics[0].message


@pytest.mark.parametrize("name", ["log.jsonocel", "log.xmlocel"])
def test_the_json_and_xml_forms_are_refused_with_what_to_do(tmp_path, journey, name):
    path = tmp_path / name
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(journeyspec.JourneyspecError) as error:
        reduce(journey, str(path), config=SourceConfig(case_object="order"))
    diagnostic = error.value.diagnostics[0]
    assert diagnostic.code == "JS334" and "SQLite form" in diagnostic.help


def test_a_time_that_is_not_iso_8601(tmp_path, journey):
    path = write_ocel(tmp_path / "bad.sqlite")
    con = sqlite3.connect(path)
    con.execute("UPDATE event_PayOrder SET ocel_time = '01/01/2023 11:00' WHERE ocel_id = 'e3'")
    con.commit()
    con.close()
    with pytest.raises(journeyspec.JourneyspecError) as error:
        reduce(journey, path, config=SourceConfig(case_object="order"))
    diagnostic = error.value.diagnostics[0]
    assert diagnostic.code == "JS332" and "'e3'" in diagnostic.message and "'01/01/2023 11:00'" in diagnostic.message


def test_the_cli_flag(log, tmp_path):
    from click.testing import CliRunner

    from journeyspec.cli import main_group

    (tmp_path / "orders.journey").write_text(MAP, encoding="utf-8")
    result = CliRunner().invoke(main_group, ["check", str(tmp_path / "orders.journey"), "--data", log,
                                             "--case-object", "order", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert '"rows": 9' in result.output and "JS335" in result.output


def test_the_case_object_in_a_source_configuration(log, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from journeyspec.cli import main_group

    monkeypatch.chdir(tmp_path)
    (tmp_path / "orders.journey").write_text(MAP, encoding="utf-8")
    (tmp_path / "journeyspec.toml").write_text(f'[sources.default]\ndata = "{log}"\ncase_object = "order"\n',
                                               encoding="utf-8")
    result = CliRunner().invoke(main_group, ["check", "orders.journey", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert '"rows": 9' in result.output
