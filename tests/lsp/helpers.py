"""Shared by the language server's tests: a session with the real server, and documents to open in it."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = Path(__file__).resolve().parents[2]

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "journeyspec", "lsp"])

CLIENTS = ["visual_studio_code", "neovim"]
"""The capability profiles pytest-lsp ships for the two editors the docs describe first."""


def open_document(client: LanguageClient, path: Path, text: str, version: int = 1) -> str:
    uri = path.resolve().as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="journey", version=version, text=text)))
    return uri


def change_document(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


async def diagnostics_of(client: LanguageClient, uri: str, version: int) -> list[types.Diagnostic]:
    """The diagnostics the server publishes for ``uri`` at ``version`` (waiting for them, two minutes at most:
    a publication that never comes fails the test instead of hanging the suite)."""
    return await asyncio.wait_for(_published(client, uri, version), PUBLISH_TIMEOUT)


PUBLISH_TIMEOUT = 120  # seconds


async def _published(client: LanguageClient, uri: str, version: int) -> list[types.Diagnostic]:
    while True:
        params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri == uri and params.version == version:
            return list(params.diagnostics)


def position_of(text: str, needle: str, after: int = 0, occurrence: int = 1) -> types.Position:
    """The position (UTF-16, as clients count) of the ``occurrence``-th ``needle``, ``after`` characters in."""
    at = -1
    for _ in range(occurrence):
        at = text.index(needle, at + 1)
    at += after
    line = text.count("\n", 0, at)
    column = at - (text.rfind("\n", 0, at) + 1)
    before = text[at - column:at]
    return types.Position(line=line, character=len(before.encode("utf-16-le")) // 2)
