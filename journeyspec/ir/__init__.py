"""The intermediate representation (IR): frozen pydantic models of designed journeys.

The ground floor of the road: a compiled map is a :class:`Document` of
:class:`Journey` models — stages, steps, edges, expectations, predicates —
plain, ordered, immutable data that every later stage reads and none may
change. Ids are identity, labels are presentation. This package imports only
pydantic and :mod:`journeyspec.units`; nothing here knows how a map is written,
how data is read, or how anything is drawn.
"""

from journeyspec.ir.base import FrozenModel, Span
from journeyspec.ir.expectations import (
    DEFAULT_CONFIDENCE,
    PROPORTION_KINDS,
    TIME_STATISTICS,
    ConformanceMetric,
    ConversionMetric,
    DropoffMetric,
    EmotionMetric,
    Expectation,
    FrictionMetric,
    Metric,
    ReachMetric,
    SessionsMetric,
    SkipsMetric,
    SwitchesMetric,
    Threshold,
    TimeMetric,
    UnexpectedTransitionsMetric,
    VerdictRule,
)
from journeyspec.ir.journey import (
    Document,
    Edge,
    Emotion,
    Group,
    Journey,
    Money,
    Note,
    Persona,
    PersonaEmotion,
    Sentiment,
    Shared,
    Stage,
    Step,
)
from journeyspec.ir.predicates import All, Any_, Compare, Exists, Match, Not, OneOf, Predicate

__all__ = [
    "DEFAULT_CONFIDENCE",
    "PROPORTION_KINDS",
    "TIME_STATISTICS",
    "All",
    "Any_",
    "Compare",
    "ConformanceMetric",
    "ConversionMetric",
    "Document",
    "DropoffMetric",
    "Edge",
    "Emotion",
    "EmotionMetric",
    "Exists",
    "Expectation",
    "FrictionMetric",
    "FrozenModel",
    "Group",
    "Journey",
    "Match",
    "Metric",
    "Money",
    "Not",
    "Note",
    "PersonaEmotion",
    "OneOf",
    "Persona",
    "Predicate",
    "ReachMetric",
    "SessionsMetric",
    "Sentiment",
    "Shared",
    "SkipsMetric",
    "Span",
    "Stage",
    "Step",
    "SwitchesMetric",
    "Threshold",
    "TimeMetric",
    "UnexpectedTransitionsMetric",
    "VerdictRule",
]
