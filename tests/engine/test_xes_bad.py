"""Bad XES: a diagnostic that names the line, shows the text and says what to do; events that cannot be
placed are counted in the row totals and reported (JS333), never dropped without a word."""

from __future__ import annotations

import gzip
import json

import pytest
from click.testing import CliRunner

import journeyspec
from journeyspec.cli import main_group
from journeyspec.engine import reduce
from journeyspec.engine.source import xes_expat
from tests.engine.xes_helpers import MAP, write_xes, xes_text


@pytest.fixture(scope="module")
def journey():
    return journeyspec.parse(MAP).journeys[0]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def error_of(journey, path):
    with pytest.raises(journeyspec.JourneyspecError) as error:
        reduce(journey, path)
    assert len(error.value.diagnostics) == 1
    return error.value.diagnostics[0]


def test_broken_xml_names_line_and_column(tmp_path, journey):
    text = xes_text().replace('<string key="org:resource" value="dan"/>', '<string key="org:resource" value="dan">')
    diagnostic = error_of(journey, write_xes(tmp_path / "broken.xes", text))
    line = line_of(text, "\t\t</event>\n\t</trace>\n\t<trace>\n\t\t<string key=\"concept:name\" value=\"c3\"")
    assert diagnostic.code == "JS330"
    assert f"mismatched tag at line {line}, column 5" in diagnostic.message  # the name in `</event>`
    assert "`</event>`" in diagnostic.message  # the line itself, as a sample
    assert "cut short" in diagnostic.help


def test_a_file_cut_short(tmp_path, journey):
    text = xes_text()
    diagnostic = error_of(journey, write_xes(tmp_path / "short.xes", text[: text.index("<trace>", 900) + 40]))
    assert diagnostic.code == "JS330" and "unclosed token at line 44, column 3" in diagnostic.message
    assert '`<string key="concept:name" val`' in diagnostic.message


def test_a_gzip_file_cut_short(tmp_path, journey):
    data = gzip.compress(xes_text().encode())
    path = tmp_path / "short.xes.gz"
    path.write_bytes(data[: len(data) // 2])
    diagnostic = error_of(journey, str(path))
    assert diagnostic.code == "JS320" and "cannot be decompressed" in diagnostic.message


def test_an_empty_file(tmp_path, journey):
    diagnostic = error_of(journey, write_xes(tmp_path / "empty.xes", ""))
    assert diagnostic.code == "JS320" and "empty" in diagnostic.message


def test_not_an_xes_log(tmp_path, journey):
    diagnostic = error_of(journey, write_xes(tmp_path / "page.xes", "<html><body/></html>"))
    assert diagnostic.code == "JS331" and "root element is <html>" in diagnostic.message


def test_an_event_inside_an_event(tmp_path, journey):
    text = xes_text().replace('\t\t\t<string key="concept:name" value="decline"/>',
                              '\t\t\t<event><string key="concept:name" value="decline"/></event>')
    diagnostic = error_of(journey, write_xes(tmp_path / "nested.xes", text))
    assert diagnostic.code == "JS331"
    assert f"line {line_of(text, '<event><string')}: a <event> inside <event>" in diagnostic.message


def test_a_bad_timestamp_names_its_line(tmp_path, journey):
    text = xes_text().replace("2024-03-01T14:00:00Z", "yesterday afternoon")
    diagnostic = error_of(journey, write_xes(tmp_path / "bad-time.xes", text))
    assert diagnostic.code == "JS332"
    assert f"line {line_of(text, 'yesterday')}: an event's `time:timestamp` 'yesterday afternoon' is not an ISO-8601" \
        in diagnostic.message
    assert "2011-10-01T00:38:44.546+02:00" in diagnostic.help


def test_times_with_and_without_a_zone_are_not_mixed(tmp_path, journey, monkeypatch):
    # In one batch, and across batches (the second time without a zone comes in a later batch).
    text = xes_text().replace("2024-03-03T08:00:00Z", "2024-03-03T08:00:00").replace("2024-03-03T09:00:00Z", "2024-03-03T09:00:00")
    line = line_of(text, '2024-03-03T08:00:00"')  # c3's times have no zone: the first of them is named
    for size in (100_000, 2):
        monkeypatch.setattr(xes_expat, "BATCH_EVENTS", size)
        diagnostic = error_of(journey, write_xes(tmp_path / f"mixed{size}.xes", text))
        assert diagnostic.code == "JS332"
        assert f"line {line}:" in diagnostic.message
        assert "has no offset, unlike '2024-03-01T10:00:00.000+01:00' earlier in the log" in diagnostic.message


def test_times_without_a_zone_are_utc(tmp_path, journey):
    text = xes_text().replace("Z\"", '"').replace("+01:00", "")
    facts = reduce(journey, write_xes(tmp_path / "naive.xes", text))
    # c1 now starts at 10:00 UTC (no offset), so submit -> review is 15 minutes; c2 stays 2 hours.
    assert facts.population.pair("submit", "review").time.p50 == pytest.approx((15 + 120) / 2 * 60)


def test_a_number_that_is_not_one(tmp_path, journey):
    text = xes_text().replace('<int key="amount" value="800"/>', '<int key="amount" value="eight hundred"/>')
    diagnostic = error_of(journey, write_xes(tmp_path / "bad-int.xes", text))
    assert diagnostic.code == "JS332"
    assert f"line {line_of(text, 'eight hundred')}: a trace's `amount` 'eight hundred' is not a whole number" \
        in diagnostic.message


def unplaced(text: str) -> str:
    """The log with one trace without case id, an event without a name, one without a time, one outside traces."""
    text = text.replace('\t\t<string key="concept:name" value="c2"/>\n', "", 1)
    text = text.replace('\t\t\t<string key="concept:name" value="note"/>\n', "", 1)
    text = text.replace('\t\t\t<date key="time:timestamp" value="2024-03-01T11:00:00Z"/>\n', "", 1)
    return text.replace("</log>", '\t<event>\n\t\t<string key="concept:name" value="stray"/>\n'
                        '\t\t<date key="time:timestamp" value="2024-03-04T00:00:00Z"/>\n\t</event>\n</log>')


def test_events_that_cannot_be_placed_are_counted_and_reported(tmp_path, journey):
    text = unplaced(xes_text())
    path = write_xes(tmp_path / "unplaced.xes", text)
    facts = reduce(journey, path)
    totals = facts.totals
    # 10 events + the stray one: c2's 3 and the stray are rows without a session, c1's approve has no time.
    assert (totals.rows, totals.skipped_null_session, totals.skipped_null_time) == (11, 4, 1)
    # The nameless note is no longer ignored (`event == "note"`): it is an off-map event without a name.
    assert totals.ignored == 0 and ("review", 1) in [(n.name, n.count) for n in totals.top_off_map]
    assert (None, 1) in [(n.name, n.count) for n in totals.top_off_map]
    notes = facts.source_notes
    assert len(notes) == 4 and all(n.startswith("JS333: ") for n in notes)
    trace_line = line_of(text, "<trace>\n\t\t<int key=\"amount\" value=\"800\"")
    assert f"1 trace of {path} has no `concept:name` (the case id), the first at line {trace_line}: its 3 events " \
           "are skipped" in notes[0]
    assert "1 event of" in notes[1] and "outside any <trace>" in notes[1]
    assert "no `time:timestamp`" in notes[2] and "no `concept:name`" in notes[3]


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "junit"])
def test_every_report_carries_the_counts(tmp_path, fmt):
    (tmp_path / "loan.journey").write_text(MAP, encoding="utf-8")
    path = write_xes(tmp_path / "unplaced.xes", unplaced(xes_text()))
    result = CliRunner().invoke(main_group, ["check", str(tmp_path / "loan.journey"), "--data", path,
                                             "--format", fmt])
    assert result.exit_code in (0, 1), result.output
    if fmt == "json":
        journey = json.loads(result.output)["journeys"][0]
        assert journey["totals"]["rows"] == 11 and journey["totals"]["skipped"] == 5
        assert sum(w.startswith("JS333") for w in journey["warnings"]) == 4
    else:
        assert result.output.count("JS333") >= 4


def test_paths_prints_the_counts(tmp_path):
    (tmp_path / "loan.journey").write_text(MAP, encoding="utf-8")
    path = write_xes(tmp_path / "unplaced.xes", unplaced(xes_text()))
    result = CliRunner().invoke(main_group, ["paths", str(tmp_path / "loan.journey"), "--data", path])
    assert result.exit_code == 0, result.output
    assert result.output.count("warning: JS333") == 4


def test_a_zstandard_log_is_refused_with_what_to_do(tmp_path, journey):
    path = tmp_path / "log.xes.zst"
    path.write_bytes(b"\x28\xb5\x2f\xfd" + b"\x00" * 20)
    diagnostic = error_of(journey, str(path))
    assert diagnostic.code == "JS331" and "zstd -d" in diagnostic.help


def test_case_object_is_for_ocel_only(tmp_path, journey):
    from journeyspec.engine import SourceConfig

    path = write_xes(tmp_path / "loan.xes", xes_text())
    with pytest.raises(journeyspec.JourneyspecError) as error:
        reduce(journey, path, config=SourceConfig(case_object="order"))
    assert error.value.diagnostics[0].code == "JS306"


def test_several_logs_in_one_source(tmp_path, journey):
    for name in ("a.xes", "b.xes"):
        write_xes(tmp_path / name, xes_text())
    diagnostic = error_of(journey, str(tmp_path))
    assert diagnostic.code == "JS301" and "one event log" in diagnostic.message


BROKEN = {  # file name: (how the log is spoiled, the flags)
    "broken.xes": (lambda t: t.replace('<string key="org:resource" value="dan"/>', '<string key="org:resource" '
                                       'value="dan">'), []),
    "nested.xes": (lambda t: t.replace('\t\t\t<string key="concept:name" value="decline"/>',
                                       '\t\t\t<event><string key="concept:name" value="decline"/></event>'), []),
    "bad-time.xes": (lambda t: t.replace("2024-03-01T14:00:00Z", "yesterday afternoon"), []),
    "loan.jsonocel": (lambda t: "{}", ["--case-object", "order"]),
}


def test_the_errors_as_a_map_author_reads_them(tmp_path, monkeypatch, golden):
    # Each bad log's complete error, as `check` prints it (paths relative, so the text is stable).
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loan.journey").write_text(MAP, encoding="utf-8")
    shown = []
    for name, (spoil, flags) in BROKEN.items():
        (tmp_path / name).write_text(spoil(xes_text()), encoding="utf-8")
        result = CliRunner().invoke(main_group, ["check", "loan.journey", "--data", name, *flags])
        assert result.exit_code == 2, result.output
        shown.append(f"$ journeyspec check loan.journey --data {name} {' '.join(flags)}".rstrip() + "\n"
                     + result.output)
    golden("xes-errors.txt", "\n".join(shown))


def test_the_warnings_as_a_map_author_reads_them(tmp_path, monkeypatch, golden):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loan.journey").write_text(MAP, encoding="utf-8")
    write_xes(tmp_path / "unplaced.xes", unplaced(xes_text()))
    result = CliRunner().invoke(main_group, ["check", "loan.journey", "--data", "unplaced.xes"])
    assert result.exit_code in (0, 1), result.output
    golden("xes-warnings.txt", "".join(line + "\n" for line in result.output.splitlines()
                                       if "rows read" in line or "WARNING" in line or "JS333" in line))
