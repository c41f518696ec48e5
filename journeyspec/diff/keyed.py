"""One comparison for every list whose elements have an identity: stages, steps, edges, personas, notes.

Two versions of a list are matched by a key (an id, a ``(source, target)``
pair, a note's text); what is left over on either side was removed or added.
Every section of the diff reports through this one loop, so they all keep the
same order: removals in old order, then additions in new order, then a new
order of what was kept, then changes to what was kept in new order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


def compare_keyed(
    old_items: Iterable[T],
    new_items: Iterable[T],
    *,
    key: Callable[[T], Hashable],
    on_removed: Callable[[T], object] | None = None,
    on_added: Callable[[T], object] | None = None,
    on_reordered: Callable[[list[T], list[T]], object] | None = None,
    on_kept: Callable[[T, T], object] | None = None,
) -> None:
    """Match two versions of a list by ``key`` and report what differs, in the diff's order.

    Every callback is optional; they are called in this order:

    1. ``on_removed(old_item)`` for each old item whose key the new version lacks, in old order;
    2. ``on_added(new_item)`` for each new item whose key the old version lacks, in new order;
    3. ``on_reordered(old_kept, new_kept)`` once, when the items both versions have
       stand in a different order (each list in its own version's order);
    4. ``on_kept(old_item, new_item)`` for each item both versions have, in new order.

    When a key repeats within one version, the last item with it is the one kept.
    """
    old_keyed = [(key(item), item) for item in old_items]
    new_keyed = [(key(item), item) for item in new_items]
    before = dict(old_keyed)
    after = dict(new_keyed)
    if on_removed is not None:
        for item_key, item in old_keyed:
            if item_key not in after:
                on_removed(item)
    if on_added is not None:
        for item_key, item in new_keyed:
            if item_key not in before:
                on_added(item)
    if on_reordered is not None:
        kept_before = [(k, item) for k, item in old_keyed if k in after]
        kept_after = [(k, item) for k, item in new_keyed if k in before]
        if [k for k, _ in kept_before] != [k for k, _ in kept_after]:
            on_reordered([item for _, item in kept_before], [item for _, item in kept_after])
    if on_kept is not None:
        for item_key, item in new_keyed:
            if item_key in before:
                on_kept(before[item_key], item)


def copies(items: Sequence[T], text: Callable[[T], Hashable]) -> list[tuple[tuple[Hashable, int], T]]:
    """Keys for items that have no id, only a text that may repeat: ``((text, later copies), item)``.

    Counting copies from the end makes the first copies of a text the ones
    left over when a version has fewer of them, so a removed duplicate is
    reported where it first appears, as a reader scanning the old map would
    point at it.
    """
    later: Counter[Hashable] = Counter()
    keyed = []
    for item in reversed(items):
        keyed.append(((text(item), later[text(item)]), item))
        later[text(item)] += 1
    return keyed[::-1]


__all__ = ["compare_keyed", "copies"]
