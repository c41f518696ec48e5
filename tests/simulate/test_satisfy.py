"""Values that satisfy a predicate: equality, lists, numbers, regexes, exists, and/or/not, and clear refusals."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeyspec
from journeyspec.simulate.regex import RegexUnsupported, matching_text
from journeyspec.simulate.satisfy import Unsatisfiable, holds, solve


def when(text: str):
    """The `when` predicate of a one-step map."""
    document = journeyspec.parse(
        'journey j "J" {\n  stage s "S" {\n    step a "A" {\n      when ' + text + "\n    }\n  }\n"
        "  start a\n  success a\n}\n"
    )
    return document.journeys[0].steps[0].when


@pytest.mark.parametrize(
    "condition",
    [
        'event == "page_view"',
        'event == "page_view" and page == "/cart"',
        'campaign in ["trial_ending_5d", "trial_ending_1d"]',
        "rows > 0",
        "rows >= 2 and rows < 3",
        "amount > 9.5 and amount <= 10",
        "week_of_trial >= 2",
        'plan != "free"',
        "helpful == true",
        "not is_sample == true",
        "query exists",
        "not query exists",
        'event == "ticket_solved" or event == "chat_ended" and outcome == "resolved"',
        'not (event == "a" or event == "b") and event in ["a", "b", "c"]',
        'page ~ "^/p/"',
        'path ~ "^/help/articles/[0-9]+"',
        'path ~ "^/signup(/|$)"',
        'code ~ "^[A-Z]{3}-\\\\d{2}$"',
        'name ~ "a?b*c+"',
        'name ~ "^[^x]y.z$" and not name ~ "q"',
        'user_agent ~ "(?i)bot|crawler|spider"',
        'page ~ "^/p/" and not page ~ "^/p/0"',
        'user.is_internal == true',
    ],
)
def test_solutions_satisfy_the_condition(condition):
    predicate = when(condition)
    records = solve(predicate, random.Random(1), count=4)
    assert records
    for record in records:
        assert holds(predicate, record), record


def test_values_vary_across_the_pool():
    records = solve(when('campaign in ["a", "b", "c"]'), random.Random(3), count=4)
    assert len({r["campaign"] for r in records}) >= 2
    pages = solve(when('path ~ "^/help/articles/[0-9]+"'), random.Random(3), count=4)
    assert len({r["path"] for r in pages}) >= 2


def test_two_valued_logic_of_missing_fields():
    assert not holds(when('fare == "F"'), {})
    assert holds(when('not fare == "F"'), {})
    assert not holds(when("rows > 0"), {"rows": "many"})  # text is not a number
    assert holds(when("fare exists"), {"fare": "F"}) and not holds(when("fare exists"), {})


@pytest.mark.parametrize(
    ("condition", "reason"),
    [
        ('event == "a" and event == "b"', "no value of `event`"),
        ("rows > 5 and rows < 3", "no value of `rows`"),
        ('event in ["a"] and not event == "a"', "no value of `event`"),
        ("query exists and not query exists", "query"),
        ('page ~ "^/p/" and page == "/cart"', "no value of `page`"),
    ],
)
def test_contradictions_are_refused_with_the_field_named(condition, reason):
    with pytest.raises(Unsatisfiable) as caught:
        solve(when(condition), random.Random(0))
    assert reason in caught.value.reason


def test_unsupported_regex_constructs_are_refused():
    with pytest.raises(RegexUnsupported):
        matching_text("(?<=a)b", random.Random(0))


@settings(max_examples=60, deadline=None)
@given(
    pattern=st.sampled_from(["^/p/", "^a+b?$", "[0-9]{2,4}", "x|y|z", "^(ab|cd)*e$", "\\w+@\\w+\\.com", "[^abc]+"]),
    seed=st.integers(0, 10_000),
)
def test_generated_texts_match_their_pattern(pattern, seed):
    assert re.search(pattern, matching_text(pattern, random.Random(seed)))
