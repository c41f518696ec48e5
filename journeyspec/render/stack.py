"""Several drawn journey graphs as one SVG picture, one under another.

The graph is laid out one journey at a time, so each journey keeps the
stage order and the look that ``journeyspec render`` gives it. A picture of
several journeys (a diff of a folder, say) stacks those drawings instead of
asking ``dot`` to lay out unrelated graphs together.
"""

from __future__ import annotations

import re

from journeyspec.render.errors import RenderError

GAP = 16
"""Points of blank space between two drawings."""

_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
# An `id` attribute inside a tag; Graphviz numbers them from 1 in every drawing.
_ID = re.compile(r'(<[A-Za-z][^<>]*?\sid=")')
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
_NAMESPACES = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def stack_svgs(svgs: list[str]) -> str:
    """One SVG holding Graphviz's SVG drawings ``svgs`` top to bottom, left-aligned.

    A single drawing comes back unchanged. Each drawing's ids get a prefix
    (``d2_node1``) so that they stay unique in the one document.

    Raises:
        RenderError: when a drawing is not an SVG as Graphviz writes it.
    """
    if len(svgs) == 1:
        return svgs[0]
    drawings, top, width = [], 0.0, 0.0
    for index, svg in enumerate(svgs, start=1):
        body = svg[svg.find("<svg") :]
        size = _SIZE.match(body)
        if size is None:
            raise RenderError("cannot stack a drawing that is not Graphviz's SVG")
        w, h = float(size[1]), float(size[2])
        body = body.replace(size[0], f'<svg x="0" y="{top:g}" width="{w:g}" height="{h:g}"', 1)
        drawings.append(_ID.sub(rf"\g<1>d{index}_", body).strip())
        top, width = top + h + GAP, max(width, w)
    height = max(top - GAP, 0.0)
    root = f'<svg width="{width:g}pt" height="{height:g}pt" viewBox="0 0 {width:g} {height:g}" {_NAMESPACES}>'
    return _XML + "\n".join([root, *drawings, "</svg>"]) + "\n"


__all__ = ["GAP", "stack_svgs"]
