"""IR × IR → the ordered list of semantic changes between two versions of the maps.

Ids are identity: two journeys, stages, steps or personas are the same thing
when their ids match, whatever their labels or where they are written. Values
are compared as canonical text, never as models, so spans, comments and layout
(everything ``fmt`` may change) never show up as a change.

Order is deterministic: journeys by id; within a journey, sections in a fixed
order (header, personas, stages, steps, edges, start, success and endings, event
handling, expectations); within a section, removals in old order, then
additions and changes in new order.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from journeyspec.diff.changes import Change, ChangeKind
from journeyspec.diff.expectations import judge, pair_expectations
from journeyspec.diff.keyed import compare_keyed
from journeyspec.diff.recorder import Field, Recorder
from journeyspec.diff.renames import pair_renames, reasons, rename_note
from journeyspec.diff.shared import attribute_shared
from journeyspec.diff.structure import compare_edges, compare_ends, compare_groups, compare_stages, compare_steps
from journeyspec.diff.values import as_is, head_text, maybe_quote, money_text, predicates_text, sentiment_text
from journeyspec.ir.base import Span
from journeyspec.ir.journey import Journey, Persona
from journeyspec.ir.predicates import Predicate
from journeyspec.ir.text import judge_text, predicate_text


def compare(old: Iterable[Journey], new: Iterable[Journey]) -> list[Change]:
    """Every semantic change from the ``old`` journeys to the ``new`` ones, matched by journey id.

    Raises:
        ValueError: when one side holds two journeys with the same id.
    """
    before, after = _by_id(old, "old"), _by_id(new, "new")
    renames = pair_renames(
        before,
        after,
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
    compare_groups(rec)
    compare_edges(rec)
    compare_ends(rec, "start", old.start, new.start)
    compare_ends(rec, "success", old.success, new.success)
    compare_ends(rec, "ending", old.endings, new.endings)
    _events(rec)
    _expectations(rec)
    return attribute_shared(rec.changes, old, new)


# -- header ----------------------------------------------------------------

_HEADER_FIELDS: tuple[Field, ...] = (
    ("journey_relabelled", "label", "{name} relabelled", maybe_quote),
    ("description_changed", "description", "description changed", maybe_quote),
    ("owner_changed", "owner", "owner changed", maybe_quote),
    ("tags_changed", "tags", "tags changed", lambda tags: ", ".join(tags) or None),
    ("scope_changed", "scope", "scope changed", as_is),
    ("repeats_changed", "repeats", "repeats changed", as_is),
    ("goal_changed", "goal", "goal changed", maybe_quote),
    ("value_changed", "value", "value changed", money_text),
    # Judging by the point estimate asks less of the data than by an interval: a reviewer should see it.
    ("judge_changed", "judge", "verdict rule changed (judge by)", judge_text),
)

_PERSONA_FIELDS: tuple[Field, ...] = (
    ("persona_changed", "label", "{name} label changed", maybe_quote),
    ("persona_changed", "description", "{name} description changed", maybe_quote),
)


def _header(rec: Recorder) -> None:
    rec.fields(rec.old, rec.new, _HEADER_FIELDS, where="", name=f"journey `{rec.new.id}`", span=rec.new.span)


def _personas(rec: Recorder) -> None:
    compare_keyed(
        rec.old.personas,
        rec.new.personas,
        key=lambda persona: persona.id,
        on_removed=partial(_persona_presence, rec, "removed"),
        on_added=partial(_persona_presence, rec, "added"),
        on_kept=lambda was, now: rec.fields(
            was, now, _PERSONA_FIELDS, where=f"personas/{now.id}", name=f"persona `{now.id}`", span=now.span
        ),
    )


def _persona_presence(rec: Recorder, action: str, persona: Persona) -> None:
    rec.presence(
        action,
        kind=f"persona_{action}",
        path=f"personas/{persona.id}",
        summary=f"persona `{persona.id}` {action}",
        text=head_text(persona.id, persona.label),
        span=persona.span,
    )


_SENTIMENT_FIELD: tuple[Field, ...] = (("sentiment_changed", "sentiment", "`sentiment` changed", sentiment_text),)


def _events(rec: Recorder) -> None:
    old, new = rec.old, rec.new
    for kind, before, after in (("ignore", old.ignore, new.ignore), ("friction", old.friction, new.friction)):
        # Any statement matching is enough, so written order and repeats do not count.
        if {predicate_text(p) for p in before} != {predicate_text(p) for p in after}:
            rec.emit(
                kind=f"{kind}_changed",
                action="changed",
                path=kind,
                summary=f"`{kind}` changed",
                old=predicates_text(before),
                new=predicates_text(after),
                span=_first_span(after, new.span),
            )
    rec.fields(old, new, _SENTIMENT_FIELD, where="", name="", span=new.span)


# -- expectations ----------------------------------------------------------


def _expectations(rec: Recorder) -> None:
    for pair in pair_expectations(rec.old.expectations, rec.new.expectations):
        path, name = f"expectations/{pair.key}", f"expectation `{pair.key}`"
        if pair.new is None:
            rec.emit(
                kind="expectation_removed",
                action="removed",
                path=path,
                summary=f"{name} removed",
                old=pair.old.text,
                span=pair.old.span,
                severity="warning",
            )
        elif pair.old is None:
            rec.presence(
                "added",
                kind="expectation_added",
                path=path,
                summary=f"{name} added",
                text=pair.new.text,
                span=pair.new.span,
            )
        else:
            verdict = judge(pair.old, pair.new)
            rec.emit(
                kind="expectation_changed",
                action="changed",
                path=path,
                summary=f"{name} {verdict or 'changed'}",
                old=pair.old.text,
                new=pair.new.text,
                span=pair.new.span,
                judgement=verdict,
                severity="warning" if verdict in ("loosened", "mixed") else "info",
            )


def _first_span(predicates: tuple[Predicate, ...], fallback: Span | None) -> Span | None:
    return next((p.span for p in predicates if p.span is not None), fallback)


__all__ = ["compare"]
