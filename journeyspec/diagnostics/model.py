"""Diagnostics: what is wrong, where, and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass, field

from journeyspec.diagnostics.codes import Severity, lookup
from journeyspec.ir.base import Span


@dataclass(frozen=True, slots=True)
class Related:
    """A second place that explains a diagnostic ("first declared here")."""

    span: Span
    message: str

    def __post_init__(self) -> None:
        if not isinstance(self.span, Span):
            object.__setattr__(self, "span", self.span.to_span())  # a syntax-tree Loc


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about a map, with a stable code and the span it concerns."""

    code: str
    message: str
    span: Span | None = None
    help: str | None = None
    label: str | None = None
    related: tuple[Related, ...] = ()
    severity: Severity = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.span is not None and not isinstance(self.span, Span):
            object.__setattr__(self, "span", self.span.to_span())  # a syntax-tree Loc
        if self.severity is None:
            object.__setattr__(self, "severity", lookup(self.code).severity)

    @property
    def name(self) -> str:
        """The code's short name, e.g. ``duplicate-id``."""
        return lookup(self.code).name

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple:
        span = self.span
        return (
            span.file or "" if span else "",
            span.start if span else -1,
            self.code,
            self.message,
        )


class JourneyspecError(Exception):
    """Raised once with every diagnostic collected, when at least one is an error."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        errors = [d for d in self.diagnostics if d.is_error]
        first = errors[0] if errors else self.diagnostics[0]
        where = ""
        if first.span is not None:
            where = f"{first.span.file or '<text>'}:{first.span.line}:{first.span.column}: "
        more = f" (and {len(self.diagnostics) - 1} more)" if len(self.diagnostics) > 1 else ""
        super().__init__(f"{where}{first.code} {first.message}{more}")

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]
