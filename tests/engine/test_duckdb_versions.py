"""journeyspec on DuckDB 1.x and 2.x (journeyspec/engine/source/duckdb_versions.py).

``make test`` runs the whole suite on the newest DuckDB 2.x and the tests
marked ``duckdb`` again on the newest 1.x, in a second environment. The tests
here that need both lines at once (a database written by each, read by the
other) run the other environment's Python in a subprocess: it is named by
``JOURNEYSPEC_OTHER_DUCKDB_PYTHON`` (``make test`` sets it), or found as
``.venv/bin/python`` or ``.venv-duckdb1/bin/python`` beside this repository.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import ibis
import pyarrow.parquet as pq
import pytest

from journeyspec.diagnostics import JourneyspecError
from journeyspec.diagnostics.render import format_diagnostic
from journeyspec.engine import SourceConfig, reduce
from journeyspec.engine.source.duckdb import duckdb_connection
from journeyspec.engine.source.duckdb_versions import newer_file
from tests.engine.helpers import arrow_table

ROOT = Path(__file__).resolve().parents[2]
CHECKOUT = ROOT / "maps" / "checkout.journey"
CHECKOUT_DATA = ROOT / "examples" / "data" / "checkout.parquet"
OTHER = "JOURNEYSPEC_OTHER_DUCKDB_PYTHON"
ORDERED = SourceConfig(time_format="epoch_s", order="seq")  # Ibis tables have no row order: `seq` breaks ties


# --- Ibis 12 on the installed DuckDB ---------------------------------------------------------


@pytest.mark.duckdb
def test_array_lambdas_are_written_in_the_keyword_form_and_run():
    con = duckdb_connection()
    table = con.sql("SELECT * FROM (VALUES (1, [1, 2, 3]), (2, [4, 0])) AS t(id, xs)")
    query = table.select("id", ys=table.xs.filter(lambda x: x > 1).map(lambda x: x * 10)).order_by("id")
    sql = con.compile(query)
    assert "LAMBDA " in sql and "->" not in sql
    assert query.to_pyarrow().to_pylist() == [{"id": 1, "ys": [20, 30]}, {"id": 2, "ys": [40]}]


@pytest.mark.duckdb
def test_a_query_is_typed_as_duckdb_describes_it():
    con = duckdb_connection()
    table = con.sql("SELECT 1::BIGINT AS n, 'x' AS s, 2.5::DOUBLE AS f, TIMESTAMP '2024-01-01' AS t, [1, 2] AS xs")
    assert table.schema() == ibis.schema({"n": "int64", "s": "string", "f": "float64", "t": "timestamp(6)",
                                          "xs": "array<int32>"})


@pytest.mark.duckdb
@pytest.mark.parametrize("how", ["ibis.duckdb.connect", "ibis.memtable"])
def test_ibis_tables_of_ibis_own_duckdb_reduce_as_the_file_does(shop, sources, how):
    """A user's own Ibis table takes the shared pass, whose lambdas DuckDB 2.0 refused from Ibis's compiler."""
    if how == "ibis.memtable":
        table = ibis.memtable(arrow_table())
    else:
        con = ibis.duckdb.connect()
        con.create_table("events", arrow_table())
        table = con.table("events")
    theirs = reduce(shop, table, config=ORDERED).model_dump(exclude={"source"})
    file = reduce(shop, sources["parquet"], config=ORDERED).model_dump(exclude={"source"})
    assert theirs == file
    assert theirs["population"]["sessions"] == 3  # A, B and C (tests/engine/helpers.py)


@pytest.mark.duckdb
def test_a_file_that_is_no_duckdb_database_is_js320(shop, tmp_path):
    path = tmp_path / "events.duckdb"
    path.write_text("session,time,event\n", encoding="utf-8")
    with pytest.raises(JourneyspecError) as error:
        reduce(shop, f"duckdb://{path}?table=events", config=ORDERED)
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.code == "JS320" and "is not a DuckDB database file" in diagnostic.message


# --- JS314: a database file from a newer DuckDB --------------------------------------------

REFUSAL = ("IO Error: Trying to read a database file with version number 69, but we can only read versions "
           "between 64 and 68.\nThe database file was created with a newer version of DuckDB.\n\nSee the storage "
           "page for migration strategy and more information: https://duckdb.org/internals/storage")


def header(release: bytes) -> bytes:
    """The first bytes of a DuckDB database file whose header names ``release`` as its writer."""
    return bytes(8) + b"DUCK" + (69).to_bytes(8, "little") + bytes(32) + release.ljust(32, b"\0") + bytes(40)


@pytest.mark.duckdb
def test_js314_snapshot(golden, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(duckdb, "__version__", "1.5.6")
    Path("shop.duckdb").write_bytes(header(b"v2.0.1"))
    Path("future.duckdb").write_bytes(header(b"v3.1.0"))
    Path("unsigned.duckdb").write_bytes(header(b""))
    shown = [
        format_diagnostic(newer_file(Exception(REFUSAL), "shop.duckdb", "events").diagnostics[0], None),
        format_diagnostic(newer_file(Exception(REFUSAL), "future.duckdb", "page views").diagnostics[0], None),
        format_diagnostic(newer_file(Exception(REFUSAL), "unsigned.duckdb", None).diagnostics[0], None),
    ]
    golden("js314-newer-duckdb-file.txt", "\n\n".join(shown))


@pytest.mark.duckdb
def test_other_failures_are_not_js314(tmp_path):
    path = tmp_path / "shop.duckdb"
    path.write_bytes(header(b"v2.0.1"))
    assert newer_file(Exception("IO Error: Could not set lock on file: Conflicting lock is held"), str(path), None) is None
    older = REFUSAL.replace("newer version", "older version")
    assert newer_file(Exception(older), str(path), None) is None


# --- Both lines at once: a database written by each, read by the other ------------------------


def duckdb_version(python: str) -> str:
    return run(python, "-c", "import duckdb; print(duckdb.__version__)").stdout.strip()


def run(python: str, *args: str) -> subprocess.CompletedProcess:
    # This checkout's journeyspec, whichever environment runs it.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([python, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=600, check=False)


@pytest.fixture(scope="module")
def lines() -> dict[str, tuple[str, str]]:
    """``{"1": (python, version), "2": (python, version)}``: this environment and the other one."""
    candidates = [os.environ.get(OTHER), str(ROOT / ".venv" / "bin" / "python"),
                  str(ROOT / ".venv-duckdb1" / "bin" / "python")]
    found = {duckdb.__version__.split(".")[0]: (sys.executable, duckdb.__version__)}
    for python in candidates:
        if python and Path(python).exists() and len(found) < 2:
            version = duckdb_version(python)
            found.setdefault(version.split(".")[0], (python, version))
    if set(found) != {"1", "2"}:
        pytest.skip(f"needs Pythons with DuckDB 1.x and 2.x: set {OTHER} to the other one's (make test does)")
    return found


def write_database(python: str, path: Path) -> None:
    """The checkout example's events as the table ``events`` of a database that ``python``'s DuckDB writes."""
    script = ("import sys, duckdb; con = duckdb.connect(sys.argv[1]); "
              "con.execute(\"CREATE TABLE events AS SELECT * FROM read_parquet(?)\", [sys.argv[2]]); con.close()")
    done = run(python, "-c", script, str(path), str(CHECKOUT_DATA))
    assert done.returncode == 0, done.stderr


def check_json(python: str, data: str) -> dict:
    done = run(python, "-m", "journeyspec", "check", str(CHECKOUT), "--data", data, "--format", "json")
    assert done.returncode == 1, done.stderr  # the checkout map fails one expectation on purpose
    return json.loads(done.stdout)


def without_source(report: dict) -> dict:
    text = json.dumps(report)
    for journey in report["journeys"]:
        text = text.replace(json.dumps(journey["source"])[1:-1], "<source>")
    return json.loads(text)


def test_a_database_written_by_either_duckdb_checks_the_same(lines, tmp_path):
    """The same table, written by DuckDB 1.x and by 2.x, checked (by 2.x, which reads both) to the same report."""
    (old_python, _), (new_python, _) = lines["1"], lines["2"]
    write_database(old_python, tmp_path / "old.duckdb")
    write_database(new_python, tmp_path / "new.duckdb")
    old = check_json(new_python, f"duckdb://{tmp_path / 'old.duckdb'}?table=events")
    new = check_json(new_python, f"duckdb://{tmp_path / 'new.duckdb'}?table=events")
    parquet = check_json(new_python, str(CHECKOUT_DATA))
    assert without_source(old)["journeys"] == without_source(new)["journeys"] == without_source(parquet)["journeys"]
    # Counted apart from journeyspec: every row of the Parquet file is read from either database.
    rows = duckdb.connect().sql("SELECT count(*) FROM read_parquet(?)", params=[str(CHECKOUT_DATA)]).fetchall()[0][0]
    assert new["journeys"][0]["totals"]["rows"] == rows == pq.read_metadata(CHECKOUT_DATA).num_rows
    # Read, never upgraded: DuckDB 1.x still opens its file after 2.x has checked it.
    count = run(old_python, "-c", "import sys, duckdb; print(duckdb.connect(sys.argv[1], read_only=True)"
                ".sql('SELECT count(*) FROM events').fetchall()[0][0])", str(tmp_path / "old.duckdb"))
    assert count.stdout.strip() == str(rows), count.stderr


def test_a_database_from_a_newer_duckdb_is_js314_naming_both_versions(lines, tmp_path):
    (old_python, old_version), (new_python, new_version) = lines["1"], lines["2"]
    write_database(new_python, tmp_path / "new.duckdb")
    done = run(old_python, "-m", "journeyspec", "check", str(CHECKOUT),
               "--data", f"duckdb://{tmp_path / 'new.duckdb'}?table=events")
    assert done.returncode == 2, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    assert "error[JS314] newer-duckdb-file" in output
    assert f"written by DuckDB {new_version} (storage version " in output
    assert f"the installed DuckDB {old_version} reads storage versions " in output
    assert "pip install -U duckdb" in output and "COPY \"events\" TO 'events.parquet'" in output


def test_the_python_api_raises_js314_too(lines, tmp_path):
    (old_python, _), (new_python, _) = lines["1"], lines["2"]
    write_database(new_python, tmp_path / "new.duckdb")
    script = ("import sys, journeyspec\n"
              "try:\n"
              "    journeyspec.check(sys.argv[1], data=sys.argv[2])\n"
              "except journeyspec.JourneyspecError as error:\n"
              "    print(*[d.code for d in error.diagnostics])\n")
    done = run(old_python, "-c", script, str(CHECKOUT), f"duckdb://{tmp_path / 'new.duckdb'}?table=events")
    assert done.stdout.split() == ["JS314"], done.stdout + done.stderr



def test_the_duckdb_tests_live_where_the_second_environment_runs_them():
    """`make test` runs the tests marked `duckdb` again on DuckDB 1.x from tests/engine and tests/check only."""
    runs = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert '-m "duckdb and not spark" tests/engine tests/check' in runs
    elsewhere = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "tests").rglob("test_*.py"))
                 if "mark.duckdb" in path.read_text(encoding="utf-8")
                 and path.parent.name not in ("engine", "check")]
    assert elsewhere == [], "move these under tests/engine or tests/check, or widen the Makefile's second run"
