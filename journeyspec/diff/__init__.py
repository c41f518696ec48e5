"""Semantic diff of journeys: what changed in the designed experience, not which lines.

The package reads two versions of the maps (``inputs``: files, folders, texts
or IR; ``git``: revisions), matches them by id into :class:`Change` records
(``compare``, with ``structure``, ``expectations``, ``renames`` and the one
``keyed`` comparison they share) and hands those records to ``formats`` (text,
JSON, Markdown) and ``overlay`` (marks that :mod:`journeyspec.render` draws on
the graph). It stands on the road after the IR, beside rendering, so it may
import ``journeyspec.ir``, ``lang`` (to compile a side), ``render`` (to draw),
``diagnostics`` and ``units``, and never ``check``, ``engine``, ``cli``,
``testing`` or ``site``, which come later on the road or serve other stages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeyspec.diff.changes import CHANGE_KINDS, Change

if TYPE_CHECKING:
    from journeyspec.diff.inputs import Source
    from journeyspec.diff.notebook import Changes

# This package stays light to import: ``journeyspec/__init__.py`` imports it
# eagerly to bind the name ``journeyspec.diff`` to the function below (a lazy
# import would let Python rebind the name to this package on first use), so
# the compiler and the comparison load only when ``diff`` is called.


def diff(old: Source, new: Source) -> Changes:
    """The semantic changes from ``old`` to ``new``, journeys matched by id.

    Each side may be a :class:`~journeyspec.ir.Document`, a
    :class:`~journeyspec.ir.Journey`, a :class:`pathlib.Path` to a map file
    or folder, a ``str`` of map text (it holds a newline or a ``{``) or else a
    path, ``None`` for nothing, or a list of any of these::

        journeyspec.diff(Path("old/"), Path("maps/"))
        journeyspec.diff(old_text, new_text)

    Returns:
        The changes in a deterministic order: journeys by id, then section by section (a ``list``
        that draws itself in a notebook: :class:`~journeyspec.diff.notebook.Changes`).

    Raises:
        JourneyspecError: when a map does not compile.
        FileNotFoundError: when a path does not exist.
        ValueError: when one side holds two journeys with the same id.
    """
    from journeyspec.diff.compare import compare
    from journeyspec.diff.inputs import journeys_of
    from journeyspec.diff.notebook import Changes

    return Changes(compare(journeys_of(old), journeys_of(new)))


__all__ = ["CHANGE_KINDS", "Change", "diff"]
