"""Trend charts: static SVGs drawn by the project (value, interval band, threshold), placed on the journey page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import journeyspec
from journeyspec.check.history import record
from journeyspec.engine import SourceConfig
from journeyspec.render.trend_chart import HEIGHT, Point, trend_svg
from journeyspec.site import build_site
from journeyspec.site.live import check_for_site
from tests.check.helpers import MAP, write_events

SVG = "{http://www.w3.org/2000/svg}"


def _shown(value: float) -> str:
    return f"{100 * value:.1f}%"


def test_a_chart_has_its_band_its_threshold_and_a_dot_per_value():
    points = [Point("2026-W02", 0.40, 0.36, 0.44, "fail"), Point("2026-W03", None),
              Point("2026-W04", 0.33, 0.29, 0.37, "pass"), Point("2026-W05", 0.30, 0.26, 0.34, "pass")]
    svg = trend_svg('dropoff <= 35% where page == "<script>"', points, 0.35, "<= 35.0%", _shown)
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts[0] == 'dropoff <= 35% where page == "<script>"' and "<= 35.0%" in texts
    assert not any(e.tag == f"{SVG}script" for e in root.iter())
    dots = [c for c in root.iter(f"{SVG}circle")]
    assert [c.get("fill") for c in dots] == ["#dc2626", "#15803d", "#15803d"]  # fail, pass, pass; W03 is a gap
    threshold = next(e for e in root.iter(f"{SVG}path") if e.get("stroke-dasharray"))
    band = [e for e in root.iter(f"{SVG}path") if e.get("fill") == "#c7d2fe"]
    rects = [e for e in root.iter(f"{SVG}rect") if e.get("fill") == "#c7d2fe"]
    assert len(band) == 1 and len(rects) == 1  # W04-W05 as one band; W02 alone (a gap follows) as a bar
    # Higher values are drawn higher: the 40% dot sits above the dashed 35% line, the 30% dot below it.
    y_threshold = float(threshold.get("d").split(",")[1].split(" ")[0])
    assert float(dots[0].get("cy")) < y_threshold < float(dots[2].get("cy")) < HEIGHT


def test_a_page_charts_each_expectation_run_after_run(tmp_path, monkeypatch):
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "shop.journey").write_text(MAP, encoding="utf-8")
    journey = journeyspec.load(maps / "shop.journey")[0]
    events = write_events(tmp_path)
    config = SourceConfig(time_format="epoch_s")
    result = journeyspec.check(journey, events, config=config)
    for day in (2, 9, 16):
        record(result, tmp_path / "history", recorded=datetime(2026, 3, day, tzinfo=UTC), revision="abc1234")
    (tmp_path / "history" / "notes.md").write_text("not a run", encoding="utf-8")
    (tmp_path / "journeyspec.toml").write_text(f'[sources.shop]\ndata = "{events}"\ntime_format = "epoch_s"\n',
                                               encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # `configured`: the journey reads its source from ./journeyspec.toml
    results = check_for_site([journey], "configured", tmp_path / "images", history=tmp_path / "history")
    charts = results["shop"].trends
    # 13 expectations; `vs baseline` is skipped on every run, with no value to chart.
    assert len(charts) == 12 and {c.over for c in charts} == {"run"}
    assert any("JS366" in w and "notes.md" in w for w in results["shop"].warnings)
    written = build_site(maps, tmp_path / "site", results=results)
    page = (tmp_path / "site" / "shop.md").read_text(encoding="utf-8")
    assert "### Over time" in page and "per kept run" in page
    assert page.count("images/shop-trend-") == 2 * 12  # each chart is a picture linked to itself
    svgs = [p for p in written if "-trend-" in p.name]
    assert len(svgs) == 12
    labels = [t.text for t in ET.parse(svgs[0]).getroot().iter(f"{SVG}text")]
    assert {"03-02", "03-09", "03-16"} <= set(labels)
