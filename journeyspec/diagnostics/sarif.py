"""SARIF 2.1.0, the format code scanning reads: ``validate --format sarif`` and the pieces ``check`` shares.

One run of the tool ``journeyspec``; its rules are the diagnostic codes
found (each with its name, meaning and a link to its entry in the
diagnostics reference); one result per diagnostic, at its span. Columns
count characters (``columnKind: unicodeCodePoints``), and ``endColumn`` is
one past the last character, as journeyspec's spans and SARIF both have it.
Paths are relative to the repository (``uriBaseId: %SRCROOT%``) when they
lie in it. Tests validate the output against the OASIS schema (vendored in
tests/vendored/).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from journeyspec.diagnostics.codes import lookup
from journeyspec.diagnostics.model import Diagnostic
from journeyspec.inert import json_text

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
DOCS = "https://journeyspec.dev/reference/diagnostics/"
INFORMATION_URI = "https://journeyspec.dev/"


def code_rule(code: str) -> dict:
    """A diagnostic code as a SARIF rule: id, name, meaning and the link to its documentation."""
    entry = lookup(code)
    return {
        "id": entry.code,
        "name": entry.name,
        "shortDescription": {"text": entry.meaning},
        "helpUri": f"{DOCS}#{entry.code.lower()}",
        "defaultConfiguration": {"level": entry.severity.value},
    }


def artifact(file: str, root: str | Path | None) -> dict:
    """Where a file is: a relative URI under ``%SRCROOT%`` when it lies in ``root``, else its own URI."""
    path = Path(file)
    if root is not None:
        try:
            relative = path.resolve().relative_to(Path(root).resolve())
            return {"uri": quote(PurePosixPath(*relative.parts).as_posix()), "uriBaseId": "%SRCROOT%"}
        except ValueError:
            pass
    if path.is_absolute():
        return {"uri": path.resolve().as_uri()}
    return {"uri": quote(file.replace("\\", "/")), "uriBaseId": "%SRCROOT%"}


def location(
    file: str | None,
    line: int | None,
    column: int | None = None,
    end_line: int | None = None,
    end_column: int | None = None,
    *,
    root: str | Path | None = None,
) -> dict | None:
    """A SARIF location: the file and, when known, the region of the map it points at."""
    if file is None:
        return None
    physical: dict = {"artifactLocation": artifact(file, root)}
    if line:
        region = {"startLine": line}
        if column:
            region["startColumn"] = column
        if end_line:
            region["endLine"] = end_line
            if end_column:
                region["endColumn"] = max(end_column, column or 1)
        physical["region"] = region
    return {"physicalLocation": physical}


def _version() -> str:
    # The installed distribution's: importing the package root from here would import every layer above.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("journeyspec")
    except PackageNotFoundError:
        return "unknown"


def sarif_log(
    rules: list[dict], results: list[dict], *, root: str | Path | None = None, properties: dict | None = None
) -> str:
    """One SARIF log with one run of journeyspec, as indented JSON (control characters escaped)."""
    driver = {"name": "journeyspec", "version": _version(), "informationUri": INFORMATION_URI, "rules": rules}
    run: dict = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}
    if root is not None:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": Path(root).resolve().as_uri() + "/"}}
    if properties:
        run["properties"] = properties
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json_text(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def diagnostics_sarif(
    diagnostics: Iterable[Diagnostic], *, root: str | Path | None = None, strict: bool = False
) -> str:
    """``validate --format sarif``: a rule per code found, a result per diagnostic.

    A warning's level is ``warning``, or ``error`` under ``strict`` (where it fails the run).
    """
    found = list(diagnostics)
    codes = sorted({d.code for d in found})
    index = {code: number for number, code in enumerate(codes)}
    results = []
    for d in found:
        text = d.message + (f" Help: {d.help}" if d.help else "")
        result: dict = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": "error" if d.is_error or strict else "warning",
            "message": {"text": text},
        }
        span = d.span
        where = location(span.file, span.line, span.column, span.end_line, span.end_column, root=root) if span else None
        if where:
            result["locations"] = [where]
        results.append(result)
    return sarif_log([code_rule(code) for code in codes], results, root=root)


__all__ = ["DOCS", "SCHEMA_URI", "artifact", "code_rule", "diagnostics_sarif", "location", "sarif_log"]
