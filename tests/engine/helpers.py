"""A small event table whose reduced facts are computed by hand in the tests.

Times are epoch seconds. Rows, in source order (r = row number):

    r  session t    event      page   device   csat  seq  user
    0  A       100  home              mobile         1    u1
    1  A       110  view       /p/1   mobile         2    u1
    2  A       110  view       /p/2   mobile         3    u1   (tie with r1, same step: one visit)
    3  A       120  heartbeat         mobile         4    u1   (ignored)
    4  A       130  error             mobile         5    u1   (friction -> product)
    5  A       140  view       /cart  mobile   4     6    u1   (cart, carries sentiment 4)
    6  A       200  pay               desktop        7    u1   (A switches device)
    7  B       50   view       /p/9   desktop        1    u1   (tie with r8: the map's step order puts home
    8  B       50   home              desktop        2    u1    first, whatever the row order; `seq` puts it second)
    9  B       60   chat              desktop        3    u1   (off-map)
    10 B       70   error             desktop        4    u1   (friction -> latest step event before)
    11 B       80   error             desktop        5    u1
    12 B       90   feedback          desktop  2     6    u1   (off-map with sentiment 2)
    13 C       10   error             mobile         1    u2   (friction before any step: unattributed)
    14 C       20   home              mobile         2    u2
    15 C       30   home              mobile         3    u2   (repeat)
    16 C       40   pay               mobile         4    u2
    17 C       45   home              mobile         5    u2
    18 D       5    chat              mobile         1    u3   (off-map only: not in the population)
    19 (null)  1    home              mobile         1    u3   (skipped: no session)
    20 E       null home              mobile         1    u3   (skipped: no time)
    21 B       55   heartbeat         tablet         9    u1   (ignored: its device must not count)
"""

from __future__ import annotations

import json
from pathlib import Path

FORMATS = ("parquet", "csv", "jsonl", "duckdb")  # every file kind a test writes the same events as

MAP = '''\
journey shop "Shop" {
  stage main "Main" {
    step home "Home" {
      when event == "home"
    }
    step product "Product" {
      when event == "view" and page ~ "^/p/"
    }
    step cart "Cart" {
      when event == "view" and page == "/cart"
    }
    step pay "Pay" {
      when event == "pay"
    }
  }
  start home
  success pay
  flow home -> product -> cart -> pay
  flow product -> home
  flow pay -> home
  ignore event == "heartbeat"
  friction event == "error"
  sentiment csat 1..5
  expect conversion product -> pay >= 10% within 1h
  expect time p50 home -> cart <= 10m
  expect switches device <= 50%
  expect reach pay >= 10% where device == "mobile"
}
'''

COLUMNS = ("session", "time", "event", "page", "device", "csat", "seq", "user")
ROWS = [
    ("A", 100, "home", None, "mobile", None, 1, "u1"),
    ("A", 110, "view", "/p/1", "mobile", None, 2, "u1"),
    ("A", 110, "view", "/p/2", "mobile", None, 3, "u1"),
    ("A", 120, "heartbeat", None, "mobile", None, 4, "u1"),
    ("A", 130, "error", None, "mobile", None, 5, "u1"),
    ("A", 140, "view", "/cart", "mobile", 4.0, 6, "u1"),
    ("A", 200, "pay", None, "desktop", None, 7, "u1"),
    ("B", 50, "view", "/p/9", "desktop", None, 1, "u1"),
    ("B", 50, "home", None, "desktop", None, 2, "u1"),
    ("B", 60, "chat", None, "desktop", None, 3, "u1"),
    ("B", 70, "error", None, "desktop", None, 4, "u1"),
    ("B", 80, "error", None, "desktop", None, 5, "u1"),
    ("B", 90, "feedback", None, "desktop", 2.0, 6, "u1"),
    ("C", 10, "error", None, "mobile", None, 1, "u2"),
    ("C", 20, "home", None, "mobile", None, 2, "u2"),
    ("C", 30, "home", None, "mobile", None, 3, "u2"),
    ("C", 40, "pay", None, "mobile", None, 4, "u2"),
    ("C", 45, "home", None, "mobile", None, 5, "u2"),
    ("D", 5, "chat", None, "mobile", None, 1, "u3"),
    (None, 1, "home", None, "mobile", None, 1, "u3"),
    ("E", None, "home", None, "mobile", None, 1, "u3"),
    ("B", 55, "heartbeat", None, "tablet", None, 9, "u1"),
]


def arrow_table(rows=ROWS, columns=COLUMNS):
    import pyarrow as pa

    types = {"session": pa.string(), "time": pa.int64(), "event": pa.string(), "page": pa.string(),
             "device": pa.string(), "csat": pa.float64(), "seq": pa.int64(), "user": pa.string()}
    return pa.table({c: pa.array([r[i] for r in rows], types.get(c)) for i, c in enumerate(columns)})


def write(table, folder: Path, kind: str, name: str = "events") -> str:
    """Write an Arrow table as parquet, csv, jsonl or a DuckDB database; return the source spec."""
    import duckdb
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    if kind == "parquet":
        path = folder / f"{name}.parquet"
        pq.write_table(table, path)
        return str(path)
    if kind == "csv":
        path = folder / f"{name}.csv"
        pcsv.write_csv(table, path)
        return str(path)
    if kind == "jsonl":
        path = folder / f"{name}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for row in table.to_pylist():
                handle.write(json.dumps(row) + "\n")
        return str(path)
    if kind == "duckdb":
        path = folder / f"{name}.duckdb"
        con = duckdb.connect(str(path))
        con.register("arrow_rows", table)
        con.execute("CREATE TABLE events AS SELECT * FROM arrow_rows")
        con.close()
        return f"duckdb://{path}?table=events"
    raise ValueError(kind)
