"""The regular-expression check remembers short patterns only, and answers as the unremembered check does."""

from __future__ import annotations

from journeyspec.lang.compile import checks

PATTERNS = ["^/p/", "a(", "(?=x)", r"(a)\1", "é.*", "[0-9]{3}", "x" * 1_001, "(" * 1_200]


def test_remembered_answers_are_the_checks_answers():
    checks.regex_problem.cache_clear()
    first = [checks.regex_problem(p) for p in PATTERNS]
    again = [checks.regex_problem(p) for p in PATTERNS]
    assert first == again == [checks._problem(p) for p in PATTERNS]
    assert first[0] is None and first[1] and "look-ahead" in first[2] and first[6] is None


def test_long_patterns_are_not_kept():
    checks.regex_problem.cache_clear()
    checks.regex_problem("y" * 5_000)
    checks.regex_problem("^/short/")
    assert checks._remembered_problem.cache_info().currsize == 1
