"""Numbers too large to mean anything are diagnostics at the number, never a traceback.

Python refuses to read a whole number of more than 4,300 digits (ValueError), a
float turns into infinity past 1.8e308 (and `int(inf)` raises OverflowError):
every place the language accepts a number must turn both into JS235, and the
place-specific bounds (a count beyond 2^63, a duration beyond 100 years, a
`pp` change beyond 100) into their own diagnostics.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeyspec.lang.frontend import compile_text

HEAD = """journey shop "Shop" {
  stage s {
    step a { when event == "a" }
    step b { when event == "b" }
  }
  start a
  success b
  flow a -> b
"""

# Every position a numeral can take, with `{n}` where it goes.
PLACES = {
    "sessions": "expect sessions >= {n}",
    "duration": "expect time p50 a -> b <= {n}s",
    "within": "expect conversion a -> b >= 10% within {n}s",
    "min sessions": "expect conversion a -> b >= 10% min sessions {n}",
    "value": "value {n} EUR",
    "sentiment range": "sentiment csat 1..{n}",
    "predicate literal": "ignore amount == {n}",
    "points": "expect conversion a -> b >= +{n}pp vs baseline",
    "percent": "expect conversion a -> b >= {n}%",
    "relative change": "expect sessions >= {n}% vs baseline",
    "confidence": "expect conversion a -> b >= 10% confidence {n}%",
    "flow share": 'flow b -> a "back" {n}%',
    "emotion": "stage t {{ emotion {n} step c }}",
    "emotion threshold": "expect emotion at s >= {n}",
    "decimal predicate": "ignore amount == 0.{n}",
}


def diagnostics(line: str):
    text = HEAD + "  sentiment score 1..5\n" * ("emotion at" in line) + "  " + line + "\n}\n"
    return compile_text(text, "x.journey").diagnostics


@pytest.mark.parametrize("digits", [311, 4301])
@pytest.mark.parametrize("place", PLACES)
def test_a_numeral_of_hundreds_or_thousands_of_digits_is_js234(place: str, digits: int):
    found = diagnostics(PLACES[place].format(n="9" * digits))
    codes = [d.code for d in found if d.is_error]
    assert "JS235" in codes, [(d.code, d.message) for d in found]
    message = next(d.message for d in found if d.code == "JS235")
    assert len(message) < 120, "a long number is quoted by its ends, not whole"


@pytest.mark.parametrize(
    "place, n, code",
    [
        ("sessions", "9223372036854775808", "JS235"),  # 2^63
        ("min sessions", "9223372036854775808", "JS235"),
        ("duration", "3155760001", "JS235"),  # 100 years and a second
        ("within", "3155760001", "JS235"),
        ("points", "101", "JS212"),
        ("percent", "101", "JS212"),
    ],
)
def test_numbers_past_what_their_place_can_mean(place: str, n: str, code: str):
    found = diagnostics(PLACES[place].format(n=n))
    assert [d.code for d in found if d.is_error] == [code], [(d.code, d.message) for d in found]


@pytest.mark.parametrize(
    "place, n",
    [("sessions", "9223372036854775807"), ("duration", "3155760000"), ("points", "100"), ("points", "99.5")],
)
def test_the_largest_meaningful_numbers_are_accepted(place: str, n: str):
    assert [d.code for d in diagnostics(PLACES[place].format(n=n)) if d.is_error] == []


def test_the_span_is_the_number():
    (found,) = [d for d in diagnostics(PLACES["value"].format(n="9" * 4301)) if d.code == "JS235"]
    assert (found.span.line, found.span.column) == (9, 9)
    assert found.span.end_column - found.span.column == 4301


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(sorted(PLACES)), digits=st.integers(1, 6000), lead=st.sampled_from("123456789"))
def test_the_front_end_raises_nothing_on_numerals_of_any_length(place: str, digits: int, lead: str):
    # compile_text returns diagnostics; any exception escaping it is the bug.
    diagnostics(PLACES[place].format(n=lead + "0" * (digits - 1)))
