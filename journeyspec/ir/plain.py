"""Expectations in plain words, for readers who do not read the map language.

``expect conversion view_hotel -> guest_details >= 30%`` reads as "at least
30% of people who reach “View a hotel” go on to reach “Enter guest
details”", and with a result "— measured 27.0%, likely between 25.1% and
29.0%". The journey pages, the check reports and the pytest items say it the
same way: this module is the one home of the phrasing.

One row per metric kind in :data:`PHRASES`: the claim (the comparator and the
threshold fill ``{bar}``) and, for ``vs baseline``, the thing that changes. A
kind without a row (a metric added later) reads as its canonical text, never
as nothing. Steps and stages are named by their titles.
"""

from __future__ import annotations

from journeyspec.ir.expectations import Expectation
from journeyspec.ir.journey import Journey
from journeyspec.ir.text import predicate_text
from journeyspec.units import format_count, format_duration, format_percent, format_score

COMPARATOR_WORDS = {">=": "at least", "<=": "at most", ">": "more than", "<": "less than", "==": "exactly"}
"""A comparator as it is said before a number."""

_TIME_SHARE = {"p50": "half of", "p75": "three in four", "p90": "nine in ten", "p95": "19 in 20", "p99": "99 in 100"}
"""A quantile as the share of people it speaks for (p90: the time nine in ten people stay within)."""

PHRASES: dict[str, tuple[str, str]] = {
    # kind: (the claim, with {bar} for "at least 30%"; the thing a `vs baseline` change is measured on)
    "sessions": ("{bar} {paths} take this journey", "the number of {paths} taking this journey"),
    "conformance": ("{bar} of {paths} follow a designed path", "the share of {paths} following a designed path"),
    "conversion": ("{bar} of people who reach {from_step} go on to reach {to_step}{within}",
                   "the share of people who reach {from_step} and go on to reach {to_step}{within}"),
    "reach": ("{bar} of people reach {step}", "the share of people reaching {step}"),
    "dropoff": ("{bar} of people who reach {step} leave the journey there",
                "the share of people leaving the journey at {step}"),
    "skips": ("{bar} of people pass by {step} without doing it", "the share of people passing by {step}"),
    "unexpected_transitions": ("{bar} of the moves between steps are ones the design does not have",
                               "the share of moves between steps the design does not have"),
    "friction": ("{bar} of people at {step} run into friction", "the share of people running into friction at {step}"),
    "switches": ("{bar} of people change {field} during the journey",
                 "the share of people changing {field} during the journey"),
    "emotion": ("people feel {bar} on average during {stage} (on a scale from -3 to +3)",
                "how people feel during {stage}"),
    "share": ("{bar} of {paths} begin with an event where {condition}",
              "the share of {paths} beginning with an event where {condition}"),
    "time": ("", "the time from {from_step} to {to_step}"),  # said by _time: the statistic shapes the sentence
}

_CHANGE_WORDS = {">=": ("rises by at least", "falls by at most"), ">": ("rises by more than", "falls by less than"),
                 "<=": ("rises by at most", "falls by at least"), "<": ("rises by less than", "falls by more than"),
                 "==": ("changes by exactly", "changes by exactly")}


_UNIT_WORDS = {"d": "day", "h": "hour", "m": "minute", "s": "second"}


def duration_words(seconds: float) -> str:
    """A duration in words: ``1d`` → ``1 day``, ``4m 12s`` → ``4 minutes 12 seconds`` (rounded as the reports round)."""
    words = []
    for part in format_duration(seconds).split():
        number, unit = part[:-1], part[-1]
        words.append(f"{number} {_UNIT_WORDS[unit]}{'' if number == '1' else 's'}")
    return " ".join(words)


def _quoted(title: str) -> str:
    return f"“{title}”"


def _names(expectation: Expectation, journey: Journey) -> dict[str, str]:
    metric = expectation.metric
    titles = {step.id: step.title for step in journey.steps} | {group.id: group.title for group in journey.groups}
    stages = {stage.id: stage.title for stage in journey.stages}
    names = {"paths": "users" if journey.scope == "user" else "sessions", "within": ""}
    for key in ("from_step", "to_step", "step"):
        if hasattr(metric, key):
            names[key] = _quoted(titles.get(getattr(metric, key), getattr(metric, key)))
    if hasattr(metric, "stage"):
        names["stage"] = _quoted(stages.get(metric.stage, metric.stage))
    if hasattr(metric, "field"):
        names["field"] = metric.field
    if hasattr(metric, "condition"):
        names["condition"] = predicate_text(metric.condition)
    if expectation.within:
        names["within"] = f" within {duration_words(expectation.within)}"
    return names


def _bar(expectation: Expectation) -> str:
    threshold = expectation.threshold
    return f"{COMPARATOR_WORDS[expectation.comparator]} {_number(threshold.value, threshold.unit)}"


def _number(value: float, unit: str) -> str:
    """A threshold as people say it: ``30%``, ``1,000``, ``20m``, ``+1``."""
    if unit == "fraction":
        return _percent(value)
    if unit == "seconds":
        return duration_words(value)
    if unit == "count":
        return format_count(value)
    if unit == "score":
        return f"{value:+g}" if value else "0"
    return _percent(abs(value)) if unit == "relative" else f"{abs(value) * 100:g} percentage points"


def _percent(fraction: float) -> str:
    """``0.3`` → ``30%``, ``0.035`` → ``3.5%``: as written in the map, no trailing zeros."""
    return f"{fraction * 100:.4g}%"


def _time(expectation: Expectation, names: dict[str, str]) -> str:
    statistic = expectation.metric.statistic
    duration = duration_words(expectation.threshold.value)
    span = f"from {names['from_step']} to {names['to_step']}"
    if statistic == "mean":
        return f"on average, people take {COMPARATOR_WORDS[expectation.comparator]} {duration} {span}"
    share = _TIME_SHARE[statistic]
    if expectation.comparator in ("<=", "<"):
        within = "within" if expectation.comparator == "<=" else "in less than"
        return f"{share} people get {span} {within} {duration}"
    if expectation.comparator in (">=", ">"):
        return f"{share} people take {COMPARATOR_WORDS[expectation.comparator]} {duration} {span}"
    return f"the time {share} people stay within {span} is exactly {duration}"


def sentence(words: str) -> str:
    """A phrase as a sentence start: capital first letter (phrases are lower case so they can follow other words)."""
    return words[:1].upper() + words[1:]


def expectation_words(expectation: Expectation, journey: Journey) -> str:
    """The expectation as a sentence without a verdict: ``at least 30% of people who reach “A” go on to reach “B”``."""
    kind = expectation.metric.kind
    if kind not in PHRASES:
        return expectation.text
    names = _names(expectation, journey)
    claim, thing = PHRASES[kind]
    if expectation.vs_baseline:
        value = expectation.threshold.value
        rises, falls = _CHANGE_WORDS[expectation.comparator]
        words = (falls if value < 0 else rises) if expectation.comparator != "==" else rises
        sentence = f"compared with the baseline, {thing.format(**names)} {words} " \
                   f"{_number(value, expectation.threshold.unit)}"
    elif kind == "time":
        sentence = _time(expectation, names)
    else:
        sentence = claim.format(bar=_bar(expectation), **names)
    if expectation.where is not None:
        sentence += f", counting only paths where {predicate_text(expectation.where)}"
    return sentence


def measured_words(value: float | None, unit: str, interval: tuple[float, float] | None = None,
                   reason: str | None = None, level: float = 0.95) -> str:
    """What was measured, in words: ``measured 27.0%, likely between 25.1% and 29.0%``.

    ``interval`` is the 95% interval (or the expectation's own level) of a proportion; "likely" says
    that the true value lies in it with that confidence (named when it is not 95%). Without a value,
    the reason it has none.
    """
    if value is None:
        return f"not measured: {reason}" if reason else "not measured"
    shown = {"fraction": format_percent, "seconds": duration_words, "count": format_count,
             "score": format_score, "relative": lambda v: format_percent(v, signed=True),
             "points": lambda v: f"{100 * v:+.1f} percentage points"}.get(unit, format_score)(value)
    change = unit in ("relative", "points")  # a `vs baseline` expectation measures a change, signed
    words = f"measured {'a change of ' if change else ''}{shown}"
    if interval is not None:
        low, high = (format_percent(end, signed=change) for end in interval)
        words += f", likely between {low} and {high}"
        if abs(level - 0.95) > 1e-9:
            words += f" ({level * 100:g}% interval)"
    return words
