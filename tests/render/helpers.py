"""What the rendering tests share: the maps they draw, and Graphviz's layout read back.

The layout (``dot -Tjson``) finds edges drawn through a node: stage titles and notes must never have an
edge through them (dot routes around nodes, not around cluster labels).
"""

from __future__ import annotations

from pathlib import Path

from journeyspec.ir.journey import Journey
from journeyspec.lang.frontend import compile_file

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE_MAPS = sorted((ROOT / "maps").glob("*.journey"))
FIXTURE_MAPS = sorted(FIXTURES.glob("*.journey"))
ALL_MAPS = EXAMPLE_MAPS + FIXTURE_MAPS


def golden_stem(path: Path) -> str:
    """``maps/checkout.journey`` -> ``checkout``; fixtures get a ``fixture-`` prefix."""
    return ("fixture-" if path.parent == FIXTURES else "") + path.stem


def load_journeys(path: Path) -> tuple[Journey, ...]:
    """The journeys of a map that may have warnings (fixtures do) but no errors."""
    result = compile_file(path)
    assert result.ok and result.document is not None, [d.message for d in result.errors]
    return result.document.journeys


def laid_out(graph, engine: str = "dot") -> dict:
    """Graphviz's own layout of ``graph`` (``dot -Tjson``): nodes with their boxes, edges with their curves."""
    import json

    return json.loads(graph.pipe(format="json", engine=engine, quiet=True))


def nodes(layout: dict) -> dict[str, dict]:
    """The laid-out nodes by name (clusters left out: they list ``nodes``)."""
    return {node["name"]: node for node in layout["objects"] if "pos" in node and "nodes" not in node}


def box(node: dict) -> tuple[float, float, float, float]:
    """A laid-out node's (left, bottom, right, top) in points."""
    x, y = (float(v) for v in node["pos"].split(","))
    half_w, half_h = float(node["width"]) * 36, float(node["height"]) * 36  # inches -> points, halved
    return x - half_w, y - half_h, x + half_w, y + half_h


def curve_points(edge: dict) -> list[tuple[float, float]]:
    """Points along every cubic Bezier of the edge's drawn line."""
    points = []
    for op in edge.get("_draw_", []):
        if op["op"] not in ("b", "B"):
            continue
        controls = op["points"]
        for i in range(0, len(controls) - 3, 3):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3) = controls[i:i + 4]
            for step in range(21):
                t = step / 20
                u = 1 - t
                points.append((u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
                               u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3))
    return points


def crossings(layout: dict) -> list[str]:
    """Each drawn edge that runs through a node named ``*.title`` or ``*.notes`` (2 points of slack)."""
    laid = nodes(layout)
    names = {node["_gvid"]: name for name, node in laid.items()}
    texts = {name: box(node) for name, node in laid.items() if name.endswith((".title", ".notes"))}
    found = []
    for edge in layout.get("edges", []):
        if edge.get("style") == "invis":
            continue
        for name, (left, bottom, right, top) in texts.items():
            if any(left + 2 < x < right - 2 and bottom + 2 < y < top - 2 for x, y in curve_points(edge)):
                found.append(f"{names[edge['tail']]} -> {names[edge['head']]} through {name}")
    return found
