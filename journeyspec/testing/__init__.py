"""journeyspec in tests: the pytest plugin and assertion helpers for tests written in Python.

::

    import journeyspec
    from journeyspec.testing import assert_conforms, assert_expectations

    def test_checkout(journey, journey_data):
        assert_expectations(journey("checkout"), journey_data)
        assert_conforms(journey("checkout"), journey_data, at_least=0.9)
        result = journeyspec.check(journey("checkout"), journey_data("checkout"))

``journey_data("checkout")`` is what journey ``checkout`` reads, as the
collected expectations and ``journeyspec check`` read it; the fixture itself,
passed as data, is resolved for the journey being checked.

Where it sits: an integration, beside the docs site and below the CLI. It
calls ``journeyspec.check`` and :mod:`journeyspec.project` and never a
verb's internals.
"""

from __future__ import annotations

from typing import Any

# The failure texts load when an assertion fails: the plugin, loaded into every pytest run
# (this package's __init__ runs first), imports little.

__all__ = ["assert_conforms", "assert_expectations"]


def _check(journey, data: Any, by: str | None = None):
    from journeyspec.check import check

    return check(journey, data, by=by).journeys[0]


def assert_expectations(journey, data: Any, *, by: str | None = None, inconclusive_fails: bool = False) -> None:
    """Fail with a readable report when any `expect` of ``journey`` fails on ``data``."""
    result = _check(journey, data, by)
    bad = ("fail", "inconclusive") if inconclusive_fails else ("fail",)
    failed = [e for e in result.expectations if e.status in bad]
    if failed:
        from journeyspec.testing.failure import describe_result

        reports = [describe_result(e, data=result.source) for e in failed]
        header = f"{len(failed)} of {len(result.expectations)} expectations of journey `{journey.id}` failed"
        raise AssertionError(header + "\n\n" + "\n\n".join(reports)) from None


def assert_conforms(journey, data: Any, *, at_least: float = 0.9) -> None:
    """Fail when the share of paths that follow the design is below ``at_least``, with the costliest deviations."""
    result = _check(journey, data)
    conformance = result.metrics.conformance
    if conformance is not None and conformance >= at_least:
        return
    from journeyspec.testing.failure import value_text

    deviations = sorted((v for v in result.variants if not v.conforms), key=lambda v: -(v.cost * v.count))[:5]
    lines = [
        f"journey `{journey.id}` conforms on {value_text(conformance, 'fraction')} of {result.population:,} paths; "
        f"expected at least {value_text(at_least, 'fraction')}",
        "costliest deviations:",
    ]
    lines += [f"  {v.count:,}× · cost {v.cost}   {' -> '.join(v.path)}" for v in deviations]
    raise AssertionError("\n".join(lines)) from None
