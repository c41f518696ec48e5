"""A small event log whose every metric is computed by hand (spec/metrics.md's definitions).

Sessions (times in seconds, H home, P product, C cart, Y pay; all mobile unless said):

    S1  H 0, P 10, C 20, Y 30, feedback csat 5 at 40       conforms, succeeds
    S2  H 0, P 10, C 20, P 30, C 40, Y 100 (Y on desktop)   a designed loop; switches device
    S3  H 0, C 10, Y 20                                     skips P: cost 1 (insert P)
    S4  P 0, C 5, feedback csat 1 at 10                     wrong start: cost 1 (insert H)
    S5  H 0, Y 400                                          cost 1 (delete Y; ending anywhere is fine)
    S6  H 0, P 10, error 15                                 conforms; friction at P; drops at P
    S7  C 0, H 10, P 20                                     unknown C -> H: cost 1 (delete C)
    S8  Y 0                                                 wrong start: cost 2 (delete Y, insert H)
    S9  chat 0                                              off-map only: not in the population

Hand-computed over the 8 paths (S9 has no step event):

    conformance 3/8; costs 0,0,1,1,1,0,1,2 (mean 6/8); fitness mean of
    1, 1, 3/4, 2/3, 2/3, 1, 3/4, 0 = 0.7291666...
    conversion home -> pay: 4 of 6 paths with home; within 5m: 3 of 6
    time home -> pay: 30, 100, 20, 400 s -> p50 65, mean 137.5, p90 310
    reach cart 5/8; dropoff at cart 1/5; dropoff at product 2/5; skips cart 2/5
    transitions 15, undesigned H->C, H->Y, C->H: 3/15
    friction at product 1/5; switches device 1/8; emotion at buy: csat 5 and 1 -> mean 3 -> 0.0

The baseline adds S10 and S11 (H 0, P 10), so dropoff at product there is 4/7.
"""

from __future__ import annotations

from pathlib import Path

MAP = '''\
journey shop "Shop" {
  value 100 EUR
  stage browse "Browse" {
    emotion +1 "curious"
    step home "Home" {
      when event == "home"
    }
    step product "Product" {
      when event == "product"
    }
  }
  stage buy "Buy" {
    emotion -1 "anxious"
    step cart "Cart" {
      when event == "cart"
    }
    step pay "Pay" {
      when event == "pay"
    }
  }
  start home
  success pay
  flow home -> product -> cart -> pay
  flow cart -> product
  friction event == "error"
  sentiment csat 1..5
  expect sessions >= 5
  expect conformance >= 50%
  expect conversion home -> pay >= 30% within 5m
  expect reach cart >= 50%
  expect dropoff at cart <= 20%
  expect time p50 home -> pay <= 10m
  expect time mean home -> pay <= 2m
  expect skips cart == 0%
  expect unexpected transitions <= 25%
  expect friction at product <= 10% confidence 95%
  expect switches device <= 10% min sessions 100
  expect emotion at buy >= 0
  expect dropoff at product <= -20% vs baseline
}
'''

_SESSIONS = {
    "S1": [(0, "home"), (10, "product"), (20, "cart"), (30, "pay"), (40, "feedback", 5.0)],
    "S2": [(0, "home"), (10, "product"), (20, "cart"), (30, "product"), (40, "cart"), (100, "pay", None, "desktop")],
    "S3": [(0, "home"), (10, "cart"), (20, "pay")],
    "S4": [(0, "product"), (5, "cart"), (10, "feedback", 1.0)],
    "S5": [(0, "home"), (400, "pay")],
    "S6": [(0, "home"), (10, "product"), (15, "error")],
    "S7": [(0, "cart"), (10, "home"), (20, "product")],
    "S8": [(0, "pay")],
    "S9": [(0, "chat")],
}
_BASELINE_EXTRA = {"S10": [(0, "home"), (10, "product")], "S11": [(0, "home"), (10, "product")]}


def rows(sessions=None):
    found = []
    for session, events in (sessions or _SESSIONS).items():
        for event in events:
            time, name, csat, device = (*event, None, None)[:4]
            found.append({"session": session, "time": 1_700_000_000 + time, "event": name,
                          "device": device or "mobile", "csat": csat})
    return found


def write_events(folder: Path, *, baseline: bool = False, name: str | None = None) -> str:
    """The fixture (or its baseline) as Parquet; returns the path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sessions = {**_SESSIONS, **_BASELINE_EXTRA} if baseline else _SESSIONS
    table = pa.Table.from_pylist(rows(sessions), schema=pa.schema(
        [("session", pa.string()), ("time", pa.int64()), ("event", pa.string()), ("device", pa.string()),
         ("csat", pa.float64())]))
    path = folder / (name or ("baseline.parquet" if baseline else "events.parquet"))
    pq.write_table(table, path)
    return str(path)
