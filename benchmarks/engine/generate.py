"""Synthetic event Parquet files for the engine benchmark (deterministic for a seed).

Sessions walk the ten-step benchmark journey with noise (skips, loops, repeats,
off-map, ignored and friction events, a few sentiment scores, device switches),
so the distinct variants grow with volume as real logs do.

    python benchmarks/engine/generate.py 10000000 benchmarks/data/events_10m.parquet
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

STEPS = [
    ("landing", None), ("search", None), ("page_view", "/p/{}"), ("add_to_cart", None), ("page_view", "/cart"),
    ("login", None), ("begin_checkout", None), ("add_shipping_info", None), ("add_payment_info", None),
    ("purchase", None),
]
NOISE = ["scroll", "heartbeat", "error", "newsletter", "chat_open"]
CHUNK = 1_000_000


def _session_events(rng: np.random.Generator, sessions: int) -> list[tuple[int, int]]:
    """(session, code) pairs: codes 0..9 are steps, 10.. noise."""
    lengths = rng.geometric(0.1, sessions).clip(1, 60)
    codes = []
    for length in lengths:
        step = int(rng.integers(0, 2))
        path = [step]
        for _ in range(length - 1):
            roll = rng.random()
            if roll < 0.12:
                path.append(10 + int(rng.integers(0, len(NOISE))))
                continue
            if roll < 0.72:
                step = min(step + 1, 9)
            elif roll < 0.82:
                step = max(step - 1, 0)
            elif roll < 0.9:
                step = min(step + 2, 9)
            path.append(step)
        codes.append(path)
    return codes


def generate(events: int, out: Path, seed: int = 7) -> Path:
    """Write about ``events`` events to ``out`` and return it."""
    rng = np.random.default_rng(seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    writer = None
    written = 0
    session_base = 0
    clock = 1_700_000_000.0
    names = np.array([s[0] for s in STEPS] + NOISE, dtype=object)
    while written < events:
        paths = _session_events(rng, 12_000)
        flat = np.concatenate([np.asarray(p, dtype=np.int16) for p in paths])
        lengths = np.array([len(p) for p in paths])
        take = min(len(flat), events - written)
        flat, n = flat[:take], take
        sessions = np.repeat(np.arange(session_base, session_base + len(paths)), lengths)[:n]
        session_base += len(paths)
        gaps = rng.exponential(40.0, n)
        starts = np.r_[0, np.cumsum(lengths)[:-1]]
        gaps[starts[starts < n]] = rng.exponential(600.0, (starts < n).sum())
        times = clock + np.cumsum(gaps)
        clock = float(times[-1])
        event = names[flat]
        page = np.where(flat == 2, np.char.add("/p/", rng.integers(0, 500, n).astype(str)).astype(object),
                        np.where(flat == 4, "/cart", None))
        device = np.where(rng.random(n) < 0.97, np.where(sessions % 3 == 0, "mobile", "desktop"), "tablet")
        csat = np.where(rng.random(n) < 0.02, rng.integers(1, 6, n).astype(float), np.nan)
        table = pa.table({
            "session": pa.array(np.char.add("s", sessions.astype(str))),
            "time": pa.array(times),
            "event": pa.array(event.tolist(), pa.string()),
            "page": pa.array(page.tolist(), pa.string()),
            "device": pa.array(device.tolist(), pa.string()),
            "csat": pa.array(csat, from_pandas=True),
        })
        if writer is None:
            writer = pq.ParquetWriter(out, table.schema)
        writer.write_table(table, row_group_size=CHUNK)
        written += n
    writer.close()
    return out


if __name__ == "__main__":
    count = int(sys.argv[1])
    generate(count, Path(sys.argv[2]))
