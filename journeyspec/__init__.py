"""journeyspec: customer journeys as code.

The public API is a handful of verbs::

    import journeyspec
    journeys = journeyspec.load("maps/")          # every journey under a folder
    document = journeyspec.parse(text)            # map text -> IR document
    canonical = journeyspec.format(text)          # map text -> canonical text
    problems = journeyspec.validate("maps/")      # every diagnostic, errors and warnings
    changes = journeyspec.diff(old, new)          # semantic changes between two versions
    result = journeyspec.check("maps/", "events.parquet")  # metrics and verdicts on observed data

The package follows the road a map travels, one folder per stage; each
imports only the ones below it (the contract is ``[tool.importlinter]`` in
pyproject.toml, and ``make test`` enforces it)::

    cli/                                   the command line: arguments in, verbs called, text out
    testing/  site/  lsp/                  the pytest plugin; the documentation site; the language server
    check/  diff/  discover/  simulate/    the verbs over the IR and the engine
    render/                                pictures: graph, canvas, Mermaid, DOT
    project.py                             config file, configured sources, --data per journey, map files
    lang/  engine/                         text -> IR; observed events -> reduced facts
    diagnostics/                           codes, spans, messages, "did you mean"
    ir/                                    frozen models of designed journeys
    units.py  gc_pause.py                  durations and figures; the garbage-collector pause
    files.py  inert.py                     writing files all or nothing; user text made inert per output
"""

from __future__ import annotations

__version__ = "0.1.0"

from pathlib import Path

from journeyspec.diagnostics import Diagnostic, JourneyspecError, Severity

# Bound eagerly, as sqlglot binds its `diff`: importing the `journeyspec.diff`
# (or `journeyspec.check`) package on first use would otherwise rebind this
# name to the package. Both packages are light; the comparison, the engine and
# the metrics load only when `diff` or `check` is called.
from journeyspec.check import check
from journeyspec.diff import Change, diff
from journeyspec.ir import Document, Journey
from journeyspec.render import render  # bound eagerly for the same reason; drawing loads on call


def parse(text: str, file: str | None = None) -> Document:
    """Compile map text into its IR :class:`~journeyspec.ir.Document`.

    Raises:
        JourneyspecError: with every diagnostic, when the text has errors.
    """
    from journeyspec.lang.frontend import compile_text

    return compile_text(text, file).raise_for_errors()


def compile(path: str | Path) -> Document:  # noqa: A001 - the verb is the API
    """Compile one map file into its IR document; raises :class:`JourneyspecError` on errors."""
    from journeyspec.lang.frontend import compile_file

    return compile_file(path).raise_for_errors()


def load(paths: str | Path | list[str | Path]) -> list[Journey]:
    """Every journey in the maps under ``paths`` (files or folders); raises on errors."""
    from journeyspec.lang.frontend import load_journeys

    return load_journeys(paths)


def validate(paths: str | Path | list[str | Path]) -> list[Diagnostic]:
    """Every diagnostic (errors and warnings) of the maps under ``paths``.

    Warnings a map silences with `allow` are left out, as ``journeyspec validate`` leaves them out;
    :func:`journeyspec.lang.frontend.compile_file` keeps them in ``Compiled.silenced``. A step without
    `when` is a warning (JS216) only when the project's configuration says ``require_events = true``.
    """
    from journeyspec.lang.frontend import compile_paths
    from journeyspec.project import requires_events

    if isinstance(paths, (str, Path)):
        paths = [paths]
    return [d for result in compile_paths(list(paths), require_events=requires_events())
            for d in result.diagnostics]


def format(text: str, file: str | None = None) -> str:  # noqa: A001 - the verb is the API
    """The canonical layout of map text; raises :class:`JourneyspecError` when it does not parse."""
    from journeyspec.lang.formatter import format_text

    return format_text(text, file)


__all__ = [
    "Change",
    "Diagnostic",
    "Document",
    "Journey",
    "JourneyspecError",
    "Severity",
    "__version__",
    "check",
    "compile",
    "diff",
    "render",
    "format",
    "load",
    "parse",
    "validate",
]
