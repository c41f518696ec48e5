"""Turning the canvas SVG into PNG or PDF with CairoSVG (which uses the cairo library)."""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET

from journeyspec.render.errors import RenderError

CANVAS_FORMATS = ("svg", "png", "pdf")
_SVG_TEXT = "{http://www.w3.org/2000/svg}text"


def _undrawable(svg: str) -> str:
    """The drawn text CairoSVG would get wrong, or ``""``.

    CairoSVG draws each text with one font (the first family named) through
    cairo's simple text API: no fallback font, no right-to-left ordering and no
    joining of Arabic letters. So Hebrew and Arabic come out reversed, and
    Chinese, Japanese and Korean as empty boxes, on any machine and whatever
    fonts it has. Browsers (the SVG) and Graphviz (the graph) draw them right.
    """
    for element in ET.fromstring(svg.encode("utf-8")).iter(_SVG_TEXT):
        text = "".join(element.itertext())
        if any(unicodedata.bidirectional(c) in ("R", "AL") or unicodedata.east_asian_width(c) in ("W", "F")
               for c in text):
            return text
    return ""


def convert_svg(svg: str, format: str) -> bytes:  # noqa: A002 - the option's name
    """``svg`` as PNG (at 1.5x for crisp text) or PDF bytes.

    Raises:
        RenderError: when the cairo library is missing, the format is unknown, or a
            label is in a script the PNG/PDF writer would draw wrong (see :func:`_undrawable`).
    """
    if format not in ("png", "pdf"):
        raise RenderError(f"the canvas can be drawn as {', '.join(CANVAS_FORMATS)}, not `{format}`")
    sample = _undrawable(svg)
    if sample:
        raise RenderError(
            f"the canvas as {format.upper()} cannot draw the label “{sample}”: its {format.upper()} writer draws "
            "right-to-left text (Hebrew, Arabic) reversed and Chinese, Japanese or Korean (and emoji) as empty "
            "boxes.\nDraw the canvas as SVG (`--format svg`), which browsers show right and can print to PDF, "
            "or the graph as PNG or PDF (`--as graph`), which Graphviz draws with the system's fonts."
        )
    try:
        import cairosvg
    except OSError as error:  # cairocffi raises OSError when libcairo is absent
        raise RenderError(
            "drawing the canvas as PNG or PDF needs the cairo library, which is not installed.\n"
            "Install it: `sudo apt-get install libcairo2` (Debian, Ubuntu; Graphviz brings it), `brew install cairo` (macOS); "
            "or ask for `--format svg`."
        ) from error
    data = svg.encode("utf-8")
    if format == "png":
        return cairosvg.svg2png(bytestring=data, scale=1.5)
    return cairosvg.svg2pdf(bytestring=data)
