"""``check --format github``: GitHub Actions annotations on the `expect` lines that did not pass.

A failed expectation is an error annotation; an inconclusive or skipped one
a warning (an error under ``strict``, where it fails the run too); a passing
one none. Title: the journey and the expectation as written; message: the
observed value, its interval and population, the threshold and what decided
the verdict. A journey's warnings about its data (rows skipped, times out of
range) are warnings on its map. Ranking, the cap at GitHub's limit and the
escaping are :mod:`journeyspec.diagnostics.github`'s.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from journeyspec.check.reports.numbers import decision_sentence, interval_text, population_words, value_text
from journeyspec.check.result import CheckResult, ExpectationResult, JourneyResult
from journeyspec.diagnostics.github import Annotation, annotation_lines, relative_file
from journeyspec.inert import terminal


def level(e: ExpectationResult, strict: bool) -> str | None:
    """The annotation level of an expectation's verdict: None for a pass."""
    if e.status == "fail":
        return "error"
    if e.status in ("inconclusive", "skipped"):
        return "error" if strict else "warning"
    return None


def _message(e: ExpectationResult) -> str:
    observed = "no value" if e.value is None else value_text(e)
    interval = f" (interval {interval_text(e.interval)})" if e.interval else ""
    lines = [
        f"{e.status}: observed {observed}{interval} over {population_words(e)}; expected {e.text}",
        decision_sentence(e.decided_by, e.kind),
    ]
    if e.reason:
        lines.append(e.reason)
    return "\n".join(terminal(line) for line in lines)


def _annotations(journey: JourneyResult, strict: bool, root) -> Iterator[Annotation]:
    for e in journey.expectations:
        found = level(e, strict)
        if found is not None:
            yield Annotation(
                found,
                terminal(f"{journey.id}: expect {e.text}"),
                _message(e),
                relative_file(e.file or journey.file, root),
                e.line,
                e.column,
                e.line,
            )
    file = relative_file(journey.file, root)
    for warning in journey.warnings:
        yield Annotation("warning", terminal(f"{journey.id}: data"), terminal(warning), file)
    for warning in journey.time_warnings:
        yield Annotation(
            "warning",
            f"{warning.code} {terminal(journey.id)}: event times",
            terminal(f"{warning.message}\nhelp: {warning.help}"),
            file,
        )


def to_github(result: CheckResult, *, strict: bool = False, root: str | Path | None = None) -> str:
    """The result as GitHub workflow commands, at most 10 errors and 10 warnings, then a notice of the rest.

    ``root``: the repository's folder, to which map paths are made relative.
    """
    annotations = [a for journey in result.journeys for a in _annotations(journey, strict, root)]
    return annotation_lines(annotations, "findings", "the text, JSON or JUnit report lists every expectation")


__all__ = ["level", "to_github"]
