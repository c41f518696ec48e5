"""Rule 4: the per-population queries over the cached path table.

Four small queries per population: variants, transition times, attribution
of friction and sentiment, and one row of scalars (size, pairs, switches).
Per-step reach, ends and visits, and how many paths contain each transition,
come from the variant table in Arrow, since they are exact over (variant,
count); only durations need the per-path times.
"""

from __future__ import annotations

from journeyspec.engine.facts.models import QUANTILES
from journeyspec.engine.source.columns import MICROSECONDS
from journeyspec.engine.sql.paths import at_or_before, first, last

_QS = [q for _, q in QUANTILES]


def _count(condition):
    import ibis

    return ibis.ifelse(condition, 1, 0).sum()


def variants_query(paths):
    """Distinct paths with their path count and success count."""
    return paths.group_by("path").aggregate(count=paths.count(), success=_count(paths.success))


def transitions_query(paths):
    """Consecutive visit pairs: count and time-between summaries in seconds (paths containing
    each pair come from the variants, :func:`~journeyspec.engine.facts.arrays.transition_paths`)."""
    import ibis

    visits = paths.visits
    # By index rather than zipping two slices: Ibis writes a zip as a slice per element, O(n^2) per path.
    pairs = ibis.range(1, visits.length()).map(lambda i: ibis.struct({
        "source": visits[i - 1].s,
        "target": visits[i].s,
        "seconds": (visits[i].t - visits[i - 1].t).cast("float64") / MICROSECONDS,
    }))
    unnested = paths.select(pair=pairs.unnest())
    timed = unnested.select(source=unnested.pair.source, target=unnested.pair.target, seconds=unnested.pair.seconds)
    return timed.group_by("source", "target").aggregate(
        count=timed.count(),
        mean=timed.seconds.mean(),
        quantiles=timed.seconds.quantile(_QS),
    )


def attribution_query(paths):
    """Friction and sentiment events per attributed step (null: before the first step event)."""
    items = paths.select("key", "visits", item=paths["items"].unnest())
    prior = items.visits.filter(lambda v: at_or_before(v, items.item))
    attributed = items.mutate(step=last(prior).s)
    return attributed.group_by("step").aggregate(
        friction_events=_count(attributed.item.f),
        friction_sessions=attributed.key.nunique(where=attributed.item.f),
        sentiment_count=attributed.item.v.count(),
        sentiment_sum=attributed.item.v.sum(),
    )


def scalars_query(paths, pairs: list[tuple], switch_count: int):
    """One row: population size, successes, each pair's conversion and timing, each switch count.

    Each pair is ``(A, B, windows)``; an end is a step index, or a group's ``(step indexes, how many
    complete it)`` (:func:`~journeyspec.engine.facts.models.pair_end`).
    """
    import ibis

    # Staged projections, so that no array expression is computed twice: the
    # first A's index (a scan of the small int path, no list built), then the
    # first A and the visits of B after it, then the first of those.
    table = paths
    if pairs:
        none = ibis.null(table.visits.type().value_type)
        steps = {k: a for k, (a, _, _) in enumerate(pairs) if isinstance(a, int)}
        # int32: Spark's element_at rejects a BIGINT index.
        table = table.mutate(**{f"ia{k}": table.path.index(a).cast("int32") for k, a in steps.items()})
        table = table.mutate(**{
            f"fa{k}": ibis.ifelse(table[f"ia{k}"] >= 0, table.visits[ibis.greatest(table[f"ia{k}"], 0)], none)
            if k in steps else _completion(table.visits, a, None)
            for k, (a, _, _) in enumerate(pairs)
        })
        table = table.mutate(**{
            f"bs{k}": table.visits.filter(lambda v, b=b, k=k: (v.s == b) & ~at_or_before(v, table[f"fa{k}"]))
            for k, (_, b, _) in enumerate(pairs) if isinstance(b, int)
        })
        table = table.mutate(**{
            f"fb{k}": first(table[f"bs{k}"]) if isinstance(b, int) else _completion(table.visits, b, table[f"fa{k}"])
            for k, (_, b, _) in enumerate(pairs)
        })
        columns = {}
        for k in range(len(pairs)):
            has_a = table[f"fa{k}"].notnull()
            has_b = has_a & table[f"fb{k}"].notnull()
            columns[f"a{k}"] = has_a
            columns[f"b{k}"] = has_b
            columns[f"d{k}"] = ibis.ifelse(
                has_b, (table[f"fb{k}"].t - table[f"fa{k}"].t).cast("float64") / MICROSECONDS, ibis.null("float64"))
        table = table.mutate(**columns)
    aggregates = {"sessions": table.count(), "success": _count(table.success)}
    for k, (_, _, windows) in enumerate(pairs):
        aggregates[f"with_source{k}"] = _count(table[f"a{k}"])
        aggregates[f"converted{k}"] = _count(table[f"b{k}"])
        aggregates[f"mean{k}"] = table[f"d{k}"].mean()
        aggregates[f"quantiles{k}"] = table[f"d{k}"].quantile(_QS)
        for j, window in enumerate(windows):
            aggregates[f"within{k}_{j}"] = _count(table[f"b{k}"] & (table[f"d{k}"] <= window))
    for k in range(switch_count):
        aggregates[f"switches{k}"] = _count(table[f"sw{k}"])
    return table.aggregate(**aggregates)


def _completion(visits, group: tuple[tuple[int, ...], int], after):
    """The visit that completes a group (``need`` of its steps visited) after the visit ``after``
    (from the start when None): the ``need``-th earliest of each step's first visit after it; null
    when fewer of its steps follow."""
    import ibis

    steps, need = group
    firsts = [
        first(visits.filter(lambda v, s=s: (v.s == s) if after is None else (v.s == s) & ~at_or_before(v, after)))
        for s in steps
    ]
    done = ibis.array(firsts).filter(lambda v: v.notnull()).sort()
    return ibis.ifelse(done.length() >= need, done[need - 1], ibis.null(visits.type().value_type))


__all__ = ["attribution_query", "scalars_query", "transitions_query", "variants_query"]
