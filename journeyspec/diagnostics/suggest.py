""""Did you mean …?": the closest known word to a misspelt one."""

from __future__ import annotations

from collections.abc import Iterable


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to ``word``, if it is near enough to be a likely typo."""
    if len(word) > 64:
        return None
    best: tuple[int, str] | None = None
    lowered = word.lower()
    for candidate in candidates:
        distance = edit_distance(lowered, candidate.lower())
        if best is None or (distance, candidate) < best:
            best = (distance, candidate)
    if best is None:
        return None
    limit = max(1, min(3, (len(word) + 1) // 2 - 1 if len(word) > 4 else (len(word) + 1) // 2))
    return best[1] if best[0] <= limit and best[0] < len(word) else None
