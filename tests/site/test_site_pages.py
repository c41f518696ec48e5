"""``build_site``: the pages it writes, their links, and the live results it shows."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from journeyspec.diagnostics import JourneyspecError
from journeyspec.site import ExpectationResult, JourneyResults, build_site
from journeyspec.site.live_results import FixFirstItem
from tests.site.helpers import CHECKED_AT, CHECKOUT, ROOT, fake_checkout_results, fake_overlay

pytestmark = pytest.mark.graphviz


def test_examples_write_index_pages_sources_and_pictures(tmp_path: Path):
    written = build_site(ROOT / "maps", tmp_path)
    names = {path.relative_to(tmp_path).as_posix() for path in written}
    assert {"index.md", "journeyspec.css", "journeyspec-zoom.js"} <= names
    # The zoom library travels with its licence, and is the vendored file byte for byte.
    assert {"vendor/panzoom/panzoom.min.js", "vendor/panzoom/LICENSE.txt"} <= names
    assert "Permission is hereby granted" in (tmp_path / "vendor/panzoom/LICENSE.txt").read_text(encoding="utf-8")
    assert (tmp_path / "vendor/panzoom/panzoom.min.js").read_bytes().startswith(b"/**\n* Panzoom 4.6.2 ")
    for journey in ("checkout", "saas_onboarding", "support"):
        assert f"{journey}.md" in names
        assert f"images/{journey}-canvas.svg" in names
        assert f"images/{journey}-graph.svg" in names
        assert f"sources/{journey}.journey.md" in names
    assert written == sorted(written) and all(path.exists() for path in written)


def test_checkout_page_golden(tmp_path: Path, golden):
    build_site(CHECKOUT, tmp_path)
    golden("checkout.md", (tmp_path / "checkout.md").read_text(encoding="utf-8"))
    golden("index.md", (tmp_path / "index.md").read_text(encoding="utf-8"))


def test_checkout_page_with_results_golden(tmp_path: Path, golden):
    overlay = fake_overlay(__import__("journeyspec").load(CHECKOUT)[0], tmp_path / "overlay.svg")
    out = tmp_path / "site"
    build_site(CHECKOUT, out, results={"checkout": fake_checkout_results(overlay)})
    golden("checkout-checked.md", (out / "checkout.md").read_text(encoding="utf-8"))
    golden("index-checked.md", (out / "index.md").read_text(encoding="utf-8"))
    assert (out / "images" / "checkout-overlay.svg").read_bytes() == overlay.read_bytes()


def test_results_show_every_figure(tmp_path: Path):
    overlay = fake_overlay(__import__("journeyspec").load(CHECKOUT)[0], tmp_path / "overlay.svg")
    build_site(CHECKOUT, tmp_path / "site", results={"checkout": fake_checkout_results(overlay)})
    page = (tmp_path / "site" / "checkout.md").read_text(encoding="utf-8")
    for expected in (
        'js-badge--fail">✗ fail',  # the overall status, and conformance below 90%
        'js-badge--inconclusive">? inconclusive',
        'js-badge--skipped">– skipped',
        "83.1%",  # conformance, one decimal
        "82.5%\u00a0–\u00a083.8%",  # its Wilson interval, kept on one line
        "12,408",  # a population
        "25m 12s",  # time p90, a duration
        "-0.4",  # emotion, a score
        "≥ 90%",  # the threshold as the map writes it
        "311 sessions, fewer than 500",  # why skipped
        "events-2026-10.parquet",
        "2026-11-01 14:03 UTC",
        "### Fix first",
        "€24,414",
        "### Top deviations",
        "[View a product](#step-product) → [Review the cart](#step-cart) → [Enter payment](#step-payment)",
        "images/checkout-overlay.svg",
        "94.2%** fitness",
    ):
        assert expected in page, expected
    index = (tmp_path / "site" / "index.md").read_text(encoding="utf-8")
    assert "js-badge--fail" in index and "1 with failing expectations" in index


def test_step_ids_link_to_their_line_and_to_journeys_sharing_them(tmp_path: Path):
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "a.journey").write_text(
        'journey a "A" {\n  stage s "S" {\n    step cart "Cart" { when event == "cart" }\n'
        '    step pay "Pay" { when event == "pay" }\n  }\n  start cart\n  success pay\n  flow cart -> pay\n}\n',
        encoding="utf-8",
    )
    (maps / "b.journey").write_text(
        'journey b "B" {\n  stage s "S" {\n    step cart "Cart" { when event == "cart" }\n  }\n'
        "  start cart\n  success cart\n}\n",
        encoding="utf-8",
    )
    build_site(maps, tmp_path / "site")
    page_a = (tmp_path / "site" / "a.md").read_text(encoding="utf-8")
    page_b = (tmp_path / "site" / "b.md").read_text(encoding="utf-8")
    assert '[<code>cart</code>](sources/a.journey.md#L3 "Where it is written")' in page_a
    assert "[B](b.md#step-cart)" in page_a and "[A](a.md#step-cart)" in page_b
    assert '<span class="js-anchor" id="step-cart"></span>' in page_b
    source = (tmp_path / "site" / "sources" / "a.journey.md").read_text(encoding="utf-8")
    assert '<span class="js-line" id="L3"><a class="js-lineno" href="#L3">3</a>' in source
    assert "[A](../a.md)" in source


def test_source_base_url_links_to_the_code_host_instead_of_copies(tmp_path: Path):
    written = build_site(CHECKOUT, tmp_path, source_base_url="https://git.example/shop/blob/main/maps/")
    assert not any("sources" in path.parts for path in written)
    page = (tmp_path / "checkout.md").read_text(encoding="utf-8")
    assert "(https://git.example/shop/blob/main/maps/checkout.journey#L16" in page


def test_maps_with_errors_raise_with_every_diagnostic(tmp_path: Path):
    broken = tmp_path / "broken.journey"
    broken.write_text('journey x "X" {\n  flow a -> b\n}\n', encoding="utf-8")
    with pytest.raises(JourneyspecError) as raised:
        build_site(broken, tmp_path / "site")
    assert raised.value.diagnostics and not (tmp_path / "site").exists()


def test_results_for_an_unknown_journey_are_refused(tmp_path: Path):
    results = {"nope": JourneyResults(data="d", checked_at=CHECKED_AT)}
    with pytest.raises(ValueError, match="nope"):
        build_site(CHECKOUT, tmp_path, results=results)


def test_an_expectation_without_a_verdict_says_not_checked(tmp_path: Path):
    results = {"checkout": JourneyResults(data="d", checked_at=CHECKED_AT, expectations=(
        ExpectationResult(line=65, status="pass", value=1500, population=1500),
    ))}
    build_site(CHECKOUT, tmp_path, results=results)
    page = (tmp_path / "checkout.md").read_text(encoding="utf-8")
    assert page.count("not checked") == 11 and "1,500" in page


def test_results_match_by_text_when_the_line_is_unknown():
    from journeyspec.site.results_section import match

    journey = __import__("journeyspec").load(CHECKOUT)[0]
    outcome = ExpectationResult(line=None, status="fail", text="reach payment >= 5%")
    results = JourneyResults(data="d", checked_at=CHECKED_AT, expectations=(outcome,))
    assert match(journey.expectations[3], results) is outcome
    assert match(journey.expectations[0], results) is None


def test_status_is_the_most_urgent_and_counts_are_complete():
    def of(*statuses):
        return JourneyResults(
            data="d", checked_at=CHECKED_AT,
            expectations=tuple(ExpectationResult(line=i, status=s) for i, s in enumerate(statuses)),
        )

    assert of().status is None
    assert of("pass", "skipped").status == "pass"  # a skipped expectation judged nothing
    assert of("skipped", "skipped").status == "skipped"
    assert of("pass", "inconclusive", "skipped").status == "inconclusive"
    assert of("pass", "fail", "inconclusive").status == "fail"
    assert of("pass", "pass", "fail").counts() == {"fail": 1, "inconclusive": 0, "skipped": 0, "pass": 2}


def test_results_read_from_check_json():
    """The JSON report's shape; tests/site/test_site_live.py holds it to what check really writes."""
    entry = {
        "id": "checkout",
        "population": 12408,
        "metrics": {"sessions": 12408, "conformance": 0.83, "fitness": 0.94, "mean_cost": 0.4},
        "expectations": [
            {"text": "conformance >= 90%", "line": 62, "metric": "conformance", "value": 0.83,
             "threshold": 0.9, "status": "fail", "population": 12408,
             "interval": {"low": 0.82, "high": 0.84, "confidence": 0.95}},
            {"text": "sessions >= 1000", "line": 61, "metric": "sessions", "value": 12408,
             "threshold": 1000, "status": "pass", "population": 12408, "interval": None},
        ],
        "variants": [
            {"path": ["product", "purchase"], "count": 50, "conforms": False, "cost": 4},
            {"path": ["product", "cart"], "count": 900, "conforms": True, "cost": 0},
            {"path": ["search", "cart"], "count": 300, "conforms": False, "cost": 1},
        ],
        "impact": [
            {"kind": "dropoff", "step": "cart", "transition": None, "sessions": 1077, "value_lost": 24413.5,
             "value_lost_low": 23000.0, "value_lost_high": 25800.0, "too_few_paths": False},
            {"kind": "deviation", "step": None, "transition": ["payment", "cart"], "sessions": 40, "value_lost": None,
             "value_lost_low": None, "value_lost_high": None, "too_few_paths": True},
        ],
        "transitions": [],
    }
    results = JourneyResults.from_dict(entry, data="events.parquet", checked_at=datetime(2026, 11, 1))
    assert results.population == 12408 and results.status == "fail"
    assert results.expectations[0] == ExpectationResult(
        line=62, status="fail", value=0.83, population=12408, interval=(0.82, 0.84), text="conformance >= 90%"
    )
    assert [d.path for d in results.deviations] == [("search", "cart"), ("product", "purchase")]
    assert results.fix_first == (
        FixFirstItem("dropoff", ("cart",), 1077, 24413.5, (23000.0, 25800.0)),
        FixFirstItem("deviation", ("payment", "cart"), 40, None, too_few_paths=True),
    )
    assert results.data == "events.parquet"
    assert results.metrics["fitness"] == 0.94


def test_a_designed_ending_is_named_in_the_steps_table(tmp_path: Path):
    build_site(ROOT / "maps" / "support.journey", tmp_path)
    page = (tmp_path / "support.md").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if 'id="step-duplicate"' in line)
    assert '<span class="js-role">designed ending</span>' in row


def test_a_library_has_a_page_listing_who_takes_what_and_journeys_link_to_it(tmp_path: Path):
    maps = tmp_path / "maps"
    (maps / "shared").mkdir(parents=True)
    (tmp_path / "journeyspec.toml").write_text("", encoding="utf-8")
    (maps / "shared" / "common.journey").write_text(
        'library common "Common steps" {\n  persona shopper "Shopper" {\n    description "Buys things."\n  }\n'
        '  step login "Log in" {\n    when event == "login"\n  }\n}\n', encoding="utf-8")
    for name in ("a", "b"):
        (maps / f"{name}.journey").write_text(
            f'use "shared/common.journey"\n\njourney {name} {{\n  persona shopper from common\n  stage s {{\n'
            f'    step login from common\n    step done {{ when event == "done" }}\n  }}\n  start login\n'
            f'  success done\n  flow login -> done\n}}\n', encoding="utf-8")
    build_site(maps, tmp_path / "site")
    page = (tmp_path / "site" / "libraries" / "common.md").read_text(encoding="utf-8")
    login = next(line for line in page.splitlines() if "login" in line and line.startswith("|"))
    assert "../a.md#step-login" in login and "../b.md#step-login" in login
    assert "../sources/shared/common.journey.md#L5" in login and "event &#61;&#61; &#34;login&#34;" in login
    assert "Buys things." in page
    journey = (tmp_path / "site" / "a.md").read_text(encoding="utf-8")
    assert "shared from [<code>common</code>](libraries/common.md)" in journey
    assert "(libraries/common.md)" in (tmp_path / "site" / "index.md").read_text(encoding="utf-8")


def test_lanes_appear_on_the_page_only_when_the_map_writes_in_them(tmp_path: Path):
    build_site(ROOT / "tests" / "render" / "fixtures" / "lanes.journey", tmp_path)
    page = (tmp_path / "hotel.md").read_text(encoding="utf-8")
    rows = {line.split(" | ")[0].strip("| *"): line for line in page.splitlines() if line.startswith("| **")}
    assert ["Thinking", "In their words", "Pains", "Opportunities", "Frontstage", "Backstage",
            "Support processes"] == [name for name in rows if name not in ("Steps", "Touchpoints", "Channels",
                                                                              "Emotion")]
    # A stage's own note, then each step's, named by its step, in the stage's column.
    search, book = rows["Thinking"].split(" | ")[1:3]
    assert search == "• Where should we go?<br>• *Search hotels:* Is this site safe?"
    assert book.strip(" |") == '<span class="js-none">—</span>'
    assert "• *Pay:* Payment provider checks the card<br>• *Pay:* Hotel system holds the room" in rows["Backstage"]
    pay = next(line for line in page.splitlines() if 'id="step-pay"' in line)
    assert '<span class="js-role">moment of truth</span>' in pay
    # A map without any lane of the blueprint has no such rows.
    build_site(CHECKOUT, tmp_path / "plain")
    plain = (tmp_path / "plain" / "checkout.md").read_text(encoding="utf-8")
    assert "**Backstage**" not in plain and "**Thinking**" not in plain and "**Pains**" in plain


def test_a_section_per_persona_lists_their_emotions(tmp_path: Path):
    build_site(ROOT / "tests" / "render" / "fixtures" / "personas.journey", tmp_path)
    page = (tmp_path / "hotel.md").read_text(encoding="utf-8")
    section = page[page.index("## Personas\n") : page.index("## The designed paths")]
    assert [line for line in section.splitlines() if line.startswith("### ")] == ["### Bea", "### Femi"]
    bea = section[section.index("### Bea") : section.index("### Femi")]
    assert '| | Search hotels | <span class="js-emotion js-emotion--neg">-1</span> |' in bea
    assert '| **Search** | | <span class="js-emotion js-emotion--pos">+1 curious</span> (everyone\'s) |' in bea
    assert '| **Book** | | <span class="js-emotion js-emotion--neg">-2 worried</span> |' in bea
    build_site(CHECKOUT, tmp_path / "plain")
    assert "## Personas" not in (tmp_path / "plain" / "checkout.md").read_text(encoding="utf-8")
