"""Map text made safe and measurable for drawings: cleaning, measuring, wrapping.

Every renderer draws text it did not write (labels, pains, persona names), so
all of it passes through :func:`clean` first. Widths are estimated from the
font size and the characters — deliberately on the wide side, so that text laid
out with them never spills out of its box in any common sans-serif font.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Average advance of one character as a fraction of the font size. Real
# Helvetica/Arial average about 0.5 and DejaVu Sans about 0.55; rounding up
# keeps every estimate an upper bound for ordinary text.
WIDTH_REGULAR = 0.6
WIDTH_BOLD = 0.65
WIDTH_MONO = 0.62
# Distance between baselines, as a multiple of the font size.
LINE_HEIGHT = 1.35
ELLIPSIS = "…"


def clean(text: str) -> str:
    """``text`` on one line with control characters gone.

    Newlines and tabs become spaces (the drawings wrap text themselves); other
    control characters, which XML and DOT cannot carry, are dropped.
    """
    out = []
    for char in text:
        if char in "\n\r\t\v\f":
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff":
            continue
        else:
            out.append(char)
    return " ".join("".join(out).split())


def char_units(char: str) -> float:
    """Width of one character in 'average characters': wide East Asian glyphs count 2, combining marks 0."""
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2.0
    return 1.0


def text_units(text: str) -> float:
    """Width of ``text`` in average characters."""
    return sum(char_units(char) for char in text)


def text_width(text: str, size: float, *, bold: bool = False, mono: bool = False) -> float:
    """Estimated (upper-bound) width in pixels of one line of ``text`` at font ``size``."""
    factor = WIDTH_MONO if mono else WIDTH_BOLD if bold else WIDTH_REGULAR
    return text_units(text) * size * factor


def wrap(text: str, max_units: float, max_lines: int | None = None) -> list[str]:
    """Greedy word wrap of cleaned ``text`` into lines at most ``max_units`` average characters wide.

    Words longer than a line are broken; when there would be more than
    ``max_lines`` lines, the last kept line ends with an ellipsis.
    """
    text = clean(text)
    limit = max(1.0, max_units)
    lines: list[str] = []
    current, used = "", 0.0  # the line so far and its width, kept as it grows (no re-measuring)
    for word in text.split(" "):
        if not word:
            continue
        units = text_units(word)
        if (used + 1 + units if current else units) <= limit:
            current, used = (f"{current} {word}", used + 1 + units) if current else (word, units)
            continue
        if current:
            lines.append(current)
            current = ""
        while units > limit:
            head, word = _split_word(word, limit)
            lines.append(head)
            units = text_units(word)
        current, used = word, units
    if current:
        lines.append(current)
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        kept[-1] = _with_ellipsis(kept[-1], limit)
        return kept
    return lines


def _split_word(word: str, limit: float) -> tuple[str, str]:
    units = 0.0
    for index, char in enumerate(word):
        units += char_units(char)
        if units > limit:
            cut = max(index, 1)
            return word[:cut], word[cut:]
    return word, ""


def _with_ellipsis(line: str, limit: float) -> str:
    while line and text_units(line + ELLIPSIS) > limit:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


def signed(score: int) -> str:
    """An emotion score as people write it: ``+2``, ``0``, ``−1`` (a true minus sign)."""
    if score > 0:
        return f"+{score}"
    if score < 0:
        return f"\u2212{-score}"
    return "0"


@dataclass(frozen=True)
class Wrapped:
    """Lines of text at one font size, with the box they need."""

    lines: tuple[str, ...]
    size: float
    bold: bool = False
    mono: bool = False

    @property
    def height(self) -> float:
        """From the top of the first line to the bottom of the last."""
        if not self.lines:
            return 0.0
        return self.size * (1 + LINE_HEIGHT * (len(self.lines) - 1)) + self.size * 0.3

    @property
    def width(self) -> float:
        return max((text_width(line, self.size, bold=self.bold, mono=self.mono) for line in self.lines), default=0.0)


def wrap_to(text: str, width: float, size: float, *, bold: bool = False, mono: bool = False, max_lines: int | None = None) -> Wrapped:
    """Wrap ``text`` to fit ``width`` pixels at font ``size``."""
    factor = WIDTH_MONO if mono else WIDTH_BOLD if bold else WIDTH_REGULAR
    return Wrapped(tuple(wrap(text, width / (size * factor), max_lines)), size, bold, mono)


def shared_tag(library: str) -> str:
    """The mark of a step taken from a library, the same on every drawing: ``shared · common``."""
    return f"shared · {clean(library)}"
