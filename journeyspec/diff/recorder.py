"""The collector that every section of a journey comparison writes its changes into."""

from __future__ import annotations

from journeyspec.diff.changes import Change, ChangeKind
from journeyspec.ir.base import Span
from journeyspec.ir.journey import Journey


class Recorder:
    """Collects the changes between two versions of one journey; the section functions call ``emit``."""

    def __init__(self, old: Journey, new: Journey):
        self.old, self.new = old, new
        self.changes: list[Change] = []

    def emit(
        self,
        kind: ChangeKind,
        action: str,
        path: str,
        summary: str,
        old: str | None,
        new: str | None,
        span: Span | None,
        **extra,
    ) -> None:
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
                **extra,
            )
        )

    def value(
        self, kind: ChangeKind, path: str, summary: str, old: str | None, new: str | None, span: Span | None
    ) -> None:
        """A change in place, reported only when the text differs."""
        if old != new:
            self.emit(kind, "changed", path, summary, old, new, span)


__all__ = ["Recorder"]
