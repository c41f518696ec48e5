"""Expectations: what a journey's observed data must show.

Each metric family is one model with a ``kind`` discriminator, so a new
metric is a new model here and a new alternative in the grammar's ``metric``
rule, and nothing else in the parser changes.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field

from journeyspec.ir.base import FrozenModel, Span, SpanField
from journeyspec.ir.predicates import All, Predicate

TimeStatistic = Literal["p50", "p75", "p90", "p95", "p99", "mean"]
TIME_STATISTICS: tuple[str, ...] = ("p50", "p75", "p90", "p95", "p99", "mean")


class SessionsMetric(FrozenModel):
    """``sessions``: the size of the journey's population."""

    kind: Literal["sessions"] = "sessions"


class ConformanceMetric(FrozenModel):
    """``conformance``: the share of paths that follow the design."""

    kind: Literal["conformance"] = "conformance"


class ConversionMetric(FrozenModel):
    """``conversion A -> B``: among paths containing A, the share with B after the first A."""

    kind: Literal["conversion"] = "conversion"
    from_step: str = Field(description="Step id A.")
    to_step: str = Field(description="Step id B.")


class ReachMetric(FrozenModel):
    """``reach X``: the share of paths containing X."""

    kind: Literal["reach"] = "reach"
    step: str = Field(description="Step id X.")


class DropoffMetric(FrozenModel):
    """``dropoff at X``: among paths containing X, the share that end at X abandoned (without reaching success)."""

    kind: Literal["dropoff"] = "dropoff"
    step: str = Field(description="Step id X.")


class TimeMetric(FrozenModel):
    """``time STAT A -> B``: a statistic of the time from the first A to the first B after it."""

    kind: Literal["time"] = "time"
    statistic: TimeStatistic = Field(description="Quantile (p50..p99) or mean.")
    from_step: str = Field(description="Step id A.")
    to_step: str = Field(description="Step id B.")


class SkipsMetric(FrozenModel):
    """``skips X``: among paths that reach a success step, the share that never visit X."""

    kind: Literal["skips"] = "skips"
    step: str = Field(description="Step id X.")


class UnexpectedTransitionsMetric(FrozenModel):
    """``unexpected transitions``: the share of observed transitions that are not designed edges."""

    kind: Literal["unexpected_transitions"] = "unexpected_transitions"


class FrictionMetric(FrozenModel):
    """``friction at X``: among paths containing X, the share with a friction event attributed to X."""

    kind: Literal["friction"] = "friction"
    step: str = Field(description="Step id X.")


class SwitchesMetric(FrozenModel):
    """``switches FIELD``: the share of paths whose events carry more than one value of the field."""

    kind: Literal["switches"] = "switches"
    field: str = Field(description="Event field, e.g. `device`.")


class EmotionMetric(FrozenModel):
    """``emotion at STAGE``: observed sentiment in the stage, rescaled to -3..+3."""

    kind: Literal["emotion"] = "emotion"
    stage: str = Field(description="Stage id.")


class ShareMetric(FrozenModel):
    """``share where CONDITION``: the share of paths whose first event matches the condition."""

    kind: Literal["share"] = "share"
    condition: Predicate = Field(description="The condition a path's first event must match to be counted.")


Metric = Annotated[
    Union[
        SessionsMetric,
        ConformanceMetric,
        ConversionMetric,
        ReachMetric,
        DropoffMetric,
        TimeMetric,
        SkipsMetric,
        UnexpectedTransitionsMetric,
        FrictionMetric,
        SwitchesMetric,
        EmotionMetric,
        ShareMetric,
    ],
    Field(discriminator="kind"),
]

PROPORTION_KINDS = frozenset(
    {"conformance", "conversion", "reach", "dropoff", "skips", "unexpected_transitions", "friction", "switches",
     "share"}
)
"""Metrics whose value is a share of a population, between 0 and 1."""

ThresholdUnit = Literal["fraction", "count", "seconds", "score", "relative", "points"]

Comparator = Literal[">=", "<=", "==", ">", "<"]


class Threshold(FrozenModel):
    """The bar an observed value is compared with.

    ``fraction`` for proportions (``90%`` is 0.9), ``count`` for sessions,
    ``seconds`` for durations, ``score`` for emotions; with ``vs baseline``,
    ``relative`` (``-20%`` is -0.2 of the baseline value) or ``points``
    (``-5pp`` is -0.05 in absolute terms).
    """

    value: int | float = Field(description="The threshold, in the unit below (counts are whole numbers).")
    unit: ThresholdUnit = Field(description="How the value is to be read.")


DEFAULT_CONFIDENCE = 0.95
"""The level of the interval that judges a proportion when neither the expectation nor its journey says."""


class VerdictRule(FrozenModel):
    """``judge by confidence C`` or ``judge by point estimate``: how a journey's proportions are judged.

    Applies to every proportion expectation of the journey that does not say
    ``confidence`` or ``point estimate`` itself (spec/metrics.md, "Verdicts").
    """

    confidence: float | None = Field(
        default=None, description="Judge by the Wilson interval at this level (0.9 for 90%); None with point_estimate."
    )
    point_estimate: bool = Field(default=False, description="Judge by the observed value alone, without an interval.")
    span: Span | None = SpanField


class Expectation(FrozenModel):
    """``expect METRIC CMP THRESHOLD [qualifiers]``."""

    metric: Metric = Field(description="What is measured.")
    comparator: Comparator = Field(description="How the observed value must compare with the threshold.")
    threshold: Threshold = Field(description="The bar.")
    where: Predicate | None = Field(
        default=None, description="Keep only the paths whose first event matches this predicate."
    )
    within: int | None = Field(default=None, description="Conversion window in seconds.")
    confidence: float | None = Field(
        default=None,
        description="`confidence C`: judged by the Wilson interval at this level (0.95 for 95%). Without it or "
        "`point_estimate`, the journey's `judge` decides, else the 95% interval.",
    )
    point_estimate: bool = Field(
        default=False, description="`point estimate`: judged by the observed value alone, without an interval."
    )
    min_sessions: int | None = Field(
        default=None, description="Below this population the expectation is skipped, not judged."
    )
    vs_baseline: bool = Field(default=False, description="The threshold is a change against a baseline dataset.")
    text: str = Field(description="Canonical text of the expectation, without the `expect` keyword.")
    span: Span | None = SpanField


def share_population(condition: Predicate, where: Predicate | None) -> Predicate:
    """The paths ``share where CONDITION`` counts inside the population ``where``: both, as one flat ``and``.

    The share is this population's size over the size of ``where``'s (spec/metrics.md, "Share").
    """
    if where is None:
        return condition
    operands: list[Predicate] = []
    for part in (condition, where):
        operands.extend(part.operands if isinstance(part, All) else (part,))
    return All(operands=tuple(operands))


def populations(expectation: Expectation) -> tuple[Predicate, ...]:
    """The populations an expectation reads besides the whole one: its ``where``, and what a share counts."""
    found = [expectation.where] if expectation.where is not None else []
    if expectation.metric.kind == "share":
        found.append(share_population(expectation.metric.condition, expectation.where))
    return tuple(found)


def conditions(expectation: Expectation) -> tuple[Predicate, ...]:
    """The conditions written in an expectation: its ``where`` and a share's condition."""
    found = [expectation.where] if expectation.where is not None else []
    if expectation.metric.kind == "share":
        found.append(expectation.metric.condition)
    return tuple(found)
