"""A data file that is empty, not what its name says, cut short or not UTF-8 is JS320, exit 2.

DuckDB's messages ("No magic bytes found at end of file", "Invalid unicode")
escaped as tracebacks; now the file is named, with what is wrong and what to do.
"""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from journeyspec.cli import main_group
from journeyspec.engine.errors import engine_failure
from tests.mini import MINI_MAP

# Run again on the newest DuckDB 1.x by `make test` (see tests/engine/test_duckdb_versions.py).
pytestmark = pytest.mark.duckdb


MAP = MINI_MAP

CSV = "session,time,event,page\na,2024-01-01T10:00:00,home,Café\na,2024-01-01T10:01:00,pay,Zürich\n"


def parquet_bytes() -> bytes:
    sink = io.BytesIO()
    table = pa.table({"session": ["a", "a"], "time": ["2024-01-01T10:00:00", "2024-01-01T10:01:00"],
                      "event": ["home", "pay"]})
    pq.write_table(table, sink)
    return sink.getvalue()


CASES = {
    "empty parquet": ("events.parquet", lambda: b"", "is empty (0 bytes)"),
    "garbage parquet": ("events.parquet", lambda: b"session,time,event\n" * 20, "is not a Parquet file"),
    "truncated parquet": ("events.parquet", lambda: parquet_bytes()[:300], "is cut short"),
    "parquet missing its last bytes": ("events.parquet", lambda: parquet_bytes()[:-3], "is cut short"),
    "latin-1 csv": ("events.csv", lambda: CSV.encode("latin-1"), "line 2 has the byte 0xE9"),
    "utf-16 csv": ("events.csv", lambda: CSV.encode("utf-16"), "is UTF-16 text"),
    "utf-16 csv without a mark": ("events.csv", lambda: CSV.encode("utf-16-le"), "is UTF-16 text"),
}


def run(tmp_path, name: str, data: bytes, command: str = "check"):
    (tmp_path / "mini.journey").write_text(MAP, encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    return CliRunner().invoke(main_group, [command, str(tmp_path / "mini.journey"), "--data", str(tmp_path / name)])


@pytest.mark.parametrize("command", ["check", "paths"])
@pytest.mark.parametrize("case", CASES)
def test_an_unreadable_file_is_js320_and_exit_2(tmp_path, case: str, command: str):
    name, make, what = CASES[case]
    result = run(tmp_path, name, make(), command)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert "error[JS320]" in result.output
    assert name in result.output and what in result.output
    assert "help:" in result.output


def test_each_bad_file_among_good_ones_is_named(tmp_path):
    good = parquet_bytes()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.parquet").write_bytes(good)
    (tmp_path / "data" / "b.parquet").write_bytes(b"")
    (tmp_path / "data" / "c.parquet").write_bytes(good[:100])
    (tmp_path / "mini.journey").write_text(MAP, encoding="utf-8")
    result = CliRunner().invoke(main_group, ["check", str(tmp_path / "mini.journey"), "--data", str(tmp_path / "data")])
    assert result.exit_code == 2, result.output
    assert result.output.count("error[JS320]") == 2
    assert "b.parquet is empty" in result.output and "c.parquet is cut short" in result.output
    assert "a.parquet" not in result.output.replace("data/a.parquet", "") or "a.parquet is" not in result.output


def test_a_bad_byte_found_only_while_reducing_is_js320_too():
    # Past the rows DuckDB samples when it opens a CSV, a bad byte surfaces while the query runs.
    error = Exception("Invalid Input Error: CSV Error on Line: 30002\nInvalid unicode (byte sequence mismatch) detected.")
    (diagnostic,) = engine_failure(error, "events.csv", "duckdb").diagnostics
    assert diagnostic.code == "JS320" and "events.csv is not UTF-8 text" in diagnostic.message
    assert "iconv" in diagnostic.help
