"""`journeyspec lsp` across files: a library and the journeys that take from it (issues 23 and 24).

The project is written to a temporary folder; only some of its files are open
in the editor, as in real use: a library's uses are found in closed files too.
Expected places are counted apart from the server, with a regular expression
over the texts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

import journeyspec
from journeyspec.ir.text import predicate_text
from tests.lsp.helpers import ROOT, change_document, diagnostics_of, open_document, position_of

pytestmark = [pytest.mark.lsp, pytest.mark.asyncio(loop_scope="package")]  # the session: conftest.py

COMMON = """library common "Shared steps" {
  step login "Log in" { when event == "login" }
  step logout { when event == "logout" }
  persona first_timer "First timer"
  friction event == "error"
  sentiment csat 1..5
}
"""

# Takes from `common` and says nothing more: labels are the library's.
A = """use "shared/common.journey"

journey a "A" {
  persona first_timer from common
  stage s "S" {
    step login from common
    step browse "Browse" { when event == "browse" }
  }
  friction from common
  start login
  success browse
  flow login -> browse
  expect reach login >= 10%
}
"""

# Gives the shared step a label of its own, and has a `pay` of its own. Never opened in these tests.
B = """use "shared/common.journey"

journey b "B" {
  stage s "S" {
    step login "Sign in" from common
    step pay { when event == "pay" }
  }
  start login
  success pay
  flow login -> pay
}
"""


def _project(root: Path) -> dict[str, Path]:
    (root / "journeyspec.toml").write_text("")
    (root / "maps" / "shared").mkdir(parents=True)
    files = {"common": root / "maps" / "shared" / "common.journey", "a": root / "maps" / "a.journey",
             "b": root / "maps" / "b.journey"}
    for name, text in (("common", COMMON), ("a", A), ("b", B)):
        files[name].write_text(text, encoding="utf-8")
    return files


def _doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def _where(location: types.Location) -> tuple[str, int, int]:
    return (Path(location.uri.removeprefix("file://")).name, location.range.start.line, location.range.start.character)


def _words(files: dict[str, Path], word: str) -> set[tuple[str, int, int]]:
    """Every place ``word`` is written as a whole word, in every file: the independent count of references."""
    return {(path.name, *p) for path in files.values() for p in _all(path.read_text(encoding="utf-8"), word)}


async def _definition(client: LanguageClient, uri: str, text: str, needle: str, after: int) -> list[types.Location]:
    return await client.text_document_definition_async(types.DefinitionParams(
        text_document=_doc(uri), position=position_of(text, needle, after=after)))


async def _references(client: LanguageClient, uri: str, position: types.Position) -> list[types.Location]:
    return await client.text_document_references_async(types.ReferenceParams(
        text_document=_doc(uri), position=position, context=types.ReferenceContext(include_declaration=True)))


async def test_definition_and_references_reach_the_library_and_every_journey(client: LanguageClient, tmp_path: Path):
    files = _project(tmp_path)
    a = open_document(client, files["a"], A)
    assert await diagnostics_of(client, a, 1) == []
    in_library = position_of(COMMON, "login")

    for needle, after in (("flow login", 6), ("reach login", 7), ("step login from", 6)):
        (found,) = await _definition(client, a, A, needle, after)
        assert (found.uri, found.range.start) == (files["common"].resolve().as_uri(), in_library)
    (persona,) = await _definition(client, a, A, "first_timer from", 3)
    assert _where(persona) == ("common.journey", *_at(COMMON, "first_timer"))
    (library,) = await _definition(client, a, A, "from common", 7)
    assert _where(library) == ("common.journey", *_at(COMMON, "common"))
    (used,) = await _definition(client, a, A, '"shared/common', 3)
    assert used.uri == files["common"].resolve().as_uri() and used.range.start == types.Position(line=0, character=0)

    # From the library (opened too): the definition, and every use in a (open) and b (closed, on disk).
    common = open_document(client, files["common"], COMMON)
    assert await diagnostics_of(client, common, 1) == []
    refs = await _references(client, common, position_of(COMMON, "login", after=2))
    assert {_where(r) for r in refs} == _words(files, "login") and len(refs) == 8
    # A step of a's own is a's alone, though b is in the same project.
    local = await _references(client, a, position_of(A, "flow login -> browse", after=15))
    assert {_where(r) for r in local} == {x for x in _words(files, "browse") if x[0] == "a.journey"}
    assert len(local) == 3


def _at(text: str, needle: str) -> tuple[int, int]:
    p = position_of(text, needle)
    return (p.line, p.character)


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        return sum(len(line) + 1 for line in lines[: position.line]) + position.character  # ASCII texts

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


async def test_rename_a_shared_step_in_every_file_and_a_local_one_in_its_own(client: LanguageClient, tmp_path: Path):
    files = _project(tmp_path)
    a = open_document(client, files["a"], A)
    await diagnostics_of(client, a, 1)
    before = {name: journeyspec.compile(path).journeys for name, path in files.items() if name != "common"}

    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=_doc(a), position=position_of(A, "flow login", after=6), new_name="sign_in"))
    by_file = {Path(uri.removeprefix("file://")).name: edits for uri, edits in edit.changes.items()}
    assert {name: len(edits) for name, edits in by_file.items()} == {"common.journey": 1, "a.journey": 4, "b.journey": 3}
    for path in files.values():
        path.write_text(_apply(path.read_text(encoding="utf-8"), by_file[path.name]), encoding="utf-8")
    assert _words(files, "login") == set() and 'when event == "login"' in files["common"].read_text()  # ids only
    # The renamed project compiles to the same journeys, with the step called `sign_in`, its condition the library's.
    swap = {"login": "sign_in"}
    for name, journeys in before.items():
        (old,), (new,) = journeys, journeyspec.compile(files[name]).journeys
        assert [(s.id, s.label, predicate_text(s.when)) for s in new.steps] == [
            (swap.get(s.id, s.id), s.label, predicate_text(s.when)) for s in old.steps]
        assert [(e.source, e.target) for e in new.edges] == [(swap.get(e.source, e.source), swap.get(e.target, e.target))
                                                           for e in old.edges]
        assert [(s.kind, s.id) for s in new.shared] == [(s.kind, swap.get(s.id, s.id)) for s in old.shared]
    assert not [d for d in journeyspec.validate(tmp_path / "maps") if d.is_error]

    # A step of a's own: a's edits only.
    local = await client.text_document_rename_async(types.RenameParams(
        text_document=_doc(a), position=position_of(A, "success browse", after=9), new_name="look"))
    assert list(local.changes) == [a] and len(local.changes[a]) == 3


async def test_rename_refuses_a_name_taken_in_any_file_or_not_an_id(client: LanguageClient, tmp_path: Path):
    files = _project(tmp_path)
    a = open_document(client, files["a"], A)
    await diagnostics_of(client, a, 1)
    at_login = position_of(A, "flow login", after=6)
    refusals = {
        "pay": "a step called `pay` already exists in b.journey",  # b is closed: found on disk
        "logout": "a step called `logout` already exists in common.journey",
        "browse": "a step called `browse` already exists",
        "2fa": "`2fa` is not an id",
        "flow": "`flow` is a keyword",
    }
    for name, message in refusals.items():
        with pytest.raises(Exception, match=re.escape(message)):
            await client.text_document_rename_async(types.RenameParams(
                text_document=_doc(a), position=at_login, new_name=name))
    # A library's name: its declaration and every `from` naming it, counted apart from the server.
    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=_doc(a), position=position_of(A, "from common", after=7), new_name="shared"))
    counts = {Path(uri.removeprefix("file://")).name: len(edits) for uri, edits in edit.changes.items()}
    assert counts == {p.name: len(re.findall(r"(?:from|library) common\b", p.read_text())) for p in files.values()}
    assert counts == {"a.journey": 3, "b.journey": 1, "common.journey": 1}
    nothing = await client.text_document_prepare_rename_async(types.PrepareRenameParams(
        text_document=_doc(a), position=position_of(A, '"shared/common', after=3)))
    assert nothing is None  # a `use` path is not an id


MORE = """use "common.journey"

library more {
  step login from common
  step help "Get help" { when event == "help" }
}
"""


async def test_a_library_alone_validates_clean_and_outlines_with_the_resolvers_labels(client: LanguageClient,
                                                                                      tmp_path: Path):
    files = _project(tmp_path)
    (tmp_path / "maps" / "shared" / "more.journey").write_text(MORE, encoding="utf-8")
    common = open_document(client, files["common"], COMMON)
    assert await diagnostics_of(client, common, 1) == []
    more = open_document(client, tmp_path / "maps" / "shared" / "more.journey", MORE)
    assert await diagnostics_of(client, more, 1) == []

    async def outline(uri: str) -> list[tuple]:
        def flat(symbols, depth=0):
            return [x for s in symbols for x in [(depth, s.kind, s.name, s.detail), *flat(s.children or [], depth + 1)]]
        return flat(await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=_doc(uri))))

    Step, Persona, Package = types.SymbolKind.Event, types.SymbolKind.Object, types.SymbolKind.Package
    assert await outline(common) == [(0, Package, "common", "Shared steps"), (1, Step, "login", "Log in"),
                                     (1, Step, "logout", None), (1, Persona, "first_timer", "First timer")]
    # A library taking from another: the label is the one the resolver gives (`Compiled.libraries`).
    assert await outline(more) == [(0, Package, "more", None), (1, Step, "login", "Log in"),
                                   (1, Step, "help", "Get help")]
    a = open_document(client, files["a"], A)
    await diagnostics_of(client, a, 1)
    journey = await outline(a)
    assert (1, Persona, "first_timer", "First timer") in journey and (2, Step, "login", "Log in") in journey
    b = open_document(client, files["b"], B)
    await diagnostics_of(client, b, 1)
    assert (2, Step, "login", "Sign in") in await outline(b)  # the journey's own label wins

    async def hover(uri: str, text: str, needle: str, after: int) -> str:
        found = await client.text_document_hover_async(types.HoverParams(
            text_document=_doc(uri), position=position_of(text, needle, after=after)))
        return found.contents.value
    assert await hover(common, COMMON, "login", 2) == (
        "**step `login`** — Log in\n\nin library `common`; a journey takes it with `step login from common`"
        '\n\nwhen `event == "login"`')
    assert "shared: from library `common` (`shared/common.journey`); this journey writes its own `label`" in (
        await hover(b, B, "flow login", 6))


async def test_the_example_library_alone_and_its_users_in_maps(client: LanguageClient):
    people_path = ROOT / "maps" / "shared" / "people.journey"
    people = people_path.read_text(encoding="utf-8")
    uri = open_document(client, people_path, people)
    assert await diagnostics_of(client, uri, 1) == []
    refs = await _references(client, uri, position_of(people, "late_delivery", after=2))
    # Written apart from the server: the files of maps/ that write `persona late_delivery from people`.
    takers = sorted(p.name for p in (ROOT / "maps").glob("*.journey")
                    if "persona late_delivery from people" in p.read_text(encoding="utf-8"))
    assert takers == ["support.journey"]
    assert sorted(_where(r)[0] for r in refs) == sorted(["people.journey", *takers])


async def test_missing_file_cycle_and_unsaved_library(client: LanguageClient, tmp_path: Path):
    files = _project(tmp_path)
    # A `use` of a file that is not there: JS120, and navigation still answers inside the file.
    missing = A.replace("shared/common.journey", "shared/gone.journey")
    a = open_document(client, tmp_path / "maps" / "missing.journey", missing)
    assert "JS120" in {d.code for d in await diagnostics_of(client, a, 1)}
    assert await _definition(client, a, missing, '"shared/gone', 3) == []
    (own,) = await _definition(client, a, missing, "flow login", 6)  # the only declaration there is: the `from` line
    assert _where(own) == ("missing.journey", *_at(missing, "login"))
    refs = await _references(client, a, position_of(missing, "flow login", after=6))
    assert {_where(r) for r in refs} == {("missing.journey", *p) for p in _all(missing, "login")}

    # Two libraries using each other: JS121, and requests come back (no endless walk).
    x, y = tmp_path / "maps" / "x.journey", tmp_path / "maps" / "y.journey"
    x_text = 'use "y.journey"\n\nlibrary lx {\n  step sx from ly\n}\n'
    y_text = 'use "x.journey"\n\nlibrary ly {\n  step sx { when event == "x" }\n}\n'
    x.write_text(x_text)
    y.write_text(y_text)
    xu = open_document(client, x, x_text)
    assert "JS121" in {d.code for d in await diagnostics_of(client, xu, 1)}
    await _references(client, xu, position_of(x_text, "sx"))
    await _definition(client, xu, x_text, "from ly", 6)

    # An unsaved edit in an open library: the editor's text wins over the file on disk.
    common = open_document(client, files["common"], COMMON)
    await diagnostics_of(client, common, 1)
    edited = COMMON.replace("  step login", '  step signup "Sign up" { when event == "signup" }\n  step login')
    change_document(client, common, edited, 2)
    await diagnostics_of(client, common, 2)
    takes = A.replace("    step browse", "    step signup from common\n    step browse").replace(
        "flow login -> browse", "flow login -> signup -> browse")
    uri = open_document(client, files["a"], takes)
    await diagnostics_of(client, uri, 1)
    (found,) = await _definition(client, uri, takes, "-> signup", 4)
    assert (found.uri, found.range.start) == (common, position_of(edited, "signup"))
    (login,) = await _definition(client, uri, takes, "flow login", 6)
    assert login.range.start == position_of(edited, "login")  # a line lower than on disk
    assert position_of(edited, "login") != position_of(COMMON, "login")


def _all(text: str, word: str) -> list[tuple[int, int]]:
    """Where ``word`` is written as an id: a whole word, not in quotes (`when event == "login"` is an event name)."""
    return [_at(text[: m.start()] + "\x00" + text[m.start() + 1:], "\x00")
            for m in re.finditer(rf'(?<!"){word}\b(?!")', text) if m.start() == 0 or not text[m.start() - 1].isalnum()]


async def test_a_journeys_problems_follow_an_unsaved_edit_of_its_library(client: LanguageClient, tmp_path: Path):
    """The journey is not touched: its problems change because the library it takes `login` from did."""
    files = _project(tmp_path)
    journey = open_document(client, files["a"], A)
    assert await diagnostics_of(client, journey, 1) == []
    library = open_document(client, files["common"], COMMON)
    await diagnostics_of(client, library, 1)
    renamed = COMMON.replace("step login", "step sign_in")
    change_document(client, library, renamed, 2)
    problems = await diagnostics_of(client, journey, 1)  # published again, at the journey's same version
    assert "JS248" in {d.code for d in problems}  # `login` is not in the library (any more)
    assert any("login" in d.message for d in problems)
    change_document(client, library, COMMON, 3)
    assert await diagnostics_of(client, journey, 1) == []
    assert files["common"].read_text(encoding="utf-8") == COMMON  # the disk never saw the rename
