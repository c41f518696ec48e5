"""A path as people read it: loops collapsed, the middle of a long one left out, and a few of them per finding.

One session of a million events is one path of a million steps; printed whole
(and a report prints a path in several places) it made a text report of tens
of megabytes, and one 839-step path of a news log took 80 lines of a failure.
Every report for people (text, Markdown, JUnit, ``paths``, the pytest plugin,
the docs site) shows a path through :func:`path_text`:

- a step block repeated back to back is one loop, ``(a → b) ×12`` (``a ×4``
  for one step), when that leaves out at least :data:`LOOP_SAVES` steps;
- past :data:`PATH_SHOWN` parts, the head and the tail are shown and the
  middle is counted: ``a → b → … 831 steps … → y → z``;

and at most :data:`EVIDENCE_SHOWN` evidence lines per expectation. The JSON
report keeps every step of every path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

PATH_SHOWN = 12
"""Parts shown of a long path (a step or a collapsed loop): half from its start, half from its end."""
LOOP_SAVES = 3
"""A repeated block becomes ``(…) ×n`` when that leaves out at least this many steps."""
LONGEST_LOOP = 8
"""The longest block looked for as a loop."""
EVIDENCE_SHOWN = 5
"""Evidence lines shown per expectation; the rest are counted."""

_Part = tuple[tuple[str, ...], int]  # a block of steps and how many times it repeats back to back


def _repeats(path: Sequence[str], at: int, length: int) -> int:
    """How many times ``path[at:at + length]`` repeats back to back from ``at``."""
    block = path[at : at + length]
    count = 1
    while path[at + count * length : at + (count + 1) * length] == block:
        count += 1
    return count


def _parts(path: Sequence[str], wanted: int) -> list[_Part]:
    """The first ``wanted`` parts of ``path``, left to right, each loop taken as long as it goes.

    At each position the block that leaves out the most steps wins (the
    shorter block on a tie); a position with no loop worth collapsing is one
    step. Only as many parts as wanted are made, so a path of a million
    steps costs what its first few parts cost.
    """
    parts: list[_Part] = []
    at = 0
    while at < len(path) and len(parts) < wanted:
        best: _Part = ((path[at],), 1)
        for length in range(1, LONGEST_LOOP + 1):
            if at + 2 * length > len(path):
                break
            count = _repeats(path, at, length)
            if (count - 1) * length >= LOOP_SAVES and (count - 1) * length > (best[1] - 1) * len(best[0]):
                best = (tuple(path[at : at + length]), count)
        parts.append(best)
        at += len(best[0]) * best[1]
    return parts


def _steps(parts: list[_Part]) -> int:
    return sum(len(block) * count for block, count in parts)


def _text(part: _Part, arrow: str, name: Callable[[str], str]) -> str:
    block, count = part
    if count == 1:
        return arrow.join(name(step) for step in block)
    inner = arrow.join(name(step) for step in block)
    return f"{inner} ×{count:,}" if len(block) == 1 else f"({inner}) ×{count:,}"


def path_text(path: Sequence[str], limit: int = PATH_SHOWN, *, arrow: str = " → ",
              name: Callable[[str], str] = str) -> str:
    """``home → (product → cart) ×12 → pay``, or ``home → … 9,976 steps … → pay`` past ``limit`` parts.

    Args:
        path: Step ids in order.
        limit: The most parts (steps or loops) shown; a longer path shows half from each end.
        arrow: What goes between two steps.
        name: How a step id is written (the docs site links it to its step).
    """
    path = tuple(path)
    parts = _parts(path, limit + 1)
    if _steps(parts) == len(path) and len(parts) <= limit:
        return arrow.join(_text(part, arrow, name) for part in parts)
    half = max(1, limit // 2)
    head = parts[:half]
    # The tail, read from the end: loops found backwards, then each block put back in order.
    tail = [(block[::-1], count) for block, count in _parts(path[::-1], half)][::-1]
    while tail and _steps(head) + _steps(tail) > len(path):
        tail.pop(0)
    hidden = len(path) - _steps(head) - _steps(tail)
    shown = [_text(part, arrow, name) for part in head]
    if hidden:
        shown.append(f"… {hidden:,} step{'s' if hidden != 1 else ''} …")
    shown += [_text(part, arrow, name) for part in tail]
    return arrow.join(shown)


def shown_evidence(items: Sequence, limit: int = EVIDENCE_SHOWN) -> tuple[list, int]:
    """The evidence a report for people lists, in order, and how many items it leaves out (the JSON has all).

    The ``limit`` lines are shared among the kinds of evidence (items with
    the same ``note``), the first kinds taking any remainder: a slow ``time``
    shows 3 paths and 2 slow transitions rather than 5 paths.
    """
    notes = list(dict.fromkeys(item.note for item in items))
    share = {note: limit // len(notes) + (i < limit % len(notes)) for i, note in enumerate(notes)} if notes else {}
    taken: dict = {note: 0 for note in notes}
    shown = []
    for item in items:
        if taken[item.note] < share[item.note]:
            taken[item.note] += 1
            shown.append(item)
    return shown, len(items) - len(shown)


def more_text(left_out: int) -> str:
    """``… 5 more in the JSON report``: the line after a capped list of evidence."""
    return f"… {left_out:,} more in the JSON report (--format json)"


__all__ = ["EVIDENCE_SHOWN", "LOOP_SAVES", "PATH_SHOWN", "more_text", "path_text", "shown_evidence"]
