"""Completion on a long map reads only the blocks around the cursor, and must find what the whole text finds."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from journeyspec.lang.front.parser import expected_after
from journeyspec.lsp.completion import LONG_PREFIX, _short_prefix

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks" / "language"))
from generate_map import large_map

pytestmark = pytest.mark.lsp

MAP = large_map(300)


@pytest.mark.parametrize("where", [
    ("  flow", 0),  # a fresh line after a flow with a label: the flow may still take a share
    ('" {', 3),  # inside a step's braces
    ("    step", 0),  # between steps of a stage
    ("touchpoint", 10),  # after a keyword that wants quoted text
    ("<= 2h\n", 6),  # after the last expectation: its qualifiers may follow
    ("when event ==", 13),  # in a condition
])
def test_the_blocks_around_the_cursor_expect_what_the_whole_text_expects(where):
    needle, after = where
    at = MAP.rindex(needle) + after
    assert at > LONG_PREFIX  # the cut is in play
    prefix = MAP[:at]
    short = _short_prefix(prefix)
    assert len(short) < 300
    assert expected_after(short) == expected_after(prefix) != frozenset()
