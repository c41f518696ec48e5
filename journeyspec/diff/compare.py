"""IR × IR → the ordered list of semantic changes between two versions of the maps.

Ids are identity: two journeys, stages, steps or personas are the same thing
when their ids match, whatever their labels or where they are written. Values
are compared as canonical text, never as models, so spans, comments and layout
(everything ``fmt`` may change) never show up as a change.

Order is deterministic: journeys by id; within a journey, sections in a fixed
order (header, personas, stages, steps, edges, start and success, event
handling, expectations); within a section, removals in old order, then
additions and changes in new order.
"""

from __future__ import annotations

from collections.abc import Iterable

from journeyspec.diff.changes import Change, ChangeKind
from journeyspec.diff.expectations import judge, pair_expectations
from journeyspec.diff.recorder import Recorder
from journeyspec.diff.renames import pair_renames, reasons, rename_note
from journeyspec.diff.structure import compare_edges, compare_ends, compare_stages, compare_steps
from journeyspec.diff.values import head_text, maybe_quote, money_text, predicates_text, sentiment_text
from journeyspec.ir.base import Span
from journeyspec.ir.journey import Journey
from journeyspec.ir.predicates import Predicate
from journeyspec.ir.text import predicate_text


def compare(old: Iterable[Journey], new: Iterable[Journey]) -> list[Change]:
    """Every semantic change from the ``old`` journeys to the ``new`` ones, matched by journey id.

    Raises:
        ValueError: when one side holds two journeys with the same id.
    """
    before, after = _by_id(old, "old"), _by_id(new, "new")
    renames = pair_renames(
        [j for j in before if j not in after],
        [j for j in after if j not in before],
        lambda a, b: reasons(before[a].label, after[b].label, set(before[a].step_ids), set(after[b].step_ids), "steps"),
    )
    changes: list[Change] = []
    for journey_id in sorted(before.keys() | after.keys()):
        if journey_id not in after:
            journey = before[journey_id]
            changes.append(_journey_change("journey_removed", "removed", journey, renames.get(journey_id)))
        elif journey_id not in before:
            journey = after[journey_id]
            changes.append(_journey_change("journey_added", "added", journey, renames.get(journey_id)))
        else:
            changes.extend(_compare_journey(before[journey_id], after[journey_id]))
    return changes


def _by_id(journeys: Iterable[Journey], side: str) -> dict[str, Journey]:
    found: dict[str, Journey] = {}
    for journey in journeys:
        if journey.id in found:
            raise ValueError(f"the {side} maps declare journey `{journey.id}` twice; journey ids must be unique")
        found[journey.id] = journey
    return found


def _journey_change(kind: ChangeKind, action: str, journey: Journey, rename: tuple[str, str] | None) -> Change:
    summary = f"journey `{journey.id}` {action}"
    text = head_text(journey.id, journey.label)
    return Change(
        kind=kind,
        action=action,
        journey=journey.id,
        path=journey.id,
        summary=summary + rename_note(action, rename),
        old=text if action == "removed" else None,
        new=text if action == "added" else None,
        span=journey.span,
        rename=rename[0] if rename else None,
    )


def _compare_journey(old: Journey, new: Journey) -> list[Change]:
    rec = Recorder(old, new)
    _header(rec)
    _personas(rec)
    compare_stages(rec)
    compare_steps(rec)
    compare_edges(rec)
    compare_ends(rec, "start", old.start, new.start)
    compare_ends(rec, "success", old.success, new.success)
    _events(rec)
    _expectations(rec)
    return rec.changes


# -- header ----------------------------------------------------------------


def _header(rec: Recorder) -> None:
    old, new, span = rec.old, rec.new, rec.new.span
    rec.value(
        "journey_relabelled",
        "label",
        f"journey `{new.id}` relabelled",
        maybe_quote(old.label),
        maybe_quote(new.label),
        span,
    )
    rec.value(
        "description_changed",
        "description",
        "description changed",
        maybe_quote(old.description),
        maybe_quote(new.description),
        span,
    )
    rec.value("owner_changed", "owner", "owner changed", maybe_quote(old.owner), maybe_quote(new.owner), span)
    rec.value("tags_changed", "tags", "tags changed", ", ".join(old.tags) or None, ", ".join(new.tags) or None, span)
    rec.value("scope_changed", "scope", "scope changed", old.scope, new.scope, span)
    rec.value("repeats_changed", "repeats", "repeats changed", old.repeats, new.repeats, span)
    rec.value("goal_changed", "goal", "goal changed", maybe_quote(old.goal), maybe_quote(new.goal), span)
    rec.value("value_changed", "value", "value changed", money_text(old.value), money_text(new.value), span)


def _personas(rec: Recorder) -> None:
    before = {p.id: p for p in rec.old.personas}
    after = {p.id: p for p in rec.new.personas}
    for persona in rec.old.personas:
        if persona.id not in after:
            rec.emit(
                "persona_removed",
                "removed",
                f"personas/{persona.id}",
                f"persona `{persona.id}` removed",
                head_text(persona.id, persona.label),
                None,
                persona.span,
            )
    for persona in rec.new.personas:
        if persona.id not in before:
            rec.emit(
                "persona_added",
                "added",
                f"personas/{persona.id}",
                f"persona `{persona.id}` added",
                None,
                head_text(persona.id, persona.label),
                persona.span,
            )
    for persona in rec.new.personas:
        if persona.id in before:
            was = before[persona.id]
            for field in ("label", "description"):
                rec.value(
                    "persona_changed",
                    f"personas/{persona.id}/{field}",
                    f"persona `{persona.id}` {field} changed",
                    maybe_quote(getattr(was, field)),
                    maybe_quote(getattr(persona, field)),
                    persona.span,
                )


def _events(rec: Recorder) -> None:
    old, new, span = rec.old, rec.new, rec.new.span
    for kind, before, after in (("ignore", old.ignore, new.ignore), ("friction", old.friction, new.friction)):
        # Any statement matching is enough, so written order and repeats do not count.
        if {predicate_text(p) for p in before} != {predicate_text(p) for p in after}:
            rec.emit(
                f"{kind}_changed",
                "changed",
                kind,
                f"`{kind}` changed",
                predicates_text(before),
                predicates_text(after),
                _first_span(after, span),
            )
    rec.value(
        "sentiment_changed",
        "sentiment",
        "`sentiment` changed",
        sentiment_text(old.sentiment),
        sentiment_text(new.sentiment),
        new.sentiment.span if new.sentiment is not None and new.sentiment.span else span,
    )


# -- expectations ----------------------------------------------------------


def _expectations(rec: Recorder) -> None:
    for pair in pair_expectations(rec.old.expectations, rec.new.expectations):
        path, name = f"expectations/{pair.key}", f"expectation `{pair.key}`"
        if pair.new is None:
            rec.emit(
                "expectation_removed",
                "removed",
                path,
                f"{name} removed",
                pair.old.text,
                None,
                pair.old.span,
                severity="warning",
            )
        elif pair.old is None:
            rec.emit("expectation_added", "added", path, f"{name} added", None, pair.new.text, pair.new.span)
        else:
            verdict = judge(pair.old, pair.new)
            rec.emit(
                "expectation_changed",
                "changed",
                path,
                f"{name} {verdict or 'changed'}",
                pair.old.text,
                pair.new.text,
                pair.new.span,
                judgement=verdict,
                severity="warning" if verdict in ("loosened", "mixed") else "info",
            )


def _first_span(predicates: tuple[Predicate, ...], fallback: Span | None) -> Span | None:
    return next((p.span for p in predicates if p.span is not None), fallback)


__all__ = ["compare"]
