"""Simulate streams: peak memory does not grow with the number of events written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

MAPS = Path(__file__).resolve().parents[2] / "maps"
CHILD = """
import json, resource, sys
import journeyspec
from journeyspec.simulate import simulate
journey = journeyspec.load(sys.argv[1])[0]
summary = simulate(journey, sys.argv[2], sessions=int(sys.argv[3]), seed=1)
print(json.dumps({"events": summary.events, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _run(out: Path, sessions: int) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(MAPS / "checkout.journey"), str(out), str(sessions)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_peak_memory_stays_flat_as_events_grow_tenfold(tmp_path):
    # Both runs fill whole chunks (100,000 sessions), so only the number of chunks differs.
    small = _run(tmp_path / "small.parquet", 200_000)
    large = _run(tmp_path / "large.parquet", 600_000)
    assert large["events"] > 3 * small["events"] - 100_000 and large["events"] > 3_000_000
    table = pq.read_table(tmp_path / "large.parquet")
    in_memory = table.cast(pa.schema([f.with_type(f.type.value_type) if pa.types.is_dictionary(f.type) else f
                                      for f in table.schema])).nbytes  # what holding the log would cost
    growth = (large["peak_kb"] - small["peak_kb"]) * 1024
    assert growth < 40 * 2**20, f"peak RSS grew by {growth / 2**20:.0f} MB for twice as many events"
    assert growth < in_memory / 8, (growth, in_memory)
