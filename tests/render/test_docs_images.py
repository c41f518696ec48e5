"""The rendered examples under docs/images are what the code draws today (`make images` refreshes them)."""

from __future__ import annotations

import pytest

import journeyspec
from journeyspec.render import render
from tests.render.helpers import ROOT

CHECKOUT = ROOT / "maps" / "checkout.journey"


@pytest.mark.parametrize(
    ("name", "form", "mermaid_journey"),
    [("checkout.mmd", "mermaid", False), ("checkout-journey.mmd", "mermaid", True), ("checkout-canvas.svg", "canvas", False)],
)
def test_docs_image_is_current(name: str, form: str, mermaid_journey: bool):
    journey = journeyspec.load(CHECKOUT)[0]
    expected = render(journey, form, mermaid_journey=mermaid_journey)  # type: ignore[arg-type]
    committed = (ROOT / "docs" / "images" / name).read_text(encoding="utf-8")
    assert committed == expected, f"docs/images/{name} is stale; run `make images`"


def test_docs_graph_exists():
    # The graph's SVG depends on the installed Graphviz version, so only its presence is checked.
    svg = (ROOT / "docs" / "images" / "checkout-graph.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "Web shop checkout" in svg
