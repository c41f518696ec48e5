"""Which documents one document's ids can reach: the one place that knows about other files.

Today a map names only its own steps, stages, personas and journeys, so the
answer is the document itself. When a map can ``use`` another (issue 24),
this module follows the ``use`` statements, and definition, references and
rename follow it without change.
"""

from __future__ import annotations

from collections.abc import Mapping

from journeyspec.lsp.analysis import Analysis
from journeyspec.lsp.index import Occurrence, same


def reachable(analyses: Mapping[str, Analysis], uri: str) -> list[Analysis]:
    """The analyses whose ids the document at ``uri`` can name (itself first)."""
    own = analyses.get(uri)
    return [own] if own is not None else []


def everywhere(analyses: Mapping[str, Analysis], uri: str, target: Occurrence) -> list[tuple[Analysis, Occurrence]]:
    """Every occurrence of what ``target`` names, in every document it can be written in."""
    return [(analysis, o) for analysis in reachable(analyses, uri) for o in same(analysis.found, target)]
