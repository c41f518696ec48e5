"""The language reference under spec/ stays true to the tool.

- every registered diagnostic code is documented in spec/diagnostics.md, with
  its registered name and severity, and the output shown for its example is
  what `journeyspec validate` really prints (refresh with --update-goldens);
- every complete map in spec/language.md (a ```journey block) compiles
  without errors or warnings and is in `journeyspec fmt` layout; fragments are marked ```journey fragment and are not run;
- the committed spec/ir.schema.json is what `journeyspec schema` prints.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import journeyspec
from journeyspec.cli import main_group
from journeyspec.diagnostics.codes import CODES
from journeyspec.ir.canonical import json_schema
from journeyspec.lang.frontend import compile_text

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec"
DIAGNOSTICS_MD = SPEC / "diagnostics.md"
LANGUAGE_MD = SPEC / "language.md"

# One documented code: its heading, the example map (with an optional
# encoding in the info string) and the ```text block that shows the output.
_SECTION = re.compile(
    r"^### (?P<code>JS\d{3})\n\n\*\*`(?P<name>[a-z0-9-]+)`\*\* · (?P<severity>error|warning) · .*?"
    r"^```journey(?: encoding=(?P<encoding>[\w-]+))?\n(?P<source>.*?)^```\n\n"
    r"^```text\n(?P<output>.*?)^```\n",
    re.MULTILINE | re.DOTALL,
)
_BLOCK = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def _sections() -> list[re.Match]:
    return list(_SECTION.finditer(DIAGNOSTICS_MD.read_text(encoding="utf-8")))


_OTHER_FILE = re.compile(r"^```journey file=(?P<name>\S+)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def _validate_output(source: str, encoding: str | None, code: str, folder: Path, section: str = "") -> str:
    """What `journeyspec validate example.journey` prints for ``code`` (other codes left out).

    A section may show other files first (```journey file=shared/common.journey): they are written
    too, and the whole folder is validated.
    """
    others = list(_OTHER_FILE.finditer(section))
    for other in others:
        (folder / other["name"]).parent.mkdir(parents=True, exist_ok=True)
        (folder / other["name"]).write_text(other["body"], encoding="utf-8")
    (folder / "example.journey").write_bytes(source.encode(encoding or "utf-8"))
    result = CliRunner().invoke(main_group, ["validate", "." if others else "example.journey"])
    assert result.exit_code in (0, 1), result.output
    blocks = [b for b in result.stdout.split("\n\n") if re.match(rf"(error|warning)\[{code}\]", b)]
    return "\n\n".join(blocks) + "\n"


def test_every_code_is_documented_with_its_name_and_severity():
    documented = {m["code"]: (m["name"], m["severity"]) for m in _sections()}
    registered = {code: (c.name, c.severity.value) for code, c in CODES.items() if code.startswith(("JS1", "JS2"))}
    assert documented == registered


def test_every_code_is_mentioned():
    text = DIAGNOSTICS_MD.read_text(encoding="utf-8")
    assert [code for code in CODES if code not in text] == []


def test_diagnostic_examples_show_real_output(snapshot, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = DIAGNOSTICS_MD.read_text(encoding="utf-8")
    pieces, last = [], 0
    for match in _sections():
        folder = tmp_path / match["code"]
        folder.mkdir()
        monkeypatch.chdir(folder)
        output = _validate_output(match["source"], match["encoding"], match["code"], folder, match.group(0))
        assert output.strip(), f"the example of {match['code']} does not produce {match['code']}"
        pieces += [text[last : match.start("output")], output]
        last = match.end("output")
    pieces.append(text[last:])
    snapshot(DIAGNOSTICS_MD, "".join(pieces))


def _map_blocks() -> list[tuple[str, str, str]]:
    """(where, info string, body) of every ```journey block in the pages that teach the language."""
    found = []
    for page in (LANGUAGE_MD, SPEC / "README.md"):
        text = page.read_text(encoding="utf-8")
        for m in _BLOCK.finditer(text):
            if m["info"].strip().split(" ")[:1] == ["journey"]:
                where = f"spec/{page.name}:{text.count(chr(10), 0, m.start()) + 1}"
                found.append((where, m["info"].strip(), m["body"]))
    return found


def _complete_maps() -> list[tuple[str, str]]:
    return [(where, body) for where, info, body in _map_blocks() if info == "journey"]


def test_language_reference_marks_its_blocks():
    assert {info for _, info, _ in _map_blocks()} <= {"journey", "journey fragment"}
    assert len(_complete_maps()) >= 8


@pytest.mark.parametrize("where, body", _complete_maps(), ids=[where for where, _ in _complete_maps()])
def test_reference_example_is_a_clean_formatted_map(where: str, body: str):
    first = next(l for l in body.splitlines() if l.strip() and not l.lstrip().startswith("#"))
    assert first.startswith("journey "), f"the block at {where} is not a complete map; mark it `journey fragment`"
    result = compile_text(body, where)
    found = [f"{d.code} {d.span.line}:{d.span.column} {d.message}" for d in result.diagnostics]
    assert found == [], f"the example at {where} is not a clean map"
    # Examples teach the layout too, so they are written as `journeyspec fmt` would write them.
    assert journeyspec.format(body) == body, f"the example at {where} is not in `journeyspec fmt` layout"


def test_committed_schema_is_current(snapshot):
    snapshot(SPEC / "ir.schema.json", json_schema())


def test_grammar_ebnf_is_generated_from_the_lark_grammar():
    from journeyspec.lang.ebnf import grammar_ebnf

    committed = (SPEC / "grammar.ebnf").read_text(encoding="utf-8")
    assert committed == grammar_ebnf(), "spec/grammar.ebnf is stale; run `make spec`"
