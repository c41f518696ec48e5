"""What the docs-site tests share: paths, a hand-made check result, a temporary MkDocs project."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from journeyspec.render import EdgeAnnotation, ExtraEdge, ExtraNode, GraphAnnotations, NodeAnnotation, render
from journeyspec.site import Deviation, ExpectationResult, FixFirstItem, JourneyResults

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHECKOUT = ROOT / "maps" / "checkout.journey"
HOSTILE = FIXTURES / "hostile.journey"
CHECKED_AT = datetime(2026, 11, 1, 14, 3, tzinfo=timezone.utc)


def fake_overlay(journey, path: Path) -> Path:
    """A real overlay picture: the graph with made-up traffic drawn on it."""
    annotations = GraphAnnotations(
        nodes={"cart": NodeAnnotation(lines=("reach 41.3%", "drop-off 22.0%")), "payment": NodeAnnotation(badge="friction 8%")},
        edges={("cart", "checkout"): EdgeAnnotation(label="3,120 · 64%", width=6)},
        extra_nodes=(ExtraNode("exit", "(exit)"),),
        extra_edges=(ExtraEdge("cart", "exit", "1,077", 3),),
    )
    path.write_text(render(journey, as_="graph", format="svg", annotations=annotations), encoding="utf-8")
    return path


def fake_checkout_results(overlay: Path | None) -> JourneyResults:
    """What `journeyspec check` could say about maps/checkout.journey: one of each status."""
    return JourneyResults(
        data="events-2026-10.parquet",
        checked_at=CHECKED_AT,
        population=12408,
        expectations=(
            ExpectationResult(line=65, status="pass", value=12408, population=12408),
            ExpectationResult(line=66, status="fail", value=0.8312, population=12408, interval=(0.8246, 0.8376)),
            ExpectationResult(line=67, status="pass", value=0.0412, population=9876, interval=(0.0374, 0.0453)),
            ExpectationResult(line=68, status="pass", value=0.112, population=12408, interval=(0.1065, 0.1177)),
            ExpectationResult(line=69, status="inconclusive", value=0.341, population=812, interval=(0.3093, 0.3741)),
            ExpectationResult(line=70, status="fail", value=1512.0, population=1290),
            ExpectationResult(line=71, status="pass", value=0.0, population=1102, interval=(0.0, 0.0035)),
            ExpectationResult(line=72, status="pass", value=0.0391, population=48211, interval=(0.0374, 0.0409)),
            ExpectationResult(line=73, status="pass", value=0.062, population=1390, interval=(0.0505, 0.0758)),
            ExpectationResult(line=74, status="skipped", value=None, population=311, reason="311 sessions, fewer than 500"),
            ExpectationResult(line=75, status="pass", value=-0.42, population=2204),
            ExpectationResult(line=76, status="skipped", reason="no baseline data given"),
        ),
        fix_first=(
            FixFirstItem(kind="dropoff", steps=("cart",), sessions=1077, value_lost=24413.5,
                         value_lost_interval=(23102.2, 25730.9)),
            FixFirstItem(kind="deviation", steps=("payment", "cart"), sessions=402, value_lost=6120.0,
                         value_lost_interval=(4210.0, 8030.5)),
            FixFirstItem(kind="dropoff", steps=("checkout",), sessions=388, too_few_paths=True),
        ),
        deviations=(
            Deviation(path=("product", "cart", "payment"), count=402, cost=2),
            Deviation(path=("search", "cart", "checkout", "payment", "purchase"), count=97, cost=1),
        ),
        metrics={"conformance": 0.8312, "fitness": 0.9421, "unexpected_transitions": 0.0391},
        overlay_svg=overlay,
    )


def mkdocs_build(project: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` in ``project``, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir), *extra],
        cwd=project,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )


def copy_shared(maps: Path) -> None:
    """The example maps' library folder (maps/shared/), which they `use`, into ``maps``."""
    (maps / "shared").mkdir(parents=True, exist_ok=True)
    for library in (ROOT / "maps" / "shared").glob("*.journey"):
        (maps / "shared" / library.name).write_text(library.read_text(encoding="utf-8"), encoding="utf-8")


def write_project(project: Path, maps: list[Path], plugin_options: str = "", nav: bool = True) -> Path:
    """A minimal MkDocs project using the journeyspec plugin, with copies of ``maps`` under maps/."""
    (project / "docs").mkdir(parents=True, exist_ok=True)
    (project / "maps").mkdir(exist_ok=True)
    for path in maps:
        (project / "maps" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    copy_shared(project / "maps")
    (project / "docs" / "index.md").write_text("# Home\n\nThe [journeys](journeys/index.md).\n", encoding="utf-8")
    config = [
        "site_name: Journeys test",
        "theme:",
        "  name: material",
        "plugins:",
        "  - search",
        "  - journeyspec" + (":" if plugin_options else ""),
    ]
    config += ["      " + line for line in plugin_options.splitlines() if line.strip()]
    if nav:
        config += ["nav:", "  - Home: index.md", "  - Journeys:", "      - journeys/"]
    (project / "mkdocs.yml").write_text("\n".join(config) + "\n", encoding="utf-8")
    return project
