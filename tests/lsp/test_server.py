"""`journeyspec lsp` end to end: the real server as a subprocess, as VS Code and Neovim talk to it."""

from __future__ import annotations

import asyncio
import random
import re
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

import journeyspec
from tests.lang.test_hostile import ODD_INPUTS
from tests.lsp.helpers import ROOT, change_document, diagnostics_of, open_document, position_of

pytestmark = [pytest.mark.lsp, pytest.mark.asyncio(loop_scope="package")]  # the session: conftest.py

# The checkout example as one file: its persona and its help-centre step, which maps/ takes from
# the libraries in maps/shared/, written in place (these tests are about one document).
CHECKOUT = (ROOT / "maps" / "checkout.journey").read_text(encoding="utf-8").replace(
    'use "shared/people.journey"\nuse "shared/help.journey"\n\n', "").replace(
    "  persona first_timer from people\n",
    '  persona first_timer "First-time mobile shopper" {\n'
    '    description "Arrives from a social ad on a phone; has never bought from us."\n  }\n').replace(
    "    step help_home from help  # looks up delivery costs, the pain above\n",
    '    step help_home "Open the help centre" {\n      when event == "page_view" and path == "/help"\n    }\n')
assert "from people" not in CHECKOUT and "from help" not in CHECKOUT and "use " not in CHECKOUT.split("journey", 1)[0]

BROKEN = """journey shop "Shop" {
  stage browse "Browse" {
    step view "View" { when event == "view" }
    step cart "Cart" { when event == "cart" }
    step view "Again" { when event == "view2" }
  }
  start view
  success paid
  flow view -> crat
  expect reach carts >= 10%
}
"""


def _lines(text: str, diagnostic: types.Diagnostic) -> tuple[int, int, int, int]:
    r = diagnostic.range
    return (r.start.line + 1, r.start.character + 1, r.end.line + 1, r.end.character + 1)


async def test_diagnostics_are_validates_and_clear_when_fixed(client: LanguageClient, tmp_path: Path):
    path = tmp_path / "broken.journey"
    path.write_text(BROKEN, encoding="utf-8")
    uri = open_document(client, path, BROKEN)
    found = await diagnostics_of(client, uri, 1)
    expected = journeyspec.validate(path)
    assert len(expected) >= 4  # a duplicate, unknown steps, a success step nobody declared
    assert [(d.code, d.message.split("\nhelp: ")[0], _lines(BROKEN, d)) for d in found] == [
        (e.code, e.message, (e.span.line, e.span.column, e.span.end_line, e.span.end_column)) for e in expected
    ]
    for d, e in zip(found, expected, strict=True):
        assert d.source == "journeyspec"
        assert d.code_description.href == f"https://journeyspec.dev/reference/diagnostics/#{e.code.lower()}"
        assert d.severity == (types.DiagnosticSeverity.Error if e.is_error else types.DiagnosticSeverity.Warning)
        assert (e.help is None) == ("\nhelp: " not in d.message)
    duplicate = next(d for d in found if d.code == "JS201")
    (related,) = duplicate.related_information
    assert related.location.uri == uri and related.location.range.start == types.Position(line=2, character=9)

    fixed = BROKEN.replace('step view "Again" { when event == "view2" }', "").replace("paid", "cart")
    fixed = fixed.replace("crat", "cart").replace("carts", "cart")
    change_document(client, uri, fixed, 2)
    assert await diagnostics_of(client, uri, 2) == []


async def test_positions_count_the_clients_units_before_the_error(client: LanguageClient, tmp_path: Path):
    # 😀 is one character, two UTF-16 units, four UTF-8 bytes; 購 one character, one UTF-16 unit, three bytes.
    text = 'journey j "😀 購物" { stage s "段階 🛒" { step a "a" { when e == "x" } } start a success b }\n'
    uri = open_document(client, tmp_path / "wide.journey", text)
    (found,) = [d for d in await diagnostics_of(client, uri, 1) if d.code == "JS202"]
    before = text[: text.index("success b") + 8]
    units = {"utf-16": len(before.encode("utf-16-le")) // 2, "utf-8": len(before.encode()), "utf-32": len(before)}
    # VS Code's profile offers UTF-16 only; Neovim's offers UTF-8 first, which the server takes.
    expected = {"visual_studio_code": "utf-16", "neovim": "utf-8"}[client.profile]
    assert client.encoding == expected
    assert found.range.start == types.Position(line=0, character=units[expected])
    assert (units["utf-16"], units["utf-8"]) == (len(before) + 2, len(before) + 14)


async def test_outline_hover_and_navigation(client: LanguageClient, tmp_path: Path):
    uri = open_document(client, tmp_path / "checkout.journey", CHECKOUT)
    await diagnostics_of(client, uri, 1)
    doc = types.TextDocumentIdentifier(uri=uri)

    outline = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc))
    (journey,) = outline
    assert (journey.name, journey.detail) == ("checkout", "Web shop checkout")
    children = {(c.kind, c.name): c for c in journey.children}
    assert [c.name for c in journey.children if c.kind == types.SymbolKind.Namespace] == ["discover", "decide", "buy"]
    assert [s.name for s in children[types.SymbolKind.Namespace, "buy"].children] == ["checkout", "payment", "purchase"]
    assert children[types.SymbolKind.Object, "first_timer"].detail == "First-time mobile shopper"
    expectations = [c.name for c in journey.children if c.kind == types.SymbolKind.Boolean]
    assert len(expectations) == 12 and expectations[2] == "expect conversion product -> purchase >= 3% within 1d"

    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=doc, position=position_of(CHECKOUT, "flow add_to_cart -> checkout", after=22)))
    text = hover.contents.value
    assert "**step `checkout`** — Start checkout" in text and "stage `buy`" in text
    assert 'when `event == "begin_checkout"`' in text
    assert "from: `cart`, `payment` (\"edits the address\"), `add_to_cart` (30%)" in text
    assert "to: `payment`" in text

    metric = await client.text_document_hover_async(types.HoverParams(
        text_document=doc, position=position_of(CHECKOUT, "expect dropoff", after=9)))
    assert "**`dropoff at X`**" in metric.contents.value and "whose last step is X" in metric.contents.value
    emotion = await client.text_document_hover_async(types.HoverParams(
        text_document=doc, position=position_of(CHECKOUT, 'emotion -1 "anxious"', after=2)))
    assert "| **`-1`** | **slightly negative: anxious, impatient** |" in emotion.contents.value

    use = position_of(CHECKOUT, "expect dropoff at checkout", after=19)
    (definition,) = await client.text_document_definition_async(types.DefinitionParams(text_document=doc, position=use))
    assert definition.range.start == position_of(CHECKOUT, 'step checkout "', after=5)
    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=doc, position=use, context=types.ReferenceContext(include_declaration=True)))
    # The step declared once, entered by three flows, named by one expectation: counted apart from the server.
    assert len(refs) == len(re.findall(r"(?:step |-> |dropoff at )checkout\b", CHECKOUT)) == 5

    edit = await client.text_document_rename_async(types.RenameParams(text_document=doc, position=use, new_name="pay_start"))
    renamed = _apply(CHECKOUT, edit.changes[uri])
    before, after = journeyspec.parse(CHECKOUT).journeys[0], journeyspec.parse(renamed).journeys[0]
    swap = {"checkout": "pay_start"}
    assert [(e.source, e.target) for e in after.edges] == [(swap.get(e.source, e.source), swap.get(e.target, e.target))
                                                          for e in before.edges]
    assert [s.id for s in after.steps] == [swap.get(s.id, s.id) for s in before.steps]
    assert "journey checkout" in renamed  # the journey of the same name is another thing
    with pytest.raises(Exception, match="already exists"):
        await client.text_document_rename_async(types.RenameParams(text_document=doc, position=use, new_name="cart"))


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    def offset(position: types.Position) -> int:
        start = sum(len(line) + 1 for line in text.split("\n")[: position.line])
        return start + position.character  # the test maps are ASCII

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


async def _labels(client: LanguageClient, uri: str, position: types.Position) -> list[str]:
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=position))
    return [item.label for item in sorted(result.items, key=lambda i: i.sort_text or i.label)]  # as editors list them


async def test_completion(client: LanguageClient, tmp_path: Path):
    (tmp_path / "events.csv").write_text("session_id,timestamp,event,page,device\n1,2024-01-01,view,/,web\n")
    (tmp_path / "journeyspec.toml").write_text('[sources.default]\ndata = "events.csv"\n')
    uri = open_document(client, tmp_path / "checkout.journey", CHECKOUT)
    await diagnostics_of(client, uri, 1)
    versions = iter(range(2, 100))

    async def typed(line: str) -> list[str]:
        """The labels offered at the end of ``line``, typed as the journey's last line."""
        text = CHECKOUT.replace("  expect sessions >= 1000\n", f"  expect sessions >= 1000\n{line}\n")
        change_document(client, uri, text, next(versions))
        return await _labels(client, uri, position_of(text, line + "\n", after=len(line)))

    in_journey = await typed("  ")
    assert {"stage", "flow", "expect", "start", "persona"} <= set(in_journey) and "step" not in in_journey
    in_step = await _labels(client, uri, position_of(CHECKOUT, '      touchpoint "Product page"', after=6))
    assert {"when", "channel", "touchpoint", "emotion", "allow"} <= set(in_step) and "flow" not in in_step
    after_arrow = await typed("  flow search -> ")
    assert {"product", "search", "cart", "purchase"} <= set(after_arrow) and "buy" not in after_arrow
    assert set(await typed("  success pur")) >= {"purchase", "payment"}
    assert await typed("  expect time ") == ["p50", "p75", "p90", "p95", "p99", "mean"]
    assert await typed("  expect emotion at b") == ["buy", "decide", "discover"]
    assert await typed("  expect reach cart <= 35% within 30") == ["30s", "30m", "30h", "30d"]
    assert await typed("  scope ") == ["session", "user"]
    for _ in range(50):  # the header is read on a worker thread: the first asks start it
        fields = await typed('  ignore ')
        if "device" in fields:
            break
        await asyncio.sleep(0.05)
    assert fields[:5] == ["device", "event", "page", "session_id", "timestamp"]
    assert fields[5:] == ["from", "not"]  # `ignore from LIBRARY` takes a library's rules


async def test_formatting_and_quick_fix(client: LanguageClient, tmp_path: Path):
    messy = 'journey j {\nstage s { step a { when e == "x" }\n  step b }\n start a\n  success b flow a -> b }\n'
    uri = open_document(client, tmp_path / "messy.journey", messy)
    await diagnostics_of(client, uri, 1)
    (edit,) = await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        options=types.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert edit.new_text == journeyspec.format(messy)

    typo = messy.replace("flow a -> b", "flow a -> bb")
    change_document(client, uri, typo, 2)
    (unknown,) = [d for d in await diagnostics_of(client, uri, 2) if d.code == "JS202"]
    (action,) = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=unknown.range,
        context=types.CodeActionContext(diagnostics=[unknown])))
    assert action.title == "Replace `bb` with `b`"
    assert _apply(typo, action.edit.changes[uri]) == messy


# One session is enough here: the capability profile changes nothing, and each input takes time.
@pytest.mark.parametrize("client", ["visual_studio_code"], indirect=True)
async def test_hostile_text_keeps_the_server_up(client: LanguageClient, tmp_path: Path):
    rng = random.Random(23)
    junk = bytes(rng.randrange(256) for _ in range(100_000)).decode("latin-1")
    deep = "journey a { stage s { step x { when " + "(" * 5_000 + "a == 1" + ")" * 5_000 + " } } }"
    half = ["journey a {", "journey a { stage s { step x { when event ==", 'journey a { flow a -> "', "journey a { expect"]
    uri = open_document(client, tmp_path / "hostile.journey", "")
    await diagnostics_of(client, uri, 1)
    for version, text in enumerate([*ODD_INPUTS, junk, deep, *half], start=2):
        change_document(client, uri, text, version)
        found = await diagnostics_of(client, uri, version)
        assert found  # none of these is a whole map
        # Every request still answers for whatever is in the buffer now.
        end = position_of(text + "\n", "\n", occurrence=(text + "\n").count("\n"))
        doc = types.TextDocumentIdentifier(uri=uri)
        await client.text_document_hover_async(types.HoverParams(text_document=doc, position=end))
        await client.text_document_completion_async(types.CompletionParams(text_document=doc, position=end))
        await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc))
    change_document(client, uri, CHECKOUT, 1000)
    assert await diagnostics_of(client, uri, 1000) == []
