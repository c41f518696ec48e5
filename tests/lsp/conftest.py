"""The language server session the tests of tests/lsp share: one per client profile, started once for the folder.

A session takes seconds to start (a subprocess importing journeyspec), so the
modules here share it (package scope) rather than each starting their own.
"""

from __future__ import annotations

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from tests.lsp.helpers import CLIENTS, ROOT, SERVER


@pytest_lsp.fixture(params=CLIENTS, config=SERVER, scope="package")
async def client(request, lsp_client: LanguageClient):
    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(request.param), root_uri=ROOT.as_uri()))
    lsp_client.profile = request.param
    lsp_client.encoding = result.capabilities.position_encoding or types.PositionEncodingKind.Utf16
    yield
    await lsp_client.shutdown_session()
