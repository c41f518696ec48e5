"""A board: rows of text with a coloured mark, drawn as a static SVG (no script, no font download).

What a check result and a diff show in a notebook that draws no HTML
reliably (VS Code draws SVG everywhere): one row per expectation or change,
the mark's colour and its letter both saying the status, so the board reads
in black and white too. Column widths come from the text's length, which is
enough for the short cells a board holds; long text is cut with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import drawsvg as draw

from journeyspec.render import palette
from journeyspec.render.text import clean

# The mark of each status: its colour and the letter inside it.
MARKS = {
    "pass": (palette.SUCCESS_STROKE, "✓"),
    "fail": (palette.UNEXPECTED, "✗"),
    "inconclusive": (palette.CHANGED, "?"),
    "skipped": (palette.FAINT, "–"),
    "added": (palette.ADDED, "+"),
    "removed": (palette.REMOVED, "−"),
    "changed": (palette.CHANGED, "~"),
}
_CHAR = 7.0  # an average character of the 12px sans-serif, wide enough for digits
_ROW = 22
_PAD = 10
_MAX_CHARS = 70


@dataclass(frozen=True)
class Row:
    """One row: its status (a key of :data:`MARKS`) and its cells, as text."""

    status: str
    cells: tuple[str, ...]


def _cut(text: str) -> str:
    text = clean(text)
    return text if len(text) <= _MAX_CHARS else text[: _MAX_CHARS - 1] + "…"


def board_svg(title: str, columns: Sequence[str], rows: Sequence[Row]) -> str:
    """The board as SVG text; ``columns`` name the cells (the mark's column has no name)."""
    cells = [[_cut(c) for c in row.cells] for row in rows]
    widths = [max([len(_cut(name)), *(len(r[k]) for r in cells if k < len(r))]) * _CHAR + 16
              for k, name in enumerate(columns)]
    width = max(_PAD * 2 + 24 + sum(widths), _PAD * 2 + len(clean(title)) * 8)
    height = _PAD * 2 + 26 + _ROW * (len(rows) + 1)
    drawing = draw.Drawing(round(width), round(height), font_family=palette.FONT_FAMILY)
    drawing.append(draw.Rectangle(0, 0, round(width), round(height), fill=palette.PAPER))
    drawing.append(draw.Title(clean(title)))
    drawing.append(draw.Text(clean(title), 14, _PAD, _PAD + 14, font_weight="bold", fill=palette.INK))
    top = _PAD + 26
    x = _PAD + 24
    for name, w in zip(columns, widths):
        drawing.append(draw.Text(_cut(name), 12, x, top + 15, fill=palette.MUTED, font_weight="bold"))
        x += w
    drawing.append(draw.Line(_PAD, top + _ROW - 2, width - _PAD, top + _ROW - 2, stroke=palette.RULE))
    for index, (row, texts) in enumerate(zip(rows, cells)):
        y = top + _ROW * (index + 1)
        colour, letter = MARKS.get(row.status, (palette.FAINT, "·"))
        drawing.append(draw.Circle(_PAD + 8, y + 11, 8, fill=colour))
        drawing.append(draw.Text(letter, 11, _PAD + 8, y + 15, fill=palette.PAPER, text_anchor="middle",
                                 font_weight="bold"))
        x = _PAD + 24
        for text, w in zip(texts, widths):
            drawing.append(draw.Text(text, 12, x, y + 15, fill=palette.INK))
            x += w
    return drawing.as_svg()


__all__ = ["MARKS", "Row", "board_svg"]
