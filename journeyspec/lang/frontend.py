"""The front end in one call: text to IR with every diagnostic."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from journeyspec.diagnostics import Diagnostic, JourneyspecError, Severity
from journeyspec.gc_pause import paused_cyclic_gc
from journeyspec.ir.base import Span
from journeyspec.ir.journey import Document, Journey
from journeyspec.lang.compile.allow import silence
from journeyspec.lang.compile.checks import lint_journey
from journeyspec.lang.compile.journey import compile_syntax
from journeyspec.lang.compile.library import check_library
from journeyspec.lang.front.incremental import Reparser
from journeyspec.lang.front.parser import parse_syntax
from journeyspec.lang.front.syntax import SyntaxFile
from journeyspec.lang.share.files import DiskFiles, MapFiles
from journeyspec.lang.share.resolve import Library, relate, resolve
from journeyspec.lang.source import decode, find_maps, read_map

# Errors after which the compiled graph misses steps or edges the author wrote.
_GRAPH_DAMAGE = frozenset({"JS201", "JS202", "JS208", "JS209", "JS217", "JS240", "JS241", "JS242", "JS243", "JS244",
                           "JS245"})


@dataclass(frozen=True)
class Compiled:
    """The outcome of reading one map: the IR when it compiled, and every diagnostic."""

    file: str | None
    text: str | None
    document: Document | None
    diagnostics: tuple[Diagnostic, ...]
    syntax: SyntaxFile | None = None
    silenced: tuple[Diagnostic, ...] = ()
    """Warnings the map's `allow` statements silence: left out of ``diagnostics``, counted by ``validate``."""
    libraries: tuple[Library, ...] = ()
    """The file's own `library` blocks, resolved (entries by kind and id, each with its span)."""
    used_files: tuple[str, ...] = ()
    """Every file this one reads through `use`, directly or through another library (for re-collecting)."""
    used_texts: dict[str, str] | None = None
    """The text of each used file, by name (see :meth:`text_for`)."""

    def text_for(self, diagnostic: Diagnostic) -> str | None:
        """The text of the file a diagnostic points into: this map's, or a used library's."""
        file = diagnostic.span.file if diagnostic.span is not None else None
        if file is None or file == self.file:
            return self.text
        return (self.used_texts or {}).get(file)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def raise_for_errors(self) -> Document:
        """The document, or :class:`JourneyspecError` carrying every diagnostic when there are errors."""
        if self.errors or self.document is None:
            raise JourneyspecError(list(self.diagnostics))
        return self.document


def compile_text(
    text: str, file: str | None = None, files: MapFiles | None = None, *, reparser: Reparser | None = None,
    require_events: bool = False,
) -> Compiled:
    """Parse, compile and check map text. Never raises for bad input.

    ``files`` is where `use` finds the files it names (default: the disk, inside the project of ``file``);
    ``journeyspec diff`` gives the files of a git revision. ``reparser``, kept by an editor for one
    document, parses a new version of it reusing the stages an edit left alone (same result, faster).
    ``require_events`` (the project's ``require_events = true``) makes a step without ``when`` a warning
    (JS216); without it, maps may be drawn before the tracking plan exists.
    """
    # A large map's objects all stay alive: see journeyspec.gc_pause (5,000 steps: a fifth of the time).
    with paused_cyclic_gc(survivors="oldest"):
        return _compile_text(text, file, files, reparser, require_events)


def _compile_text(text: str, file: str | None, files: MapFiles | None, reparser: Reparser | None,
                  require_events: bool = False) -> Compiled:
    written, diagnostics = (reparser.parse if reparser is not None else parse_syntax)(text, file)
    if written is None:
        return Compiled(file, text, None, tuple(sorted(diagnostics, key=Diagnostic.sort_key)))
    if files is None and written.uses:
        files = DiskFiles(file if file is not None else "<text>")
    resolution = resolve(written, files)
    tree = resolution.tree
    diagnostics += resolution.diagnostics
    document, found, allowances = compile_syntax(tree)
    if resolution.shared:
        journeys = list(document.journeys)
        first: dict[str, int] = {}
        for index, block in enumerate(tree.journeys):
            first.setdefault(block.id.value, index)
        for index, journey in enumerate(journeys):
            shared = resolution.shared.get(first[journey.id])
            if shared:
                journeys[index] = journey.model_copy(update={"shared": tuple(shared)})
        document = document.model_copy(update={"journeys": tuple(journeys)})
    for library in resolution.libraries:
        allowances += check_library(library.block, found)
    diagnostics += found
    damaging = [d.span for d in found if d.code in _GRAPH_DAMAGE and d.span is not None]
    for journey in document.journeys:
        span = journey.span
        complete = not any(span is not None and span.start <= d.start < span.end for d in damaging)
        diagnostics += lint_journey(journey, graph_complete=complete, require_events=require_events)
    if not document.journeys and not tree.libraries:
        diagnostics.append(
            Diagnostic(
                "JS233",
                "this file holds no journey",
                Span(file=file, start=0, end=0, line=1, column=1, end_line=1, end_column=1),
                help='a map starts with `journey <id> "<label>" { … }`',
            )
        )
    diagnostics = relate(diagnostics, resolution, file)
    shown, silenced = silence(diagnostics, allowances)
    return Compiled(file, text, document, tuple(sorted(shown, key=Diagnostic.sort_key)), written,
                    tuple(sorted(silenced, key=Diagnostic.sort_key)), tuple(resolution.libraries),
                    tuple(dict.fromkeys(resolution.used_files)), resolution.texts)


def compile_file(path: str | Path, *, require_events: bool = False) -> Compiled:
    """Read and compile one map file. A file that cannot be read (or is not a file) raises ``OSError``."""
    file = str(path)
    data = read_map(path)
    text, problems = decode(data, file)
    if text is None:
        return Compiled(file, None, None, tuple(problems))
    return compile_text(text, file, require_events=require_events)


def compile_paths(paths: list[str | Path], *, require_events: bool = False) -> list[Compiled]:
    """Compile every map under ``paths``, and report journey ids declared in more than one file."""
    results = [compile_file(path, require_events=require_events) for path in find_maps(paths)]
    first_seen: dict[str, Journey] = {}
    extra: dict[int, list[Diagnostic]] = {}
    for index, result in enumerate(results):
        for journey in result.document.journeys if result.document else ():
            earlier = first_seen.setdefault(journey.id, journey)
            if earlier is not journey:
                from journeyspec.diagnostics import Related

                extra.setdefault(index, []).append(
                    Diagnostic(
                        "JS201",
                        f"journey id `{journey.id}` is also declared in {earlier.span.file}",
                        journey.span,
                        help="journey ids must be unique across the maps you validate together; rename one",
                        related=(Related(earlier.span, "first declared here"),),
                    )
                )
    _unused_entries(results, extra)
    for index, found in extra.items():
        result = results[index]
        results[index] = dataclasses.replace(
            result, diagnostics=tuple(sorted(result.diagnostics + tuple(found), key=Diagnostic.sort_key)))
    return results


def _unused_entries(results: list[Compiled], extra: dict[int, list[Diagnostic]]) -> None:
    """JS255 for each step or persona of a library that journeys in ``results`` use, which none of them takes."""
    import os

    used = {os.path.normpath(name) for r in results for name in r.used_files}
    taken = {(os.path.normpath(s.span.file), s.kind, s.id) for r in results if r.document
             for journey in r.document.journeys for s in journey.shared if s.span is not None and s.span.file}
    for index, result in enumerate(results):
        if result.file is None or os.path.normpath(result.file) not in used:
            continue
        for library in result.libraries:
            for kind, entries in (("persona", library.personas), ("step", library.steps)):
                for entry_id, block in entries.items():
                    file = block.id.span.file
                    if file is None or os.path.normpath(file) != os.path.normpath(result.file):
                        continue
                    if (os.path.normpath(file), kind, entry_id) not in taken:
                        extra.setdefault(index, []).append(Diagnostic(
                            "JS255", f"no journey validated with this library takes {kind} `{entry_id}`",
                            block.id.span, label="unused",
                            help=f"take it with `{kind} {entry_id} from {library.name}` in a journey, or remove it "
                            "from the library"))


def load_journeys(paths: list[str | Path] | str | Path) -> list[Journey]:
    """Every journey in the maps under ``paths``; raises :class:`JourneyspecError` on any error."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    results = compile_paths(list(paths))
    problems = [d for r in results for d in r.diagnostics]
    if any(d.severity is Severity.ERROR for d in problems):
        raise JourneyspecError(problems)
    return [journey for r in results for journey in r.document.journeys]
