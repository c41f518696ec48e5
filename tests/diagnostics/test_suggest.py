""""Did you mean …?": the pruned search answers as the plain one (every distance in full) does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journeyspec.diagnostics.suggest import closest, edit_distance


def _distance(a: str, b: str) -> int:
    """Optimal string alignment, written apart from the code under test (full table, no cut-off)."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        table[i][0] = i
    for j in range(len(b) + 1):
        table[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


def _closest(word: str, candidates: list[str]) -> str | None:
    if len(word) > 64 or not candidates:
        return None
    best = min((_distance(word.lower(), c.lower()), c) for c in candidates)
    limit = max(1, min(3, (len(word) + 1) // 2 - 1 if len(word) > 4 else (len(word) + 1) // 2))
    return best[1] if best[0] <= limit and best[0] < len(word) else None


words = st.text(alphabet="abcsAS01_İ", max_size=8)


@settings(max_examples=150, deadline=None)
@given(words, words, st.integers(0, 4))
def test_distance_is_exact_within_the_cutoff(a, b, cutoff):
    full = _distance(a, b)
    assert edit_distance(a, b) == full
    cut = edit_distance(a, b, cutoff)
    assert cut == full if full <= cutoff else cut > cutoff


@settings(max_examples=150, deadline=None)
@given(words, st.lists(words, max_size=12))
def test_closest_is_the_full_search(word, candidates):
    assert closest(word, candidates) == _closest(word, candidates)


def test_closest_among_thousands_of_step_ids():
    ids = [f"s{i}" for i in range(5000)]
    assert closest("s12x", ids) == _closest("s12x", ids) == "s12"
    assert closest("checkuot", ["checkout", "cart", "pay"]) == "checkout"
