"""Messages for map authors who are not programmers: curly quotes, hyphenated ids, a stage where a step goes,
a step's missing `}`, and `time` without its statistic. Snapshots of each are in tests/corpus/broken/26x-*."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from journeyspec.cli import main_group
from journeyspec.lang.formatter import straighten_quotes
from journeyspec.lang.frontend import compile_text

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "broken"


def diagnostics(name: str):
    return compile_text((CORPUS / name).read_text(encoding="utf-8"), name).diagnostics


def test_curly_quotes_are_named_with_the_text_and_fmt_fix_straightens_them(tmp_path):
    (found,) = diagnostics("261-curly-quotes.journey")
    assert (found.code, found.span.line, found.span.column) == ("JS108", 3, 17)
    assert found.message == 'use straight double quotes "..." (your text has curly quotes “Search”)'
    assert "fmt --fix" in found.help
    path = tmp_path / "m.journey"
    path.write_text((CORPUS / "261-curly-quotes.journey").read_text(encoding="utf-8"), encoding="utf-8")
    assert CliRunner().invoke(main_group, ["fmt", str(path)]).exit_code == 2  # without --fix: still broken
    result = CliRunner().invoke(main_group, ["fmt", "--fix", str(path)])
    assert result.exit_code == 0, result.output
    fixed = path.read_text(encoding="utf-8")
    assert "“" not in fixed and 'step search "Search" {' in fixed and 'when event == "x"' in fixed
    assert compile_text(fixed, "m.journey").diagnostics == ()


def test_straightening_keeps_the_authors_own_curly_quotes():
    assert straighten_quotes('step a “Search”') == 'step a "Search"'
    assert straighten_quotes('step a „Suche“') == 'step a "Suche"'
    assert straighten_quotes('step a “say "hi"”') == 'step a "say \\"hi\\""'
    assert straighten_quotes('step a "He said “hi”" # “kept”') == 'step a "He said “hi”" # “kept”'
    assert straighten_quotes("x “open") == "x “open"
    once = straighten_quotes('step a “Search” { when event == “x” }')
    assert straighten_quotes(once) == once


def test_a_hyphenated_id_is_one_error_that_names_every_use():
    (found,) = diagnostics("262-hyphen-in-id.journey")
    assert found.code == "JS100"
    assert found.message == "`view-hotel` cannot be an id: ids cannot contain `-`; write `view_hotel`"
    assert (found.span.line, found.span.column, found.span.end_column) == (4, 10, 20)
    assert [(r.span.line, r.span.column) for r in found.related] == [(7, 11), (8, 18)]
    assert all("write `view_hotel`" in r.message for r in found.related)


def test_allow_with_a_hyphenated_warning_name_is_still_fine():
    text = (CORPUS / "262-hyphen-in-id.journey").read_text(encoding="utf-8").replace("view-hotel", "view_hotel")
    text = text.replace("  start search\n", "  allow dead-end\n  start search\n")
    assert [d.code for d in compile_text(text, "m.journey").diagnostics] == []


def test_a_stage_where_a_step_goes_is_named_as_a_stage_with_its_steps():
    first, second = diagnostics("263-stage-as-step.journey")
    assert first.code == second.code == "JS202"
    assert first.message == "`inspire` is a stage, not a step; its steps are `browse`, `read`"
    assert first.related[0].span.line == 2 and "e.g. `browse`" in first.help


def test_a_steps_missing_brace_is_located_at_the_step():
    (found,) = diagnostics("264-step-missing-brace.journey")
    assert found.code == "JS102"
    assert (found.span.line, found.span.column) == (4, 14)
    assert found.message.startswith("the `step` block `pay` opened on line 4 has no `}` of its own")
    assert [r.span.line for r in found.related] == [6, 7]
    assert found.help == "add a `}` at the end of `step pay`, before line 6"


def test_a_missing_brace_with_no_indentation_clue_keeps_the_plain_message():
    text = "journey a {\n  stage s {\n    step x {\n      when event == \"x\"\n    step y\n  }\n  start x\n  success y\n}\n"
    (found,) = compile_text(text, "m.journey").diagnostics
    assert found.code == "JS102" and "`step` block `x` opened on line 3 is not closed before `step` begins" in found.message


def test_time_without_a_statistic_offers_the_choices_in_plain_words():
    (found,) = diagnostics("265-time-without-statistic.journey")
    assert found.code == "JS125"
    assert "half of people (p50)" in found.message and "nine in ten (p90)" in found.message
    assert "`time p90 x -> y`" in found.help and "`time mean x -> y`" in found.help
    (median,) = diagnostics("266-time-median.journey")
    assert median.code == "JS220" and "(the median is p50)" in median.help
