"""Offsets in map text <-> LSP positions, in the encoding the client asked for.

The compiler counts characters (code points) from 0 and lines at each ``\\n``;
an editor counts lines from 0 and columns in UTF-16 code units by default (an
emoji is two of them, a CJK character one). The conversion of columns is the
document's position codec (pygls negotiates the encoding); the lines are cut
here, at ``\\n`` only, exactly where the compiler cuts them, so a form feed or a
U+2028 in a label moves no diagnostic to another line.
"""

from __future__ import annotations

from bisect import bisect_right

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec, ServerTextPosition


class LineIndex:
    """One text's line starts, and conversions between offsets and client positions."""

    __slots__ = ("codec", "lines", "starts", "text")

    def __init__(self, text: str, codec: PositionCodec):
        self.text = text
        self.codec = codec
        self.lines = text.split("\n")
        starts = [0]
        for line in self.lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        self.starts = starts

    def position(self, offset: int) -> types.Position:
        """The client position of a character offset (clamped to the text)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        return self.codec.position_to_client_units(self.lines, ServerTextPosition(line, offset - self.starts[line]))

    def range(self, start: int, end: int) -> types.Range:
        """The client range of the characters ``start`` up to ``end``."""
        return types.Range(start=self.position(start), end=self.position(max(start, end)))

    def offset(self, position: types.Position) -> int:
        """The character offset of a client position (clamped to its line, and to the text)."""
        if position.line >= len(self.lines):
            return len(self.text)
        line = self.lines[position.line]
        units = self.codec.client_num_units(line)
        wanted = types.Position(line=position.line, character=max(0, min(position.character, units)))
        server = self.codec.position_from_client_units(self.lines, wanted)
        return self.starts[position.line] + min(server.character, len(line))
