"""Pausing Python's cyclic garbage collector while many objects that stay alive are made.

Building a large map, the facts of ten million events, or tens of thousands
of variant models allocates hundreds of thousands of small objects that all
survive. Each collection the allocations trigger walks them again and finds
nothing to free: at 10M events that was nine full passes, about a second of
a check. Nothing leaks while the collector is paused: reference counting
still frees what dies, and the collector resumes afterwards for any cycle
left behind.

What the pause made and is still alive can then be treated three ways
(``survivors``):

- ``"young"``: left where new objects go; the next young-generation pass walks it once.
- ``"oldest"``: moved to the oldest generation at once (``freeze`` then ``unfreeze``, both
  constant time), so that no young pass walks it: 0.05-0.06 s for the 180,000 objects of a
  5,000-step map. Full collections still see it. Skipped when the program froze objects
  itself, since ``unfreeze`` would release those too.
- ``"frozen"``: moved out of the collector's sight until the process ends (``freeze``): for
  the ``journeyspec`` command, whose objects live until its exit anyway, instead of one last
  collection over everything.

Pauses nest: an inner pause leaves the collector off for the outer one.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal


@contextmanager
def paused_cyclic_gc(*, survivors: Literal["young", "oldest", "frozen"] = "young") -> Iterator[None]:
    """The collector off inside the block, back as it was after it (errors included); see the module."""
    if survivors not in ("young", "oldest", "frozen"):
        raise ValueError(f"survivors must be young, oldest or frozen, not {survivors!r}")
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if survivors == "frozen":
            gc.freeze()
        elif survivors == "oldest" and was_enabled and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


__all__ = ["paused_cyclic_gc"]
