"""Maps from what designers already have: ``journeyspec import``.

Today one source: Mermaid's ``journey`` diagram (:mod:`.mermaid`). Each
importer returns canonical map text (as ``journeyspec fmt`` writes it) or
raises diagnostics with the line of each problem.

Where it sits: a verb beside ``diff`` and ``render``; it uses the language's
formatter, and nothing reads it but the CLI.
"""

from __future__ import annotations

from journeyspec.importer.mermaid import import_mermaid_journey

__all__ = ["import_mermaid_journey"]
