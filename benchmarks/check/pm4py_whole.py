"""pm4py as a whole process: from the event file to the alignment cost of every session.

Runs inside benchmarks/.pm4py-venv (pm4py is AGPL and never a dependency of
journeyspec); `bench.py --pm4py` starts it and times it as a child process, the
same way it times `journeyspec check`. What a pm4py user would write to get the
alignment costs that `check` reports, as favourably to pm4py as we know how:

1. read the Parquet file with pandas;
2. turn events into the benchmark map's steps with vectorised pandas (pm4py
   has no language for that; this is the map's `when`s, `ignore` and
   `friction` written by hand);
3. keep the step events, sort each session by time, collapse consecutive
   repeats (the map's `repeats collapse`);
4. `pm4py.format_dataframe`, then pm4py's directly-follows-graph alignments
   (`pm4py.algo.conformance.alignments.dfg`, start activities = the start
   steps, end activities = every step), which align each distinct variant once.

Prints one JSON line (and writes it to journeyspec-bench-pm4py.json in the
temporary folder, for bench.py): seconds per phase, sessions, and the sum of
the costs in moves (pm4py counts a move as 10000), to compare with `check`'s
mean cost x population.

Usage: benchmarks/.pm4py-venv/bin/python pm4py_whole.py EVENTS.parquet
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

EDGES = [
    ("landing", "product"), ("product", "add_to_cart"), ("add_to_cart", "cart"), ("cart", "login"),
    ("login", "checkout"), ("checkout", "shipping"), ("shipping", "payment"), ("payment", "purchase"),
    ("landing", "search"), ("search", "product"), ("cart", "checkout"), ("product", "search"),
]  # fmt: skip
START = ["landing", "search"]
STEPS = ["landing", "search", "product", "add_to_cart", "cart", "login", "checkout", "shipping", "payment", "purchase"]


def main(path: str) -> None:
    began = time.perf_counter()
    import numpy as np
    import pandas as pd
    import pm4py
    from pm4py.algo.conformance.alignments.dfg import algorithm as dfg_alignments

    phases = {"import": time.perf_counter() - began}
    mark = time.perf_counter()
    events = pd.read_parquet(path, columns=["session", "time", "event", "page"])
    phases["read"] = time.perf_counter() - mark

    mark = time.perf_counter()
    event, page = events["event"], events["page"]
    step = pd.Series(np.select(
        [
            event == "landing",
            event == "search",
            (event == "page_view") & page.str.match(r"^/p/", na=False),
            event == "add_to_cart",
            (event == "page_view") & (page == "/cart"),
            event == "login",
            event == "begin_checkout",
            event == "add_shipping_info",
            event == "add_payment_info",
            event == "purchase",
        ],
        STEPS,
        default="",
    ), index=events.index)
    steps = events.assign(step=step)[(step != "") & events["session"].notna() & events["time"].notna()]
    steps = steps.sort_values(["session", "time"], kind="stable")
    repeat = (steps["session"] == steps["session"].shift()) & (steps["step"] == steps["step"].shift())
    steps = steps[~repeat]
    steps = steps.assign(time=pd.to_datetime(steps["time"], unit="s", utc=True))
    phases["classify"] = time.perf_counter() - mark

    mark = time.perf_counter()
    frame = pm4py.format_dataframe(steps, case_id="session", activity_key="step", timestamp_key="time")
    phases["format"] = time.perf_counter() - mark

    mark = time.perf_counter()
    aligned = dfg_alignments.apply(frame, {edge: 1 for edge in EDGES}, {s: 1 for s in START}, {s: 1 for s in STEPS})
    phases["align"] = time.perf_counter() - mark
    costs = [a["cost"] // 10000 for a in aligned]
    result = json.dumps({
        "seconds_inside": time.perf_counter() - began,
        "phases": phases,
        "sessions": len(costs),
        "total_cost": int(sum(costs)),
    })
    print(result)
    (Path(tempfile.gettempdir()) / "journeyspec-bench-pm4py.json").write_text(result)


if __name__ == "__main__":
    main(sys.argv[1])
