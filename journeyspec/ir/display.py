"""How objects show themselves in a notebook: IPython's ``_repr_mimebundle_`` protocol, in one place.

Jupyter asks an object for a MIME bundle, ``{mime type: data}``, and draws
the richest type it can; ``include`` and ``exclude`` narrow what it asks for
(``IPython.display.display(obj, include=["text/plain"])``). Each type here
is made only when asked for, so excluding the SVG never runs Graphviz.

A model cannot draw itself: drawing sits above the IR on the road, and a
check result's tables are made by the reports beside it. So each kind of
object has its makers registered here by the module that draws it
(:mod:`journeyspec.render.notebook` for a journey, :mod:`journeyspec.check.notebook`
for a result), which the package imports before any such object exists.
Unregistered, an object still shows as its one line of text.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

Makers = Mapping[str, Callable[[], Any]]
_MAKERS: dict[str, Callable[[Any], Makers]] = {}


def mime_bundle(makers: Makers, include: Collection[str] | None = None,
                exclude: Collection[str] | None = None) -> dict[str, Any]:
    """The bundle of the types ``include`` asks for (all when None), less those in ``exclude``."""
    return {kind: make() for kind, make in makers.items()
            if (include is None or kind in include) and (exclude is None or kind not in exclude)}


def register(kind: str, makers: Callable[[Any], Makers]) -> None:
    """Set the function that gives the makers of objects of ``kind`` (``journey``, ``check-result``)."""
    _MAKERS[kind] = makers


def bundle(kind: str, shown: Any, include: Collection[str] | None, exclude: Collection[str] | None,
           text: Callable[[], str]) -> dict[str, Any]:
    """The bundle of ``shown``: its registered makers', else only ``text``."""
    makers = _MAKERS.get(kind)
    return mime_bundle(makers(shown) if makers else {"text/plain": text}, include, exclude)


__all__ = ["Makers", "bundle", "mime_bundle", "register"]
