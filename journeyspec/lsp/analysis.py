"""One open document, compiled: the text, what the compiler said, and where the ids are.

A document is compiled with the compiler's own one-call front end
(:func:`journeyspec.lang.frontend.compile_text`), so the server's diagnostics
are ``validate``'s, and every feature reads the same syntax tree and IR.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

from pygls.workspace.position_codec import PositionCodec

from journeyspec.ir.journey import Document
from journeyspec.lang.front.syntax import SyntaxFile
from journeyspec.lang.frontend import Compiled, compile_text
from journeyspec.lang.share.files import MapFiles
from journeyspec.lsp.index import Occurrence, occurrences
from journeyspec.lsp.positions import LineIndex


def uri_to_path(uri: str) -> str | None:
    """The local path of a ``file:`` URI (``None`` for an unsaved buffer or another scheme)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return unquote(parsed.path)


@dataclass(slots=True)
class Analysis:
    """A document at one version, compiled."""

    uri: str
    version: int | None
    compiled: Compiled
    lines: LineIndex
    found: list[Occurrence] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.lines.text

    @property
    def path(self) -> str | None:
        return self.compiled.file

    @property
    def syntax(self) -> SyntaxFile | None:
        return self.compiled.syntax

    @property
    def document(self) -> Document | None:
        return self.compiled.document


def analyse(uri: str, version: int | None, text: str, codec: PositionCodec, files: MapFiles | None = None) -> Analysis:
    """Compile one document's text (never raises for any text: the compiler turns it into diagnostics).

    ``files`` is where its `use`s are read (default: the disk; the server gives the open documents' texts first).
    """
    compiled = compile_text(text, uri_to_path(uri) or uri, files)
    found = occurrences(compiled)
    return Analysis(uri, version, compiled, LineIndex(text, codec), found)
