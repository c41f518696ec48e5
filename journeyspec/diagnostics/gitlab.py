"""GitLab's code quality report (``--format gitlab``): findings on the map's lines in a merge request.

A JSON array of issues in the subset of the Code Climate format GitLab reads
(as ruff's ``--output-format gitlab`` writes it): ``description``,
``check_name``, ``fingerprint``, ``severity`` and ``location`` (``path`` and
``lines.begin``). The fingerprint is what GitLab follows from one pipeline to
the next, so it hashes what the finding is (check, file, message), not the
line it sits on: a finding that moves down a line is the same finding.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from journeyspec.diagnostics.github import relative_file
from journeyspec.diagnostics.model import Diagnostic
from journeyspec.inert import json_text

SEVERITIES = {"error": "major", "warning": "minor"}


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding: a check (a code or a verdict), a level (error or warning), a message, a place."""

    check: str
    level: str
    description: str
    path: str | None
    line: int | None
    identity: str  # what the finding is, for the fingerprint


def report(issues: Iterable[Issue]) -> str:
    """The issues as GitLab's code quality JSON (an array), fingerprints unique within the report."""
    found, seen = [], set()
    for issue in issues:
        digest = hashlib.sha256(f"{issue.check}\0{issue.path}\0{issue.identity}".encode()).hexdigest()
        while digest in seen:  # the same finding twice in one file: both are shown
            digest = hashlib.sha256(digest.encode()).hexdigest()
        seen.add(digest)
        found.append(
            {
                "description": issue.description,
                "check_name": issue.check,
                "fingerprint": digest,
                "severity": SEVERITIES[issue.level],
                "location": {"path": issue.path or "", "lines": {"begin": issue.line or 1}},
            }
        )
    return json_text(json.dumps(found, indent=2, ensure_ascii=False)) + "\n"


def diagnostics_gitlab(
    diagnostics: Iterable[Diagnostic], *, root: str | Path | None = None, strict: bool = False
) -> str:
    """``validate --format gitlab``: one issue per diagnostic; a warning is ``major`` under ``strict``."""

    def issue(d: Diagnostic) -> Issue:
        span = d.span
        text = f"{d.code} {d.name}: {d.message}" + (f" (help: {d.help})" if d.help else "")
        return Issue(
            d.code,
            "error" if d.is_error or strict else "warning",
            text,
            relative_file(span.file, root) if span else None,
            span.line if span else None,
            d.message,
        )

    return report(issue(d) for d in diagnostics)


__all__ = ["SEVERITIES", "Issue", "diagnostics_gitlab", "report"]
