"""The collector that every section of a journey comparison writes its changes into."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from journeyspec.diff.changes import Change, ChangeKind, Judgement, Severity
from journeyspec.ir.base import Span
from journeyspec.ir.journey import Journey

Field = tuple[ChangeKind, str, str, Callable[[Any], "str | None"]]
"""One compared field: ``(kind, field name, summary with {name} for the element, value → map text)``."""


class Recorder:
    """Collects the changes between two versions of one journey; the section functions call ``emit``."""

    def __init__(self, old: Journey, new: Journey):
        self.old, self.new = old, new
        self.changes: list[Change] = []

    def emit(
        self,
        *,
        kind: ChangeKind,
        action: str,
        path: str,
        summary: str,
        old: str | None = None,
        new: str | None = None,
        span: Span | None,
        severity: Severity = "info",
        judgement: Judgement | None = None,
        rename: str | None = None,
    ) -> None:
        """One change; ``path`` is relative to the journey (``steps/cart/label``)."""
        self.changes.append(
            Change(
                kind=kind,
                action=action,
                journey=self.new.id,
                path=f"{self.new.id}/{path}" if path else self.new.id,
                summary=summary,
                old=old,
                new=new,
                span=span,
                severity=severity,
                judgement=judgement,
                rename=rename,
            )
        )

    def presence(
        self,
        action: Literal["added", "removed"],
        *,
        kind: ChangeKind,
        path: str,
        summary: str,
        text: str,
        span: Span | None,
        rename: str | None = None,
    ) -> None:
        """An element added or removed: its ``text`` stands on the side where the element exists."""
        self.emit(
            kind=kind,
            action=action,
            path=path,
            summary=summary,
            old=text if action == "removed" else None,
            new=text if action == "added" else None,
            span=span,
            rename=rename,
        )

    def value(
        self, *, kind: ChangeKind, path: str, summary: str, old: str | None, new: str | None, span: Span | None
    ) -> None:
        """A change in place, reported only when the text differs."""
        if old != new:
            self.emit(kind=kind, action="changed", path=path, summary=summary, old=old, new=new, span=span)

    def fields(
        self, old: object, new: object, table: tuple[Field, ...], *, where: str, name: str, span: Span | None
    ) -> None:
        """Compare the fields of ``table`` between two versions of one element, each as :meth:`value`.

        A change is placed at the new value's own span when it has one (an
        emotion, a ``when``), else at the element's ``span``.
        """
        for kind, field, summary, text in table:
            now = getattr(new, field)
            self.value(
                kind=kind,
                path=f"{where}/{field}" if where else field,
                summary=summary.format(name=name),
                old=text(getattr(old, field)),
                new=text(now),
                span=getattr(now, "span", None) or span,
            )


__all__ = ["Field", "Recorder"]
