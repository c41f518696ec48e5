"""Reading literal tokens: quoted text, numbers, percentages, durations."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from journeyspec.units import DurationError, DurationTooLong
from journeyspec.units import seconds as duration_seconds


MAX_DIGITS = 300
"""The most digits a numeral may have. A float ends near 1.8e308, so past this a number turns
into infinity (or, for a whole number of 4,301 digits, into Python's ValueError): no threshold,
amount or field value that long means anything."""

COUNT_LIMIT = 2**63 - 1
"""The largest count of sessions (a 64-bit integer, as every engine counts)."""


class LiteralError(ValueError):
    """A literal that the grammar accepts but whose value is not valid; carries help for the author.

    ``code`` is the diagnostic it becomes: JS227 for a number that is wrong where it stands,
    JS235 for one too large to mean anything.
    """

    def __init__(self, message: str, help: str | None = None, offset: int = 0, length: int = 1, code: str = "JS227"):
        super().__init__(message)
        self.help = help
        self.offset = offset
        self.length = length
        self.code = code


def shown(raw: str, quote: str = "`") -> str:
    """A literal as a message quotes it: whole when short, its ends and its length when long."""
    if len(raw) <= 40:
        return f"{quote}{raw}{quote}"
    return f"{quote}{raw[:12]}…{raw[-8:]}{quote} ({len(raw):,} characters)"


def too_large(raw: str, help: str) -> LiteralError:
    """JS235 for ``raw``, naming it briefly."""
    return LiteralError(f"{shown(raw)} is too large to mean anything here", help=help, length=len(raw), code="JS235")


def _check_length(raw: str) -> None:
    digits = sum(ch.isdigit() for ch in raw)
    if digits > MAX_DIGITS:
        raise LiteralError(
            f"a number of {digits:,} digits cannot mean anything here",
            help=f"a number in a map has at most {MAX_DIGITS} digits; check for a pasted or repeated value",
            length=len(raw),
            code="JS235",
        )


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
    """``3`` -> 3, ``-1.5`` -> -1.5, ``+2`` -> 2; JS235 (a :class:`LiteralError`) past :data:`MAX_DIGITS`."""
    _check_length(raw)
    text = raw.lstrip("+")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return float(Decimal(text))


def fraction(raw: str) -> float:
    """``12.5%`` -> 0.125 and ``-5pp`` -> -0.05, computed exactly in decimal; JS235 past :data:`MAX_DIGITS`."""
    _check_length(raw)
    digits = raw.rstrip("%").rstrip("p").lstrip("+")
    try:
        return float(Decimal(digits) / 100)
    except InvalidOperation as exc:  # the grammar makes this unreachable; keep the guard honest
        raise LiteralError(f"`{raw}` is not a number") from exc


def seconds(raw: str) -> int:
    """``1h30m`` -> 5400. Each unit may appear once, from largest to smallest (read by :mod:`journeyspec.units`).

    A duration longer than :data:`~journeyspec.units.MAX_DURATION` is JS235, any other mistake JS227.
    """
    try:
        return duration_seconds(raw)
    except DurationError as error:
        code = "JS235" if isinstance(error, DurationTooLong) else "JS227"
        raise LiteralError(str(error), help=error.help, offset=0, length=len(raw), code=code) from None


def count(raw: str) -> int | float:
    """A count of sessions as written; JS235 past :data:`COUNT_LIMIT` (a fraction is the caller's to refuse)."""
    value = number(raw)
    if isinstance(value, int) and abs(value) > COUNT_LIMIT:
        raise too_large(raw, help="a count of sessions fits in 64 bits (at most 9,223,372,036,854,775,807)")
    return value
