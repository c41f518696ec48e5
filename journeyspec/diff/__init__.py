"""Semantic diff of journeys: what changed in the designed experience, not which lines.

The road is ``inputs`` (files, folders, git revisions, texts) → ``compare``
(IR × IR → :class:`Change` records) → ``formats`` (text, JSON, Markdown) and
``render`` (an SVG of the new version with the changes coloured).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeyspec.diff.changes import CHANGE_KINDS, Change

if TYPE_CHECKING:
    from journeyspec.diff.inputs import Source

# This package stays light to import: ``journeyspec/__init__.py`` imports it
# eagerly to bind the name ``journeyspec.diff`` to the function below (a lazy
# import would let Python rebind the name to this package on first use), so
# the compiler and the comparison load only when ``diff`` is called.


def diff(old: Source, new: Source) -> list[Change]:
    """The semantic changes from ``old`` to ``new``, journeys matched by id.

    Each side may be a :class:`~journeyspec.ir.Document`, a
    :class:`~journeyspec.ir.Journey`, a :class:`pathlib.Path` to a map file
    or folder, a ``str`` of map text (it holds a newline or a ``{``) or else a
    path, ``None`` for nothing, or a list of any of these::

        journeyspec.diff(Path("old/"), Path("maps/"))
        journeyspec.diff(old_text, new_text)

    Returns:
        The changes in a deterministic order: journeys by id, then section by section.

    Raises:
        JourneyspecError: when a map does not compile.
        FileNotFoundError: when a path does not exist.
        ValueError: when one side holds two journeys with the same id.
    """
    from journeyspec.diff.compare import compare
    from journeyspec.diff.inputs import journeys_of

    return compare(journeys_of(old), journeys_of(new))


__all__ = ["CHANGE_KINDS", "Change", "diff"]
