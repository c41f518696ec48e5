"""The built sites in a real browser: pictures displayed, both palettes, and a hostile map that runs nothing.

Screenshots go to tests/.artifacts/site/ (git-ignored) for people to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import journeyspec
from journeyspec.site import SCRIPTS, build_site
from tests.site.browser import IMAGE_STATE, browser, serve
from tests.site.helpers import CHECKOUT, HOSTILE, ROOT, fake_checkout_results, fake_overlay, mkdocs_build, write_project

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.graphviz]

ARTIFACTS = ROOT / "tests" / ".artifacts" / "site"
SCHEMES = {"light": "default", "dark": "slate"}


@pytest.fixture(scope="module")
def checked_site(tmp_path_factory) -> Path:
    """The checkout journey with a hand-made check result and overlay, built with the project's theme settings."""
    project = tmp_path_factory.mktemp("checked-project")
    overlay = fake_overlay(journeyspec.load(CHECKOUT)[0], project / "overlay.svg")
    build_site(CHECKOUT, project / "docs", results={"checkout": fake_checkout_results(overlay)})
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    head = config.split("\nhooks:")[0].replace(
        "extra_css:\n  - stylesheets/extra.css",
        "extra_css:\n  - journeyspec.css\nextra_javascript:\n" + "".join(f"  - {script}\n" for script in SCRIPTS),
    )
    (project / "mkdocs.yml").write_text(head.replace("exclude_docs: |\n  hooks/\n", "") + "\n", encoding="utf-8")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


def _screenshot(page, name: str) -> None:
    """A full-page picture taken from the top, so the sticky header sits where a reader sees it."""
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(150)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _open(context, url: str):
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, dialogs, errors


def _assert_displayed(page, selector: str) -> None:
    images = page.locator(selector)
    assert images.count() >= 1, f"no {selector} on {page.url}"
    for index in range(images.count()):
        images.nth(index).scroll_into_view_if_needed()
        state = images.nth(index).evaluate(IMAGE_STATE)
        assert state["complete"] and state["natural"] > 0, (selector, state)
        assert state["width"] > 100 and state["height"] > 50 and state["visible"], (selector, state)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_index_and_journey_page_display_their_pictures(project_site: Path, scheme: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve(project_site) as base, browser() as chromium:
        context = chromium.new_context(viewport={"width": 1440, "height": 900}, color_scheme=scheme)
        page, dialogs, errors = _open(context, f"{base}/examples/")
        assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
        cards = page.locator(".js-card")
        assert cards.count() == 4 and "Web shop checkout" in cards.first.inner_text()
        # mkdocs.yml checks every example journey on its example data: a status, never "not checked".
        assert page.locator(".js-card .js-badge").count() == 4
        assert page.locator(".js-badge--none").count() == 0
        _screenshot(page, f"index-{scheme}.png")
        cards.first.locator("a").first.click()
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("/examples/checkout/")
        assert page.locator("h1").inner_text().rstrip("¶") == "Web shop checkout"
        _assert_displayed(page, 'img[src$="checkout-canvas.svg"]')
        _assert_displayed(page, 'img[src$="checkout-graph.svg"]')
        _assert_displayed(page, 'img[src$="checkout-overlay.svg"]')
        assert "Checked against examples/data/checkout.parquet" in page.locator(".md-content").inner_text()
        assert page.locator("td .js-badge--pass").count() >= 1
        _screenshot(page, f"journey-{scheme}.png")
        # A step id leads to its line in the map's source.
        page.locator('a[href*="sources/checkout.journey/#L16"]').first.click()
        page.wait_for_load_state("networkidle")
        assert page.locator("#L16").inner_text().startswith("16")
        assert "step product" in page.locator("#L16").inner_text()
        assert dialogs == [] and errors == []
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_checked_page_displays_results_and_overlay(checked_site: Path, scheme: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve(checked_site) as base, browser() as chromium:
        context = chromium.new_context(viewport={"width": 1440, "height": 900}, color_scheme=scheme)
        page, dialogs, errors = _open(context, f"{base}/")
        assert "✗ fail" in page.locator(".js-card .js-badge").inner_text()
        _screenshot(page, f"checked-index-{scheme}.png")
        page, dialogs, errors = _open(context, f"{base}/checkout/")
        for selector in ('img[src$="checkout-canvas.svg"]', 'img[src$="checkout-graph.svg"]',
                         'img[src$="checkout-overlay.svg"]'):
            _assert_displayed(page, selector)
        assert page.locator(".js-badge--fail").count() == 3  # the journey's status and two expectations
        assert "Fix first" in [text.rstrip("¶") for text in page.locator("h3").all_inner_texts()]
        _screenshot(page, f"checked-journey-{scheme}.png")
        assert dialogs == [] and errors == []
        context.close()


def test_hostile_map_shows_its_text_and_runs_nothing(tmp_path: Path):
    project = write_project(tmp_path / "p", [HOSTILE])
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    with serve(tmp_path / "site") as base, browser() as chromium:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        for path in ("journeys/", "journeys/hostile/", "journeys/sources/hostile.journey/"):
            page, dialogs, errors = _open(context, f"{base}/{path}")
            # Hover what a reader would: an `onmouseover` smuggled into the content would fire now.
            for element in page.locator(".md-content a:visible, .md-content img:visible, .md-content td").all()[:80]:
                element.hover(timeout=2000)
            assert dialogs == [], (path, dialogs)
            assert not any("alert" in error for error in errors), errors
            assert page.locator("iframe").count() == 0
            assert page.locator('img[src="x"]').count() == 0
        page, dialogs, errors = _open(context, f"{base}/journeys/hostile/")
        assert page.locator("h1").inner_text().rstrip("¶") == "<script>alert(1)</script> | `tick` {{ config }}"
        assert "<img src=x onerror=alert(1)>" in page.locator(".js-lede").inner_text()
        assert "‹script›" in page.title()
        _assert_displayed(page, 'img[src$="hostile-canvas.svg"]')
        _screenshot(page, "hostile.png")
        context.close()


def test_the_real_news_journey_shows_its_live_results(project_site: Path):
    # The order-only example (real msnbc.com page views): its overlay is displayed and the page says what it read.
    with serve(project_site) as base, browser() as chromium:
        page, dialogs, errors = _open(chromium.new_context(viewport={"width": 1440, "height": 900}),
                                      f"{base}/examples/news_reading/")
        assert page.locator("h1").inner_text().rstrip("¶") == "Reading the news on msnbc.com"
        _assert_displayed(page, 'img[src$="news_reading-overlay.svg"]')
        assert "Checked against examples/data/msnbc_news.parquet" in page.locator(".md-content").inner_text()
        _screenshot(page, "journey-news.png")
        assert not dialogs and not errors


# The picture's CSS transform as scale and shift (Panzoom writes `scale(s) translate(x, y)`).
TRANSFORM = """(img) => {
  const m = new DOMMatrix(getComputedStyle(img).transform);
  const box = img.getBoundingClientRect();
  return {scale: m.a, x: m.e, y: m.f, width: box.width, height: box.height, natural: img.naturalWidth,
          complete: img.complete};
}"""


def _settled(image) -> dict:
    """The picture's transform once Panzoom's animation (200 ms) has come to rest."""
    last = image.evaluate(TRANSFORM)
    for _ in range(20):
        image.page.wait_for_timeout(60)
        now = image.evaluate(TRANSFORM)
        if now == last:
            return now
        last = now
    return last


def test_a_picture_opens_full_size_and_zooms_and_pans(checked_site: Path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve(checked_site) as base, browser() as chromium:
        # A tall window: the checkout graph is nearly square (its three stages in rows), and fitted
        # to an 800-pixel-high window it would show smaller than in the page's column.
        context = chromium.new_context(viewport={"width": 1280, "height": 1400})
        page, dialogs, errors = _open(context, f"{base}/checkout/")
        # Every picture on the page is wired to the full-size view.
        links = page.locator(".js-picture a")
        assert links.count() == 3
        assert all(links.nth(i).get_attribute("data-js-zoom") == "1" for i in range(3))
        picture = page.locator('.js-picture img[src$="checkout-overlay.svg"]')
        picture.scroll_into_view_if_needed()
        inline = picture.evaluate(IMAGE_STATE)
        picture.click()
        view = page.locator("dialog.js-zoom")
        view.wait_for(state="visible")
        full = page.locator(".js-zoom__img")
        page.wait_for_function("document.querySelector('.js-zoom__img').style.transform.includes('scale')")
        # The view covers the window and shows the same picture, fitted to it but never past its drawn
        # size: larger than in the column.
        assert view.bounding_box() == {"x": 0, "y": 0, "width": 1280, "height": 1400}
        assert full.get_attribute("src").endswith("checkout-overlay.svg")
        start = _settled(full)
        assert start["complete"] and start["natural"] == inline["natural"]
        stage = page.locator(".js-zoom__stage").bounding_box()
        assert start["width"] > inline["width"] * 1.05, (start, inline)
        assert start["width"] <= stage["width"] + 1 and start["height"] <= stage["height"] + 1
        fitted = max(start["width"] / (stage["width"] - 32), start["height"] / (stage["height"] - 32)) > 0.99
        assert fitted or (start["scale"] == 1 and start["width"] == start["natural"]), (start, stage)
        page.screenshot(path=str(ARTIFACTS / "zoom-fitted.png"))
        # The wheel zooms in where the pointer is.
        page.mouse.move(stage["x"] + stage["width"] / 2, stage["y"] + stage["height"] / 2)
        page.mouse.wheel(0, -500)
        wheeled = _settled(full)
        assert wheeled["scale"] > start["scale"] * 1.1 and wheeled["width"] > start["width"] * 1.1, (start, wheeled)
        # So does the + button; a drag pans.
        page.locator('.js-zoom__button[data-action="in"]').click()
        zoomed = _settled(full)
        assert zoomed["scale"] > wheeled["scale"] * 1.1
        x, y = stage["x"] + stage["width"] / 2, stage["y"] + stage["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - 150, y - 80, steps=5)
        page.mouse.up()
        panned = _settled(full)
        assert panned["x"] != zoomed["x"] and panned["y"] != zoomed["y"] and panned["scale"] == zoomed["scale"]
        page.screenshot(path=str(ARTIFACTS / "zoom-zoomed.png"))
        # 1:1 shows the picture at its drawn size, the 0 key fits it again; Esc closes the view.
        page.locator('.js-zoom__button[data-action="actual"]').click()
        actual = _settled(full)
        assert actual["scale"] == 1 and abs(actual["width"] - actual["natural"]) < 1
        page.keyboard.press("0")
        assert abs(_settled(full)["scale"] - start["scale"]) < 1e-3
        page.keyboard.press("Escape")
        view.wait_for(state="hidden")
        assert not page.evaluate("document.querySelector('dialog.js-zoom').open")
        assert page.url.endswith("/checkout/")
        assert dialogs == [] and errors == []
        context.close()


def test_the_checkout_page_charts_each_expectation_week_by_week(project_site: Path):
    # mkdocs.yml builds with `by_period: week`: the four weeks of the example data, one chart per expectation.
    with serve(project_site) as base, browser() as chromium:
        page, dialogs, errors = _open(chromium.new_context(viewport={"width": 1440, "height": 900}),
                                      f"{base}/examples/checkout/")
        page.locator("h3#over-time").scroll_into_view_if_needed()
        charts = page.evaluate("""Array.from(document.querySelectorAll('.js-trends img')).map(i => ({
            alt: i.alt, loaded: i.complete && i.naturalWidth > 0, width: i.getBoundingClientRect().width}))""")
        assert len(charts) == 11  # 12 expectations; `vs baseline` has nothing to chart
        assert all(c["loaded"] and c["width"] > 300 for c in charts), charts
        assert charts[4]["alt"] == 'dropoff at checkout <= 35% where device == "mobile", per week (line 69)'
        page.screenshot(path=str(ARTIFACTS / "journey-checkout-trends.png"))
        assert not dialogs and not errors
    news = (project_site / "examples" / "news_reading" / "index.html").read_text(encoding="utf-8")
    # No clock, no calendar: no charts, and the page says why (its text escaped as all map and data text is).
    assert 'class="js-trends"' not in news and "JS364&#58; no chart per week" in news
