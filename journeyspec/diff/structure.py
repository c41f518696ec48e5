"""Comparing the shape of a journey: stages, steps, edges, and its start and success steps."""

from __future__ import annotations

from collections import Counter

from journeyspec.diff.recorder import Recorder
from journeyspec.diff.renames import counterpart, neighbours, pair_renames, reasons, rename_note
from journeyspec.diff.values import edge_text, emotion_text, head_text, maybe_quote, share_text
from journeyspec.ir.journey import Stage, Step
from journeyspec.ir.predicates import Predicate
from journeyspec.ir.text import predicate_text

# -- stages ----------------------------------------------------------------


def compare_stages(rec: Recorder) -> None:
    before = {s.id: s for s in rec.old.stages}
    after = {s.id: s for s in rec.new.stages}
    renames = pair_renames(
        [s.id for s in rec.old.stages if s.id not in after],
        [s.id for s in rec.new.stages if s.id not in before],
        lambda a, b: reasons(before[a].label, after[b].label, set(before[a].steps), set(after[b].steps), "steps"),
    )
    for stage in rec.old.stages:
        if stage.id not in after:
            rec.emit(
                "stage_removed",
                "removed",
                f"stages/{stage.id}",
                f"stage `{stage.id}` removed" + rename_note("removed", renames.get(stage.id)),
                head_text(stage.id, stage.label),
                None,
                stage.span,
                rename=counterpart(renames, stage.id),
            )
    for stage in rec.new.stages:
        if stage.id not in before:
            rec.emit(
                "stage_added",
                "added",
                f"stages/{stage.id}",
                f"stage `{stage.id}` added" + rename_note("added", renames.get(stage.id)),
                None,
                head_text(stage.id, stage.label),
                stage.span,
                rename=counterpart(renames, stage.id),
            )
    kept_before = [s.id for s in rec.old.stages if s.id in after]
    kept_after = [s.id for s in rec.new.stages if s.id in before]
    if kept_before != kept_after:
        rec.emit(
            "stages_reordered",
            "changed",
            "stages",
            "stages reordered",
            ", ".join(kept_before),
            ", ".join(kept_after),
            rec.new.span,
        )
    for stage in rec.new.stages:
        if stage.id in before:
            _stage(rec, before[stage.id], stage)


def _stage(rec: Recorder, old: Stage, new: Stage) -> None:
    where = f"stages/{new.id}"
    rec.value(
        "stage_relabelled",
        f"{where}/label",
        f"stage `{new.id}` relabelled",
        maybe_quote(old.label),
        maybe_quote(new.label),
        new.span,
    )
    rec.value(
        "stage_emotion_changed",
        f"{where}/emotion",
        f"stage `{new.id}` emotion changed",
        emotion_text(old.emotion),
        emotion_text(new.emotion),
        new.emotion.span if new.emotion else new.span,
    )
    for kind, notes_old, notes_new in (
        ("pain", old.pains, new.pains),
        ("opportunity", old.opportunities, new.opportunities),
    ):
        plural = "pains" if kind == "pain" else "opportunities"
        gone = Counter(n.text for n in notes_old) - Counter(n.text for n in notes_new)
        came = Counter(n.text for n in notes_new) - Counter(n.text for n in notes_old)
        for note in notes_old:
            if gone[note.text] > 0:
                gone[note.text] -= 1
                rec.emit(
                    f"{kind}_removed",
                    "removed",
                    f"{where}/{plural}",
                    f"{kind} removed from stage `{new.id}`",
                    maybe_quote(note.text),
                    None,
                    note.span or new.span,
                )
        for note in notes_new:
            if came[note.text] > 0:
                came[note.text] -= 1
                rec.emit(
                    f"{kind}_added",
                    "added",
                    f"{where}/{plural}",
                    f"{kind} added to stage `{new.id}`",
                    None,
                    maybe_quote(note.text),
                    note.span,
                )
    kept_before = [s for s in old.steps if s in new.steps]
    kept_after = [s for s in new.steps if s in old.steps]
    if kept_before != kept_after:
        rec.emit(
            "steps_reordered",
            "changed",
            f"{where}/steps",
            f"steps of stage `{new.id}` reordered",
            ", ".join(kept_before),
            ", ".join(kept_after),
            new.span,
        )


# -- steps -----------------------------------------------------------------


def compare_steps(rec: Recorder) -> None:
    before = {s.id: s for s in rec.old.steps}
    after = {s.id: s for s in rec.new.steps}
    renames = pair_renames(
        [s.id for s in rec.old.steps if s.id not in after],
        [s.id for s in rec.new.steps if s.id not in before],
        lambda a, b: reasons(before[a].label, after[b].label, neighbours(rec.old, a), neighbours(rec.new, b), "edges"),
    )
    for step in rec.old.steps:
        if step.id not in after:
            rec.emit(
                "step_removed",
                "removed",
                f"steps/{step.id}",
                f"step `{step.id}` removed from stage `{step.stage}`" + rename_note("removed", renames.get(step.id)),
                head_text(step.id, step.label),
                None,
                step.span,
                rename=counterpart(renames, step.id),
            )
    for step in rec.new.steps:
        if step.id not in before:
            rec.emit(
                "step_added",
                "added",
                f"steps/{step.id}",
                f"step `{step.id}` added to stage `{step.stage}`" + rename_note("added", renames.get(step.id)),
                None,
                head_text(step.id, step.label),
                step.span,
                rename=counterpart(renames, step.id),
            )
    for step in rec.new.steps:
        if step.id in before:
            _step(rec, before[step.id], step)


def _step(rec: Recorder, old: Step, new: Step) -> None:
    where, name, span = f"steps/{new.id}", f"step `{new.id}`", new.span
    rec.value(
        "step_relabelled",
        f"{where}/label",
        f"{name} relabelled",
        maybe_quote(old.label),
        maybe_quote(new.label),
        span,
    )
    rec.value("step_moved", f"{where}/stage", f"{name} moved to another stage", old.stage, new.stage, span)
    rec.value(
        "step_emotion_changed",
        f"{where}/emotion",
        f"{name} emotion changed",
        emotion_text(old.emotion),
        emotion_text(new.emotion),
        new.emotion.span if new.emotion else span,
    )
    rec.value("channel_changed", f"{where}/channel", f"{name} channel changed", old.channel, new.channel, span)
    rec.value(
        "touchpoint_changed",
        f"{where}/touchpoint",
        f"{name} touchpoint changed",
        maybe_quote(old.touchpoint),
        maybe_quote(new.touchpoint),
        span,
    )
    rec.value(
        "when_changed",
        f"{where}/when",
        f"{name} `when` changed",
        _predicate(old.when),
        _predicate(new.when),
        new.when.span if new.when is not None and new.when.span else span,
    )


# -- the designed paths ----------------------------------------------------


def compare_edges(rec: Recorder) -> None:
    before = {(e.source, e.target): e for e in rec.old.edges}
    after = {(e.source, e.target): e for e in rec.new.edges}
    for edge in rec.old.edges:
        if (edge.source, edge.target) not in after:
            rec.emit(
                "edge_removed",
                "removed",
                f"edges/{edge.source}->{edge.target}",
                f"edge `{edge.source} -> {edge.target}` removed",
                edge_text(edge),
                None,
                edge.span,
            )
    for edge in rec.new.edges:
        if (edge.source, edge.target) not in before:
            rec.emit(
                "edge_added",
                "added",
                f"edges/{edge.source}->{edge.target}",
                f"edge `{edge.source} -> {edge.target}` added",
                None,
                edge_text(edge),
                edge.span,
            )
    for edge in rec.new.edges:
        was = before.get((edge.source, edge.target))
        if was is None:
            continue
        where, name = f"edges/{edge.source}->{edge.target}", f"edge `{edge.source} -> {edge.target}`"
        rec.value(
            "edge_label_changed",
            f"{where}/label",
            f"{name} label changed",
            maybe_quote(was.label),
            maybe_quote(edge.label),
            edge.span,
        )
        rec.value(
            "edge_share_changed",
            f"{where}/share",
            f"{name} designed share changed",
            share_text(was.share),
            share_text(edge.share),
            edge.span,
        )


def compare_ends(rec: Recorder, which: str, old: tuple[str, ...], new: tuple[str, ...]) -> None:
    steps = {s.id: s for s in rec.new.steps}
    for step_id in old:
        if step_id not in new:
            rec.emit(
                f"{which}_removed",
                "removed",
                f"{which}/{step_id}",
                f"`{step_id}` is no longer a {which} step",
                step_id,
                None,
                rec.new.span,
            )
    for step_id in new:
        if step_id not in old:
            where = steps[step_id].span if step_id in steps else rec.new.span
            rec.emit(
                f"{which}_added",
                "added",
                f"{which}/{step_id}",
                f"`{step_id}` is now a {which} step",
                None,
                step_id,
                where,
            )


def _predicate(predicate: Predicate | None) -> str | None:
    return None if predicate is None else predicate_text(predicate)


__all__ = ["compare_edges", "compare_ends", "compare_stages", "compare_steps"]
