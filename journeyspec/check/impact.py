"""What each gap costs, and what to fix first (spec/metrics.md, "Impact").

Drop-off at a step X costs the successes its abandoned paths would have had,
had they converted like the paths that continued past X; an undesigned
transition costs the successes its paths miss against conforming paths. Both
are counted in successes, with a 95% interval, then valued with the journey's
`value`, and ranked together by the interval's lower bound: a gap is ranked by
what it surely costs, not by what it might.

A success rate that rests on fewer than ``min_paths`` paths estimates nothing
a team should act on (a 100% from 2 paths): such a gap keeps its count of
paths, carries no figure, and is listed after every gap that has one.
"""

from __future__ import annotations

from collections.abc import Iterator

from journeyspec.check.metrics import PopulationMetrics
from journeyspec.check.result import Coverage, ImpactItem
from journeyspec.check.stats import MIN_PATHS, difference_interval, wilson_interval
from journeyspec.ir.expectations import DEFAULT_CONFIDENCE


def _rate(successes: int, paths: int) -> float | None:
    return successes / paths if paths else None


def _valued(item: dict, metrics: PopulationMetrics) -> ImpactItem:
    """The item with its value lost (and the value's interval), in the journey's currency."""
    value = metrics.journey.value
    if value is not None:
        amount = value.amount
        item["currency"] = value.currency
        for name in ("", "_low", "_high"):
            lost = item.get(f"lost_successes{name}")
            item[f"value_lost{name}"] = None if lost is None else lost * amount
    return ImpactItem(**item)


def _dropoffs(metrics: PopulationMetrics, min_paths: int) -> Iterator[ImpactItem]:
    """Per step with drop-offs (never a success or a designed ending): its abandoned paths x the rate of those that went on."""
    journey, table = metrics.journey, metrics.table
    for step in journey.step_ids:
        dropped = metrics.dropped(step)
        if step in journey.outcomes or not dropped:  # a success or a designed ending: ending there is meant
            continue
        continued = table.contains(step) & ~table.ends_at(step)
        paths, successes = table.sessions(continued), table.successes(continued)
        item = {"kind": "dropoff", "step": step, "sessions": dropped, "success_rate": 0.0,
                "reference_rate": _rate(successes, paths), "reference_paths": paths, "min_paths": min_paths}
        if paths >= min_paths:
            low, high = wilson_interval(successes, paths, DEFAULT_CONFIDENCE)
            item.update(lost_successes=dropped * successes / paths, lost_successes_low=dropped * low,
                        lost_successes_high=dropped * high)
        else:
            item.update(reference_rate=None, too_few_paths=True)
        yield _valued(item, metrics)


def _deviations(metrics: PopulationMetrics, min_paths: int) -> Iterator[ImpactItem]:
    """Per undesigned transition whose paths succeed less than conforming ones: the successes they miss."""
    journey, table = metrics.journey, metrics.table
    designed = journey.designed_transitions()
    reference_paths = table.sessions(metrics.conforms)
    reference_successes = table.successes(metrics.conforms)
    reference = _rate(reference_successes, reference_paths)
    for transition in metrics.facts.transitions:
        if (transition.source, transition.target) in designed:
            continue
        if transition.source in journey.endings or transition.target in journey.endings:
            continue  # into a designed ending the path ended by design; out of one, after the journey ended
        mask = table.contains_transition(transition.source, transition.target)
        paths, successes = table.sessions(mask), table.successes(mask)
        rate = _rate(successes, paths)
        if rate is None or reference is None or reference <= rate:
            continue
        item = {"kind": "deviation", "transition": (transition.source, transition.target), "sessions": paths,
                "success_rate": rate, "reference_rate": reference, "reference_paths": reference_paths,
                "min_paths": min_paths}
        if min(paths, reference_paths) >= min_paths:
            # Newcombe's interval of (reference - their rate): the two groups share no path (a deviating
            # path does not conform).
            low, high = difference_interval(reference_successes, reference_paths, successes, paths,
                                            DEFAULT_CONFIDENCE)
            item.update(lost_successes=paths * (reference - rate), lost_successes_low=paths * low,
                        lost_successes_high=paths * high)
        else:
            item.update(success_rate=None, reference_rate=None, too_few_paths=True)
        yield _valued(item, metrics)


def _rank(item: ImpactItem) -> tuple:
    """Gaps with a figure first, by the lower bound of their successes lost; then the rest, by paths."""
    name = (item.kind, item.step or "", item.transition or ("", ""))
    if item.too_few_paths:
        return (1, -item.sessions, *name)
    return (0, -item.lost_successes_low, -item.lost_successes, *name)


def impact(metrics: PopulationMetrics, min_paths: int = MIN_PATHS) -> tuple[ImpactItem, ...]:
    """The fix-first list: drop-offs and deviations, the surest losses first (see the module docstring)."""
    return tuple(sorted([*_dropoffs(metrics, min_paths), *_deviations(metrics, min_paths)], key=_rank))


def coverage(metrics: PopulationMetrics, totals) -> Coverage:
    """Steps and designed edges never observed, and the off-map events with the most volume."""
    facts = metrics.facts
    observed = {(t.source, t.target) for t in facts.transitions}
    return Coverage(
        unobserved_steps=tuple(s.step for s in facts.steps if s.reached == 0),
        # An edge into or out of a group is taken by a move between any of the steps it stands for.
        unobserved_edges=tuple((e.source, e.target) for e in metrics.journey.edges
                               if not any((a, b) in observed for a in metrics.journey.members(e.source)
                                          for b in metrics.journey.members(e.target))),
        off_map_share=totals.off_map_share,
        top_off_map=tuple((n.name, n.count) for n in totals.top_off_map),
    )


__all__ = ["coverage", "impact"]
