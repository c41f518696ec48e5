"""Turning the canvas SVG into PNG or PDF with CairoSVG (which uses the cairo library)."""

from __future__ import annotations

from journeyspec.render.errors import RenderError

CANVAS_FORMATS = ("svg", "png", "pdf")


def convert_svg(svg: str, format: str) -> bytes:  # noqa: A002 - the option's name
    """``svg`` as PNG (at 1.5x for crisp text) or PDF bytes.

    Raises:
        RenderError: when the cairo library is missing or the format is unknown.
    """
    if format not in ("png", "pdf"):
        raise RenderError(f"the canvas can be drawn as {', '.join(CANVAS_FORMATS)}, not `{format}`")
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
