"""Geometry of the journey-map canvas: where every column, lane and card goes.

The canvas is a grid: stages are columns, each as wide as its steps (one slot
per step, so the emotion curve can pass over each step); lanes are rows, each
as tall as its tallest cell. All text is wrapped here, with the measuring in
:mod:`journeyspec.render.text`, so the drawing code only places what fits.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeyspec.ir.journey import Journey, Stage, Step
from journeyspec.ir.lanes import LANES as NOTE_LANES
from journeyspec.render import fit
from journeyspec.render.text import LINE_HEIGHT, Wrapped, clean, shared_tag, signed, text_width, wrap_to

MARGIN = 32.0
HEAD_W = 160.0  # the lane-title column on the left
SLOT_W = 184.0  # one step's column, at least
MIN_WIDTH = 1040.0
GAP = 8.0
PAD = 10.0
EMOTION_STEP = 24.0  # vertical distance between two emotion scores
EMOTION_PAD = 34.0  # room above +3 and below -3 for labels

# Font sizes, in one place so the drawing stays consistent.
TITLE, LEAD, META = 26.0, 13.0, 11.0
CARD_HEAD, CARD_BODY = 10.0, 13.0
STAGE_TITLE, CHIP = 15.0, 11.0
TAG, STEP_LABEL, STEP_ID = 9.0, 13.0, 10.0
CELL, PILL, NOTE = 12.0, 10.0, 12.0
LANE_TITLE, SCALE, EMOTION_LABEL, FOOTER = 12.0, 10.0, 11.0, 10.0

# A row of the wrapped canvas holds stages up to this many pixels of step columns: with the
# lane titles and margins the row stays within a page (fit.PAGE) scaled so that the smallest
# text (TAG, 9 px) is still 8 px tall at 1,200 px wide.
ROW_WIDTH = fit.PAGE * TAG / 8 - 2 * MARGIN - HEAD_W

LANES = (
    ("steps", "Steps"),
    ("touchpoints", "Touchpoints & channels"),
    ("emotion", "Emotion"),
)
"""The lanes every canvas has; the lanes of notes follow (:func:`note_lanes`)."""

ALWAYS_SHOWN = ("pains", "opportunities")  # drawn empty too: a map without them is asked to find some
ICON = 18.0  # a step's icon, in the card's top right corner


def note_lanes(journey: Journey) -> tuple[tuple[str, str], ...]:
    """The lanes of notes the canvas draws for ``journey``, as (key, title), in the order of
    :data:`journeyspec.ir.lanes.LANES`: pains and opportunities always, the others (thoughts,
    quotes, the service blueprint) only when a stage or step of the map writes in them."""
    return tuple(
        (lane.field, lane.title)
        for lane in NOTE_LANES
        if lane.field in ALWAYS_SHOWN
        or any(getattr(step, lane.field) for step in journey.steps)
        or (lane.on_stage and any(getattr(stage, lane.field) for stage in journey.stages))
    )


def visibility_lane(lanes: dict) -> str | None:
    """The lane the line of visibility runs above: the first drawn lane of what customers do not see."""
    return next((key for key in ("backstage", "support") if key in lanes), None)


def line_tops(block: Wrapped, top: float) -> list[tuple[str, float]]:
    """Each line of ``block`` with its baseline, when the block's top edge is at ``top``."""
    return [(line, top + block.size + i * block.size * LINE_HEIGHT) for i, line in enumerate(block.lines)]


@dataclass(frozen=True)
class Slot:
    """One step's column inside its stage (or the one empty slot of a stage without steps)."""

    step: Step | None
    x: float
    width: float

    @property
    def center(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Column:
    """One stage: its header text and its slots."""

    stage: Stage
    x: float
    width: float
    slots: tuple[Slot, ...]
    title: Wrapped
    chip: Wrapped | None


@dataclass(frozen=True)
class Lane:
    key: str
    title: Wrapped
    y: float
    height: float


@dataclass(frozen=True)
class Card:
    """A header card (persona, goal): a heading and text blocks stacked inside."""

    heading: str
    blocks: tuple[Wrapped, ...]
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class StepCard:
    tag: Wrapped | None
    label: Wrapped
    ident: Wrapped
    height: float
    shared: Wrapped | None = None  # "shared · common": the step is taken from a library
    moment: Wrapped | None = None  # "MOMENT OF TRUTH"
    icon: str | None = None


@dataclass(frozen=True)
class GroupBox:
    """A group of steps done in any order: a dashed box around its steps' slots, titled in its band."""

    group_id: str
    x: float
    width: float
    title: Wrapped


@dataclass(frozen=True)
class Layout:
    """Everything placed: the drawing reads positions from here."""

    width: float
    height: float
    title: Wrapped
    lead: Wrapped | None
    meta: Wrapped | None
    cards: tuple[Card, ...]
    stage_y: float
    stage_h: float
    columns: tuple[Column, ...]
    lanes: dict[str, Lane]
    step_cards: dict[str, StepCard]
    touchpoints: dict[str, tuple[Wrapped | None, Wrapped | None]]
    notes: dict[tuple[str, str], tuple[Wrapped, ...]]
    footer: Wrapped
    footer_y: float
    groups: tuple[GroupBox, ...] = ()
    group_band: float = 0.0  # room above the step cards for the groups' titles
    header: bool = True  # the title, lead and cards are drawn (the first row of a wrapped canvas)
    step_notes: dict[tuple[str, str], tuple[Wrapped, ...]] | None = None  # (lane, step id): a step's own notes

    @property
    def grid_x(self) -> float:
        return MARGIN + HEAD_W

    def emotion_y(self, score: float) -> float:
        lane = self.lanes["emotion"]
        return lane.y + EMOTION_PAD + (3 - score) * EMOTION_STEP


def emotion_words(score: int, label: str | None) -> str:
    return signed(score) + (f" {clean(label)}" if label and clean(label) else "")


def stage_columns(journey: Journey) -> tuple[list[tuple[Stage, list[Step]]], float]:
    """Every stage with its steps in drawing order, and one step column's width on a single row."""
    return _columns(journey)


def _columns(journey: Journey) -> tuple[list[tuple[Stage, list[Step]]], float]:
    by_id = {step.id: step for step in journey.steps}
    stages = [(stage, _grouped([by_id[s] for s in stage.steps if s in by_id], journey)) for stage in journey.stages]
    slots = sum(max(1, len(steps)) for _, steps in stages) or 1
    slot_w = max(SLOT_W, (MIN_WIDTH - 2 * MARGIN - HEAD_W) / slots)
    return stages, float(int(slot_w))


def _grouped(steps: list[Step], journey: Journey) -> list[Step]:
    """The stage's steps in written order, but a group's steps side by side where its first one is."""
    placed: list[Step] = []
    for step in steps:
        group = journey.group_of(step.id)
        if group is None:
            placed.append(step)
        elif step.id == next(s.id for s in steps if s.id in group.steps):
            placed += [s for s in steps if s.id in group.steps]
    return placed


def _group_boxes(journey: Journey, columns: list[Column]) -> tuple[GroupBox, ...]:
    slots = {slot.step.id: slot for column in columns for slot in column.slots if slot.step is not None}
    boxes = []
    for group in journey.groups:
        inside = [slots[s] for s in group.steps if s in slots]
        if not inside:
            continue
        x = min(slot.x for slot in inside)
        width = max(slot.x + slot.width for slot in inside) - x
        text = ("START · " if group.id in journey.start else "") + f"{group.title} · {group.form}"
        title = wrap_to(text, width - 2 * PAD, TAG + 1, bold=True, max_lines=1)
        boxes.append(GroupBox(group.id, x, width, title))
    return tuple(boxes)


def _step_card(journey: Journey, step: Step, inner: float, ids: bool = True) -> StepCard:
    tags = [t for t, on in (("START", step.id in journey.start), ("SUCCESS", step.id in journey.success),
                            ("END", step.id in journey.endings)) if on]
    # The icon sits in the top right corner: the lines beside it leave it room.
    beside = inner - (ICON + 6 if step.icon else 0)
    tag = wrap_to(" · ".join(tags), beside, TAG, bold=True, max_lines=1) if tags else None
    moment = wrap_to("MOMENT OF TRUTH", beside if tag is None else inner, TAG, bold=True, max_lines=1) \
        if step.moment_of_truth else None
    label = wrap_to(step.title, beside if tag is None and moment is None else inner, STEP_LABEL, bold=True,
                    max_lines=4)
    ident = wrap_to(step.id, inner, STEP_ID, mono=True, max_lines=2) if ids else Wrapped((), STEP_ID)
    taken = journey.shared_as("step", step.id)
    shared = wrap_to(shared_tag(taken.library), inner, TAG, bold=True, max_lines=2) if taken else None
    heads = (tag.height + 4 if tag else 0) + (moment.height + 4 if moment else 0)
    height = (PAD + max(heads + label.height, ICON if step.icon else 0) + (4 + ident.height if ids else 0)
              + (shared.height + 4 if shared else 0) + PAD)
    return StepCard(tag, label, ident, height, shared, moment, step.icon)


def _note_stack_height(blocks: tuple[Wrapped, ...]) -> float:
    return sum(block.height + 2 * PAD for block in blocks) + GAP * max(0, len(blocks) - 1)


def _stage_columns(stages, slot_w: float) -> list[Column]:
    """The stage headers: each stage's column, its step slots, its title and its emotion chip."""
    columns: list[Column] = []
    x = MARGIN + HEAD_W
    for stage, steps in stages:
        col_w = max(1, len(steps)) * slot_w
        slots = tuple(Slot(step, x + i * slot_w, slot_w) for i, step in enumerate(steps)) or (Slot(None, x, slot_w),)
        title_block = wrap_to(stage.title, col_w - 2 * PAD, STAGE_TITLE, bold=True, max_lines=3)
        chip = None
        if stage.emotion is not None:
            words = emotion_words(stage.emotion.score, stage.emotion.label)
            chip = wrap_to(words, col_w - 2 * PAD - 16, CHIP, bold=True, max_lines=1)
        columns.append(Column(stage, x, col_w, slots, title_block, chip))
        x += col_w
    return columns


Piece = tuple[str, int, int]
"""A stage's id and the slice of its steps (start, stop) one row of the canvas shows."""


def stage_rows(journey: Journey, layout: str = "auto") -> list[list[Piece]]:
    """The stages (or pieces of stages) of each row of the canvas.

    One row when ``wide``; when ``wrap``, rows of at most :data:`ROW_WIDTH` of step columns, a
    stage with more steps than a row holds continuing on the next; ``auto`` wraps only what does
    not fit one row.

    Raises:
        ValueError: for an unknown layout, or ``tall`` (the canvas has stages as columns).
    """
    fit.check_layout(layout)
    if layout == "tall":
        raise ValueError("the canvas has stages as columns; lay it out `wide` or `wrap`")
    stages, _ = _columns(journey)
    if layout == "wide" or (layout == "auto" and sum(max(1, len(steps)) for _, steps in stages) * SLOT_W <= ROW_WIDTH):
        return [[(stage.id, 0, len(steps)) for stage, steps in stages]]
    per_row = max(1, int(ROW_WIDTH // SLOT_W))
    rows: list[list[Piece]] = [[]]
    used = 0
    for stage, steps in stages:
        slots, start = max(1, len(steps)), 0
        if used and used + slots > per_row and slots <= per_row:
            rows.append([])  # a stage that fits a row is kept whole, on a row of its own
            used = 0
        while True:
            if used >= per_row:
                rows.append([])
                used = 0
            # A stage longer than a row fills what is left of this one and continues on the next.
            take = min(slots - start, per_row - used)
            rows[-1].append((stage.id, start, start + take if steps else 0))
            used += take
            start += take
            if start >= slots:
                break
    return rows


def row_slot_width(journey: Journey, rows: list[list[Piece]]) -> tuple[float, float]:
    """One step column's width, the same in every row (as on one row holding the fullest row's
    slots), and the picture's width: the fullest row's."""
    fullest = max((sum(max(1, stop - start) for _, start, stop in row) for row in rows), default=1) or 1
    slot_w = float(int(max(SLOT_W, (MIN_WIDTH - 2 * MARGIN - HEAD_W) / fullest)))
    return slot_w, 2 * MARGIN + HEAD_W + fullest * slot_w


def _pieces(stages: list[tuple[Stage, list[Step]]], pieces: list[Piece]) -> list[tuple[Stage, list[Step]]]:
    """The stages of one row: a stage continued from the row before says so, and its notes stay there."""
    by_id = {stage.id: (stage, steps) for stage, steps in stages}
    shown = []
    for stage_id, start, stop in pieces:
        stage, steps = by_id[stage_id]
        if start:
            stage = stage.model_copy(update={"label": f"{stage.title} (continued)",
                                             **{lane.field: () for lane in NOTE_LANES if lane.on_stage}})
        shown.append((stage, steps[start:stop]))
    return shown


def layout(journey: Journey, pieces: list[Piece] | None = None, *, header: bool = True, footer: bool = True,
           slot_w: float | None = None, width: float | None = None,
           columns: tuple[list[tuple[Stage, list[Step]]], float] | None = None, ids: bool = True) -> Layout:
    """Place every part of the canvas for ``journey``, or for one row of it.

    Args:
        journey: A compiled journey.
        pieces: The stages of this row and which of their steps (all of them when None).
        header: Draw the title, the lead and the persona and goal cards (the first row).
        footer: Draw the footer (the last row).
        slot_w: One step column's width (rows share it); from the stages when None.
        width: The picture's width at least (rows share it).
        columns: Every stage with its steps as placed, and the slot width (:func:`stage_columns`), when
            the caller has them already (each row of a long canvas would group the steps again).
        ids: Show the ids (each step's under its title, the journey's in the header); False for
            readers who never write the map.
    """
    stages, auto_slot = columns or _columns(journey)
    if pieces is not None:
        stages = _pieces(stages, pieces)
    slot_w = slot_w or auto_slot
    total_slots = sum(max(1, len(steps)) for _, steps in stages) or 1
    width = max(width or 0.0, 2 * MARGIN + HEAD_W + total_slots * slot_w)
    inner_w = width - 2 * MARGIN
    if not header:
        return _body(journey, stages, slot_w, width, Wrapped((), TITLE), None, None, [], 2 * GAP, footer, header, ids)

    # Header: title, lead, meta, then the persona and goal cards.
    y = MARGIN
    title = wrap_to(journey.title, inner_w, TITLE, bold=True, max_lines=2)
    y += title.height + 6
    lead = wrap_to(journey.description, inner_w, LEAD, max_lines=3) if journey.description else None
    if lead:
        y += lead.height + 4
    meta_parts = [f"owner {journey.owner}" if journey.owner else "", "tags " + ", ".join(journey.tags) if journey.tags else ""]
    if ids:
        meta_parts.append(f"journey id {journey.id}")
    meta_text = " · ".join(p for p in meta_parts if p)
    meta = wrap_to(meta_text, inner_w, META, max_lines=2) if meta_text else None
    y += (meta.height if meta else 0) + 14
    cards = _cards(journey, MARGIN, y, inner_w)
    if cards:
        y += max(card.height for card in cards) + 20
    return _body(journey, stages, slot_w, width, title, lead, meta, cards, y, footer, header, ids)


def _body(journey: Journey, stages, slot_w: float, width: float, title: Wrapped, lead: Wrapped | None,
          meta: Wrapped | None, cards: list[Card], y: float, with_footer: bool, header: bool,
          ids: bool = True) -> Layout:
    """The stage headers, the lanes and the footer, from ``y`` down."""
    inner_w = width - 2 * MARGIN
    columns = _stage_columns(stages, slot_w)
    stage_y = y
    stage_h = max((c.title.height + (c.chip.height + 12 if c.chip else 0) for c in columns), default=STAGE_TITLE) + 2 * PAD + 6
    y += stage_h

    # Lanes: measure each cell, then give the lane its tallest cell.
    card_inner = slot_w - 2 * GAP - 2 * PAD
    step_cards = {s.id: _step_card(journey, s, card_inner, ids) for c in columns for s in (slot.step for slot in c.slots) if s}
    touch: dict[str, tuple[Wrapped | None, Wrapped | None]] = {}
    for step in (slot.step for column in columns for slot in column.slots if slot.step is not None):
        point = wrap_to(step.touchpoint, slot_w - 2 * PAD, CELL, max_lines=3) if step.touchpoint else None
        channel = wrap_to(step.channel, slot_w - 2 * PAD - 16, PILL, bold=True, max_lines=1) if step.channel else None
        touch[step.id] = (point, channel)
    shown_notes = note_lanes(journey)
    notes: dict[tuple[str, str], tuple[Wrapped, ...]] = {}
    step_notes: dict[tuple[str, str], tuple[Wrapped, ...]] = {}
    note_heights: dict[str, float] = {}
    for key, _ in shown_notes:
        tallest = 0.0
        for column in columns:
            note_w = column.width - 2 * GAP - 2 * PAD - 4
            written = getattr(column.stage, key, ())
            notes[(key, column.stage.id)] = tuple(wrap_to(n.text, note_w, NOTE, max_lines=8) for n in written)
            below = 0.0
            for slot in column.slots:
                if slot.step is not None and getattr(slot.step, key):
                    blocks = tuple(wrap_to(n.text, slot.width - 2 * GAP - 2 * PAD - 4, NOTE, max_lines=8)
                                   for n in getattr(slot.step, key))
                    step_notes[(key, slot.step.id)] = blocks
                    below = max(below, _note_stack_height(blocks))
            stage_part = _note_stack_height(notes[(key, column.stage.id)])
            tallest = max(tallest, stage_part + (GAP if stage_part and below else 0) + below)
        note_heights[key] = max(tallest, 28.0) + 2 * GAP

    groups = _group_boxes(journey, columns)
    band = (max(box.title.height for box in groups) + 2 * GAP) if groups else 0.0
    heights = {
        "steps": max([card.height for card in step_cards.values()] + [56.0]) + 2 * GAP + band,
        "touchpoints": max(
            [(p.height if p else 0) + (c.height + 14 if c else 0) for p, c in touch.values()] + [CELL * 1.3]
        )
        + 2 * PAD + 4,
        "emotion": 2 * EMOTION_PAD + 6 * EMOTION_STEP,
        **note_heights,
    }
    lanes: dict[str, Lane] = {}
    for key, name in LANES + shown_notes:
        lane_title = wrap_to(name, HEAD_W - 2 * PAD, LANE_TITLE, bold=True, max_lines=2)
        height = max(heights[key], lane_title.height + 2 * PAD)
        lanes[key] = Lane(key, lane_title, y, height)
        y += height

    footer_text = (
        "Emotion: filled dots are a step's own designed emotion, open dots its stage's; −3 very negative, +3 very positive."
        + (" END marks a designed ending: the journey stops there by design, without success." if journey.endings else "")
        + "".join(f" “{shared_tag(name)}” marks a step taken from the library {name} ({source}), written once for every journey that uses it."
                  for name, source in _libraries(journey))
        + (" Above the line of visibility customers see what the company does; below it, they do not."
           if visibility_lane(lanes) else "")
        + " Drawn by journeyspec from the map."
    )
    footer = wrap_to(footer_text, inner_w, FOOTER, max_lines=4 + len(_libraries(journey))) if with_footer else Wrapped((), FOOTER)
    footer_y = y + 12
    height = footer_y + footer.height + (MARGIN if with_footer else 2 * GAP)
    return Layout(
        width, height, title, lead, meta, tuple(cards), stage_y, stage_h, tuple(columns), lanes, step_cards, touch, notes, footer, footer_y,
        groups, band, header, step_notes,
    )


def _libraries(journey: Journey) -> list[tuple[str, str]]:
    """The libraries the journey takes steps from, with their files, in written order."""
    seen: dict[str, str] = {}
    for item in journey.shared:
        if item.kind == "step":
            seen.setdefault(clean(item.library), clean(item.source))
    return list(seen.items())


def _cards(journey: Journey, x: float, y: float, width: float) -> list[Card]:
    wanted: list[tuple[str, list[Wrapped]]] = []
    count = (1 if journey.personas else 0) + (1 if journey.goal or journey.value else 0)
    if not count:
        return []
    card_w = (width - GAP * 2 * (count - 1)) / count
    inner = card_w - 2 * PAD - 6
    if journey.personas:
        blocks: list[Wrapped] = []
        for persona in journey.personas:
            blocks.append(wrap_to(persona.title, inner, CARD_BODY, bold=True, max_lines=2))
            if persona.description:
                blocks.append(wrap_to(persona.description, inner, CELL, max_lines=4))
        wanted.append(("PERSONA" if len(journey.personas) == 1 else "PERSONAS", blocks))
    if journey.goal or journey.value:
        blocks = []
        if journey.goal:
            blocks.append(wrap_to(journey.goal, inner, CARD_BODY, bold=True, max_lines=4))
        if journey.value:
            amount = f"{journey.value.amount:,.2f}".rstrip("0").rstrip(".")
            worth = f"worth {amount} {journey.value.currency or ''}".rstrip() + " per successful journey"
            blocks.append(wrap_to(worth, inner, CELL, max_lines=2))
        wanted.append(("GOAL", blocks))
    heading_h = CARD_HEAD * 1.3 + 6
    height = max(PAD + heading_h + sum(b.height + 4 for b in blocks) + PAD for _, blocks in wanted)
    return [
        Card(heading, tuple(blocks), x + i * (card_w + 2 * GAP), y, card_w, height) for i, (heading, blocks) in enumerate(wanted)
    ]


def chip_width(chip: Wrapped) -> float:
    """A pill's width: its text plus 8px each side."""
    return max(text_width(line, chip.size, bold=True) for line in chip.lines) + 16
