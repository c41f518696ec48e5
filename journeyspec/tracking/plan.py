"""What the maps need from the event data: per journey and step, the events and properties its ``when`` reads.

A step is recognised by its ``when`` condition; the tracking plan turns each
condition into what the analytics team must record: the event names the
condition pins (``event == "x"``, ``event in [...]``), and every other field
it reads, with the conditions on it. A step with no ``when`` yet is listed as
such, never dropped: the plan says what is still to instrument.

Event names are pinned only where the condition makes them certain: an ``and``
pins the names its pinning operands agree on, an ``or`` pins the union when
every branch pins, and ``not``, ``!=`` or a pattern on ``event`` pin nothing
(the step then reads "events as the condition says").

Field names are the map's own (``event`` is the event name, whatever the
column is called in the data; the project's source settings map the two).
"""

from __future__ import annotations

from dataclasses import dataclass

from journeyspec.ir import Journey
from journeyspec.ir.predicates import All, Any_, Compare, Exists, Match, Not, OneOf, Predicate
from journeyspec.ir.text import predicate_text, scalar_text

EVENT_FIELD = "event"
"""The field a map names the event with; the data's column for it is set in the source settings."""


@dataclass(frozen=True)
class PropertyNeed:
    """A field other than the event name that a step's condition reads.

    Attributes:
        name: The field, as the map writes it (dotted for nested data).
        conditions: Each condition on it, as the map writes it (``page ~ "^/p/"``), in first-use order.
        types: The JSON types its literals have (``string``, ``number``, ``boolean``), sorted; empty when
            only ``exists`` reads it.
    """

    name: str
    conditions: tuple[str, ...]
    types: tuple[str, ...]


@dataclass(frozen=True)
class StepNeed:
    """One step of one journey and what recognising it needs.

    Attributes:
        stage: The stage's id.
        stage_title: The stage's title.
        step: The step's id.
        title: The step's title.
        library: The library a shared step was taken from (``step X from LIB``), else None.
        library_file: That library's file, relative to the map's folder.
        condition: The full ``when`` as the map writes it, or None when the step has none yet.
        events: The event names the condition pins, sorted; None when it pins none.
        event_conditions: The conditions on the event name that pin nothing (``event ~ "^pay_"``).
        properties: The other fields read, in first-use order.
    """

    stage: str
    stage_title: str
    step: str
    title: str
    library: str | None
    library_file: str | None
    condition: str | None
    events: tuple[str, ...] | None
    event_conditions: tuple[str, ...]
    properties: tuple[PropertyNeed, ...]

    @property
    def instrumented(self) -> bool:
        return self.condition is not None


@dataclass(frozen=True)
class JourneyNeeds:
    """One journey's tracking needs: its steps in written order, and what it reads across all steps.

    Attributes:
        journey: The journey's id.
        title: Its title.
        file: The map file it is written in, as given.
        steps: Every step, in written order.
        friction: Conditions of the events counted as friction, as written.
        friction_events: The event names the friction conditions pin, sorted.
        sentiment: The field carrying a feedback score and its scale (``csat 1..5``), or None.
    """

    journey: str
    title: str
    file: str
    steps: tuple[StepNeed, ...]
    friction: tuple[str, ...]
    friction_events: tuple[str, ...]
    sentiment: str | None

    @property
    def without_condition(self) -> tuple[StepNeed, ...]:
        return tuple(step for step in self.steps if not step.instrumented)


def journey_needs(journey: Journey, file: str) -> JourneyNeeds:
    """What one journey needs from the event data."""
    stages = {stage.id: stage for stage in journey.stages}
    steps = []
    for step in journey.steps:
        shared = journey.shared_as("step", step.id)
        when = step.when
        steps.append(StepNeed(
            stage=step.stage, stage_title=stages[step.stage].title, step=step.id, title=step.title,
            library=shared.library if shared else None, library_file=shared.source if shared else None,
            condition=predicate_text(when) if when is not None else None,
            events=_sorted(pinned_events(when)) if when is not None else None,
            event_conditions=_free_event_conditions(when) if when is not None else (),
            properties=_properties(when) if when is not None else (),
        ))
    sentiment = journey.sentiment
    return JourneyNeeds(
        journey=journey.id, title=journey.title, file=file, steps=tuple(steps),
        friction=tuple(predicate_text(p) for p in journey.friction),
        friction_events=tuple(sorted(set().union(*(pinned_events(p) or () for p in journey.friction)))),
        sentiment=(f"{sentiment.field} {scalar_text(sentiment.low)}..{scalar_text(sentiment.high)}"
                   if sentiment else None),
    )


def pinned_events(predicate: Predicate) -> frozenset[str] | None:
    """The event names a condition certainly limits a step to, or None when it limits them to no known list."""
    if isinstance(predicate, Compare):
        if predicate.field == EVENT_FIELD and predicate.op == "==":
            return frozenset({_name(predicate.value)})
        return None
    if isinstance(predicate, OneOf):
        return frozenset(_name(v) for v in predicate.values) if predicate.field == EVENT_FIELD else None
    if isinstance(predicate, All):
        pinned = [names for names in map(pinned_events, predicate.operands) if names is not None]
        return frozenset.intersection(*pinned) if pinned else None
    if isinstance(predicate, Any_):
        branches = [pinned_events(operand) for operand in predicate.operands]
        return None if any(b is None for b in branches) else frozenset().union(*branches)
    return None  # not, match, exists: no list of names


def _name(value) -> str:
    return value if isinstance(value, str) else scalar_text(value)


def _sorted(names: frozenset[str] | None) -> tuple[str, ...] | None:
    return None if names is None else tuple(sorted(names))


def _atoms(predicate: Predicate, negated: bool = False) -> list[tuple[Compare | Match | OneOf | Exists, bool]]:
    """Every field condition in written order, each with whether an odd number of ``not``s covers it."""
    if isinstance(predicate, (All, Any_)):
        return [atom for operand in predicate.operands for atom in _atoms(operand, negated)]
    if isinstance(predicate, Not):
        return _atoms(predicate.operand, not negated)
    return [(predicate, negated)]


def _atom_text(atom, negated: bool) -> str:
    return ("not " if negated else "") + predicate_text(atom)


def _free_event_conditions(predicate: Predicate) -> tuple[str, ...]:
    if pinned_events(predicate) is not None:
        return ()
    texts = (_atom_text(atom, negated) for atom, negated in _atoms(predicate) if atom.field == EVENT_FIELD)
    return tuple(dict.fromkeys(texts))


_JSON_TYPES = ((bool, "boolean"), ((int, float), "number"), (str, "string"))  # bool first: it is an int


def _json_type(value) -> str:
    return next(name for kinds, name in _JSON_TYPES if isinstance(value, kinds))


def _properties(predicate: Predicate) -> tuple[PropertyNeed, ...]:
    conditions: dict[str, dict[str, None]] = {}
    types: dict[str, set[str]] = {}
    for atom, negated in _atoms(predicate):
        if atom.field == EVENT_FIELD:
            continue
        conditions.setdefault(atom.field, {})[_atom_text(atom, negated)] = None
        found = types.setdefault(atom.field, set())
        if isinstance(atom, Compare):
            found.add(_json_type(atom.value))
        elif isinstance(atom, OneOf):
            found.update(_json_type(v) for v in atom.values)
        elif isinstance(atom, Match):
            found.add("string")
    return tuple(PropertyNeed(name, tuple(texts), tuple(sorted(types[name]))) for name, texts in conditions.items())
