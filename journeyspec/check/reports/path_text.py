"""A path as people read it: every step of a short one, the ends of a long one.

One session of a million events is one path of a million steps; printed whole
(and a report prints a path in several places) it made a text report of tens
of megabytes that took minutes to lay out. Text reports, ``paths`` and the
pytest plugin show its head and tail and say how many steps lie between; the
JSON report keeps every step.
"""

from __future__ import annotations

from collections.abc import Sequence

PATH_SHOWN = 24  # steps shown of a long path: half from its start, half from its end


def path_text(path: Sequence[str], limit: int = PATH_SHOWN, *, arrow: str = " → ") -> str:
    """``home → product → cart``, or ``home → … (9,976 more steps) … → pay`` past ``limit`` steps."""
    if len(path) <= limit:
        return arrow.join(path)
    half = max(1, limit // 2)
    hidden = len(path) - 2 * half
    middle = f"… ({hidden:,} more step{'s' if hidden != 1 else ''}) …"
    return arrow.join([*path[:half], middle, *path[-half:]])


__all__ = ["PATH_SHOWN", "path_text"]
