"""A CSV file is read in a pinned dialect (RFC 4180 unless configured): every row of the file, no guesses.

A sniffer that guesses the quote character can lose rows without a word: with
the event names ``'`` and ``x'``, DuckDB's took ``'`` as the quote and read
four rows as two, and a whole session vanished. Each case below is written
by Python's csv module (RFC 4180 quoting) and must come back row for row.
"""

from __future__ import annotations

import csv

import pytest

import journeyspec
from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine import SourceConfig, reduce
from journeyspec.engine.source.open import open_source

# Run again on the newest DuckDB 1.x by `make test` (see tests/engine/test_duckdb_versions.py).
pytestmark = pytest.mark.duckdb


MAP = """\
journey j "J" {
  stage main "Main" {
    step a "A" {
      when event == "'"
    }
    step b "B" {
      when event == "x'"
    }
  }
  start a
  success b
  flow a -> b
}
"""

# Event names that a guessed dialect splits, joins or drops.
CASES = {
    "apostrophes": ["'", "x'", "'", "x'"],
    "embedded-quotes": ['say "hi"', '"', '""', 'a"b"c'],
    "commas": ["a,b", ",", "a,,b", ","],
    "line-breaks": ["line\nbreak", "\n", "crlf\r\ninside", "end\n"],
    "backslashes": ["back\\slash", "\\", 'q\\"', "\\\\n"],
    "comment-like": ["#home", "# not a comment", "#", "--"],
    "mixed": ["'", '"\'"', "it's, \"fine\"\nreally", "\\'"],
}


def write_csv(path, names, delimiter=",", quotechar='"'):
    """Two sessions of alternating events, one row per name; the rows as written."""
    rows = [(f"s{i // 2}", f"2024-01-01 00:0{i}:00", name) for i, name in enumerate(names)]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, quotechar=quotechar, lineterminator="\n")
        writer.writerow(["session", "time", "event"])
        writer.writerows(rows)
    return rows


def read_back(path, engine="duckdb", config=None):
    config = config or SourceConfig()
    opened = open_source(str(path), engine=engine, csv=config.csv_dialect())
    frame = opened.table.select("session", "event").execute()
    return list(zip(frame["session"], frame["event"], strict=True))


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_row_is_read_as_written(tmp_path, case):
    path = tmp_path / "events.csv"
    rows = write_csv(path, CASES[case])
    assert sorted(read_back(path)) == sorted((s, e) for s, _, e in rows)


def test_apostrophe_events_keep_both_sessions(tmp_path):
    path = tmp_path / "events.csv"
    write_csv(path, CASES["apostrophes"])
    facts = reduce(journeyspec.parse(MAP).journeys[0], str(path))
    assert facts.totals.rows == 4
    assert facts.population.sessions == 2 and facts.population.success == 2


def test_tsv_is_split_at_tabs(tmp_path):
    path = tmp_path / "events.tsv"
    rows = write_csv(path, ["a,b", "tab\there", "'", "x'"], delimiter="\t")
    assert sorted(read_back(path)) == sorted((s, e) for s, _, e in rows)


def test_a_configured_dialect_is_used(tmp_path):
    path = tmp_path / "events.csv"
    rows = write_csv(path, ["a;b", "it's", "'", '"'], delimiter=";", quotechar="'")
    config = SourceConfig().with_overrides(delimiter=";", quote="'")
    assert sorted(read_back(path, config=config)) == sorted((s, e) for s, _, e in rows)


@pytest.mark.parametrize(
    "settings, problem",
    [({"delimiter": ";;"}, "one character"), ({"quote": ""}, "one character"), ({"escape": "\n"}, "line break"),
     ({"delimiter": '"'}, "also the quote")],
)
def test_bad_dialect_settings_are_js306(settings, problem):
    with pytest.raises(JourneyspecError) as error:
        SourceConfig().with_overrides(**settings)
    assert [d.code for d in error.value.diagnostics] == ["JS306"] and problem in error.value.diagnostics[0].message


def test_dialect_settings_from_a_file(tmp_path):
    from journeyspec.project import load_config

    (tmp_path / "journeyspec.toml").write_text('[sources.default]\ndelimiter = "\\t"\nquote = "\'"\n', encoding="utf-8")
    config = load_config(start=tmp_path)
    assert (config.delimiter, config.quote, config.escape) == ("\t", "'", None)
    (tmp_path / "journeyspec.toml").write_text('[sources.default]\ndelimiter = 1\n', encoding="utf-8")
    with pytest.raises(JourneyspecError, match="one character"):
        load_config(start=tmp_path)


def test_a_row_with_too_many_fields_is_an_error_not_a_guess(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("session,time,event\ns1,2024-01-01 00:00:00,a\ns1,2024-01-01 00:01:00,b,c\n", encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017, PT011 - the engine's own error; never fewer rows
        read_back(path)


@pytest.mark.spark
@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_row_is_read_as_written_on_spark(tmp_path, case):
    pytest.importorskip("pyspark", reason="the `spark` extra is not installed; make test installs it")
    path = tmp_path / "events.csv"
    rows = write_csv(path, CASES[case])
    assert sorted(read_back(path, engine="spark")) == sorted((s, e) for s, _, e in rows)
