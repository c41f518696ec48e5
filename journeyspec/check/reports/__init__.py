"""Reports of a :class:`~journeyspec.check.result.CheckResult`: text, json, markdown, junit, github, sarif,
gitlab.

Each is a pure function of the result, so the CLI, the pytest plugin and a
notebook print the same thing.

They import the result models and :mod:`journeyspec.units`, never the
engine: a report is made from a result alone.
"""

from __future__ import annotations

from journeyspec.check.result import CheckResult

FORMATS = ("text", "json", "markdown", "junit",
           "github", "sarif", "gitlab")


def report(result: CheckResult, fmt: str = "text", *, strict: bool = False, width: int = 100,
           color: bool = False, root: str | None = None) -> str:
    """The result as ``text`` (``color`` for a terminal), ``json``, ``markdown``, ``junit`` XML,
    ``github`` workflow commands, a ``sarif`` log or ``gitlab`` code quality JSON (map paths made relative to
    ``root``, the repository)."""
    if fmt == "text":
        from journeyspec.check.reports.text import to_text

        return to_text(result, width=width, color=color)
    if fmt == "json":
        from journeyspec.check.reports.json_report import to_json

        return to_json(result)
    if fmt == "markdown":
        from journeyspec.check.reports.markdown import to_markdown

        return to_markdown(result)
    if fmt == "junit":
        from journeyspec.check.reports.junit import to_junit

        return to_junit(result, strict=strict)
    if fmt == "github":
        from journeyspec.check.reports.github import to_github

        return to_github(result, strict=strict, root=root)
    if fmt == "sarif":
        from journeyspec.check.reports.sarif import to_sarif

        return to_sarif(result, strict=strict, root=root)
    if fmt == "gitlab":
        from journeyspec.check.reports.gitlab import to_gitlab

        return to_gitlab(result, strict=strict, root=root)
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "report"]
