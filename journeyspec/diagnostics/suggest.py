""""Did you mean …?": the closest known word to a misspelt one."""

from __future__ import annotations

from collections.abc import Iterable


def edit_distance(a: str, b: str, cutoff: int | None = None) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps.

    With ``cutoff``, a distance above it may be returned as any number above it (the rows stop
    once every entry is past it): enough to rank candidates, and much faster over thousands.
    """
    if a == b:
        return 0
    if cutoff is not None and abs(len(a) - len(b)) > cutoff:
        return cutoff + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        # A transposition reads two rows back, so stop only when both rows are past the cutoff.
        if cutoff is not None and min(current) > cutoff and min(previous) > cutoff:
            return cutoff + 1
        previous2, previous = previous, current
    return previous[-1]


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to ``word``, if it is near enough to be a likely typo."""
    if len(word) > 64:
        return None
    limit = max(1, min(3, (len(word) + 1) // 2 - 1 if len(word) > 4 else (len(word) + 1) // 2))
    best: tuple[int, str] | None = None
    lowered = word.lower()
    for candidate in candidates:
        # Only a candidate within the limit can be the answer; past the best so far it cannot win either.
        cutoff = limit if best is None else min(limit, best[0])
        distance = edit_distance(lowered, candidate.lower(), cutoff)
        if distance <= cutoff and (best is None or (distance, candidate) < best):
            best = (distance, candidate)
    if best is None:
        return None
    return best[1] if best[0] < len(word) else None
