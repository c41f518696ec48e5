"""`check` in CI: GitHub annotations, SARIF, the step summary, and every format telling the same verdicts."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from journeyspec.check.reports import FORMATS, report
from journeyspec.check.reports.github import to_github
from journeyspec.check.reports.markdown import to_markdown
from journeyspec.check.reports.sarif import to_sarif
from journeyspec.cli import main_group
from journeyspec.diagnostics.summary import LIMIT, fit
from tests.check.helpers import MAP
from tests.diagnostics.workflow_commands import parse

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "tests" / "vendored" / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"  # tests/vendored/README.md


def sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    data = SCHEMA.read_bytes()
    assert hashlib.sha256(data).hexdigest() == SCHEMA_SHA256, "the vendored SARIF schema was edited"
    schema = json.loads(data)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def with_expectations(result, expectations):
    journey = result.journeys[0].model_copy(update={"expectations": tuple(expectations)})
    return result.model_copy(update={"journeys": (journey,)})


# --- GitHub annotations -------------------------------------------------------------------------------------


def test_annotations_point_at_each_expect_line_that_did_not_pass(result):
    commands = parse(to_github(result, root=None))
    journey = result.journeys[0]
    not_passed = [e for e in journey.expectations if e.status != "pass"]
    assert len(commands) == len(not_passed) and len(not_passed) <= 20  # under the cap: no notice
    by_line = {c.int("line"): c for c in commands}
    for e in not_passed:
        c = by_line[e.line]
        assert c.name == ("error" if e.status == "fail" else "warning")
        assert c.properties["file"] == "shop.journey"
        assert (c.int("col"), c.int("endLine")) == (e.column, e.line)
        assert c.properties["title"] == f"shop: expect {e.text}"
        assert c.message.startswith(f"{e.status}: observed ")
    # Ranked: every error before every warning, each in line order.
    levels = [c.name for c in commands]
    assert levels == sorted(levels, key=["error", "warning"].index)
    assert [c.int("line") for c in commands if c.name == "error"] == sorted(
        e.line for e in not_passed if e.status == "fail")


def test_the_expect_lines_really_hold_the_expectations(result):
    # Independent of the reporter: the line and column GitHub gets are where `expect` is written in MAP.
    lines = MAP.splitlines()
    for c in parse(to_github(result)):
        line = lines[c.int("line") - 1]
        assert line[c.int("col") - 1 :].startswith("expect "), line


def test_strict_makes_unsure_verdicts_errors(result):
    strict = parse(to_github(result, strict=True))
    assert {c.name for c in strict} == {"error"}
    assert len(strict) == len([e for e in result.expectations if e.status != "pass"])


def test_annotations_are_capped_per_level_with_a_notice_of_the_rest(result):
    failing = next(e for e in result.expectations if e.status == "fail")
    unsure = next(e for e in result.expectations if e.status == "inconclusive")
    many = [failing.model_copy(update={"line": 100 + i}) for i in range(25)]
    many += [unsure.model_copy(update={"line": 200 + i}) for i in range(13)]
    commands = parse(to_github(with_expectations(result, many)))
    errors = [c for c in commands if c.name == "error"]
    warnings = [c for c in commands if c.name == "warning"]
    assert [c.int("line") for c in errors] == list(range(100, 110))  # the first ten, in order
    assert [c.int("line") for c in warnings] == list(range(200, 210))
    assert commands[-1].name == "notice" and len(commands) == 21
    assert "18 more findings not annotated (15 errors, 3 warnings)" in commands[-1].message


HOSTILE = "x\n::error file=evil.py,line=1::pwned %0A%25 100%, a:b\r::warning::y"


def test_hostile_text_cannot_inject_commands(result):
    failing = next(e for e in result.expectations if e.status == "fail")
    hostile = failing.model_copy(update={"text": HOSTILE, "reason": HOSTILE, "file": "maps/a,b:c%.journey"})
    journey = result.journeys[0].model_copy(update={"expectations": (hostile,), "id": "j::x", "warnings": (HOSTILE,)})
    output = to_github(result.model_copy(update={"journeys": (journey,)}))
    assert output.count("\n") == 2  # one line per annotation, nothing else
    commands = parse(output)
    assert [c.name for c in commands] == ["error", "warning"]
    error = commands[0]
    assert error.properties["file"] == "maps/a,b:c%.journey"  # read back exactly, commas and colons included
    assert set(error.properties) == {"file", "line", "col", "endLine", "title"}
    # The map's text reads back as written but for its control characters, shown as escapes.
    assert error.properties["title"] == "j::x: expect " + HOSTILE.replace("\n", "\\x0a").replace("\r", "\\x0d")
    assert "\\x0a::error file=evil.py" in error.message and "%0A%25 100%" in error.message
    assert commands[1].message == HOSTILE.replace("\n", "\\x0a").replace("\r", "\\x0d")


# --- SARIF --------------------------------------------------------------------------------------------------


def test_sarif_validates_against_the_schema_and_holds_one_result_per_unpassed_expectation(result):
    log = json.loads(to_sarif(result, root=None))
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert not errors, errors[0]
    run = log["runs"][0]
    results = run["results"]
    not_passed = [e for e in result.expectations if e.status != "pass"]
    assert [(r["properties"]["status"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] \
        == [(e.status, e.line) for e in not_passed]
    rules = run["tool"]["driver"]["rules"]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["level"] == ("error" if r["properties"]["status"] == "fail" else "warning")
    assert run["properties"]["verdicts"] == result.counts()
    assert run["properties"]["exitCode"] == 1


def test_sarif_with_hostile_text_is_still_valid(result):
    failing = next(e for e in result.expectations if e.status == "fail")
    hostile = failing.model_copy(update={"text": HOSTILE + "\x1b[2J\u202e", "file": "maps/ä b#c?.journey"})
    log = json.loads(to_sarif(with_expectations(result, [hostile]), root=None))
    assert not list(sarif_validator().iter_errors(log))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "maps/%C3%A4%20b%23c%3F.journey", "uriBaseId": "%SRCROOT%"}


# --- the step summary ---------------------------------------------------------------------------------------


def test_a_summary_of_10000_failing_expectations_stays_under_1_mib(result):
    failing = next(e for e in result.expectations if e.status == "fail")
    # Without evidence the table alone is over 1 MiB (and the report is made in a second, not three).
    many = [failing.model_copy(update={"line": i + 1, "evidence": ()}) for i in range(10_000)]
    markdown = to_markdown(with_expectations(result, many))
    assert len(markdown.encode("utf-8")) > LIMIT  # the case that needs cutting
    summary = fit(markdown)
    size = len(summary.encode("utf-8"))
    assert LIMIT - 4096 < size <= LIMIT
    assert summary.startswith(markdown[:200])
    assert summary.count("<details>") == summary.count("</details>")
    assert re.search(r"the first [\d,]+ of [\d,]+ lines are shown", summary.splitlines()[-1])
    assert fit("short\n") == "short\n"


def test_a_cut_inside_details_closes_them(result):
    markdown = to_markdown(result)
    inside = markdown.index("<details>") + 200
    budget = len(markdown[:inside].encode("utf-8")) + 1024  # what fits ends inside <details>
    summary = fit(markdown, budget)
    assert len(summary.encode("utf-8")) <= budget
    assert summary.count("<details>") == 1 and summary.count("</details>") == 1
    assert summary.index("</details>") < summary.index("cut to fit")
    assert fit(markdown, 100) == ""  # not even the note fits


def test_the_summary_goes_to_the_step_summary_file_within_what_is_left(tmp_path, events, monkeypatch):
    (tmp_path / "shop.journey").write_text(MAP, encoding="utf-8")
    step = tmp_path / "step_summary.md"
    step.write_text("x" * (LIMIT - 3000) + "\n", encoding="utf-8")  # an earlier command of the step used most
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step))
    run = CliRunner().invoke(main_group, ["check", str(tmp_path / "shop.journey"), "--data", events,
                                          "--time-format", "epoch_s", "--format", "json"])
    assert run.exit_code == 1, run.output
    text = step.read_text(encoding="utf-8")
    assert LIMIT - 3000 < len(text.encode("utf-8")) <= LIMIT
    assert "## ❌ journeyspec check" in text and "cut to fit GitHub's 1 MiB limit" in text
    own = tmp_path / "summary.md"  # --summary FILE: the Markdown report, whole, and never the step's file
    markdown = CliRunner().invoke(main_group, ["check", str(tmp_path / "shop.journey"), "--data", events,
                                               "--time-format", "epoch_s", "--format", "markdown",
                                               "--summary", str(own)])
    assert own.read_text(encoding="utf-8") == markdown.stdout
    assert step.read_text(encoding="utf-8") == text


# --- every format, the same verdicts ------------------------------------------------------------------------

_TEXT_MARKS = {"✓ pass": "pass", "✗ FAIL": "fail", "? unsure": "inconclusive", "- skip": "skipped"}
_MARKDOWN_ICONS = {"✅ pass": "pass", "❌ **fail**": "fail", "⚠️ inconclusive": "inconclusive", "⏭️ skipped": "skipped"}


def _verdicts(fmt: str, text: str, strict: bool) -> dict[int, str]:
    """line -> verdict, read from each format as a CI tool would; GitHub, SARIF and GitLab list no passes."""
    if fmt == "json":
        return {e["line"]: e["status"] for j in json.loads(text)["journeys"] for e in j["expectations"]}
    if fmt == "text":
        found = re.findall(r"^\s*(✓ pass|✗ FAIL|\? unsure|- skip)\s+(\d+)\s", text, re.MULTILINE)
        return {int(line): _TEXT_MARKS[mark] for mark, line in found}
    if fmt == "markdown":
        found = re.findall(r"^\| (✅ pass|❌ \*\*fail\*\*|⚠️ inconclusive|⏭️ skipped) \| (\d+) \|", text, re.MULTILINE)
        return {int(line): _MARKDOWN_ICONS[icon] for icon, line in found}
    if fmt == "junit":
        verdicts = {}
        for case in ET.fromstring(text).iter("testcase"):
            status = {p.get("name"): p.get("value") for p in case.iter("property")}["status"]
            failed, skipped = case.find("failure") is not None, case.find("skipped") is not None
            assert failed == (status == "fail" or strict and status != "pass") and skipped == (
                not failed and status != "pass")
            verdicts[int(case.get("line"))] = status
        return verdicts
    if fmt == "github":
        verdicts = {}
        for c in parse(text):
            status = re.match(r"(fail|inconclusive|skipped): ", c.message).group(1)
            assert c.name == ("error" if status == "fail" or strict else "warning")
            verdicts[c.int("line")] = status
        return verdicts
    if fmt == "sarif":
        log = json.loads(text)
        assert not list(sarif_validator().iter_errors(log))
        return {r["locations"][0]["physicalLocation"]["region"]["startLine"]: r["properties"]["status"]
                for r in log["runs"][0]["results"]}
    if fmt == "gitlab":
        issues = json.loads(text)
        assert len({i["fingerprint"] for i in issues}) == len(issues)
        verdicts = {}
        for issue in issues:
            status = re.search(r" — (fail|inconclusive|skipped): observed ", issue["description"]).group(1)
            assert issue["severity"] == ("major" if status == "fail" or strict else "minor")
            assert issue["location"]["path"].endswith("shop.journey")
            verdicts[issue["location"]["lines"]["begin"]] = status
        return verdicts
    raise AssertionError(fmt)


@pytest.mark.parametrize("strict", [False, True])
def test_every_format_reports_the_same_verdicts_and_exit_code(tmp_path, events, strict):
    (tmp_path / "shop.journey").write_text(MAP, encoding="utf-8")
    assert set(FORMATS) == {"text", "json", "markdown", "junit", "github", "sarif", "gitlab"}
    runs = {}
    for fmt in FORMATS:
        args = ["check", str(tmp_path / "shop.journey"), "--data", events, "--time-format", "epoch_s",
                "--format", fmt, "--no-summary", *(["--strict"] if strict else [])]
        runs[fmt] = CliRunner().invoke(main_group, args)
    truth = _verdicts("json", runs["json"].stdout, strict)
    assert sorted(set(truth.values())) == ["fail", "inconclusive", "pass", "skipped"]  # every verdict is tested
    for fmt, run in runs.items():
        assert run.exit_code == 1, (fmt, run.output)
        found = _verdicts(fmt, run.stdout, strict)
        expected = truth if fmt not in ("github", "sarif", "gitlab") else {k: v for k, v in truth.items() if v != "pass"}
        assert found == expected, fmt


def test_the_report_function_knows_every_format(result):
    for fmt in FORMATS:
        assert report(result, fmt)
    with pytest.raises(ValueError, match="unknown report format"):
        report(result, "html")


def test_a_broken_map_under_check_is_annotated_and_summarised(tmp_path, events, monkeypatch):
    (tmp_path / "shop.journey").write_text(MAP.replace("success pay", "success paid"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    summary = tmp_path / "summary.md"
    args = ["check", "shop.journey", "--data", events, "--time-format", "epoch_s", "--summary", str(summary)]
    run = CliRunner().invoke(main_group, [*args, "--format", "github"])
    assert run.exit_code == 2
    assert [(c.name, c.properties["file"], c.properties["title"]) for c in parse(run.stdout)] == [
        ("error", "shop.journey", "JS202 unknown-step")]
    assert summary.read_text(encoding="utf-8").startswith("## ❌ journeyspec check\n\n1 error, 0 warnings in 1 file.")
    sarif = CliRunner().invoke(main_group, [*args, "--format", "sarif", "-o", str(tmp_path / "out.sarif")])
    assert sarif.exit_code == 2
    log = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert not list(sarif_validator().iter_errors(log))
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["JS202"]
