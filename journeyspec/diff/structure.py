"""Comparing the shape of a journey: stages, steps, edges, and its start, success and ending steps."""

from __future__ import annotations

from functools import partial

from journeyspec.diff.keyed import compare_keyed, copies
from journeyspec.diff.recorder import Field, Recorder
from journeyspec.diff.renames import counterpart, neighbours, pair_renames, reasons, rename_note
from journeyspec.diff.values import (
    as_is,
    edge_text,
    emotion_text,
    head_text,
    maybe_quote,
    persona_emotions_text,
    share_text,
)
from journeyspec.ir.journey import Edge, Group, Note, Stage, Step
from journeyspec.ir.lanes import LANES, STAGE_LANES, Lane
from journeyspec.ir.predicates import Predicate
from journeyspec.ir.text import predicate_text


def _id(element: Stage | Step | Group) -> str:
    return element.id


def _ids(stages: list[Stage]) -> str:
    return ", ".join(stage.id for stage in stages)


# -- stages ----------------------------------------------------------------

_STAGE_FIELDS: tuple[Field, ...] = (
    ("stage_relabelled", "label", "{name} relabelled", maybe_quote),
    ("stage_emotion_changed", "emotion", "{name} emotion changed", emotion_text),
    ("persona_emotion_changed", "persona_emotions", "{name} personas' emotions changed", persona_emotions_text),
)


def compare_stages(rec: Recorder) -> None:
    before = {s.id: s for s in rec.old.stages}
    after = {s.id: s for s in rec.new.stages}
    renames = pair_renames(
        before,
        after,
        lambda a, b: reasons(before[a].label, after[b].label, set(before[a].steps), set(after[b].steps), "steps"),
    )
    compare_keyed(
        rec.old.stages,
        rec.new.stages,
        key=_id,
        on_removed=partial(_stage_presence, rec, renames, "removed"),
        on_added=partial(_stage_presence, rec, renames, "added"),
        on_reordered=lambda was, now: rec.emit(
            kind="stages_reordered",
            action="changed",
            path="stages",
            summary="stages reordered",
            old=_ids(was),
            new=_ids(now),
            span=rec.new.span,
        ),
        on_kept=partial(_stage, rec),
    )


def _stage_presence(rec: Recorder, renames: dict[str, tuple[str, str]], action: str, stage: Stage) -> None:
    rec.presence(
        action,
        kind=f"stage_{action}",
        path=f"stages/{stage.id}",
        summary=f"stage `{stage.id}` {action}" + rename_note(action, renames.get(stage.id)),
        text=head_text(stage.id, stage.label),
        span=stage.span,
        rename=counterpart(renames, stage.id),
    )


def _stage(rec: Recorder, old: Stage, new: Stage) -> None:
    where, name = f"stages/{new.id}", f"stage `{new.id}`"
    rec.fields(old, new, _STAGE_FIELDS, where=where, name=name, span=new.span)
    _compare_lanes(rec, old, new, STAGE_LANES, where=where, name=name)
    # Steps that came or went are reported with the steps; here only their order counts.
    compare_keyed(
        old.steps,
        new.steps,
        key=str,
        on_reordered=lambda was, now: rec.emit(
            kind="steps_reordered",
            action="changed",
            path=f"{where}/steps",
            summary=f"steps of {name} reordered",
            old=", ".join(was),
            new=", ".join(now),
            span=new.span,
        ),
    )


def _text(note: Note) -> str:
    return note.text


def _compare_lanes(
    rec: Recorder, old: Stage | Step, new: Stage | Step, lanes: tuple[Lane, ...], *, where: str, name: str
) -> None:
    """Notes that came or went in each lane (thoughts, pains, backstage actions...) of a stage or step."""
    for lane in lanes:
        # Notes have no id: the same text matches, copy for copy.
        compare_keyed(
            copies(getattr(old, lane.field), _text),
            copies(getattr(new, lane.field), _text),
            key=lambda keyed: keyed[0],
            on_removed=partial(_note_presence, rec, new, lane, where, name, "removed"),
            on_added=partial(_note_presence, rec, new, lane, where, name, "added"),
        )


def _note_presence(
    rec: Recorder, owner: Stage | Step, lane: Lane, where: str, name: str, action: str, keyed: tuple
) -> None:
    note: Note = keyed[1]
    rec.presence(
        action,
        kind=f"{lane.keyword}_{action}",
        path=f"{where}/{lane.field}",
        summary=f"{lane.keyword} {action} {'from' if action == 'removed' else 'to'} {name}",
        text=maybe_quote(note.text),
        # A removed note written without a span (IR built in Python) points at its stage or step.
        span=note.span or owner.span if action == "removed" else note.span,
    )


# -- steps -----------------------------------------------------------------


def _predicate(predicate: Predicate | None) -> str | None:
    return None if predicate is None else predicate_text(predicate)


def _flag(marked: bool) -> str | None:
    return "moment of truth" if marked else None


_STEP_FIELDS: tuple[Field, ...] = (
    ("step_relabelled", "label", "{name} relabelled", maybe_quote),
    ("step_moved", "stage", "{name} moved to another stage", as_is),
    ("step_emotion_changed", "emotion", "{name} emotion changed", emotion_text),
    ("persona_emotion_changed", "persona_emotions", "{name} personas' emotions changed", persona_emotions_text),
    ("channel_changed", "channel", "{name} channel changed", as_is),
    ("touchpoint_changed", "touchpoint", "{name} touchpoint changed", maybe_quote),
    ("when_changed", "when", "{name} `when` changed", _predicate),
    ("icon_changed", "icon", "{name} icon changed", maybe_quote),
    ("moment_of_truth_changed", "moment_of_truth", "{name} moment of truth changed", _flag),
)


def _step(rec: Recorder, old: Step, new: Step) -> None:
    where, name = f"steps/{new.id}", f"step `{new.id}`"
    rec.fields(old, new, _STEP_FIELDS, where=where, name=name, span=new.span)
    _compare_lanes(rec, old, new, LANES, where=where, name=name)


def compare_steps(rec: Recorder) -> None:
    before = {s.id: s for s in rec.old.steps}
    after = {s.id: s for s in rec.new.steps}
    renames = pair_renames(
        before,
        after,
        lambda a, b: reasons(before[a].label, after[b].label, neighbours(rec.old, a), neighbours(rec.new, b), "edges"),
    )
    compare_keyed(
        rec.old.steps,
        rec.new.steps,
        key=_id,
        on_removed=partial(_step_presence, rec, renames, "removed", "removed from"),
        on_added=partial(_step_presence, rec, renames, "added", "added to"),
        on_kept=partial(_step, rec),
    )


def _step_presence(rec: Recorder, renames: dict[str, tuple[str, str]], action: str, how: str, step: Step) -> None:
    rec.presence(
        action,
        kind=f"step_{action}",
        path=f"steps/{step.id}",
        summary=f"step `{step.id}` {how} stage `{step.stage}`" + rename_note(action, renames.get(step.id)),
        text=head_text(step.id, step.label),
        span=step.span,
        rename=counterpart(renames, step.id),
    )


# -- groups of steps done in any order -------------------------------------


def _need_text(need: int | None) -> str:
    return "all of" if need is None else f"any {need} of"


_GROUP_FIELDS: tuple[Field, ...] = (
    ("group_relabelled", "label", "{name} relabelled", maybe_quote),
    ("group_steps_changed", "steps", "{name} steps changed", lambda steps: ", ".join(steps)),
    ("group_count_changed", "need", "{name} now needs another number of its steps", _need_text),
)


def compare_groups(rec: Recorder) -> None:
    compare_keyed(
        rec.old.groups,
        rec.new.groups,
        key=_id,
        on_removed=partial(_group_presence, rec, "removed"),
        on_added=partial(_group_presence, rec, "added"),
        on_kept=lambda was, now: rec.fields(
            was, now, _GROUP_FIELDS, where=f"groups/{now.id}", name=f"group `{now.id}`", span=now.span
        ),
    )


def _group_presence(rec: Recorder, action: str, group: Group) -> None:
    how = "added to" if action == "added" else "removed from"
    rec.presence(
        action,
        kind=f"group_{action}",
        path=f"groups/{group.id}",
        summary=f"group `{group.id}` {how} stage `{group.stage}`",
        text=f"{head_text(group.id, group.label)} {_need_text(group.need)} {', '.join(group.steps)}",
        span=group.span,
    )


# -- the designed paths ----------------------------------------------------

_EDGE_FIELDS: tuple[Field, ...] = (
    ("edge_label_changed", "label", "{name} label changed", maybe_quote),
    ("edge_share_changed", "share", "{name} designed share changed", share_text),
)


def _pair(edge: Edge) -> tuple[str, str]:
    return edge.source, edge.target


def compare_edges(rec: Recorder) -> None:
    compare_keyed(
        rec.old.edges,
        rec.new.edges,
        key=_pair,
        on_removed=partial(_edge_presence, rec, "removed"),
        on_added=partial(_edge_presence, rec, "added"),
        on_kept=lambda was, now: rec.fields(
            was,
            now,
            _EDGE_FIELDS,
            where=f"edges/{now.source}->{now.target}",
            name=f"edge `{now.source} -> {now.target}`",
            span=now.span,
        ),
    )


def _edge_presence(rec: Recorder, action: str, edge: Edge) -> None:
    rec.presence(
        action,
        kind=f"edge_{action}",
        path=f"edges/{edge.source}->{edge.target}",
        summary=f"edge `{edge.source} -> {edge.target}` {action}",
        text=edge_text(edge),
        span=edge.span,
    )


# How a change names each kind of listed step: `x` is now a start step / a designed ending.
_END_NOUNS = {"start": "a start step", "success": "a success step", "ending": "a designed ending"}


def compare_ends(rec: Recorder, which: str, old: tuple[str, ...], new: tuple[str, ...]) -> None:
    """Start, success or ending steps (``which``) that came or went."""
    steps = {s.id: s for s in rec.new.steps}
    noun = _END_NOUNS[which]
    compare_keyed(
        old,
        new,
        key=str,
        on_removed=lambda step_id: rec.presence(
            "removed",
            kind=f"{which}_removed",
            path=f"{which}/{step_id}",
            summary=f"`{step_id}` is no longer {noun}",
            text=step_id,
            span=rec.new.span,
        ),
        on_added=lambda step_id: rec.presence(
            "added",
            kind=f"{which}_added",
            path=f"{which}/{step_id}",
            summary=f"`{step_id}` is now {noun}",
            text=step_id,
            span=steps[step_id].span if step_id in steps else rec.new.span,
        ),
    )


__all__ = ["compare_edges", "compare_ends", "compare_groups", "compare_stages", "compare_steps"]
