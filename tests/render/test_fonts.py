"""Labels in Chinese, Japanese, Korean, Hebrew and Arabic fit their boxes in the pictures.

Graphviz sizes each box from its own text layout (pango, with the fonts fontconfig
finds); the canvas from journeyspec's estimates (journeyspec/render/text.py). The
independent measure is the browser's: Chromium lays out every <text> of the SVG with
real font metrics, shaping and fallback (HarfBuzz, fontconfig), and each text's box
must sit inside the filled shape it is drawn on. A CJK font must be installed for
any of this to mean something: without one every CJK character is an empty box.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

import journeyspec
from journeyspec.render import RenderError, render
from tests.site.browser import browser

pytestmark = [pytest.mark.graphviz]

# In its own folder: not one of the fixture maps every rendering test (and golden) runs over.
SCRIPTS = Path(__file__).parent / "fixtures" / "scripts" / "scripts.journey"
MAPS = Path(__file__).resolve().parents[2] / "maps"
# One character each of Chinese, Japanese kana and Korean Hangul: 中 あ 가.
CJK_CHARSET = "4e2d 3042 ac00"
# Labels of tests/render/fixtures/scripts.journey, one per script, that must be measured on their own box.
LABELS = {
    "Chinese": "查看商品详情页面",
    "Japanese": "キーワードで検索する",
    "Korean": "결제 정보 입력",
    "Hebrew": "סקירת עגלת הקניות",
    "Arabic": "مقارنة الأسعار والعروض",
}

# For every non-empty <text>: its box as laid out by the browser, and the smallest filled
# shape (polygon, rect, path, ellipse) under its centre, which is the box it is drawn in.
# Boxes are in the picture's own units with every group's transform applied: a canvas row
# below the first is moved down by its group's translate, which getBBox alone leaves out.
FIT = """() => {
  const svg = document.querySelector("svg");
  const filled = (s) => { const f = s.getAttribute("fill") ?? getComputedStyle(s).fill;
                          return f && f !== "none" && f !== "transparent"; };
  const toRoot = svg.getScreenCTM().inverse();
  const drawn = (e) => {
    const b = e.getBBox(), m = toRoot.multiply(e.getScreenCTM());
    const a = new DOMPoint(b.x, b.y).matrixTransform(m), c = new DOMPoint(b.x + b.width, b.y + b.height).matrixTransform(m);
    return {x: Math.min(a.x, c.x), y: Math.min(a.y, c.y), width: Math.abs(c.x - a.x), height: Math.abs(c.y - a.y)};
  };
  const shapes = [...svg.querySelectorAll("polygon, rect, path, ellipse")].filter(filled).map(drawn);
  const whole = svg.getBBox();
  return [...svg.querySelectorAll("text")].filter((t) => t.textContent.trim()).map((t) => {
    const b = drawn(t), cx = b.x + b.width / 2, cy = b.y + b.height / 2;
    const under = shapes.filter((r) => cx >= r.x && cx <= r.x + r.width && cy >= r.y && cy <= r.y + r.height);
    const box = under.reduce((a, r) => (!a || r.width * r.height < a.width * a.height ? r : a), null);
    return {text: t.textContent, left: b.x, right: b.x + b.width, size: parseFloat(getComputedStyle(t).fontSize),
            box: box && {left: box.x, right: box.x + box.width, share: box.width * box.height / (whole.width * whole.height)}};
  });
}"""


def _overflows(measured: list[dict]) -> list[tuple[str, float]]:
    """Texts that run past the left or right side of their box by more than half a pixel."""
    out = []
    for text in measured:
        box = text["box"]
        if box is not None:
            over = max(box["left"] - text["left"], text["right"] - box["right"])
            if over > 0.5:
                out.append((text["text"], round(over, 1)))
    return out


def test_a_cjk_font_is_installed():
    found = subprocess.run(["fc-list", f":charset={CJK_CHARSET}", "family"], capture_output=True, text=True, check=True)
    assert found.stdout.strip(), (
        "no font covers Chinese, Japanese and Korean, so their labels are drawn as empty boxes; "
        "`make test` installs one (apt-get install fonts-wqy-microhei)"
    )


@pytest.fixture(scope="module")
def page():
    with browser() as chromium:
        yield chromium.new_page()


def _measure(page, svg: str) -> list[dict]:
    page.set_content(svg)
    return page.evaluate(FIT)


@pytest.mark.browser
@pytest.mark.parametrize("form", ["graph", "canvas"])
def test_cjk_and_rtl_labels_fit_their_boxes(page, form: str):
    journey = journeyspec.load(SCRIPTS)[0]
    measured = _measure(page, render(journey, as_=form, format="svg"))
    assert _overflows(measured) == []
    for script, label in LABELS.items():
        # The label (on one line or wrapped onto several) is measured on its own step box, a small
        # share of the picture, not on the background.
        lines = [t for t in measured if t["text"].strip() in label and len(t["text"].strip()) > 1]
        assert "".join(t["text"] for t in lines).replace(" ", "") == label.replace(" ", ""), (script, lines)
        for line in lines:
            assert line["box"] is not None and line["box"]["share"] < 0.05, (script, line)
            assert line["right"] - line["left"] > 20, (script, line)
            if script in ("Chinese", "Japanese"):
                # Real CJK glyphs are one em wide each; a missing font's empty boxes are not.
                per_char = (line["right"] - line["left"]) / len(line["text"].strip()) / line["size"]
                assert 0.9 < per_char < 1.1, (script, line, per_char)


@pytest.mark.browser
def test_the_example_maps_labels_fit_their_boxes(page):
    for path in sorted(MAPS.glob("*.journey")):
        for journey in journeyspec.load(path):
            for form in ("graph", "canvas"):
                assert _overflows(_measure(page, render(journey, as_=form, format="svg"))) == [], (path.name, form)


@pytest.mark.browser
def test_a_label_drawn_larger_than_measured_is_caught(page):
    # The same picture with the Chinese step's text 40% larger than Graphviz measured it: it must overflow.
    journey = journeyspec.load(SCRIPTS)[0]
    svg = render(journey, as_="graph", format="svg")
    label = LABELS["Chinese"]
    bigger = re.sub(r'font-size="([\d.]+)"([^>]*>)' + re.escape(label),
                    lambda m: f'font-size="{float(m.group(1)) * 1.4:.2f}"{m.group(2)}{label}', svg)
    assert bigger != svg
    assert [text for text, _ in _overflows(_measure(page, bigger))] == [label]


def _tiny(title: str):
    text = f'journey t "{title}" {{\n  stage s "Stage" {{\n    step a "A" {{ when event == "a" }}\n  }}\n  start a\n  success a\n}}\n'
    return journeyspec.parse(text).journeys[0]


@pytest.mark.parametrize("title", ["סקירת עגלת הקניות", "مقارنة الأسعار", "查看商品", "キーワード", "결제 정보", "Done 🎉"])
@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_the_canvas_as_png_or_pdf_refuses_text_it_would_draw_wrong(title: str, fmt: str):
    # CairoSVG would draw these reversed or as empty boxes, with no warning: refused, with the ways out.
    with pytest.raises(RenderError) as caught:
        render(_tiny(title), as_="canvas", format=fmt)
    message = str(caught.value)
    assert f"“{title}”" in message and "--format svg" in message and "--as graph" in message


@pytest.mark.parametrize("title", ["Café, crème brûlée — naïve “quotes” 41.3% ±2 €", "Ελληνικά и кириллица"])
def test_the_canvas_as_png_draws_latin_greek_and_cyrillic(title: str):
    assert render(_tiny(title), as_="canvas", format="png").startswith(b"\x89PNG")


def test_the_graph_as_png_draws_cjk_and_rtl():
    # Graphviz lays out and draws text with pango: fallback fonts, right-to-left order, joined Arabic.
    assert render(journeyspec.load(SCRIPTS)[0], as_="graph", format="png").startswith(b"\x89PNG")
