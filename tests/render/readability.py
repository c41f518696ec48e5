"""The readability check: read an SVG picture back and say where its text cannot be read.

It works on the SVG alone, as a browser would draw it: every ``<text>`` gets a box from its
position, its anchor, its font size and its ink measured with the real font the picture names
(found with ``fc-match``, measured with Pillow: advance width, and the glyphs' height above and
depth below the baseline), and

- no two text boxes may overlap (more than half a unit each way: glyphs set side by side by
  Graphviz touch),
- a text inside a box (a Graphviz node or cluster outline, a canvas group's first ``<rect>``)
  must stay inside it,
- the picture's width may be at most ``bound`` times its height,
- and, when asked, the smallest text must stay ``min_px`` pixels tall (its font size) when the
  picture is shown ``page`` pixels wide.

Graphviz's edge labels have no box of their own; for them the check asks instead that each sits
next to its own edge (within ``near`` units of the drawn line). And an arrowhead must end at its
node's border: its tip, with the half of its outline drawn beyond the tip, may reach at most
``arrow_depth`` units inside a node's outer box (a rounded corner lies that far inside the box).
"""

from __future__ import annotations

import functools
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from PIL import ImageFont

SVG = "{http://www.w3.org/2000/svg}"
SLACK = 0.5


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlap(self, other: Box) -> bool:
        return (min(self.right, other.right) - max(self.left, other.left) > SLACK
                and min(self.bottom, other.bottom) - max(self.top, other.top) > SLACK)

    def holds(self, other: Box) -> bool:
        return (other.left >= self.left - SLACK and other.right <= self.right + SLACK
                and other.top >= self.top - SLACK and other.bottom <= self.bottom + SLACK)


@dataclass(frozen=True)
class Frame:
    """A canvas group's box: its texts stay inside it wherever they are drawn."""

    box: Box


@dataclass(frozen=True)
class Text:
    text: str
    size: float  # font size in the picture's own units
    box: Box
    frame: Box | None  # the box it must stay inside
    edge: tuple[tuple[float, float], ...] | None  # the drawn line of the edge it labels


@dataclass(frozen=True)
class Arrow:
    tip: tuple[float, float]
    stroke: float  # the arrowhead's outline width: half of it lies beyond the tip


@dataclass(frozen=True)
class Picture:
    width: float  # viewBox units
    height: float
    texts: tuple[Text, ...]
    arrows: tuple[Arrow, ...] = ()
    nodes: tuple[Box, ...] = ()  # Graphviz nodes' outer boxes


@functools.cache
def _font_file(family: str, bold: bool) -> str:
    pattern = family.split(",")[0].strip() + (":bold" if bold else "")
    return subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=True).stdout


@functools.cache
def _font(family: str, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(_font_file(family, bold), 100)


def text_extent(text: str, size: float, family: str, bold: bool) -> tuple[float, float, float]:
    """Advance width, ink height above and ink depth below the baseline of ``text`` at ``size``,
    in the font ``family`` names (its first face fontconfig finds)."""
    font = _font(family, bold)
    _, top, _, bottom = font.getbbox(text, anchor="ls") if text.strip() else (0, 0, 0, 0)
    return font.getlength(text) * size / 100, -top * size / 100, bottom * size / 100


_NUMBER = re.compile(r"-?\d*\.?\d+(?:e-?\d+)?")


def _numbers(text: str) -> list[float]:
    return [float(n) for n in _NUMBER.findall(text)]


def _transform(value: str | None, matrix: tuple[float, float, float]) -> tuple[float, float, float]:
    """(scale, dx, dy) after ``value``; Graphviz and the canvas only translate and scale uniformly."""
    scale, dx, dy = matrix
    for name, args in re.findall(r"(\w+)\(([^)]*)\)", value or ""):
        numbers = _numbers(args)
        if name == "translate":
            tx, ty = numbers[0], numbers[1] if len(numbers) > 1 else 0.0
            dx, dy = dx + scale * tx, dy + scale * ty
        elif name == "scale":
            scale *= numbers[0]
        elif name == "rotate" and numbers and numbers[0] != 0:
            raise ValueError(f"rotated drawing not supported: {value}")
    return scale, dx, dy


def _points(element: ET.Element, matrix: tuple[float, float, float]) -> list[tuple[float, float]]:
    scale, dx, dy = matrix
    tag = element.tag.removeprefix(SVG)
    if tag == "rect":
        x, y = float(element.get("x", 0)), float(element.get("y", 0))
        w, h = float(element.get("width", 0)), float(element.get("height", 0))
        raw = [(x, y), (x + w, y + h)]
    elif tag == "polygon" or tag == "polyline":
        numbers = _numbers(element.get("points", ""))
        raw = list(zip(numbers[0::2], numbers[1::2]))
    elif tag == "path":
        numbers = _numbers(element.get("d", ""))
        raw = list(zip(numbers[0::2], numbers[1::2]))
    elif tag == "ellipse":
        cx, cy, rx, ry = (float(element.get(k, 0)) for k in ("cx", "cy", "rx", "ry"))
        raw = [(cx - rx, cy - ry), (cx + rx, cy + ry)]
    else:
        return []
    return [(dx + scale * x, dy + scale * y) for x, y in raw]


def _curve(controls: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points along a Graphviz edge's path (``M`` then cubic Beziers through every third point)."""
    points = []
    for i in range(0, len(controls) - 3, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = controls[i:i + 4]
        for step in range(11):
            t = step / 10
            u = 1 - t
            points.append((u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
                           u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3))
    return points or controls


def _bounds(points: list[tuple[float, float]]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Box(min(xs), min(ys), max(xs), max(ys))


def _frame(group: ET.Element, matrix, graphviz: bool) -> tuple[list[Box] | None, tuple | None]:
    """The boxes a group's texts must stay inside, and an edge's drawn line.

    A canvas group's text stays inside the group's first ``<rect>``. A Graphviz node or cluster holds
    its outline and its table cells (an emotion badge, a friction pill); each text must stay inside
    the smallest of them around its anchor point.
    """
    shapes = [child for child in group if child.tag.removeprefix(SVG) in ("rect", "polygon", "path", "ellipse")]
    if graphviz:
        kind = group.get("class", "")
        if kind == "edge":
            line = [p for child in shapes if child.tag.removeprefix(SVG) == "path" for p in _curve(_points(child, matrix))]
            return None, tuple(line)
        if kind in ("node", "cluster"):
            return [_bounds(_points(shape, matrix)) for shape in shapes], None
        return None, None
    rects = [child for child in shapes if child.tag.removeprefix(SVG) == "rect"]
    return ([Frame(_bounds(_points(rects[0], matrix)))] if rects else None), None


def read_svg(svg: str) -> Picture:
    """Every text of an SVG picture with its measured box, and the picture's size."""
    root = ET.fromstring(svg.encode("utf-8"))
    graphviz = "graphviz" in svg[:400].lower() or root.find(f"{SVG}g[@class='graph']") is not None
    box = _numbers(root.get("viewBox", ""))
    width, height = (box[2], box[3]) if len(box) == 4 else (float(root.get("width")), float(root.get("height")))
    texts: list[Text] = []
    arrows: list[Arrow] = []
    nodes: list[Box] = []

    def walk(element: ET.Element, matrix, style: dict, frame, edge) -> None:
        matrix = _transform(element.get("transform"), matrix)
        style = {**style, **{k: element.get(k) for k in ("font-family", "font-size", "font-weight", "text-anchor")
                             if element.get(k) is not None}}
        if element.tag == f"{SVG}g" and graphviz:
            _arrows_and_nodes(element, matrix, arrows, nodes)
        if element.tag == f"{SVG}g":
            own_frame, own_edge = _frame(element, matrix, graphviz)
            frame = own_frame or frame
            edge = own_edge if own_edge is not None else edge
        if element.tag == f"{SVG}text":
            texts.append(_measure(element, matrix, style, frame, edge))
            return
        for child in element:
            walk(child, matrix, style, frame, edge)

    walk(root, (1.0, 0.0, 0.0), {"font-family": "sans-serif", "font-size": "16", "text-anchor": "start"}, None, None)
    return Picture(width, height, tuple(texts), tuple(arrows), tuple(nodes))


def _arrows_and_nodes(group: ET.Element, matrix, arrows: list[Arrow], nodes: list[Box]) -> None:
    """A Graphviz edge's arrowheads (their tips), or a node's outer box."""
    kind = group.get("class", "")
    shapes = [child for child in group if child.tag.removeprefix(SVG) in ("polygon", "path", "ellipse")]
    if kind == "node" and shapes:
        nodes.append(_bounds([p for shape in shapes for p in _points(shape, matrix)]))
    if kind != "edge":
        return
    line = [p for path in group.findall(f"{SVG}path") for p in _points(path, matrix)]
    if not line:
        return
    for shape in group.findall(f"{SVG}polygon"):
        corners = list(dict.fromkeys(_points(shape, matrix)))
        if len(corners) < 3:
            continue
        # The line ends at the arrowhead's base; its tip is the corner farthest from there.
        cx, cy = sum(c[0] for c in corners) / len(corners), sum(c[1] for c in corners) / len(corners)
        base = min((line[0], line[-1]), key=lambda p: (p[0] - cx) ** 2 + (p[1] - cy) ** 2)
        tip = max(corners, key=lambda c: (c[0] - base[0]) ** 2 + (c[1] - base[1]) ** 2)
        arrows.append(Arrow(tip, float(shape.get("stroke-width", 1)) * matrix[0]))


def _measure(element: ET.Element, matrix, style: dict, frame, edge) -> Text:
    scale, dx, dy = matrix
    content = "".join(element.itertext())
    size = float(style["font-size"].removesuffix("px"))
    bold = style.get("font-weight") in ("bold", "700")
    family = element.get("font-family") or style["font-family"]
    width, ascent, descent = text_extent(content.strip() or content, size, family, bold)
    x, y = float(element.get("x", 0)), float(element.get("y", 0))
    if frame and isinstance(frame[0], Frame):
        frame = frame[0].box
    else:
        anchor_point = (dx + scale * x, dy + scale * (y - size / 3))
        around = [b for b in frame or () if b.left <= anchor_point[0] <= b.right and b.top <= anchor_point[1] <= b.bottom]
        frame = min(around, key=lambda b: (b.right - b.left) * (b.bottom - b.top)) if around else None
    anchor = style.get("text-anchor", "start")
    left = x - {"start": 0.0, "middle": width / 2, "end": width}[anchor]
    box = Box(dx + scale * left, dy + scale * (y - ascent), dx + scale * (left + width), dy + scale * (y + descent))
    return Text(content, size * scale, box, frame, edge)


def problems(picture: Picture, *, bound: float = 2.5, page: float | None = None, min_px: float = 8.0,
             near: float = 30.0, arrow_depth: float = 4.0) -> list[str]:
    """Everything that makes ``picture`` hard to read, in words; empty when it reads well."""
    found = []
    if picture.width > bound * picture.height:
        found.append(f"aspect ratio {picture.width / picture.height:.2f} is wider than {bound}:1 "
                     f"({picture.width:.0f} x {picture.height:.0f})")
    texts = [t for t in picture.texts if t.text.strip()]
    ordered = sorted(texts, key=lambda t: t.box.left)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.box.left >= a.box.right:
                break
            if a.box.overlap(b.box):
                found.append(f"text {a.text!r} overlaps {b.text!r} at x={a.box.left:.0f}, y={a.box.top:.0f}")
    labels: dict[int, list[Text]] = {}
    for text in texts:
        if text.frame is not None and not text.frame.holds(text.box):
            found.append(f"text {text.text!r} runs outside its box ({_show(text.box)} not inside {_show(text.frame)})")
        if text.edge:
            labels.setdefault(id(text.edge), []).append(text)
    for label in labels.values():
        # A label of several lines is one block: its nearest edge is what counts.
        block = Box(min(t.box.left for t in label), min(t.box.top for t in label),
                    max(t.box.right for t in label), max(t.box.bottom for t in label))
        distance = min(_distance(block, point) for point in label[0].edge)
        if distance > near:
            found.append(f"edge label {' / '.join(t.text for t in label)!r} sits {distance:.0f} units from its edge")
    for arrow in picture.arrows:
        x, y = arrow.tip
        for node in picture.nodes:
            if node.left < x < node.right and node.top < y < node.bottom:
                depth = min(x - node.left, node.right - x, y - node.top, node.bottom - y) + arrow.stroke / 2
            else:
                depth = arrow.stroke / 2 - _distance(node, arrow.tip)
            if depth > arrow_depth:
                found.append(f"arrowhead at x={x:.0f}, y={y:.0f} runs {depth:.1f} units into a node's frame")
    if page is not None and texts:
        smallest = min(texts, key=lambda t: t.size)
        shown = smallest.size * page / picture.width
        if shown < min_px:
            found.append(f"text {smallest.text!r} is {shown:.1f} px tall at {page:.0f} px wide (needs {min_px})")
    return found


def smallest_text_px(picture: Picture, page: float = 1200.0) -> float:
    """The smallest font size, in pixels, when ``picture`` is shown ``page`` pixels wide."""
    return min(t.size for t in picture.texts if t.text.strip()) * page / picture.width


def _distance(box: Box, point: tuple[float, float]) -> float:
    x, y = point
    dx = max(box.left - x, 0.0, x - box.right)
    dy = max(box.top - y, 0.0, y - box.bottom)
    return (dx * dx + dy * dy) ** 0.5


def _show(box: Box) -> str:
    return f"[{box.left:.0f},{box.top:.0f} - {box.right:.0f},{box.bottom:.0f}]"
