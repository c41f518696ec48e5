"""Changes that come from a library, placed in the library's file.

A journey that takes `step login from common` compiles to the step written
out, so a change to the library's step shows as a change of the step in
every journey that takes it (spec/language.md, "Shared definitions"). This
module places such a change at the library's definition, where it was made,
instead of at the journey's `from` line: a reviewer sees one edit in
`shared/common.journey` behind the changes of several journeys.
"""

from __future__ import annotations

from journeyspec.diff.changes import Change
from journeyspec.ir.journey import Journey, Shared

# The field a change path ends in, for each part of a taken step or persona.
_FIELDS = {"label": "label", "when": "when", "channel": "channel", "touchpoint": "touchpoint", "emotion": "emotion",
           "description": "description"}


def _taken(change: Change, journey: Journey) -> Shared | None:
    """The shared definition a change is about, when the journey took it from a library and did not write it."""
    parts = change.path.split("/")[1:]  # after the journey's id
    if parts[0] in ("steps", "personas") and len(parts) >= 3:
        shared = journey.shared_as(parts[0][:-1], parts[1])
        field = _FIELDS.get(parts[2])
        if shared is None or field is None or field in shared.written:
            return None
        return shared
    if change.kind in ("ignore_changed", "friction_changed", "sentiment_changed"):
        return journey.shared_as(change.kind.removesuffix("_changed"))
    return None


def attribute_shared(changes: list[Change], old: Journey, new: Journey) -> list[Change]:
    """``changes`` with each one that a library made placed at the library's definition."""
    if not new.shared:
        return changes
    out = []
    for change in changes:
        shared = _taken(change, new) if change.action == "changed" else None
        if shared is not None and shared.span is not None and (change.span is None or change.span.file != shared.span.file):
            change = change.model_copy(update={"span": shared.span})
        out.append(change)
    return out


__all__ = ["attribute_shared"]
