"""Error snapshots of the time diagnostics (JS322 to JS326): what `journeyspec check` prints, pinned.

Each case writes a tiny source, runs the CLI from its folder (so paths print
short and stable) and keeps the output; ``--update-goldens`` rewrites
``goldens/time-diagnostics.txt``, to be reviewed in the diff.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner

from journeyspec.cli import main_group
from tests.mini import mini_map

MAP = mini_map("expect conversion home -> pay >= 50% within 1h", "expect time p50 home -> pay <= 30m")


def _csv(name: str, times: list[str]) -> str:
    with open(name, "w", encoding="utf-8") as handle:
        handle.write("session,step,time,event\n")
        handle.writelines(f"s1,{number},{time},{event}\n"
                          for number, (time, event) in enumerate(zip(times, ["home", "pay"] * len(times)), 1))
    return name


def _parquet_parts() -> str:
    import os

    os.makedirs("parts", exist_ok=True)
    stamps = pa.array([dt.datetime(2019, 10, 1, 10), dt.datetime(2019, 10, 1, 10, 20)], pa.timestamp("us"))
    pq.write_table(pa.table({"session": ["a", "a"], "time": stamps, "event": ["home", "pay"]}), "parts/1.parquet")
    pq.write_table(pa.table({"session": ["b", "b"], "time": ["2019-10-01 10:00", "2019-10-01 10:20"],
                             "event": ["home", "pay"]}), "parts/2.parquet")
    return "parts"


def _typed() -> str:
    stamps = pa.array([dt.datetime(2019, 10, 1, 10), dt.datetime(2019, 10, 1, 10, 20)], pa.timestamp("us"))
    pq.write_table(pa.table({"session": ["a", "a"], "time": stamps, "event": ["home", "pay"]}), "typed.parquet")
    return "typed.parquet"


CASES = [
    ("JS322 ambiguous-time", lambda: [_csv("us.csv", ["10/01/2019 23:50", "10/02/2019 00:10"])]),
    ("JS304 one reading only, still asked for", lambda: [_csv("eu.csv", ["25/01/2019 23:50", "26/01/2019 00:10"])]),
    ("JS304 a pattern that does not match", lambda: [_csv("us2.csv", ["10/01/2019 23:50", "10/02/2019 00:10"]),
                                                     "--time-format", "%Y-%m-%d %H:%M"]),
    ("JS323 mixed-time-types", lambda: [_parquet_parts()]),
    ("JS324 mixed-time-zones", lambda: [_csv("zones.csv", ["2019-10-01T10:00:00+02:00", "2019-10-01T08:20:00"])]),
    ("JS325 time-format-not-needed", lambda: [_typed(), "--time-format", "%Y-%m-%d %H:%M:%S"]),
    ("JS326 no-clock", lambda: [_csv("steps.csv", ["x", "y"]), "--no-time", "--order", "step"]),
]


def test_time_diagnostics_match_golden(tmp_path, monkeypatch, golden):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mini.journey").write_text(MAP, encoding="utf-8")
    # JS325 is a warning: the run goes on, so its map asks for nothing the data cannot give.
    (tmp_path / "plain.journey").write_text(MAP.replace(" within 1h", ""), encoding="utf-8")
    blocks = []
    for title, arguments in CASES:
        given = arguments()
        map_file = "plain.journey" if title.startswith("JS325") else "mini.journey"
        run = CliRunner().invoke(main_group, ["check", map_file, "--data", *given])
        code = title.split()[0]
        assert f"[{code}]" in run.output and "Traceback" not in run.output, run.output
        assert run.exit_code == (0 if code == "JS325" else 2), run.output
        shown = run.output
        if code == "JS325":  # the warning, from its first line to its help, out of the whole report
            lines = run.output.splitlines(keepends=True)
            start = next(i for i, line in enumerate(lines) if "warning[JS325]" in line)
            end = next(i for i in range(start, len(lines)) if "= help" in lines[i])
            shown = "".join(lines[start:end + 1])
        blocks.append(f"## {title}: check {map_file} --data {' '.join(given)}\n\n{shown.rstrip()}\n")
    golden("time-diagnostics.txt", "\n".join(blocks))
