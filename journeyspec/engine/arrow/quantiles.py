"""Count, mean and quantiles of grouped durations, computed with numpy as DuckDB computes them.

The DuckDB fast path has every transition time and pair timing in numpy
already. Sending them back to DuckDB for ``avg`` and ``quantile_cont`` cost
more than the summary itself (an Arrow table of millions of rows, a query,
both cores), so they are summarised here: the values are ordered by group
(a radix sort of small group numbers), and each group's quantiles are
selected, not sorted (``np.partition`` at the few ranks they need).

A quantile is DuckDB's ``quantile_cont`` exactly: at ``q``, the rank
``RN = (n - 1) * q``; when it is whole, the value at that rank; otherwise
``lo * (1 - d) + hi * d`` with ``lo`` and ``hi`` the values at the ranks
either side and ``d = RN - floor(RN)``, in that floating-point order
(tests/engine/test_quantiles.py holds it to DuckDB's own results). DuckDB
2.0's wheels compute that sum as one fused multiply-add, rounding
``lo * (1 - d)`` only once it is added (their compiler contracts it; 1.x's
did not), which moves some quantiles by the last bit: :func:`fused` asks the
installed DuckDB which it does, and the sum here is rounded the same way. The
mean adds the same numbers as DuckDB's ``avg`` in another order, so it may
differ in the last bits.
"""

from __future__ import annotations

import math
from functools import cache

from journeyspec.engine.facts.models import QUANTILES

_QS = [q for _, q in QUANTILES]


def summarise(groups, values, quantiles=_QS) -> dict[int, dict]:
    """Per group number present in ``groups``: ``count``, ``mean`` and ``quantiles`` of its ``values``.

    Args:
        groups: Each value's group, a small non-negative integer (numpy).
        values: The values (float64, no NaN).
        quantiles: The quantiles to take, each in 0..1.

    Returns:
        ``{group: {"g": group, "count": n, "mean": mean, "quantiles": [...]}}``, as the rows
        of ``GROUP BY g`` with ``count(*)``, ``avg(x)`` and ``quantile_cont(x, quantiles)``.
    """
    return GroupOrder(groups).summarise(values, quantiles=quantiles)


class GroupOrder:
    """The values' order by group, found once and shared by every subset of them summarised.

    Populations narrowed by ``where`` summarise subsets of the same transitions:
    the subset's rows taken in the whole's order are in group order too, so
    only the whole is sorted.
    """

    def __init__(self, groups) -> None:
        import numpy as np

        self.groups = np.asarray(groups)
        number = int(self.groups.max()) + 1 if len(self.groups) else 0
        # numpy's stable sort of 16-bit integers is a radix sort: linear in the values.
        keys = self.groups.astype(np.uint16) if number <= 1 << 16 else self.groups
        self.order = np.argsort(keys, kind="stable")
        self.number = number

    def summarise(self, values, keep=None, quantiles=_QS) -> dict[int, dict]:
        """:func:`summarise` of ``values`` (one per group entry), or of those where ``keep`` is true."""
        import numpy as np

        values = np.asarray(values, dtype=np.float64)
        if keep is None:
            order, counts = self.order, np.bincount(self.groups, minlength=self.number)
        else:
            keep = np.asarray(keep)
            order, counts = self.order[keep[self.order]], np.bincount(self.groups[keep], minlength=self.number)
        if len(order) == 0:
            return {}
        ordered = values[order]
        bounds = np.zeros(self.number + 1, dtype=np.int64)
        np.cumsum(counts, out=bounds[1:])
        summary = {}
        for group in np.flatnonzero(counts).tolist():
            part = ordered[bounds[group]:bounds[group + 1]]
            summary[group] = {"g": group, "count": len(part), "mean": float(part.mean()),
                              "quantiles": _quantiles(part, quantiles)}
        return summary


def _quantiles(part, quantiles) -> list[float]:
    """``quantile_cont`` of one group's values at each of ``quantiles`` (reorders ``part`` in place)."""
    ranks = [(len(part) - 1) * q for q in quantiles]
    below = [math.floor(rank) for rank in ranks]
    above = [math.ceil(rank) for rank in ranks]
    part.partition(sorted(set(below) | set(above)))
    found = []
    for rank, lo, hi in zip(ranks, below, above):
        if lo == hi:
            found.append(float(part[lo]))
        else:
            found.append(_between(float(part[lo]), float(part[hi]), rank - lo))
    return found


def _between(lo: float, hi: float, d: float) -> float:
    """``lo * (1 - d) + hi * d`` as the installed DuckDB's ``quantile_cont`` rounds it."""
    if fused():
        return _rounded_once(lo, 1.0 - d, hi * d)
    return lo * (1.0 - d) + hi * d


def _rounded_once(a: float, b: float, c: float) -> float:
    """``a * b + c`` rounded once, as a fused multiply-add (``math.fma`` is Python 3.13's).

    Each float is an integer over a power of two, so the sum is exact as integers, and
    Python's division of two integers rounds correctly to the nearest float."""
    (an, ad), (bn, bd), (cn, cd) = a.as_integer_ratio(), b.as_integer_ratio(), c.as_integer_ratio()
    return (an * bn * cd + cn * ad * bd) / (ad * bd * cd)


# Two values and a quantile between them where the two ways of rounding differ in the last bit.
_PROBE = (0.004383, 0.013309, 0.4136957426619674)


@cache
def fused() -> bool:
    """Whether the installed DuckDB interpolates ``quantile_cont`` with one fused multiply-add."""
    import duckdb

    lo, hi, q = _PROBE
    found = duckdb.connect().sql(
        f"SELECT quantile_cont(x, {q!r}::DOUBLE) FROM (VALUES ({lo!r}::DOUBLE), ({hi!r}::DOUBLE)) AS t(x)"
    ).fetchall()[0][0]
    return found == _rounded_once(lo, 1.0 - q, hi * q)


__all__ = ["GroupOrder", "fused", "summarise"]
