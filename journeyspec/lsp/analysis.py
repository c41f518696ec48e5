"""One open document, compiled: the text, what the compiler said, and where the ids are.

A document is compiled with the compiler's own one-call front end
(:func:`journeyspec.lang.frontend.compile_text`), so the server's diagnostics
are ``validate``'s, and every feature reads the same syntax tree and IR.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from pygls.workspace.position_codec import PositionCodec

from journeyspec.ir.journey import Document
from journeyspec.lang.front.incremental import Reparser
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
    _found: list[Occurrence] | None = None

    @property
    def found(self) -> list[Occurrence]:
        """Where each id is declared and used; worked out on the first request that needs it, not on every
        edit (a 5,000-step map: a fifth of an edit's compile, which diagnostics do not need)."""
        if self._found is None:
            self._found = occurrences(self.compiled)
        return self._found

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


def analyse(uri: str, version: int | None, text: str, codec: PositionCodec, files: MapFiles | None = None,
            reparser: Reparser | None = None) -> Analysis:
    """Compile one document's text (never raises for any text: the compiler turns it into diagnostics).

    ``files`` is where its `use`s are read (default: the disk; the server gives the open documents' texts first).
    ``reparser`` is the document's own (see :class:`~journeyspec.lang.front.incremental.Reparser`): the
    stages an edit left alone are not parsed again; the diagnostics are the same.
    """
    compiled = compile_text(text, uri_to_path(uri) or uri, files, reparser=reparser)
    return Analysis(uri, version, compiled, LineIndex(text, codec))
