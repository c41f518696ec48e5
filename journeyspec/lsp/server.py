"""The wiring: LSP messages in, the modules of this package called, answers out.

Diagnostics are pushed on open at once, and on change after a short pause in
typing (:data:`DEBOUNCE_SECONDS`), compiled on a worker thread so the server
keeps answering meanwhile; a result for a text that changed again while it
was compiled is dropped. Requests (hover, completion …) use the analysis of
the document's current text, made on the spot when the pushed one is stale.
One analysis per open document is kept, and dropped on close, so memory does
not grow with edits.
"""

from __future__ import annotations

import asyncio
import logging

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from journeyspec import __version__
from journeyspec.lang.front.incremental import Reparser
from journeyspec.lsp import completion, crossfile, diagnostics, edits, hover, navigation, symbols
from journeyspec.lsp.analysis import Analysis, analyse, uri_to_path
from journeyspec.lsp.fields import FieldNames
from journeyspec.lsp.index import home, statements_at

DEBOUNCE_SECONDS = 0.05
"""How long typing must pause before a changed document is compiled again.

Short, because a re-compile after an edit reparses only the stages the edit touched
(benchmarks/lsp: diagnostics for 5,000 steps within 300 ms of a change)."""

log = logging.getLogger(__name__)


class JourneyServer(LanguageServer):
    """The journeyspec language server: one compiled analysis per open document."""

    def __init__(self) -> None:
        super().__init__("journeyspec", __version__)
        self.analyses: dict[str, Analysis] = {}
        self.parsed: dict[str, Analysis] = {}  # the last analysis that parsed: ids for completion while broken
        self.pending: dict[str, asyncio.Task] = {}
        self.compile_lock = asyncio.Lock()
        self.reparsers: dict[str, Reparser] = {}  # per open document; used only under compile_lock
        self.stale: set[str] = set()  # open documents to check again: a file they `use` changed
        self.fields = FieldNames()
        self.docs_url = diagnostics.DOCS_URL
        self.project = crossfile.Project()  # the maps navigation reaches across files, open or not

    # --- analyses ---------------------------------------------------------------

    def _analyse(self, uri: str) -> Analysis | None:
        try:
            document = self.workspace.get_text_document(uri)
        except Exception:  # noqa: BLE001 - a request for a document that was never opened
            return None
        return analyse(uri, document.version, document.source, document.position_codec)

    def _keep(self, analysis: Analysis) -> None:
        self.analyses[analysis.uri] = analysis
        if analysis.syntax is not None:
            self.parsed[analysis.uri] = analysis

    def current(self, uri: str) -> Analysis | None:
        """The analysis of the document's text as it is now."""
        try:
            version = self.workspace.get_text_document(uri).version
        except Exception:  # noqa: BLE001
            return None
        known = self.analyses.get(uri)
        if known is not None and known.version == version:
            return known
        fresh = self._analyse(uri)
        if fresh is not None:
            self._keep(fresh)
        return fresh

    def publish(self, analysis: Analysis) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=analysis.uri, version=analysis.version,
            diagnostics=diagnostics.publishable(analysis, self.docs_url),
        ))

    def schedule(self, uri: str, delay: float) -> None:
        """Compile and publish after ``delay`` seconds, replacing any compile already waiting."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._later(uri, delay))

    async def _later(self, uri: str, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            document = self.workspace.get_text_document(uri)
            version, text, codec = document.version, document.source, document.position_codec
            known = self.analyses.get(uri)
            if known is None or known.version != version or uri in self.stale:
                self.stale.discard(uri)
                known = await self._compile_alone(uri, version, text, codec)
            if uri not in self.workspace.text_documents or self.workspace.get_text_document(uri).version != version:
                return  # edited (or closed) meanwhile: the next compile publishes
            self._keep(known)
            self.publish(known)
            if known.path is not None and known.document is not None:
                for journey in known.document.journeys:  # starts reading the fields completion offers
                    self.fields.get(known.path, journey.id)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("journeyspec: analysing %s failed", uri)
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    async def _compile_alone(self, uri, version, text, codec) -> Analysis:
        """Compile on a worker thread, one compile at a time.

        A compile cannot be stopped halfway: when newer typing cancels the task waiting for it,
        the lock is held until the thread is done, so two compiles never share the interpreter.
        """
        async with self.compile_lock:
            reparser = self.reparsers.setdefault(uri, Reparser())
            files = self._open_files(uri, text)
            job = asyncio.ensure_future(asyncio.to_thread(analyse, uri, version, text, codec, files, reparser))
            try:
                return await asyncio.shield(job)
            except asyncio.CancelledError:
                await asyncio.wait([job])
                raise

    def _open_files(self, uri: str, text: str) -> crossfile.OpenFiles | None:
        """Where a document's `use`s are read: the other open documents' texts first, then the disk
        (None, the disk alone, when it uses nothing or nothing else is open)."""
        path = uri_to_path(uri)
        if path is None or "use" not in text:
            return None
        texts = {home(other): document.source for other_uri, document in self.workspace.text_documents.items()
                 if other_uri != uri and (other := uri_to_path(other_uri)) is not None}
        return crossfile.OpenFiles(path, texts) if texts else None

    def refresh_users(self, uri: str) -> None:
        """Check again, soon, every open document that read ``uri``'s file through a `use` (a library changed)."""
        path = uri_to_path(uri)
        if path is None:
            return
        changed = home(path)
        for other, analysis in list(self.analyses.items()):
            if other != uri and changed in {home(f) for f in analysis.compiled.used_files}:
                self.stale.add(other)
                self.schedule(other, DEBOUNCE_SECONDS)

    def across_files(self) -> crossfile.Project:
        """The project as the editor shows it now: open documents' texts win over the disk."""
        folders = [uri_to_path(f.uri) for f in self.workspace.folders.values()] + [self.workspace.root_path]
        self.project.update([crossfile.OpenDocument(uri, d.version, d.source)
                             for uri, d in self.workspace.text_documents.items()], [f for f in folders if f])
        for analysis in self.analyses.values():
            self.project.offer(analysis)
        return self.project

    def forget(self, uri: str) -> None:
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.analyses.pop(uri, None)
        self.parsed.pop(uri, None)
        self.reparsers.pop(uri, None)
        self.stale.discard(uri)


server = JourneyServer()


@server.feature(types.INITIALIZE)
def _initialize(ls: JourneyServer, params: types.InitializeParams) -> None:
    options = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("docsUrl"), str):
        ls.docs_url = options["docsUrl"]


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def _did_open(ls: JourneyServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def _did_change(ls: JourneyServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)
    ls.refresh_users(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def _did_save(ls: JourneyServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)
    ls.refresh_users(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def _did_close(ls: JourneyServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.forget(uri)
    ls.refresh_users(uri)  # its users read the file on disk again
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def _symbols(ls: JourneyServer, params: types.DocumentSymbolParams):
    analysis = ls.current(params.text_document.uri)
    return symbols.document_symbols(analysis) if analysis is not None else None


@server.feature(types.TEXT_DOCUMENT_HOVER)
def _hover(ls: JourneyServer, params: types.HoverParams):
    analysis = ls.current(params.text_document.uri)
    if analysis is None:
        return None
    return hover.hover(analysis, analysis.lines.offset(params.position))


def _navigate(ls: JourneyServer, answer, params, *args):
    """Answer a navigation request across files at the request's position (``None``: no such document)."""
    uri, codec = params.text_document.uri, ls.workspace.position_codec
    project = ls.across_files()
    analysis = project.analysis(uri, codec)
    if analysis is None:
        return None
    return answer(project, uri, analysis.lines.offset(params.position), *args, codec)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def _definition(ls: JourneyServer, params: types.DefinitionParams):
    return _navigate(ls, navigation.definition, params)


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def _references(ls: JourneyServer, params: types.ReferenceParams):
    return _navigate(ls, navigation.references, params, params.context.include_declaration)


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
def _prepare_rename(ls: JourneyServer, params: types.PrepareRenameParams):
    return _navigate(ls, navigation.prepare_rename, params)


@server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
def _rename(ls: JourneyServer, params: types.RenameParams):
    try:
        return _navigate(ls, navigation.rename, params, params.new_name)
    except navigation.RenameRefused as refused:
        from pygls.exceptions import JsonRpcInvalidParams

        raise JsonRpcInvalidParams(str(refused)) from None


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=[" ", ">", ","]),
)
def _completion(ls: JourneyServer, params: types.CompletionParams):
    uri = params.text_document.uri
    analysis = ls.current(uri)
    if analysis is None:
        return None
    offset = analysis.lines.offset(params.position)
    ids_from = analysis if analysis.syntax is not None else ls.parsed.get(uri)
    fields: tuple[str, ...] = ()
    if ids_from is not None and ids_from.syntax is not None and analysis.path is not None:
        path = statements_at(ids_from.syntax, min(offset, len(ids_from.text)))
        journey = path[0].id.value if path else None
        fields = ls.fields.get(analysis.path, journey)
    return types.CompletionList(is_incomplete=False, items=completion.complete(analysis, offset, ids_from, fields))


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def _formatting(ls: JourneyServer, params: types.DocumentFormattingParams):
    analysis = ls.current(params.text_document.uri)
    return edits.formatting(analysis) if analysis is not None else None


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def _code_actions(ls: JourneyServer, params: types.CodeActionParams):
    analysis = ls.current(params.text_document.uri)
    return edits.code_actions(analysis, params.context.diagnostics) if analysis is not None else None


def serve() -> None:
    """Serve over stdin and stdout until the client says exit."""
    server.start_io()
