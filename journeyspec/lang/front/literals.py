"""Reading literal tokens: quoted text, numbers, percentages, durations."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from journeyspec.units import DurationError
from journeyspec.units import seconds as duration_seconds


class LiteralError(ValueError):
    """A literal that the grammar accepts but whose value is not valid; carries help for the author."""

    def __init__(self, message: str, help: str | None = None, offset: int = 0, length: int = 1):
        super().__init__(message)
        self.help = help
        self.offset = offset
        self.length = length


def unquote(raw: str) -> str:
    """The value of a quoted string token; only ``\\"`` and ``\\\\`` are escapes."""
    body = raw[1:-1]
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            following = body[i + 1]
            if following not in ('"', "\\"):
                raise LiteralError(
                    f"`\\{following}` is not an escape in journeyspec text",
                    help='only \\" (a quote) and \\\\ (a backslash) are escapes; write \\\\ for a literal backslash',
                    offset=i + 1,
                    length=2,
                )
            out.append(following)
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def number(raw: str) -> int | float:
    """``3`` -> 3, ``-1.5`` -> -1.5, ``+2`` -> 2."""
    text = raw.lstrip("+")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return float(Decimal(text))


def fraction(raw: str) -> float:
    """``12.5%`` -> 0.125 and ``-5pp`` -> -0.05, computed exactly in decimal."""
    digits = raw.rstrip("%").rstrip("p").lstrip("+")
    try:
        return float(Decimal(digits) / 100)
    except InvalidOperation as exc:  # the grammar makes this unreachable; keep the guard honest
        raise LiteralError(f"`{raw}` is not a number") from exc


def seconds(raw: str) -> int:
    """``1h30m`` -> 5400. Each unit may appear once, from largest to smallest (read by :mod:`journeyspec.units`)."""
    try:
        return duration_seconds(raw)
    except DurationError as error:
        raise LiteralError(str(error), help=error.help, offset=0, length=len(raw)) from None
