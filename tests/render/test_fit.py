"""Choosing a layout that fits a page, before anything is drawn (journeyspec.render.fit)."""

from __future__ import annotations

import pytest

import journeyspec
from journeyspec.render import fit
from tests.render.helpers import FIXTURES, ROOT, load_journeys
from tests.render.mapgen import generated_map


def test_rows_fill_a_page_in_order():
    assert fit.rows([500, 500, 500, 1300, 100], page=1200) == [[0, 1], [2], [3], [4]]
    assert fit.rows([], page=1200) == [[]]


def test_stage_depth_follows_forward_edges_and_counts_a_group_once():
    checkout = journeyspec.load(ROOT / "maps" / "checkout.journey")[0]
    depth = {stage.id: fit.stage_ranks(checkout, stage) for stage in checkout.stages}
    # discover: search -> product; decide: add_to_cart -> cart -> help_home (the shared help centre,
    # and back); buy: checkout -> payment -> purchase
    assert depth == {"discover": 2, "decide": 3, "buy": 3}
    groups = load_journeys(FIXTURES / "groups.journey")[0]
    grouped = next(stage for stage in groups.stages if any(groups.group_of(s) for s in stage.steps))
    assert fit.stage_ranks(groups, grouped) < len(grouped.steps)


def test_automatic_layout_by_size():
    small = journeyspec.parse(generated_map(4, stages=2)).journeys[0]
    assert fit.choose_graph(small, "auto", labelled=False)[0] == "wide"
    checkout = journeyspec.load(ROOT / "maps" / "checkout.journey")[0]
    assert fit.choose_graph(checkout, "auto", labelled=False) == ("wrap", [[0, 1], [2]])
    big = journeyspec.parse(generated_map(60)).journeys[0]  # a stage deeper than a page is wide
    assert fit.choose_graph(big, "auto", labelled=False)[0] == "tall"
    assert fit.choose_graph(big, "wide", labelled=False) == ("wide", [list(range(len(big.stages)))])
    with pytest.raises(ValueError, match="unknown layout `sideways`"):
        fit.choose_graph(big, "sideways", labelled=False)
