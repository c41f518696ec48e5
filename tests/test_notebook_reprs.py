"""What a notebook shows: every object's MIME bundle, ``include``/``exclude`` honoured, map text inert.

Jupyter calls ``_repr_mimebundle_(include=None, exclude=None)`` and draws
the richest type it can; VS Code draws only the SVG, so it is always there.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

import journeyspec
from journeyspec.render import notebook
from tests.check.helpers import MAP, write_events

HOSTILE = MAP.replace('journey shop "Shop"', 'journey shop "Shop <script>alert(1)</script>"').replace(
    'step cart "Cart"', 'step cart "Cart <img src=x onerror=alert(1)>"')
SVG, MERMAID, HTML, MARKDOWN, PLAIN = "image/svg+xml", "text/vnd.mermaid", "text/html", "text/markdown", "text/plain"


@pytest.fixture(scope="module")
def journey():
    return journeyspec.parse(HOSTILE, "shop.journey").journeys[0]


@pytest.fixture(scope="module")
def result(journey, tmp_path_factory):
    from journeyspec.engine import SourceConfig

    events = write_events(tmp_path_factory.mktemp("repr-events"))
    return journeyspec.check(journey, events, config=SourceConfig(time_format="epoch_s"))


def _svg_ok(text: str) -> None:
    root = ET.fromstring(text.encode("utf-8"))  # well-formed XML, so the labels were escaped
    assert root.tag.endswith("svg")
    assert not any(element.tag.endswith("script") for element in root.iter())


def test_a_journey_shows_as_svg_mermaid_markdown_and_text(journey):
    bundle = journey._repr_mimebundle_()
    assert sorted(bundle) == [SVG, MARKDOWN, PLAIN, MERMAID]
    _svg_ok(bundle[SVG])
    assert bundle[MERMAID].startswith("flowchart") and "```mermaid" in bundle[MARKDOWN]
    assert bundle[PLAIN] == 'journey shop "Shop <script>alert(1)</script>": 2 stages, 4 steps, 13 expectations'
    assert "<script>" not in bundle[MARKDOWN] and "<script>" not in bundle[MERMAID]


def test_include_and_exclude_are_honoured_and_what_is_left_out_is_never_made(journey, monkeypatch):
    def never(_journey):
        raise AssertionError("the SVG was made though it was excluded")

    monkeypatch.setattr(notebook, "journey_svg", never)
    assert sorted(journey._repr_mimebundle_(exclude=[SVG])) == [MARKDOWN, PLAIN, MERMAID]
    assert sorted(journey._repr_mimebundle_(include=[PLAIN, MERMAID])) == [PLAIN, MERMAID]
    assert journey._repr_mimebundle_(include=[PLAIN], exclude=[PLAIN]) == {}


def test_a_check_result_shows_a_board_an_html_table_markdown_and_text(result):
    for shown in (result, result.journeys[0]):
        bundle = shown._repr_mimebundle_()
        assert sorted(bundle) == [SVG, HTML, MARKDOWN, PLAIN]
        _svg_ok(bundle[SVG])
        html = bundle[HTML]
        assert html.startswith("<table>") and "<script" not in html.lower() and "<img" not in html
        assert html.count("<tr>") == 1 + 13  # the header and one row per expectation
        # 3 of 6 paths convert within 5m: 50.0%, Wilson's 95% interval 18.8-81.2%.
        assert "conversion home -&#62; pay &#62;&#61; 30% within 5m</td><td>50.0%</td><td>18.8–81.2%" in html
        assert bundle[MARKDOWN].count("\n| shop |") == 13
        assert "13 expectations:" in bundle[PLAIN] and "✓ shop:" in bundle[PLAIN]
    assert sorted(result._repr_mimebundle_(include=[HTML, SVG], exclude=[SVG])) == [HTML]


def test_a_diff_shows_its_changes(journey):
    changes = journeyspec.diff(HOSTILE, HOSTILE.replace("expect reach cart >= 50%", "expect reach cart >= 40%"))
    assert isinstance(changes, list) and len(changes) == 1
    bundle = changes._repr_mimebundle_()
    assert sorted(bundle) == [SVG, HTML, MARKDOWN, PLAIN]
    _svg_ok(bundle[SVG])
    assert "loosened" in bundle[PLAIN] and "<script" not in bundle[HTML]
    assert list(changes._repr_mimebundle_(include=[PLAIN])) == [PLAIN]


def test_a_rendered_picture_is_a_str_that_draws_itself(journey):
    canvas = journeyspec.render(journey, as_="canvas")
    assert isinstance(canvas, str) and canvas._repr_mimebundle_(include=[SVG])[SVG] == str(canvas)
    mermaid = journeyspec.render(journey, as_="mermaid")
    bundle = mermaid._repr_mimebundle_(exclude=[SVG])
    assert sorted(bundle) == [MARKDOWN, PLAIN, MERMAID] and bundle[MERMAID] == str(mermaid)
    _svg_ok(mermaid._repr_mimebundle_(include=[SVG])[SVG])  # the same journey, drawn
    assert sorted(journeyspec.render(journey, as_="dot")._repr_mimebundle_(exclude=[SVG])) == [MARKDOWN, PLAIN]
