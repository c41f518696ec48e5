"""The journey graph: stages as clusters left to right, steps as nodes, designed edges.

The graph is built with the ``graphviz`` package and is plain data until it is
laid out, so the DOT text is the golden-tested artefact (same IR, same bytes).
Every piece of map text goes into HTML-like labels through :func:`_html`, which
escapes it; DOT's own string escapes (``\\n``, ``\\N``…) never see map text.

An overlay passes :class:`~journeyspec.render.annotations.GraphAnnotations` to
add counts, widths and undesigned edges to the same picture, or to mark what
changed since another version.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import graphviz

from journeyspec.ir.journey import Edge, Group, Journey, Stage, Step
from journeyspec.ir.text import percent_text
from journeyspec.render import fit, palette
from journeyspec.render.annotations import EdgeAnnotation, GraphAnnotations, Mark, NodeAnnotation
from journeyspec.render.text import clean, shared_tag, signed, wrap

FONT = "Helvetica,Arial,sans-serif"
# Characters per line before a label wraps; graph nodes stay compact.
STEP_WRAP = 22
NOTE_WRAP = 34
EDGE_WRAP = 24
# The smallest text (tags, ids, touchpoints): 9 points, so that a picture the automatic layout
# keeps within a page (journeyspec.render.fit.PAGE) still shows it 8 px tall or more at 1,200 px.
SMALL = 9
# How a legend names each mark; the dashes are the removed elements' second cue besides colour.
LEGEND = {"added": "added", "removed": "removed (dashed)", "changed": "changed"}


def _html(text: str) -> str:
    """Map text made safe inside an HTML-like label."""
    text = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    # Graphviz still expands `\N`, `\G`, `\\`… inside HTML-like labels, even
    # after entity decoding; an invisible word joiner after each backslash
    # leaves no escape for it to find.
    return text.replace("\\", "\\&#8288;")


def _plain(text: str) -> str:
    """Text for a plain DOT string (a URL, a tooltip): DOT expands `\\N`, `\\G`… there too, so the same
    word joiner follows each backslash."""
    return text.replace("\\", "\\\u2060")


def _url(link: str) -> str:
    """A URL for DOT's ``URL``: Graphviz writes it into the SVG unescaped, so the characters that would end
    the attribute or start markup are percent-encoded, and `&` is given as the entity Graphviz keeps."""
    return "".join(_URL_CODES.get(char, char) for char in link)


_URL_CODES = {'"': "%22", "<": "%3C", ">": "%3E", "\\": "%5C", " ": "%20", "'": "%27", "&": "&amp;"}


def _lines(text: str, width: int, max_lines: int | None = None) -> str:
    return "<br/>".join(_html(line) for line in wrap(text, width, max_lines))


def _font(text: str, *, size: int | None = None, color: str | None = None, bold: bool = False, face: str | None = None) -> str:
    if bold:
        text = f"<b>{text}</b>"
    attrs = []
    if face:
        attrs.append(f'face="{face}"')
    if size:
        attrs.append(f'point-size="{size}"')
    if color:
        attrs.append(f'color="{color}"')
    return f"<font {' '.join(attrs)}>{text}</font>" if attrs else text


def _width(value: float) -> str:
    return f"{max(0.5, min(12.0, value)):.2f}"


def _arrow(width: float) -> str:
    """An arrowhead as broad as a wide line (an overlay's busy edge), where 0.7 would be lost in it."""
    return f"{min(2.0, 0.7 * width / 3):.2f}"


def emotion_text(score: int, label: str | None) -> str:
    """``+1 · curious`` / ``−1`` — the score always, the word when written."""
    return signed(score) + (f" · {clean(label)}" if label and clean(label) else "")


def shared_legend(journey: Journey) -> tuple[str, ...]:
    """One line per library the journey takes steps from, saying what its mark means."""
    seen: dict[str, str] = {}
    for item in journey.shared:
        if item.kind == "step":
            seen.setdefault(item.library, item.source)
    return tuple(f"{shared_tag(name)}: a step taken from the library {clean(name)} ({clean(source)})"
                 for name, source in seen.items())


def build_graph(journey: Journey, annotations: GraphAnnotations | None = None, layout: str = "auto",
                links: Mapping[str, str] | None = None) -> graphviz.Digraph:
    """The journey as a ``graphviz.Digraph`` (not yet laid out).

    Args:
        journey: A compiled journey.
        annotations: Optional overlay facts; see :mod:`journeyspec.render.annotations`.
        layout: ``wide`` (stages left to right), ``wrap`` (stages in rows, each left to right),
            ``tall`` (stages top to bottom) or ``auto`` (the first that fits a page; see
            :mod:`journeyspec.render.fit`).
        links: Library name -> the URL of its page: a step taken from that library links there.

    Raises:
        ValueError: when ``annotations`` name steps or edges the journey lacks, or for an unknown layout.
    """
    notes = annotations or GraphAnnotations()
    notes.check_against(set(journey.step_ids), set(journey.edge_set()), {stage.id for stage in journey.stages},
                        {group.id for group in journey.groups})
    labelled = bool(notes.edges) or any(edge.label or edge.share is not None for edge in journey.edges)
    chosen, rows = fit.choose_graph(journey, layout, labelled)
    graph = graphviz.Digraph(name=journey.id)
    graph.attr(
        "graph",
        rankdir="TB" if chosen == "tall" else "LR",
        newrank="true",
        compound="true",
        fontname=FONT,
        fontsize="11",
        nodesep="0.3",
        ranksep="0.35",
        pad="0.3",
        bgcolor=palette.PAPER,
        labelloc="t",
        labeljust="l",
        label=_title(journey, notes.caption, notes.legend, shared_legend(journey)),
    )
    graph.attr(
        "node",
        shape="box",
        style="rounded,filled",
        fillcolor=palette.PAPER,
        color=palette.MUTED,
        fontname=FONT,
        fontsize="11",
        fontcolor=palette.INK,
        margin="0.14,0.07",
    )
    graph.attr("edge", color=palette.MUTED, fontname=FONT, fontsize="9", fontcolor=palette.INK, arrowsize="0.7")
    steps_by_stage = _steps_by_stage(journey)
    members: list[list[str]] = []
    for stage in journey.stages:
        members.append(_add_stage(graph, journey, stage, steps_by_stage.get(stage.id, []), notes, links or {}))
    row_of_stage = {index: row for row, indexes in enumerate(rows) for index in indexes}
    row_of = {name: row_of_stage.get(index, 0) for index, names in enumerate(members) for name in names}
    for group in journey.groups:
        row_of[group.id] = next((row_of[s] for s in group.steps if s in row_of), 0)
    _add_stage_order(graph, journey, members, row_of_stage)
    order = {step_id: index for index, step_id in enumerate(step for group in members for step in group)}
    anchors = _anchors(journey, members)
    for edge in journey.edges:
        _add_edge(graph, edge, order, notes.edges.get((edge.source, edge.target)), anchors, row_of)
    _add_extras(graph, notes)
    return graph


def to_dot(journey: Journey, annotations: GraphAnnotations | None = None, layout: str = "auto",
           links: Mapping[str, str] | None = None) -> str:
    """The DOT source of the journey graph; byte-identical for the same IR, annotations, layout and links."""
    return build_graph(journey, annotations, layout, links).source


def _title(journey: Journey, caption: tuple[str, ...], legend: tuple[Mark, ...] = (),
           shared: tuple[str, ...] = ()) -> str:
    parts = [_font(_html(journey.title), size=16, bold=True)]
    details = []
    if journey.personas:
        details.append("for " + ", ".join(_html(p.title) for p in journey.personas))
    if journey.goal:
        details.append("goal: " + _html(journey.goal))
    if details:
        parts.append(_font(" · ".join(details), size=10, color=palette.MUTED))
    parts.extend(_font(_html(line), size=10, color=palette.MUTED) for line in caption)
    parts.extend(_font(_html(line), size=10, color=palette.SHARED) for line in shared)
    if legend:
        # No-break spaces: SVG drops a text piece's own leading and trailing spaces, and the dot
        # would touch the word before it.
        marks = "&#160;·&#160; ".join(_font(LEGEND[mark], color=palette.MARKS[mark], bold=True) for mark in legend)
        parts.append(_font(_font("changes:", color=palette.MUTED) + "&#160; " + marks, size=10))
    return "<" + '<br align="left"/>'.join(parts) + '<br align="left"/>>'


def _steps_by_stage(journey: Journey) -> dict[str, list[Step]]:
    by_id = {step.id: step for step in journey.steps}
    return {stage.id: [by_id[s] for s in stage.steps if s in by_id] for stage in journey.stages}


def _stage_label(stage: Stage, color: str | None = None) -> str:
    """The stage's title and its designed emotion, the label of its title node (see :func:`_add_stage_text`)."""
    title = _font(_lines(stage.title, NOTE_WRAP, 3), size=13, color=color, bold=True)
    head = f'<td align="left" balign="left">{title}</td>'
    if stage.emotion is not None:
        text = _font("emotion " + _html(emotion_text(stage.emotion.score, stage.emotion.label)), size=10, color=palette.PAPER, bold=True)
        head += f'<td align="right" bgcolor="{palette.emotion_color(stage.emotion.score)}" style="rounded">{text}</td>'
    else:
        head += "<td></td>"
    return f'<<table border="0" cellborder="0" cellspacing="3" cellpadding="4"><tr>{head}</tr></table>>'


def _notes_label(stage: Stage) -> str | None:
    """The stage's pains and opportunities as one table, or None when it has neither."""
    rows = []
    for kind, items, fill, stroke in (
        ("Pain", stage.pains, palette.PAIN_FILL, palette.PAIN_STROKE),
        ("Opportunity", stage.opportunities, palette.OPPORTUNITY_FILL, palette.OPPORTUNITY_STROKE),
    ):
        for note in items:
            body = _font(kind.upper(), size=SMALL, color=stroke, bold=True) + "<br/>" + _lines(note.text, NOTE_WRAP)
            rows.append(f'<tr><td align="left" balign="left" bgcolor="{fill}" color="{stroke}" border="1" sides="l">{_font(body, size=10)}</td></tr>')
    if not rows:
        return None
    return '<<table border="0" cellborder="0" cellspacing="3" cellpadding="4">' + "".join(rows) + "</table>>"


def _add_stage(graph: graphviz.Digraph, journey: Journey, stage: Stage, steps: list[Step], notes: GraphAnnotations,
               links: Mapping[str, str]) -> list[str]:
    if stage.emotion is not None:
        fill, outline = palette.emotion_tint(stage.emotion.score, 0.10), palette.emotion_edge(stage.emotion.score)
    else:
        fill, outline = palette.PANEL, palette.RULE
    names: list[str] = []
    with graph.subgraph(name=f"cluster_{stage.id}") as cluster:
        mark = notes.stages[stage.id].mark if stage.id in notes.stages else None
        attrs = {"style": "rounded,filled", "color": outline, "penwidth": "1.2"}
        if mark is not None:
            attrs.update(_marked(mark, penwidth="2", style=attrs["style"]))
        cluster.attr(label="", fillcolor=fill, margin="12", **attrs)
        if not steps:
            placeholder = f"stage.{stage.id}.empty"
            cluster.node(placeholder, label="<" + _font("<i>no steps yet</i>", color=palette.FAINT) + ">", shape="plaintext", style="")
            names.append(placeholder)
        drawn: set[str] = set()
        for step in steps:
            group = journey.group_of(step.id)
            if group is None:
                cluster.node(step.id, **_step_attrs(journey, step, notes.nodes.get(step.id), links))
                names.append(step.id)
            elif group.id not in drawn:
                drawn.add(group.id)
                names += _add_group(cluster, journey, group, [s for s in steps if s.id in group.steps], notes, links)
        # The title rides above a step outside groups where the stage has one: a group's box holds its
        # steps, so a title tied to one of them is pushed below the box.
        loose = [name for name in names if journey.group_of(name) is None] or names
        _add_stage_text(cluster, stage, loose[0], palette.MARKS[mark] if mark else None)
    return names


def _add_group(cluster: graphviz.Digraph, journey: Journey, group: Group, steps: list[Step],
               notes: GraphAnnotations, links: Mapping[str, str]) -> list[str]:
    """A group of steps done in any order: a dashed box around its steps, titled with how it is done.

    No edges are drawn between its steps (the box says every order is designed), so dot puts them
    in one column, one above the other, as parallel steps.
    """
    note = notes.groups.get(group.id)
    mark = note.mark if note is not None else None
    color = palette.MARKS[mark] if mark else palette.MUTED
    lines = [_font(_lines(group.title, NOTE_WRAP, 2), size=10, color=palette.INK if not mark else color, bold=True),
             _font(_html(group.form), size=9, color=color)]
    if group.id in journey.start:
        lines.insert(0, _font("START", size=SMALL, color=palette.START_STROKE, bold=True))
        color = color if mark else palette.START_STROKE
    if note is not None:
        lines.extend(_font(_html(line), size=9) for line in note.lines)
    names = []
    with cluster.subgraph(name=f"cluster_group_{group.id}") as box:
        box.attr(label="<" + "<br/>".join(lines) + ">", style="rounded,dashed,filled", fillcolor=palette.PAPER,
                 color=color, penwidth="2" if mark else "1.4", margin="10", labeljust="c", labelloc="t")
        if mark == "removed":
            box.attr(style="rounded,dashed,filled")
        for step in steps:
            box.node(step.id, **_step_attrs(journey, step, notes.nodes.get(step.id), links))
            names.append(step.id)
    return names


def _anchors(journey: Journey, members: list[list[str]]) -> dict[str, list[str]]:
    """Each group's steps as drawn, the one its edges attach to first (the middle one): an edge ends
    at the group's box (``lhead``/``ltail``), but Graphviz draws it towards one node."""
    drawn = [name for names in members for name in names]
    anchors = {}
    for group in journey.groups:
        inside = [name for name in drawn if name in group.steps]
        if inside:
            middle = inside[len(inside) // 2]
            anchors[group.id] = [middle] + [name for name in inside if name != middle]
    return anchors


def _add_stage_text(cluster: graphviz.Digraph, stage: Stage, first: str, color: str | None = None) -> None:
    """The stage's title and emotion above its first step, and its pains and opportunities below it.

    Nodes, not the cluster's label: dot routes edges around nodes but not
    around cluster labels, so a long edge over a stage (keep shopping, skip
    the import) was drawn straight through its title or its notes. Flat
    invisible edges in the first step's rank hold the title above that step
    and the notes below it.
    """
    title, notes = f"stage.{stage.id}.title", f"stage.{stage.id}.notes"
    cluster.node(title, label=_stage_label(stage, color), shape="plaintext", style="", margin="0")
    notes_label = _notes_label(stage)
    with cluster.subgraph() as same:
        same.attr(rank="same")
        same.node(title)
        same.node(first)
        if notes_label is not None:
            same.node(notes, label=notes_label, shape="plaintext", style="", margin="0")
    cluster.edge(first, title, style="invis")
    if notes_label is not None:
        cluster.edge(notes, first, style="invis")


def _step_attrs(journey: Journey, step: Step, note: NodeAnnotation | None,
                links: Mapping[str, str] | None = None) -> dict[str, str]:
    is_start, is_success = step.id in journey.start, step.id in journey.success
    is_ending = step.id in journey.endings
    tags = [tag for tag, on in (("START", is_start), ("SUCCESS", is_success), ("END", is_ending)) if on]
    parts = []
    if tags:
        color = palette.START_STROKE if is_start else palette.SUCCESS_STROKE if is_success else palette.ENDING_STROKE
        parts.append(_font(" · ".join(tags), size=SMALL, color=color, bold=True))
    parts.append(_font(_lines(step.title, STEP_WRAP, 4), bold=True))
    parts.append(_font(_html(step.id), size=SMALL, color=palette.MUTED, face="Courier,monospace"))
    where = " · ".join(x for x in (step.touchpoint, step.channel) if x)
    if where:
        parts.append(_font(_lines(where, STEP_WRAP + 6, 2), size=SMALL, color=palette.MUTED))
    if step.emotion is not None:
        score = step.emotion.score
        parts.append(_font("emotion " + _html(emotion_text(score, step.emotion.label)), size=9, color=palette.emotion_color(score), bold=True))
    taken = journey.shared_as("step", step.id)
    if taken is not None:
        parts.append(_font(_html(shared_tag(taken.library)), size=SMALL, color=palette.SHARED, bold=True))
    if note is not None:
        parts.extend(_font(_html(line), size=9) for line in note.lines)
    label = "<br/>".join(parts)
    if note is not None and note.badge:
        # A label is either text or one table, so a badge turns it into a table.
        badge = _font(_html(note.badge), size=9, color=palette.PAPER, bold=True)
        label = (
            '<table border="0" cellborder="0" cellspacing="2" cellpadding="0">'
            f"<tr><td>{label}</td></tr>"
            f'<tr><td bgcolor="{palette.UNEXPECTED}" style="rounded" cellpadding="2">{badge}</td></tr></table>'
        )
    attrs = {"label": f"<{label}>"}
    if taken is not None and links and taken.library in links:
        # Opened on its own, the picture takes a reader from the step to the library's page.
        tip = f"Taken from the library {clean(taken.library)} ({clean(taken.source)})"
        attrs.update(URL=_url(links[taken.library]), target="_top", tooltip=_plain(tip).replace("&", "&amp;"))
    if is_start:
        attrs.update(fillcolor=palette.START_FILL, color=palette.START_STROKE, penwidth="2.2")
    if is_success:
        attrs.update(peripheries="2", color=palette.SUCCESS_STROKE, penwidth="1.6")
        if not is_start:
            attrs["fillcolor"] = palette.SUCCESS_FILL
    if is_ending:
        # An outcome's double frame, in slate: the journey stops here by design, without success.
        attrs.update(peripheries="2", color=palette.ENDING_STROKE, penwidth="1.6")
        if not is_start:
            attrs["fillcolor"] = palette.ENDING_FILL
    if note is not None and note.mark is not None:
        attrs.update(_marked(note.mark, penwidth="2.2" if is_start else "2", style="rounded,filled"))
    return attrs


def _marked(mark: Mark, *, penwidth: str, style: str) -> dict[str, str]:
    """How a diff's mark looks on a stage, step or edge: outline and text in its colour, dashed when removed."""
    color = palette.MARKS[mark]
    attrs = {"color": color, "fontcolor": color, "penwidth": penwidth}
    if mark == "removed":
        attrs["style"] = f"{style},dashed" if style else "dashed"
    return attrs


def _add_stage_order(graph: graphviz.Digraph, journey: Journey, members: list[list[str]],
                     row_of_stage: dict[int, int] | None = None) -> None:
    """Hold stages in written order, left to right, whatever way the designed edges point.

    An invisible point between two consecutive stages sits after every node of
    the first and before every node of the second, so clusters never overlap
    in rank. Only a stage's sinks (no forward edge to a later step of the same
    stage) need an edge to the point, and only the next stage's sources (no
    forward edge from an earlier step of it) an edge from it: the rest follow
    through the designed edges. Edges from every step would cost dot seconds on
    a large map (each long invisible edge becomes a chain of virtual nodes).

    In the ``wrap`` layout each row starts again at the left: no point joins
    the last stage of a row to the first of the next, and the first stages of
    the rows are held one under the other (see :func:`_stack_rows`).
    """
    row_of_stage = row_of_stage or {}
    stage_of = {name: index for index, names in enumerate(members) for name in names}
    position = {name: index for index, name in enumerate(name for names in members for name in names)}
    has_forward_out: set[str] = set()
    has_forward_in: set[str] = set()
    for edge in journey.edges:
        for source, target in ((a, b) for a in journey.members(edge.source) for b in journey.members(edge.target)):
            if stage_of.get(source) != stage_of.get(target) or position[source] >= position[target]:
                continue
            has_forward_out.add(source)
            has_forward_in.add(target)
    groups = [(index, stage, names) for index, (stage, names) in enumerate(zip(journey.stages, members)) if names]
    _stack_rows(graph, [names for index, _, names in groups], [row_of_stage.get(index, 0) for index, _, _ in groups])
    for (index, stage, before), (next_index, _, after) in zip(groups, groups[1:]):
        if row_of_stage.get(index, 0) != row_of_stage.get(next_index, 0):
            continue
        gate = f"stage.{stage.id}.after"
        graph.node(gate, label="", shape="point", style="invis", width="0", height="0")
        for name in before:
            if name not in has_forward_out:
                graph.edge(name, gate, style="invis")
        for name in after:
            if name not in has_forward_in:
                graph.edge(gate, name, style="invis")


def _stack_rows(graph: graphviz.Digraph, members: list[list[str]], rows: list[int]) -> None:
    """Hold the rows of the ``wrap`` layout in order, top to bottom.

    Every row starts at the first rank. A column of invisible points left of the rows, one per
    row, is chained by flat edges (dot draws a flat edge's tail above its head once the graph is
    turned left to right), and each point pulls its row's first step beside it.
    """
    firsts, last_row = [], None
    for names, row in zip(members, rows):
        if row != last_row:
            firsts.append(names[0])
            last_row = row
    if len(firsts) < 2:
        return
    points = [f"row.{index}" for index in range(len(firsts))]
    with graph.subgraph() as same:
        same.attr(rank="same")
        for point in points:
            same.node(point, label="", shape="point", style="invis", width="0", height="0")
    for upper, lower in itertools.pairwise(points):
        graph.edge(upper, lower, style="invis")
    for point, first in zip(points, firsts):
        graph.edge(point, first, style="invis", weight="100")


def _edge_label(lines: str) -> str:
    """An edge label with a little padding around the text.

    Dot routes each edge beside its label as if the label were a node; without
    the padding, two edges between the same steps (there and back, say) run so
    close that one line crosses the other's figures.
    """
    return f'<<table border="0" cellborder="0" cellspacing="0" cellpadding="3"><tr><td>{lines}</td></tr></table>>'


def _add_edge(graph: graphviz.Digraph, edge: Edge, order: dict[str, int], note: EdgeAnnotation | None,
              anchors: dict[str, list[str]] | None = None, row_of: dict[str, int] | None = None) -> None:
    anchors = anchors or {}
    attrs: dict[str, str] = {}
    if row_of and row_of.get(edge.source, 0) != row_of.get(edge.target, 0):
        # From one row of the wrap layout to another: the rows' own order places the steps.
        attrs["constraint"] = "false"
    lines = _lines(edge.label, EDGE_WRAP, 3) if edge.label else ""
    figure = percent_text(edge.share) if edge.share is not None else ""
    if note is not None and note.label is not None:
        figure = _html(note.label)
    if figure:
        lines = f"{lines}<br/>{_font(figure, bold=True)}" if lines else _font(figure, bold=True)
    if lines:
        attrs["label"] = _edge_label(lines)
    width = 1.2 + 2.5 * edge.share if edge.share is not None else 1.2
    if note is not None and note.width is not None:
        width = note.width
    attrs["penwidth"] = _width(width)
    if width > 3:
        attrs["arrowsize"] = _arrow(width)
    if note is not None and note.kind == "unobserved":
        attrs.update(style="dotted", color=palette.UNOBSERVED, fontcolor=palette.MUTED)
    if note is not None and note.mark is not None:
        attrs.update(_marked(note.mark, penwidth=_width(max(width, 2.0)), style=""))
    # An edge into or out of a group ends at the group's box, drawn towards its anchor step.
    source, target = (anchors[end][0] if end in anchors else end for end in (edge.source, edge.target))
    box = {end: f"cluster_group_{end}" for end in (edge.source, edge.target) if end in anchors}
    if edge.source == edge.target and edge.source in box:
        # A group's loop (do it all again) runs from its box's side back to its anchor.
        attrs.update(ltail=box[edge.source], headport="n", tailport="s", constraint="false")
        graph.edge(source, target, **attrs)
        return
    backwards = order[target] < order[source]
    if backwards:
        # A loop back (edit the address, keep shopping) is written target ->
        # source and drawn with its arrow reversed: it then ranks like a
        # forward edge, so it cannot scramble the stage order, and dot draws it
        # as its own curve beside a forward edge between the same two steps.
        attrs["dir"] = "back"
        source, target = target, source
        ends = (edge.target, edge.source)
    else:
        ends = (edge.source, edge.target)
    if ends[0] in box:
        attrs["ltail"] = box[ends[0]]
    if ends[1] in box:
        attrs["lhead"] = box[ends[1]]
    graph.edge(source, target, **attrs)
    # Every step of a group ranks after what leads into it and before what follows it, as its anchor does.
    for name in anchors.get(ends[0], [source]):
        for other in anchors.get(ends[1], [target]):
            if (name, other) != (source, target):
                graph.edge(name, other, style="invis", **({"constraint": "false"} if "constraint" in attrs else {}))


def _add_extras(graph: graphviz.Digraph, notes: GraphAnnotations) -> None:
    for node in notes.extra_nodes:
        graph.node(
            f"extra.{node.id}",
            label="<" + _font(_lines(node.label, STEP_WRAP, 3), color=palette.UNEXPECTED) + ">",
            style="rounded,dashed",
            color=palette.UNEXPECTED,
        )
    extra_ids = {node.id for node in notes.extra_nodes}
    for edge in notes.extra_edges:
        source = f"extra.{edge.source}" if edge.source in extra_ids else edge.source
        target = f"extra.{edge.target}" if edge.target in extra_ids else edge.target
        attrs = {
            "style": "dashed",
            "color": palette.UNEXPECTED,
            "fontcolor": palette.UNEXPECTED,
            "penwidth": _width(edge.width if edge.width is not None else 1.2),
        }
        if edge.width is not None and edge.width > 3:
            attrs["arrowsize"] = _arrow(edge.width)
        if target == edge.target:
            # Between steps the design's layout wins; an edge into an extra
            # node (an exit, say) may place that node after its source.
            attrs["constraint"] = "false"
        if edge.label:
            # Placed after the layout, clear of nodes and other labels: dot's own edge labels
            # are kept apart only on edges that rank their ends, and these (constraint=false)
            # do not, so two between the same pair of steps printed on top of each other.
            key = "xlabel" if attrs.get("constraint") == "false" else "label"
            attrs[key] = _edge_label(_lines(edge.label, EDGE_WRAP, 2))
        graph.edge(source, target, **attrs)
