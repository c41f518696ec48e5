"""`allow`: the warnings a map chooses to silence, for a whole journey or for one step.

A warning says "look twice"; when the team has looked and means it (a step
kept without `when` while the tracking is built), ``allow never-observed``
silences it where it is written: in a journey, for everything in that
journey; in a step, for that step. A warning is named by its code (``JS216``)
or by its name (``never-observed``), as ``validate`` prints both.

Errors are never silenced, and neither is anything ``validate`` does not
report about a journey (JS239). A silenced warning is not shown, but it is
counted, so nothing disappears without a trace.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeyspec.diagnostics import CODES, Diagnostic, Related, Severity
from journeyspec.diagnostics.suggest import closest
from journeyspec.lang.front.syntax import Loc, Name, NamesStatement

# Warnings that are not about what a journey says: a file without any journey
# (no journey to write `allow` in) and the data's implausible times (found by
# `check`, never by `validate`).
_NOT_ABOUT_A_JOURNEY = {
    "JS233": "it is about a file that holds no journey, so no journey can silence it",
    "JS255": "it is about a library entry, outside any journey; take the entry in a journey or remove it",
    "JS256": "it is about a `use` at the top of the file, outside any journey; remove the `use`",
}


def _silenceable() -> dict[str, str]:
    """Every code and name a map may write after `allow`, to its code."""
    found: dict[str, str] = {}
    for code in CODES.values():
        if code.severity is Severity.WARNING and code.code.startswith(("JS1", "JS2")) and code.code not in _NOT_ABOUT_A_JOURNEY:
            found[code.code] = code.code
            found[code.name] = code.code
    return found


SILENCEABLE = _silenceable()
"""The codes and names `allow` accepts (each to its code): the map's own warnings."""


@dataclass(frozen=True)
class Allowance:
    """Warnings silenced inside one block: a journey or a step."""

    codes: frozenset[str]
    file: str | None
    start: int
    end: int

    def covers(self, diagnostic: Diagnostic) -> bool:
        span = diagnostic.span
        return (
            diagnostic.code in self.codes
            and span is not None
            and span.file == self.file
            and self.start <= span.start
            and span.end <= self.end
        )


def _refusal(name: Name) -> Diagnostic:
    """JS239 for a name `allow` cannot take: an error, a warning about no journey, or nothing known."""
    written = name.value
    known = CODES.get(written.upper()) or next((c for c in CODES.values() if c.name == written), None)
    listed = "warnings a map can silence: " + ", ".join(
        f"{code} {CODES[code].name}" for code in sorted(set(SILENCEABLE.values()))
    )
    if known is not None and known.severity is Severity.ERROR:
        return Diagnostic(
            "JS239",
            f"{known.code} ({known.name}) is an error, and errors cannot be silenced",
            name.span,
            label="an error",
            help="fix what the error says; `allow` silences warnings only",
        )
    if known is not None:
        why = _NOT_ABOUT_A_JOURNEY.get(known.code, "it is about the data, which `validate` never reads")
        return Diagnostic(
            "JS239",
            f"{known.code} ({known.name}) cannot be silenced in a map: {why}",
            name.span,
            label="not a map warning",
            help=listed,
        )
    guess = closest(written, SILENCEABLE)
    return Diagnostic(
        "JS239",
        f"`{written}` is not a warning's code or name" + (f"; did you mean `{guess}`?" if guess else ""),
        name.span,
        label="unknown warning",
        help=None if guess else listed,
    )


class AllowList:
    """The codes one block's `allow` statements silence, with a finding for each name that cannot be."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        self.seen: dict[str, Loc] = {}

    def add(self, statement: NamesStatement) -> None:
        for name in statement.names:
            code = SILENCEABLE.get(name.value) or SILENCEABLE.get(name.value.upper())
            if code is None:
                self.diagnostics.append(_refusal(name))
                continue
            if code in self.seen:
                self.diagnostics.append(
                    Diagnostic(
                        "JS238",
                        f"{code} ({CODES[code].name}) is already allowed here",
                        name.span,
                        label="listed twice",
                        help="remove one of them",
                        related=(Related(self.seen[code], "first allowed here"),),
                    )
                )
                continue
            self.seen[code] = name.span

    def allowance(self, block: Loc) -> Allowance | None:
        """What this list silences inside ``block``; None when it silences nothing."""
        if not self.seen:
            return None
        return Allowance(frozenset(self.seen), block.file, block.start, block.end)


def silence(diagnostics: list[Diagnostic], allowances: list[Allowance]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """``(shown, silenced)``: the warnings an allowance covers are set apart; errors always stay."""
    if not allowances:
        return diagnostics, []
    shown: list[Diagnostic] = []
    silenced: list[Diagnostic] = []
    for diagnostic in diagnostics:
        quiet = diagnostic.severity is Severity.WARNING and any(a.covers(diagnostic) for a in allowances)
        (silenced if quiet else shown).append(diagnostic)
    return shown, silenced


__all__ = ["SILENCEABLE", "AllowList", "Allowance", "silence"]
