"""The outline of a map: journeys, their personas, stages with their steps and groups, expectations; libraries."""

from __future__ import annotations

from lsprotocol import types

from journeyspec.lang.front.syntax import Block, ExpectStatement, GroupStatement, Statement
from journeyspec.lsp.analysis import Analysis

_KIND = {
    "journey": types.SymbolKind.Module,
    "library": types.SymbolKind.Package,
    "persona": types.SymbolKind.Object,
    "stage": types.SymbolKind.Namespace,
    "step": types.SymbolKind.Event,
    "group": types.SymbolKind.Struct,
    "expect": types.SymbolKind.Boolean,
}


def _symbol(analysis: Analysis, kind: str, name: str, detail: str | None, span, selection,
            children: list[types.DocumentSymbol]) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=name,
        detail=detail,
        kind=_KIND[kind],
        range=analysis.lines.range(span[1], span[2]),
        selection_range=analysis.lines.range(selection[1], selection[2]),
        children=children or None,
    )


def _shared_label(analysis: Analysis, owner: Block, block: Block) -> str | None:
    """The label of a persona or step taken ``from`` a library without one of its own: the library's.

    The resolver decides it (the journey's own label, else the library's), so it is read from what the
    resolver made: the compiled journey, or for a library that takes from another, ``Compiled.libraries``.
    """
    if block.origin is None:
        return None
    if owner.keyword == "library":
        library = next((lib for lib in analysis.compiled.libraries if lib.name == owner.id.value), None)
        entry = library.entries(block.keyword).get(block.id.value) if library is not None else None
        return entry.label.value if entry is not None and entry.label is not None else None
    document = analysis.document
    for journey in document.journeys if document is not None else ():
        if journey.id == owner.id.value:
            found = {"persona": journey.personas, "step": journey.steps}.get(block.keyword, ())
            return next((item.label for item in found if item.id == block.id.value), None)
    return None


def _children(analysis: Analysis, body: tuple[Statement, ...] | None, owner: Block) -> list[types.DocumentSymbol]:
    out: list[types.DocumentSymbol] = []
    for statement in body or ():
        if isinstance(statement, Block):
            label = statement.label.value if statement.label else _shared_label(analysis, owner, statement)
            out.append(_symbol(analysis, statement.keyword, statement.id.value, label, statement.span,
                               statement.id.span, _children(analysis, statement.body, owner)))
        elif isinstance(statement, GroupStatement):
            label = statement.label.value if statement.label else None
            out.append(_symbol(analysis, "group", statement.id.value, label, statement.span, statement.id.span, []))
        elif isinstance(statement, ExpectStatement):
            written = " ".join(analysis.text[statement.span[1]:statement.span[2]].split())
            out.append(_symbol(analysis, "expect", written, None, statement.span, statement.span, []))
    return out


def document_symbols(analysis: Analysis) -> list[types.DocumentSymbol]:
    """The outline (libraries and journeys, in the file's order), or nothing while the text does not parse."""
    tree = analysis.syntax
    if tree is None:
        return []
    return [
        _symbol(analysis, block.keyword, block.id.value, block.label.value if block.label else None, block.span,
                block.id.span, _children(analysis, block.body, block))
        for block in sorted([*tree.libraries, *tree.journeys], key=lambda b: b.span[1])
    ]
