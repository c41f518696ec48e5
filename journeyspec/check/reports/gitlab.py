"""``check --format gitlab``: GitLab's code quality report, one issue per expectation that did not pass.

A failed expectation is a ``major`` issue; an inconclusive or skipped one a
``minor`` issue (``major`` under ``strict``, where it fails the run too), on
its `expect` line; ``check_name`` is the SARIF rule (``expectation-failed``…).
The format is :mod:`journeyspec.diagnostics.gitlab`'s.
"""

from __future__ import annotations

from pathlib import Path

from journeyspec.check.reports.github import level
from journeyspec.check.reports.numbers import decision_sentence, interval_text, population_words, value_text
from journeyspec.check.reports.sarif import RULES
from journeyspec.check.result import CheckResult
from journeyspec.diagnostics.github import relative_file
from journeyspec.diagnostics.gitlab import Issue, report


def to_gitlab(result: CheckResult, *, strict: bool = False, root: str | Path | None = None) -> str:
    """The result as GitLab code quality JSON; ``root`` is the repository, to which map paths are made relative."""
    issues = []
    for journey in result.journeys:
        for e in journey.expectations:
            found = level(e, strict)
            if found is None:
                continue
            observed = "no value" if e.value is None else value_text(e)
            interval = f" (interval {interval_text(e.interval)})" if e.interval else ""
            text = (
                f"{journey.id}: expect {e.text} — {e.status}: observed {observed}{interval} over "
                f"{population_words(e)}; {decision_sentence(e.decided_by, e.kind)}"
            )
            issues.append(
                Issue(
                    RULES[e.status][0],
                    found,
                    text,
                    relative_file(e.file or journey.file, root),
                    e.line,
                    f"{journey.id}\0{e.text}",
                )
            )
    return report(issues)


__all__ = ["to_gitlab"]
