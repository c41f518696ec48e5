"""Text from the data and the map shows in every report, and never acts.

An event name is whatever anyone who can send an event chose; a map label is
whatever its author typed. `[/]` used to crash the text reports as Rich
markup, `[x]` vanished, terminal escapes reached the terminal raw, and a
`<script>` title went live into the Markdown report.
"""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from journeyspec import inert
from journeyspec.check.reports import report
from journeyspec.cli import main_group

RETITLE = "\x1b]0;owned\x07"
CLEAR = "\x1b[2J"
LINK = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
HOSTILE_EVENTS = ["[/]", "[x]", RETITLE, CLEAR, LINK, ":smile:"]
TITLE = "[/] <script>alert('title')</script> " + RETITLE

MAP = f'''\
journey shop "{TITLE}" {{
  stage buy "[/]" {{
    step home "[x] Home" {{ when event == "home" }}
    step pay "Pay" {{ when event == "pay" }}
  }}
  start home
  success pay
  flow home -> pay
  expect conversion home -> pay >= 90% point estimate
}}
'''


def _events(folder):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = []
    for n, device in enumerate(["[/]", CLEAR, "[x]"]):
        session = f"S{n}"
        names = ["home", "[x]", *HOSTILE_EVENTS, "pay"] if n else ["home", "[x]", *HOSTILE_EVENTS]
        rows += [{"session": session, "time": 1_700_000_000 + i, "event": e, "device": device}
                 for i, e in enumerate(names)]
    path = folder / "events.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    return str(path)


@pytest.fixture()
def hostile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "shop.journey").write_text(MAP, encoding="utf-8")
    return "shop.journey", _events(tmp_path)


def _run(*args):
    result = CliRunner().invoke(main_group, list(args), env={"COLUMNS": "400"})
    assert "internal error" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def _no_raw_controls(text: str, allowed: str = "\n") -> None:
    raw = [c for c in text if inert.first_control(c) == 0 and c not in allowed]
    assert not raw, f"raw control characters reach the output: {raw!r}"


def test_check_text_shows_markup_and_escapes_as_text(hostile):
    journey, data = hostile
    result = _run("check", journey, "--data", data, "--time-format", "epoch_s")
    assert result.exit_code == 1, result.output
    _no_raw_controls(result.output)
    assert "[/] <script>" in result.output  # the title, as written
    assert "[/]" in result.output and "[x]" in result.output and ":smile:" in result.output
    assert "\\x1b]0;owned\\x07" in result.output and "\\x1b[2J" in result.output


def test_check_by_a_field_with_markup_values(hostile):
    journey, data = hostile
    result = _run("check", journey, "--data", data, "--time-format", "epoch_s", "--by", "device")
    assert result.exit_code == 1, result.output
    _no_raw_controls(result.output)
    assert re.search(r"^\[/\] ", result.output, re.MULTILINE) and "\\x1b[2J" in result.output


def test_check_markdown_title_is_inert(hostile):
    journey, data = hostile
    result = _run("check", journey, "--data", data, "--time-format", "epoch_s", "--format", "markdown")
    _no_raw_controls(result.output)
    heading = next(line for line in result.output.splitlines() if line.startswith("### "))
    assert "<script>" not in result.output and "<" not in heading.replace("<code>", "").replace("</code>", "")
    assert heading.startswith("### &#91;/&#93; &#60;script&#62;alert&#40;&#39;title&#39;&#41;&#60;/script&#62;")


def test_paths_shows_event_names_as_text(hostile):
    journey, data = hostile
    result = _run("paths", journey, "--data", data, "--time-format", "epoch_s")
    assert result.exit_code == 0, result.output
    _no_raw_controls(result.output)
    assert "[/] (3)" in result.output and "[x] (6)" in result.output and ":smile: (3)" in result.output
    assert "\\x1b]0;owned\\x07 (3)" in result.output
    json_out = _run("paths", journey, "--data", data, "--time-format", "epoch_s", "--format", "json")
    _no_raw_controls(json_out.output)
    off_map = [n["name"] for n in json.loads(json_out.output)["totals"]["top_off_map"]]
    assert RETITLE in off_map and LINK in off_map  # JSON keeps the values exactly


def test_summary_shows_labels_as_text(hostile):
    journey, _ = hostile
    result = _run("summary", journey)
    assert result.exit_code == 0, result.output
    _no_raw_controls(result.output)
    assert "[/] <script>" in result.output and "\\x1b]0;owned\\x07" in result.output


def test_validate_warns_and_prints_no_raw_escape(hostile):
    journey, _ = hostile
    result = _run("validate", journey)
    _no_raw_controls(result.output)
    assert "warning[JS234]" in result.output and "\\x1b]0;owned\\x07" in result.output


# --- any event name at all ---------------------------------------------------

_RICH_TAG = re.compile(r"\[/?[a-z#@][^\[\]]*\]")


def _decode(shown: str) -> str:
    """Reads :func:`inert.terminal` text back (the test that it is recoverable)."""
    return re.sub(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4})",
                  lambda m: "\\" if m.group(1) == "\\" else chr(int(m.group(1)[1:], 16)), shown)


names = st.text(st.characters(codec=None, exclude_categories=["Cs"]), min_size=1, max_size=12) | st.sampled_from(
    ["[/]", "[x]", "[bold]", "\\", "a\\", "\\x1b", "\\\x1b", "<script>", "`|#", '"\'', "\u202e", "\x9b2J"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names)
def test_any_event_name_is_shown_and_never_acts(result, name):
    journey = result.journeys[0]
    evidence_at = next(i for i, e in enumerate(journey.expectations) if e.evidence)
    e = journey.expectations[evidence_at]
    changed = e.model_copy(update={"evidence": (e.evidence[0].model_copy(update={"path": (name, "pay")}),)})
    expectations = (*journey.expectations[:evidence_at], changed, *journey.expectations[evidence_at + 1:])
    coverage = journey.coverage.model_copy(update={"top_off_map": ((name, 7),)})
    hostile = result.model_copy(update={"journeys": (journey.model_copy(
        update={"coverage": coverage, "expectations": expectations}),)})

    text = report(hostile, "text", width=400)
    _no_raw_controls(text)
    shown = inert.terminal(name)
    assert f"{shown} (7)" in text and _decode(shown) == name

    markdown = report(hostile, "markdown")
    _no_raw_controls(markdown)
    assert "<" not in re.sub(r"</?(code|details|summary)>", "", markdown)

    document = report(hostile, "json")
    _no_raw_controls(document)
    assert json.loads(document)["journeys"][0]["coverage"]["top_off_map"][0][0] == name

    junit = report(hostile, "junit")
    _no_raw_controls(junit)
    ET.fromstring(junit.encode())  # well-formed XML: no control character XML forbids


@given(st.text(st.characters(codec=None, exclude_categories=["Cs"])))
@example("\\[")  # Rich dropped the backslash before a bracket that opens no tag
@example("a\\[b] \\\\[ \\[[x]")
@settings(max_examples=200, deadline=None)
def test_terminal_text_reads_back_and_rich_reads_nothing(value):
    from rich.text import Text

    shown = inert.terminal(value)
    assert _decode(shown) == value and inert.first_control(shown) is None
    assert Text.from_markup(inert.markup(value)).plain == shown
