"""Hover's texts are the spec's own words: a definition changed in the spec must be changed in the server too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journeyspec.lsp.words import EMOTIONS, METRICS, emotion_scale

pytestmark = pytest.mark.lsp

SPEC = Path(__file__).resolve().parents[2] / "spec"


def _plain(markdown: str) -> str:
    return re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)  # links as their words


@pytest.mark.parametrize("keyword", sorted(METRICS))
def test_each_metric_definition_is_the_table_row_of_spec_metrics(keyword):
    written, meaning = METRICS[keyword]
    row = f"| `{written}` | {meaning} |"
    assert row in _plain((SPEC / "metrics.md").read_text(encoding="utf-8"))


def test_every_metric_of_the_grammar_has_a_definition():
    grammar = (Path(__file__).resolve().parents[2] / "journeyspec" / "lang" / "front" / "journey.lark").read_text()
    metric_words = set(re.findall(r'^\s*[|?]\s*(?:metric:\s*)?"(\w+)".*-> m_', grammar, re.MULTILINE))
    assert metric_words and metric_words <= set(METRICS)


def test_the_emotion_scale_is_spec_languages():
    language = (SPEC / "language.md").read_text(encoding="utf-8")
    for score, meaning in EMOTIONS:
        assert f"| `{score}` | {meaning} |" in language
    assert "| **`+2`** | **positive: relieved, pleased** |" in emotion_scale(2)
    assert emotion_scale(None).count("**") == 0
