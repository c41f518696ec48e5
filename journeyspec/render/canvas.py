"""The journey-map canvas: the poster a UX team pins on the wall, as a standalone SVG.

Stages are columns and lanes are rows (steps; touchpoints and channels; the
emotion curve; pain points; opportunities), under a header with the persona
and the goal. :mod:`journeyspec.render.canvas_layout` decides where everything
goes; this module draws it with ``drawsvg``, which escapes all text content.

Every text sits in a ``<g>`` whose first ``<rect>`` is the box it must stay
inside, and groups carry ``data-stage`` / ``data-step`` / ``data-lane``, so the
tests (and anyone scripting the SVG) can find every part.

A long journey wraps (``layout="wrap"``, or ``auto`` when one row would be
wider than a page): each row of stages is a ``<g class="row">`` with its own
lanes, moved down under the row before it, and the title and the footer are
drawn once.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from xml.sax.saxutils import escape, quoteattr

import drawsvg as draw

from journeyspec.ir import icons
from journeyspec.ir.journey import Journey
from journeyspec.render import palette
from journeyspec.render.canvas_layout import (
    EMOTION_LABEL,
    GAP,
    HEAD_W,
    ICON,
    MARGIN,
    PAD,
    SCALE,
    Layout,
    Slot,
    chip_width,
    emotion_words,
    layout,
    line_tops,
    row_slot_width,
    stage_columns,
    stage_rows,
    visibility_lane,
)
from journeyspec.render.text import Wrapped, clean, signed, wrap_to


class _Link(draw.DrawingParentElement):
    """An SVG ``<a>`` (drawsvg has none): ``href`` and ``target`` as given, already escaped."""

    TAG_NAME = "a"


def _r(value: float) -> float:
    return round(value, 1)


def _id(value: str) -> str:
    """An id for a ``data-*`` attribute; drawsvg writes attributes unescaped, so escape here."""
    return quoteattr(value)[1:-1]


def _text(group: draw.Group, block: Wrapped, x: float, top: float, *, fill: str = palette.INK, anchor: str = "start", **extra) -> None:
    for line, baseline in line_tops(block, top):
        attrs = {"fill": fill, "text_anchor": anchor, **extra}
        if block.bold:
            attrs["font_weight"] = "bold"
        if block.mono:
            attrs["font_family"] = palette.MONO_FAMILY
        group.append(draw.Text(line, block.size, _r(x), _r(baseline), **attrs))


def _box(x: float, y: float, w: float, h: float, **attrs) -> draw.Rectangle:
    return draw.Rectangle(_r(x), _r(y), _r(w), _r(h), **attrs)


def to_canvas_svg(journey: Journey, layout_name: str = "auto", links: Mapping[str, str] | None = None, *,
                  ids: bool = True) -> str:
    """The journey-map canvas of ``journey`` as SVG text (deterministic for the same IR).

    ``layout_name`` is ``wide`` (one row of stages), ``wrap`` (rows that fit a page) or ``auto``
    (one row when it fits a page, else rows). ``links`` maps a library's name to the URL of its
    page: the ``shared · NAME`` mark of a step taken from it links there. ``ids=False`` leaves the
    ids out (each step's under its title, the journey's in the header), for readers who never write the map.
    """
    links = links or {}
    rows = stage_rows(journey, layout_name)
    if len(rows) == 1:
        plans = [layout(journey, ids=ids)]
    else:
        slot_w, width = row_slot_width(journey, rows)
        columns = stage_columns(journey)
        plans = [layout(journey, row, header=index == 0, footer=index == len(rows) - 1, slot_w=slot_w, width=width,
                        columns=columns, ids=ids) for index, row in enumerate(rows)]
    width, height = plans[0].width, sum(plan.height for plan in plans)
    drawing = draw.Drawing(_r(width), _r(height), font_family=palette.FONT_FAMILY)
    drawing.append(draw.Rectangle(0, 0, _r(width), _r(height), fill=palette.PAPER))
    drawing.append(draw.Title(f"{clean(journey.title)} — journey map"))
    top = 0.0
    designed = journey.designed_transitions()
    for index, plan in enumerate(plans):
        if len(plans) == 1:
            _draw_plan(drawing, journey, plan, designed, links)
            break
        moved = {"transform": f"translate(0,{_r(top)})"} if top else {}
        row = draw.Group(class_="row", data_row=str(index), **moved)
        _draw_plan(row, journey, plan, designed, links)
        drawing.append(row)
        top += plan.height
    return drawing.as_svg()


def _draw_plan(drawing: draw.Drawing | draw.Group, journey: Journey, plan: Layout,
               designed: frozenset[tuple[str, str]], links: Mapping[str, str]) -> None:
    """One row of stages (the whole canvas unless wrapped): header, lanes, steps, curve, notes, footer."""
    if plan.header:
        _draw_header(drawing, journey, plan)
    _draw_lanes(drawing, plan)
    _draw_stage_headers(drawing, plan)
    _draw_steps(drawing, journey, plan, links)
    _draw_touchpoints(drawing, plan)
    _draw_emotion(drawing, journey, plan, designed)
    _draw_notes(drawing, plan)
    _draw_visibility(drawing, plan)
    if plan.footer.lines:
        footer = draw.Group(class_="footer")
        footer.append(_box(MARGIN, plan.footer_y, plan.width - 2 * MARGIN, plan.footer.height, fill="none"))
        _text(footer, plan.footer, MARGIN, plan.footer_y, fill=palette.MUTED)
        drawing.append(footer)


def _draw_header(drawing: draw.Drawing, journey: Journey, plan: Layout) -> None:
    head = draw.Group(class_="header")
    inner_w = plan.width - 2 * MARGIN
    top = MARGIN
    bottom = plan.stage_y - 20 if plan.cards else plan.stage_y - 14
    head.append(_box(MARGIN, top, inner_w, bottom - top, fill="none"))
    _text(head, plan.title, MARGIN, top)
    y = top + plan.title.height + 6
    if plan.lead:
        _text(head, plan.lead, MARGIN, y, fill=palette.MUTED)
        y += plan.lead.height + 4
    if plan.meta:
        _text(head, plan.meta, MARGIN, y, fill=palette.FAINT)
    drawing.append(head)
    for card in plan.cards:
        group = draw.Group(class_="card", data_card=card.heading.lower())
        group.append(_box(card.x, card.y, card.width, card.height, rx=8, fill=palette.PANEL, stroke=palette.RULE))
        accent = palette.START_STROKE if card.heading.startswith("PERSONA") else palette.SUCCESS_STROKE
        group.append(_box(card.x, card.y, 5, card.height, fill=accent))
        x = card.x + PAD + 6
        y = card.y + PAD
        heading = wrap_to(card.heading, card.width - 2 * PAD - 6, 10, bold=True, max_lines=1)
        _text(group, heading, x, y, fill=accent)
        y += heading.size * 1.3 + 6
        for block in card.blocks:
            _text(group, block, x, y, fill=palette.INK if block.bold else palette.MUTED)
            y += block.height + 4
        drawing.append(group)


def _draw_lanes(drawing: draw.Drawing, plan: Layout) -> None:
    """The lanes' bands and titles, and the lines between columns.

    Written as markup (the same drawsvg would write): a wrapped canvas repeats this scaffold on
    every row, and drawing it element by element doubled the time of a long map. Only fixed
    lane titles and numbers go in, and the titles are escaped all the same.
    """
    grid_right = plan.width - MARGIN
    parts = []
    for index, lane in enumerate(plan.lanes.values()):
        band = palette.PANEL if index % 2 else palette.PAPER
        bottom = _r(lane.y + lane.height)
        parts.append(
            f'<g class="lane" data-lane="{_id(lane.key)}">\n'
            f'<rect x="{MARGIN}" y="{_r(lane.y)}" width="{_r(grid_right - MARGIN)}" height="{_r(lane.height)}" fill="{band}" />\n'
            f'<rect x="{MARGIN}" y="{_r(lane.y)}" width="{HEAD_W}" height="{_r(lane.height)}" fill="#f1f5f9" '
            f'stroke="{palette.RULE}" stroke-width="0.5" />\n'
            + _raw_text(lane.title, MARGIN + PAD, lane.y + PAD, palette.INK)
            + f'<path d="M{MARGIN},{bottom} L{_r(grid_right)},{bottom}" stroke="{palette.RULE}" />\n</g>'
        )
    top = plan.stage_y
    bottom = max(lane.y + lane.height for lane in plan.lanes.values())
    for column in plan.columns[1:]:
        parts.append(f'<path d="M{_r(column.x)},{_r(top)} L{_r(column.x)},{_r(bottom)}" stroke="{palette.RULE}" stroke-width="1" />')
    drawing.append(draw.Raw("\n".join(parts)))


def _raw_text(block: Wrapped, x: float, top: float, fill: str, anchor: str = "start") -> str:
    """``block`` as ``<text>`` markup, line by line, as :func:`_text` draws it (escaped)."""
    weight = ' font-weight="bold"' if block.bold else ""
    return "".join(
        f'<text x="{_r(x)}" y="{_r(baseline)}" font-size="{block.size}" fill="{fill}" text-anchor="{anchor}"{weight}>'
        f"{escape(line)}</text>\n"
        for line, baseline in line_tops(block, top)
    )


def _draw_stage_headers(drawing: draw.Drawing, plan: Layout) -> None:
    for column in plan.columns:
        stage = column.stage
        group = draw.Group(class_="stage", data_stage=_id(stage.id))
        score = stage.emotion.score if stage.emotion else None
        fill = palette.emotion_tint(score, 0.12) if score is not None else palette.PANEL
        strip = palette.emotion_color(score) if score is not None else palette.RULE
        group.append(_box(column.x, plan.stage_y, column.width, plan.stage_h, fill=fill, stroke=palette.PAPER, stroke_width=1))
        group.append(_box(column.x, plan.stage_y, column.width, 5, fill=strip))
        group.append(draw.Title(clean(stage.title)))
        _text(group, column.title, column.x + PAD, plan.stage_y + PAD + 6)
        if column.chip is not None and score is not None:
            chip = draw.Group(class_="chip")
            top = plan.stage_y + PAD + 6 + column.title.height + 8
            chip.append(_box(column.x + PAD, top, chip_width(column.chip), column.chip.height + 6, rx=9, fill=palette.emotion_color(score)))
            _text(chip, column.chip, column.x + PAD + 8, top + 3, fill=palette.PAPER)
            group.append(chip)
        drawing.append(group)


def _slots(plan: Layout) -> list[tuple[str, Slot]]:
    return [(column.stage.id, slot) for column in plan.columns for slot in column.slots]


def _draw_groups(drawing: draw.Drawing, plan: Layout) -> None:
    """Each group of steps done in any order: a dashed box around its steps, its title in the band above them."""
    lane = plan.lanes["steps"]
    for box in plan.groups:
        group = draw.Group(class_="group", data_group=_id(box.group_id))
        group.append(_box(box.x + GAP / 2, lane.y + GAP / 2, box.width - GAP, lane.height - GAP, rx=10,
                          fill="none", stroke=palette.MUTED, stroke_width=1.4, stroke_dasharray="6 4"))
        _text(group, box.title, box.x + box.width / 2, lane.y + GAP, fill=palette.MUTED, anchor="middle")
        drawing.append(group)


def _draw_steps(drawing: draw.Drawing, journey: Journey, plan: Layout, links: Mapping[str, str]) -> None:
    lane = plan.lanes["steps"]
    _draw_groups(drawing, plan)
    band = plan.group_band
    for stage_id, slot in _slots(plan):
        if slot.step is None:
            group = draw.Group(class_="cell empty", data_stage=_id(stage_id))
            group.append(_box(slot.x + GAP, lane.y + GAP, slot.width - 2 * GAP, lane.height - 2 * GAP, rx=8, fill="none", stroke=palette.RULE, stroke_dasharray="4 4"))
            empty = wrap_to("no steps yet", slot.width - 2 * GAP - 2 * PAD, 12, max_lines=1)
            _text(group, empty, slot.center, lane.y + lane.height / 2 - 8, fill=palette.FAINT, anchor="middle", font_style="italic")
            drawing.append(group)
            continue
        step = slot.step
        card = plan.step_cards[step.id]
        is_start, is_success = step.id in journey.start, step.id in journey.success
        is_ending = step.id in journey.endings
        group = draw.Group(class_="step ending" if is_ending else "step", data_step=_id(step.id),
                           data_stage=_id(stage_id))
        stroke = (palette.SUCCESS_STROKE if is_success else palette.ENDING_STROKE if is_ending
                  else palette.START_STROKE if is_start else palette.RULE)
        inset = GAP * 1.5 if journey.group_of(step.id) is not None else GAP  # inside its group's dashed box
        x, y, w, h = slot.x + inset, lane.y + GAP + band, slot.width - 2 * inset, lane.height - 2 * GAP - band
        fill = (palette.SUCCESS_FILL if is_success else palette.ENDING_FILL if is_ending
                else palette.START_FILL if is_start else palette.PAPER)
        marked = is_start or is_success or is_ending
        group.append(_box(x, y, w, h, rx=8, fill=fill, stroke=stroke, stroke_width=2 if marked else 1))
        if is_ending:
            # A second frame inside the first: an outcome, drawn like the graph's double border.
            group.append(_box(x + 4, y + 4, w - 8, h - 8, rx=5, fill="none", stroke=stroke, stroke_width=1))
        group.append(draw.Title(clean(step.title)))
        if is_start:
            group.append(_box(x, y + 8, 4, h - 16, rx=2, fill=palette.START_STROKE))
        top = y + PAD
        if card.tag is not None:
            tag_color = (palette.START_STROKE if is_start else palette.SUCCESS_STROKE if is_success
                         else palette.ENDING_STROKE)
            _text(group, card.tag, x + PAD, top, fill=tag_color)
            top += card.tag.height + 4
        if card.moment is not None:
            _text(group, card.moment, x + PAD, top, fill=palette.MOMENT_STROKE)
            top += card.moment.height + 4
        _text(group, card.label, x + PAD, top)
        top += card.label.height + 4
        if card.icon is not None:
            top = max(top, y + PAD + ICON + 4)
            group.append(_icon(card.icon, x + w - PAD - ICON, y + PAD))
        if card.ident.lines:
            _text(group, card.ident, x + PAD, top, fill=palette.MUTED)
            top += card.ident.height + 4
        if card.shared is not None:
            _draw_shared(group, journey, step.id, card.shared, x + PAD, top, links)
        drawing.append(group)


def _draw_shared(group: draw.Group, journey: Journey, step_id: str, mark: Wrapped, x: float, top: float,
                 links: Mapping[str, str]) -> None:
    """The ``shared · LIB`` mark of a step taken from a library; a link to the library's page when given."""
    taken = journey.shared_as("step", step_id)
    link = links.get(taken.library) if taken is not None else None
    if link is None:
        _text(group, mark, x, top, fill=palette.SHARED)
        return
    # drawsvg writes attributes as given: escaped here, quotes too (`quoteattr` would switch quote marks).
    anchor = _Link(href=escape(link, {'"': "&quot;"}), target="_top")
    anchor.append(draw.Title(f"Taken from the library {clean(taken.library)} ({clean(taken.source)})"))
    _text(anchor, mark, x, top, fill=palette.SHARED, text_decoration="underline")
    group.append(anchor)


def _icon(name: str, x: float, y: float) -> draw.Raw:
    """A vendored icon (24 units) drawn ``ICON`` wide with its top left corner at (x, y)."""
    scale = ICON / 24
    return draw.Raw(
        f'<g class="icon" data-icon="{_id(name)}" transform="translate({_r(x)},{_r(y)}) scale({scale:.3f})" '
        f'fill="none" stroke="{palette.MUTED}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">'
        f"{icons.shapes(name)}</g>"
    )


def _draw_touchpoints(drawing: draw.Drawing, plan: Layout) -> None:
    lane = plan.lanes["touchpoints"]
    for stage_id, slot in _slots(plan):
        if slot.step is None:
            continue
        point, channel = plan.touchpoints[slot.step.id]
        group = draw.Group(class_="cell", data_lane="touchpoints", data_step=_id(slot.step.id), data_stage=_id(stage_id))
        group.append(_box(slot.x, lane.y, slot.width, lane.height, fill="none"))
        top = lane.y + PAD + 2
        if point is not None:
            _text(group, point, slot.x + PAD, top, fill=palette.INK)
            top += point.height + 8
        if channel is not None:
            pill = draw.Group(class_="pill")
            pill.append(_box(slot.x + PAD, top, chip_width(channel), channel.height + 4, rx=8, fill="#e2e8f0"))
            _text(pill, channel, slot.x + PAD + 8, top + 2, fill=palette.INK)
            group.append(pill)
        if point is None and channel is None:
            _text(group, wrap_to("—", 20, 12), slot.x + PAD, top, fill=palette.FAINT)
        drawing.append(group)


def _draw_emotion(drawing: draw.Drawing, journey: Journey, plan: Layout, designed: frozenset[tuple[str, str]]) -> None:
    lane = plan.lanes["emotion"]
    right = plan.width - MARGIN
    # The scale, as markup like the lanes (see _draw_lanes): it repeats on every row.
    lines, texts = [], []
    for score in range(3, -4, -1):
        y = _r(plan.emotion_y(score))
        dash = "" if score == 0 else ' stroke-dasharray="2 4"'
        lines.append(f'<path d="M{_r(plan.grid_x)},{y} L{_r(right)},{y}" stroke="{palette.FAINT if score == 0 else palette.RULE}"{dash} />')
        texts.append(_raw_text(wrap_to(signed(score), 30, SCALE, bold=score == 0), MARGIN + HEAD_W - PAD,
                               plan.emotion_y(score) - SCALE * 0.65, palette.emotion_color(score), "end"))
    drawing.append(draw.Raw("\n".join(lines) + '\n<g class="scale">\n'
                            f'<rect x="{MARGIN}" y="{_r(lane.y)}" width="{HEAD_W}" height="{_r(lane.height)}" fill="none" />\n'
                            + "".join(texts) + "</g>"))

    # Each slot's value: the step's own emotion, else its stage's.
    points = []
    for column in plan.columns:
        stage = column.stage
        stage_named = False
        for slot in column.slots:
            own = slot.step.emotion if slot.step is not None else None
            emotion = own or stage.emotion
            if emotion is None:
                points.append(None)
                continue
            # Name every step's own emotion, and the stage's at its first open dot.
            label = None
            if own is not None or not stage_named:
                label = emotion_words(emotion.score, emotion.label)
                stage_named = stage_named or own is None
            points.append((slot, emotion.score, own is not None, label, stage.id))
    curve = draw.Group(class_="emotion-curve")
    for run in (run for run in _runs(points, journey, designed) if len(run) > 1):
        path = draw.Path(fill="none", stroke=palette.INK, stroke_width=2, stroke_linejoin="round", stroke_linecap="round")
        (first, score, *_rest) = run[0]
        path.M(_r(first.center), _r(plan.emotion_y(score)))
        for (a, a_score, *_a), (b, b_score, *_b) in zip(run, run[1:]):
            mid = (a.center + b.center) / 2
            path.C(_r(mid), _r(plan.emotion_y(a_score)), _r(mid), _r(plan.emotion_y(b_score)), _r(b.center), _r(plan.emotion_y(b_score)))
        curve.append(path)
    for point in points:
        if point is None:
            continue
        slot, score, own, _, _ = point
        color = palette.emotion_color(score)
        dot = dict(fill=color, stroke=palette.PAPER, stroke_width=2) if own else dict(fill=palette.PAPER, stroke=color, stroke_width=2.5)
        curve.append(draw.Circle(_r(slot.center), _r(plan.emotion_y(score)), 6 if own else 5, **dot))
    drawing.append(curve)
    _draw_persona_curves(drawing, journey, plan, designed, lane)
    for point in points:
        if point is None or point[3] is None:
            continue
        slot, score, own, label, stage_id = point
        group = draw.Group(class_="emotion-label", data_stage=_id(stage_id), **({"data_step": _id(slot.step.id)} if slot.step else {}))
        group.append(_box(slot.x, lane.y, slot.width, lane.height, fill="none"))
        block = wrap_to(label, slot.width - 2 * PAD, EMOTION_LABEL, bold=own, max_lines=2)
        y = plan.emotion_y(score)
        top = y + 11 if score >= 2 else y - 11 - block.height
        # A white backing keeps the label legible where the curve runs behind it.
        group.append(_box(slot.center - block.width / 2 - 4, top - 1, block.width + 8, block.height + 2, rx=4, fill=palette.PAPER, fill_opacity=0.9))
        _text(group, block, slot.center, top, fill=palette.emotion_color(score), anchor="middle")
        drawing.append(group)


def _draw_persona_curves(drawing, journey: Journey, plan: Layout, designed: frozenset[tuple[str, str]],
                         lane) -> None:
    """One curve per persona with emotions of its own, and a legend under the lane's title.

    A persona's curve passes its own emotion where the map writes one (`emotion ... for ID` on
    the step, else on its stage) and everyone's elsewhere. Its points carry no words: the
    legend names the curve, and the journey page lists each persona's emotions.
    """
    curves = persona_curves(journey)
    if not curves:
        return
    legend = draw.Group(class_="emotion-legend")
    top = lane.y + PAD + lane.title.height + 8
    width = HEAD_W - 2 * PAD - 58  # clear of the scale's numbers at the column's right edge
    entries = [("Everyone", palette.INK, None)] + [(p.title, color, dash) for p, (color, dash) in curves]
    blocks = [wrap_to(name, width, SCALE, bold=True, max_lines=1) for name, _, _ in entries]
    legend.append(_box(MARGIN + PAD, top, HEAD_W - 2 * PAD - 30, sum(b.height + 4 for b in blocks), fill="none"))
    for block, (_, color, dash) in zip(blocks, entries):
        middle = top + block.height / 2 + 1
        legend.append(draw.Line(_r(MARGIN + PAD), _r(middle), _r(MARGIN + PAD + 20), _r(middle), stroke=color,
                                stroke_width=2.5, **({"stroke_dasharray": dash} if dash else {})))
        _text(legend, block, MARGIN + PAD + 26, top, fill=palette.INK)
        top += block.height + 4
    drawing.append(legend)
    for persona, (color, dash) in curves:
        points = []
        for column in plan.columns:
            stage_own = next((e for e in column.stage.persona_emotions if e.persona == persona.id), None)
            for slot in column.slots:
                own = None
                if slot.step is not None:
                    own = next((e for e in slot.step.persona_emotions if e.persona == persona.id), None)
                step_all = slot.step.emotion if slot.step is not None else None
                emotion = own or stage_own or step_all or column.stage.emotion
                points.append(None if emotion is None else (slot, emotion.score, own is not None, None, column.stage.id))
        group = draw.Group(class_="emotion-curve persona", data_persona=_id(persona.id))
        for run in (run for run in _runs(points, journey, designed) if len(run) > 1):
            path = draw.Path(fill="none", stroke=color, stroke_width=2, stroke_dasharray=dash,
                             stroke_linejoin="round", stroke_linecap="round")
            (first, score, *_rest) = run[0]
            path.M(_r(first.center), _r(plan.emotion_y(score)))
            for (a, a_score, *_a), (b, b_score, *_b) in pairwise(run):
                mid = (a.center + b.center) / 2
                path.C(_r(mid), _r(plan.emotion_y(a_score)), _r(mid), _r(plan.emotion_y(b_score)), _r(b.center),
                       _r(plan.emotion_y(b_score)))
            group.append(path)
        for point in points:
            if point is not None:
                slot, score, own, _, _ = point
                group.append(draw.Circle(_r(slot.center), _r(plan.emotion_y(score)), 4 if own else 3,
                                         fill=color if own else palette.PAPER, stroke=color, stroke_width=1.5))
        drawing.append(group)


def persona_curves(journey: Journey) -> list:
    """The personas that have emotions of their own, each with its curve's colour and dash."""
    written = {e.persona for element in (*journey.stages, *journey.steps) for e in element.persona_emotions}
    personas = [p for p in journey.personas if p.id in written]
    styles = palette.PERSONA_CURVES
    return [(p, styles[i % len(styles)]) for i, p in enumerate(personas)]


def _runs(points: list, journey: Journey, designed: frozenset[tuple[str, str]]) -> list[list]:
    """The emotion curve's pieces: consecutive slots joined only where the design leads from one to the other.

    Two steps side by side are joined when a designed edge (or a group of any-order steps) links
    them, either way; so no line runs from a success into an ending that does not follow it, nor
    between two branches. A stage without steps carries its stage's emotion between its
    neighbours, unless the step before it is where a journey ends (a success or an ending).
    """
    ends = set(journey.success) | set(journey.endings)
    runs: list[list] = [[]]
    previous = None
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            if runs[-1] and not _joined(previous[0].step, point[0].step, designed, ends):
                runs.append([])
            runs[-1].append(point)
        previous = point
    return [run for run in runs if run]


def _joined(before, after, designed: frozenset[tuple[str, str]], ends: set[str]) -> bool:
    if before is None or after is None:
        return before is None or before.id not in ends
    return (before.id, after.id) in designed or (after.id, before.id) in designed


def _draw_notes(drawing: draw.Drawing, plan: Layout) -> None:
    """Every lane of notes: a stage's notes across its column, then each step's own under its step."""
    step_notes = plan.step_notes or {}
    for key, (fill, stroke) in palette.NOTE_COLORS.items():
        if key not in plan.lanes:
            continue
        lane = plan.lanes[key]
        for column in plan.columns:
            top = lane.y + GAP
            for index, block in enumerate(plan.notes[(key, column.stage.id)]):
                group = draw.Group(class_=f"note {key}", data_stage=_id(column.stage.id), data_index=str(index))
                top = _note(drawing, group, block, column.x, column.width, top, fill, stroke)
            for slot in column.slots:
                written = step_notes.get((key, slot.step.id), ()) if slot.step is not None else ()
                below = top
                for index, block in enumerate(written):
                    group = draw.Group(class_=f"note {key}", data_stage=_id(column.stage.id),
                                       data_step=_id(slot.step.id), data_index=str(index))
                    below = _note(drawing, group, block, slot.x, slot.width, below, fill, stroke)


def _note(drawing, group: draw.Group, block: Wrapped, x: float, width: float, top: float, fill: str,
          stroke: str) -> float:
    """One note, ``width`` wide from ``x``; returns where the next note below it starts."""
    height = block.height + 2 * PAD
    group.append(_box(x + GAP, top, width - 2 * GAP, height, rx=6, fill=fill))
    group.append(_box(x + GAP, top, 4, height, fill=stroke))
    _text(group, block, x + GAP + PAD + 4, top + PAD)
    drawing.append(group)
    return top + height + GAP


def _draw_visibility(drawing: draw.Drawing, plan: Layout) -> None:
    """The service blueprint's line of visibility: above the first lane customers do not see."""
    below = visibility_lane(plan.lanes)
    if below is None:
        return
    y = plan.lanes[below].y
    group = draw.Group(class_="visibility")
    label = wrap_to("line of visibility", HEAD_W, SCALE, bold=True, max_lines=1)
    # The label's box is its own: it sits on the line, over the lane titles' column edge.
    left = plan.grid_x - label.width - 2 * PAD
    group.append(_box(left, y - label.height / 2 - 3, label.width + 2 * PAD, label.height + 6, fill="none"))
    group.append(draw.Line(_r(MARGIN), _r(y), _r(plan.width - MARGIN), _r(y), stroke=palette.MOMENT_STROKE,
                           stroke_width=2, stroke_dasharray="8 5"))
    group.append(_box(left, y - label.height / 2 - 3, label.width + 2 * PAD, label.height + 6, rx=4,
                      fill=palette.PAPER, stroke=palette.MOMENT_STROKE, stroke_width=1))
    _text(group, label, left + PAD, y - label.height / 2, fill=palette.MOMENT_STROKE)
    drawing.append(group)
