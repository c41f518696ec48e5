"""Which documents one document's ids can reach: the one place that knows about other files.

A journey reaches the libraries it uses (``use "shared/people.journey"``); a
library is reached by every journey of the project that uses it, open in the
editor or not. Definition, references and rename ask :func:`everywhere`, and
compare keys (:mod:`journeyspec.lsp.index`), so a step taken ``from`` a
library is found in the library and in every journey that takes it.

Files are compiled as the editor shows them: an open document's text wins
over the file on disk, also where another file ``use``s it (:class:`OpenFiles`).
A closed file's analysis is kept while neither it nor a file it uses changes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pygls.workspace.position_codec import PositionCodec

from journeyspec.lang.share.files import DiskFiles, PathProblem, check_written, project_root_of
from journeyspec.lang.source import decode, find_maps, read_map
from journeyspec.lsp.analysis import Analysis, analyse, uri_to_path
from journeyspec.lsp.index import Occurrence, home

_SCAN_LIMIT = 2_000
"""At most this many map files of a project are looked at for uses of a library (a folder of maps, not a disk)."""


@dataclass(frozen=True)
class OpenDocument:
    """A document open in the editor: what the client last sent."""

    uri: str
    version: int | None
    text: str


class OpenFiles:
    """Map files on disk inside the project, except those open in the editor: their unsaved text wins."""

    def __init__(self, top: str, texts: Mapping[str, str]):
        self.disk = DiskFiles(top)
        self.texts = texts  # by home(path)

    def locate(self, using: str, written: str) -> str | PathProblem:
        return self.disk.locate(using, written)

    def read(self, name: str) -> bytes:
        text = self.texts.get(home(name))
        return text.encode("utf-8") if text is not None else self.disk.read(name)

    def relative(self, using: str, name: str) -> str:
        return self.disk.relative(using, name)


def _stamp(path: str, documents: Mapping[str, OpenDocument]) -> tuple:
    """What must stay equal for an analysis that read ``path`` to stay right."""
    document = documents.get(path)
    if document is not None:
        return ("open", document.version, len(document.text), hash(document.text))
    try:
        found = os.stat(path)
    except OSError:
        return ("missing",)
    return ("disk", found.st_mtime_ns, found.st_size)


class Project:
    """The analyses of the map files a request may touch, made with the open documents' texts first."""

    def __init__(self) -> None:
        self.documents: dict[str, OpenDocument] = {}  # by home(path)
        self.by_uri: dict[str, OpenDocument] = {}
        self.folders: list[Path] = []  # the editor's workspace folders
        self._kept: dict[str, tuple[dict[str, tuple], Analysis]] = {}  # by home(path): (stamps read, analysis)
        self._mentions: dict[tuple[str, str], tuple[tuple, bool]] = {}  # (path, name) -> (stamp, written in it)

    def update(self, documents: list[OpenDocument], folders: list[str] = ()) -> None:
        """The documents open now, and the editor's workspace folders (each request starts with this)."""
        self.folders = [Path(home(f)) for f in folders]
        self.by_uri = {d.uri: d for d in documents}
        self.documents = {}
        for document in documents:
            path = uri_to_path(document.uri)
            if path is not None:
                self.documents[home(path)] = document
        for gone in [p for p in self._kept if p not in self.documents and not os.path.exists(p)]:
            del self._kept[gone]

    def offer(self, analysis: Analysis) -> None:
        """Keep an analysis the server made anyway, when it is what this project would make: the open text
        at its current version, reading no other file (no `use`), so that a large map is not compiled twice."""
        path = uri_to_path(analysis.uri)
        document = self.documents.get(home(path)) if path is not None else None
        if document is None or document.version != analysis.version or analysis.compiled.used_files:
            return
        if analysis.syntax is None or analysis.syntax.uses or document.text != analysis.text:
            return
        key = home(path)
        if key not in self._kept or self._kept[key][1] is not analysis:
            self._kept[key] = ({key: _stamp(key, self.documents)}, analysis)

    def files(self, top: str) -> OpenFiles:
        return OpenFiles(top, {path: d.text for path, d in self.documents.items()})

    def analysis(self, uri: str, codec: PositionCodec) -> Analysis | None:
        """The document at ``uri`` (open, or a file on disk), compiled with what the editor shows."""
        path = uri_to_path(uri)
        document = self.by_uri.get(uri)
        if path is None:  # an unsaved buffer: it can `use` nothing, and nothing uses it
            return analyse(uri, document.version, document.text, codec) if document is not None else None
        key = home(path)
        kept = self._kept.get(key)
        if kept is not None and all(_stamp(p, self.documents) == s for p, s in kept[0].items()):
            return kept[1]
        document = self.documents.get(key)
        if document is not None:
            uri, version, text = document.uri, document.version, document.text
        else:
            try:
                text, _ = decode(read_map(path), path)
            except OSError:
                return None
            if text is None:
                return None
            version = None
        found = analyse(uri, version, text, codec, self.files(path))
        read = [key, *(home(f) for f in found.compiled.used_files)]
        self._kept[key] = ({p: _stamp(p, self.documents) for p in read}, found)
        return found

    def users(self, library: str, codec: PositionCodec) -> list[Analysis]:
        """Every map of the project that uses the file ``library``, directly or through another library."""
        folder = Path(library).parent
        candidates = {home(str(p)) for p in find_maps([self.root(folder)])[:_SCAN_LIMIT]} | set(self.documents)
        name = Path(library).name
        out = []
        for path in sorted(candidates - {library}):
            document = self.documents.get(path)
            if document is None and not self.mentions(path, name):
                continue  # cheap: a file that never writes the library's name cannot use it
            found = self.analysis(document.uri if document else Path(path).as_uri(), codec)
            if found is not None and library in {home(f) for f in found.compiled.used_files}:
                out.append(found)
        return out


    def root(self, folder: Path) -> Path:
        """Where the maps that may use a file in ``folder`` are: its project, else the workspace folder holding it.

        Without a project file a map may `use` files in its own folder and below, so a library's users may be
        anywhere above it: the editor's workspace folder bounds the search (else the library's own folder).
        """
        found = project_root_of(folder)
        if found is not None:
            return found
        holding = [f for f in self.folders if f == folder or f in folder.parents]
        return max(holding, key=lambda f: len(f.parts)) if holding else folder

    def mentions(self, path: str, name: str) -> bool:
        """Whether the file at ``path`` writes ``name`` anywhere (kept while the file is unchanged)."""
        stamp = _stamp(path, {})
        kept = self._mentions.get((path, name))
        if kept is not None and kept[0] == stamp:
            return kept[1]
        try:
            found = name.encode("utf-8") in read_map(path)
        except OSError:
            found = False
        self._mentions[path, name] = (stamp, found)
        return found


def reachable(project: Project, uri: str, codec: PositionCodec, shared: bool = True) -> list[Analysis]:
    """The analyses whose ids the document at ``uri`` can name, or be named from (itself first).

    With ``shared``: also the libraries it uses, and every map of the project that uses it or one of them.
    """
    own = project.analysis(uri, codec)
    if own is None:
        return []
    if not shared:
        return [own]
    out = {home(own.path) if own.path else own.uri: own}
    libraries = [home(f) for f in own.compiled.used_files]
    if own.syntax is not None and own.syntax.libraries and own.path is not None:
        libraries.append(home(own.path))
    for library in dict.fromkeys(libraries):
        used = project.analysis(Path(library).as_uri() if library not in project.documents
                                else project.documents[library].uri, codec)
        if used is not None:
            out.setdefault(library, used)
        for user in project.users(library, codec):
            out.setdefault(home(user.path), user)
    return list(out.values())


def is_shared(target: Occurrence) -> bool:
    """Whether what ``target`` names can be written in other files: a library, or an entry of one."""
    return target.kind == "library" or target.key[1].startswith("library ")


def searched(project: Project, uri: str, target: Occurrence, codec: PositionCodec) -> list[Analysis]:
    """The documents what ``target`` names can be written in: its own, or (shared) every one reachable."""
    return reachable(project, uri, codec, shared=is_shared(target))


def everywhere(project: Project, uri: str, target: Occurrence, codec: PositionCodec) -> list[tuple[Analysis, Occurrence]]:
    """Every occurrence of what ``target`` names, in every document it can be written in."""
    return [(a, o) for a in searched(project, uri, target, codec) for o in a.found if o.key == target.key]


def used_file(analysis: Analysis, occurrence: Occurrence) -> str | None:
    """The file a `use` path names (``None`` when there is none to go to: the diagnostic says why)."""
    written = occurrence.node.path.value
    if analysis.path is None or check_written(written) is not None:
        return None
    located = DiskFiles(analysis.path).locate(analysis.path, written)
    return None if isinstance(located, PathProblem) else located


__all__ = ["OpenDocument", "OpenFiles", "Project", "everywhere", "reachable", "searched", "used_file"]
