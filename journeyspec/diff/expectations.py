"""Matching expectations across versions, and judging whether a change loosened or tightened them.

An expectation's identity is what it measures: its metric, its ``where``
filter and whether it is against a baseline. Its bar is everything else: the
comparator and threshold, ``within``, ``confidence`` and ``min sessions``.
A change is *loosened* when every observed value the old bar accepted is still
accepted (and more), *tightened* in the opposite case, and *mixed* when one
part of the bar moved each way. A reviewer should notice a failing expectation
made to pass by lowering its bar.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from journeyspec.diff.changes import Judgement
from journeyspec.ir.expectations import DEFAULT_CONFIDENCE, Expectation
from journeyspec.ir.text import metric_text, predicate_text


def identity(expectation: Expectation) -> str:
    """What an expectation measures, as text: ``dropoff at cart where device == "mobile" vs baseline``."""
    parts = [metric_text(expectation.metric)]
    if expectation.where is not None:
        parts.append(f"where {predicate_text(expectation.where)}")
    if expectation.vs_baseline:
        parts.append("vs baseline")
    return " ".join(parts)


@dataclass(frozen=True)
class Pair:
    """An old and a new expectation with one identity; one side is ``None`` for an addition or removal."""

    key: str
    old: Expectation | None
    new: Expectation | None


def pair_expectations(old: tuple[Expectation, ...], new: tuple[Expectation, ...]) -> list[Pair]:
    """Pair expectations by identity; unchanged pairs are left out.

    Two expectations may share an identity (a lower and an upper bound on one
    time metric, say). Within such a group, identical texts pair first, then
    expectations with the same comparator, then the rest in written order.
    The result lists removals (old order), additions and changes (new order).
    """
    old_groups, new_groups = _by_identity(old), _by_identity(new)
    removed: list[Pair] = []
    added: list[Pair] = []
    changed: list[Pair] = []
    for key in dict.fromkeys([*new_groups, *old_groups]):
        olds = list(old_groups.get(key, ()))
        news = list(new_groups.get(key, ()))
        for same in (lambda a, b: a.text == b.text, lambda a, b: a.comparator == b.comparator, lambda a, b: True):
            for candidate in list(news):
                match = next((o for o in olds if same(o, candidate)), None)
                if match is None:
                    continue
                olds.remove(match)
                news.remove(candidate)
                if match.text != candidate.text:
                    changed.append(Pair(key, match, candidate))
        removed.extend(Pair(key, o, None) for o in olds)
        added.extend(Pair(key, None, n) for n in news)
    position_old = {id(e): i for i, e in enumerate(old)}
    position_new = {id(e): i for i, e in enumerate(new)}
    removed.sort(key=lambda p: position_old[id(p.old)])
    added.sort(key=lambda p: position_new[id(p.new)])
    changed.sort(key=lambda p: position_new[id(p.new)])
    return removed + added + changed


def _by_identity(expectations: tuple[Expectation, ...]) -> dict[str, list[Expectation]]:
    groups: dict[str, list[Expectation]] = {}
    for expectation in expectations:
        groups.setdefault(identity(expectation), []).append(expectation)
    return groups


# An interval of accepted observed values: (low, low inclusive, high, high inclusive).
_Interval = tuple[float, bool, float, bool]


def _accepted(expectation: Expectation) -> _Interval:
    value = expectation.threshold.value
    return {
        ">=": (value, True, math.inf, False),
        ">": (value, False, math.inf, False),
        "<=": (-math.inf, False, value, True),
        "<": (-math.inf, False, value, False),
        "==": (value, True, value, True),
    }[expectation.comparator]


def _contains(outer: _Interval, inner: _Interval) -> bool:
    low_ok = outer[0] < inner[0] or (outer[0] == inner[0] and (outer[1] or not inner[1]))
    high_ok = outer[2] > inner[2] or (outer[2] == inner[2] and (outer[3] or not inner[3]))
    return low_ok and high_ok


def _bar(old: Expectation, new: Expectation) -> str | None:
    if old.threshold.unit != new.threshold.unit:
        return None
    before, after = _accepted(old), _accepted(new)
    if before == after:
        return None
    if _contains(after, before):
        return "loosened"
    if _contains(before, after):
        return "tightened"
    return None  # the bar moved sideways (`>=` became `<=`): a change, but neither looser nor tighter


def _larger_is_looser(before: float, after: float) -> str | None:
    if after == before:
        return None
    return "loosened" if after > before else "tightened"


def judge(old: Expectation, new: Expectation) -> Judgement | None:
    """Whether ``new`` accepts more (loosened), less (tightened), or some of each (mixed) than ``old``.

    A wider ``within`` window, a lower ``confidence`` (``point estimate`` is the lowest) and a higher (or newly
    added) ``min sessions`` all loosen; the threshold loosens when the set of
    observed values it accepts grows. ``None`` when no part moved in a
    comparable direction.
    """
    verdicts = {
        _bar(old, new),
        _larger_is_looser(
            math.inf if old.within is None else old.within, math.inf if new.within is None else new.within
        ),
        # Less confidence asks less of the data before a verdict.
        _larger_is_looser(-_confidence(old), -_confidence(new)),
        # A higher minimum population skips more expectations instead of judging them.
        _larger_is_looser(old.min_sessions or 0, new.min_sessions or 0),
    } - {None}
    if not verdicts:
        return None
    if len(verdicts) > 1:
        return "mixed"
    return verdicts.pop()  # type: ignore[return-value]


def _confidence(expectation: Expectation) -> float:
    # The point estimate is the interval at 50% (z = 0): the least an expectation can ask of the data.
    if expectation.point_estimate:
        return 0.5
    return expectation.confidence if expectation.confidence is not None else DEFAULT_CONFIDENCE


__all__ = ["DEFAULT_CONFIDENCE", "Pair", "identity", "judge", "pair_expectations"]
