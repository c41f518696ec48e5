"""Rename hints: a removed id and an added id that look like one element renamed.

Ids are identity, so a renamed step is a removal plus an addition. When the
two share their label, or their neighbours (a step's edges, a stage's steps,
a journey's steps), the diff says so, as a reviewer would guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from journeyspec.ir.journey import Journey


def reasons(label_a: str | None, label_b: str | None, shape_a: set, shape_b: set, shape: str) -> list[str]:
    """Why an old and a new element look like one thing renamed: same label, same neighbours."""
    reasons = []
    if label_a is not None and label_a == label_b:
        reasons.append("same label")
    if shape_a and shape_a == shape_b:
        reasons.append(f"same {shape}")
    return reasons


def pair_renames(
    old_ids: Iterable[str], new_ids: Iterable[str], reasons: Callable[[str, str], list[str]]
) -> dict[str, tuple[str, str]]:
    """Pair removed and added ids that look like renames, one to one, strongest evidence first.

    ``old_ids`` and ``new_ids`` are every id of each version, in written
    order; ``reasons(removed, added)`` says why two of them look alike. The
    result maps both the removed and the added id to ``(counterpart, reasons)``.
    """
    old_ids, new_ids = list(old_ids), list(new_ids)
    old_set, new_set = set(old_ids), set(new_ids)
    removed = [i for i in old_ids if i not in new_set]
    added = [i for i in new_ids if i not in old_set]
    candidates = []
    for i, gone in enumerate(removed):
        for j, came in enumerate(added):
            why = reasons(gone, came)
            if why:
                candidates.append((-len(why), i, j, gone, came, ", ".join(why)))
    paired: dict[str, tuple[str, str]] = {}
    for _, _, _, gone, came, why in sorted(candidates):
        if gone not in paired and came not in paired:
            paired[gone] = (came, why)
            paired[came] = (gone, why)
    return paired


def rename_note(action: str, rename: tuple[str, str] | None) -> str:
    if rename is None:
        return ""
    other, why = rename
    if action == "added":
        return f" (looks like a rename of `{other}`: {why})"
    return f" (looks like a rename to `{other}`: {why})"


def neighbours(journey: Journey, step_id: str) -> set[tuple[str, str]]:
    """The edges at a step, seen from the step: ``("out", target)`` and ``("in", source)``."""
    found = set()
    for edge in journey.edges:
        if edge.source == step_id:
            found.add(("out", "(itself)" if edge.target == step_id else edge.target))
        if edge.target == step_id:
            found.add(("in", "(itself)" if edge.source == step_id else edge.source))
    return found


def counterpart(renames: dict[str, tuple[str, str]], element_id: str) -> str | None:
    """The id an element looks renamed from or to, if any."""
    found = renames.get(element_id)
    return found[0] if found else None


__all__ = ["counterpart", "neighbours", "pair_renames", "reasons", "rename_note"]
