"""The outline of a map: journeys, their personas, stages with their steps and groups, expectations."""

from __future__ import annotations

from lsprotocol import types

from journeyspec.lang.front.syntax import Block, ExpectStatement, GroupStatement, Statement
from journeyspec.lsp.analysis import Analysis

_KIND = {
    "journey": types.SymbolKind.Module,
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


def _shared_label(analysis: Analysis, journey_id: str, block: Block) -> str | None:
    """The label of a persona or step taken ``from`` a library without one of its own: the library's."""
    document = analysis.document
    if block.origin is None or document is None:
        return None
    for journey in document.journeys:
        if journey.id == journey_id:
            found = {"persona": journey.personas, "step": journey.steps}.get(block.keyword, ())
            return next((item.label for item in found if item.id == block.id.value), None)
    return None


def _children(analysis: Analysis, body: tuple[Statement, ...] | None, journey_id: str = "") -> list[types.DocumentSymbol]:
    out: list[types.DocumentSymbol] = []
    for statement in body or ():
        if isinstance(statement, Block):
            label = statement.label.value if statement.label else _shared_label(analysis, journey_id, statement)
            out.append(_symbol(analysis, statement.keyword, statement.id.value, label, statement.span,
                               statement.id.span, _children(analysis, statement.body, journey_id)))
        elif isinstance(statement, GroupStatement):
            label = statement.label.value if statement.label else None
            out.append(_symbol(analysis, "group", statement.id.value, label, statement.span, statement.id.span, []))
        elif isinstance(statement, ExpectStatement):
            written = " ".join(analysis.text[statement.span[1]:statement.span[2]].split())
            out.append(_symbol(analysis, "expect", written, None, statement.span, statement.span, []))
    return out


def document_symbols(analysis: Analysis) -> list[types.DocumentSymbol]:
    """The outline, or nothing while the text does not parse."""
    tree = analysis.syntax
    if tree is None:
        return []
    return [
        _symbol(analysis, "journey", j.id.value, j.label.value if j.label else None, j.span, j.id.span,
                _children(analysis, j.body, j.id.value))
        for j in tree.journeys
    ]
