"""Data problems as diagnostics: what is wrong, where, and what to do.

Every failure the engine can foresee becomes a JS3xx :class:`Diagnostic`
raised in a :class:`JourneyspecError`; backend exceptions that escape are
translated here too, so a user never sees an engine's stack trace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from journeyspec.diagnostics import Diagnostic, JourneyspecError
from journeyspec.diagnostics.suggest import closest
from journeyspec.ir.base import Span


def data_error(code: str, message: str, *, help: str | None = None, span: Span | None = None) -> JourneyspecError:  # noqa: A002
    """A :class:`JourneyspecError` holding one JS3xx diagnostic."""
    return JourneyspecError([Diagnostic(code, message, span=span, help=help)])


def columns_help(name: str, available: Iterable[str]) -> str:
    """``did you mean `page`? available columns: a, b, c`` — for a wrong column name."""
    names = list(available)
    guess = closest(name, names)
    shown = ", ".join(f"`{n}`" for n in names[:40]) + (" ..." if len(names) > 40 else "")
    lead = f"did you mean `{guess}`? " if guess else ""
    return f"{lead}available columns: {shown}"


def first_line(error: BaseException) -> str:
    """The first meaningful line of a backend's error message, without its stack."""
    text = str(error).strip() or type(error).__name__
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("at ", "==", "JVM stacktrace")):
            return line[:400]
    return text[:400]


_PYTHON_VERSIONS = re.compile(r"different version:?\s*([\d.]+)\s*than that in driver:?\s*([\d.]+)")


def python_mismatch(error: BaseException, where: str | None = None) -> JourneyspecError | None:
    """JS353 when Spark's executors run another Python minor version than the driver (PySpark's
    ``PYTHON_VERSION_MISMATCH``), else None. ``where`` is the cluster's address, safe to print."""
    text = str(error)
    if "PYTHON_VERSION_MISMATCH" not in text and "Python in worker has different version" not in text:
        return None
    versions = _PYTHON_VERSIONS.search(text)
    worker, driver = versions.groups() if versions else ("another version", "this one")
    return data_error(
        "JS353",
        f"the executors{f' of {where}' if where else ''} run Python {worker}, and journeyspec runs on Python "
        f"{driver}: PySpark needs the same minor version on both sides",
        help=f"run journeyspec with Python {worker}, or point the executors at a Python {driver} with "
             "`spark.pyspark.python` in spark-defaults.conf (or PYSPARK_PYTHON in the workers' spark-env.sh)",
    )


def engine_failure(error: BaseException, source: str, engine: str) -> JourneyspecError:
    """Translate an unexpected backend exception into a JS310 diagnostic."""
    mismatch = python_mismatch(error) if engine == "spark" else None
    if mismatch is not None:
        return mismatch
    message = first_line(error)
    lowered = message.lower()
    if "regex" in lowered or "regular expression" in lowered or "pattern" in lowered and "syntax" in lowered:
        return data_error(
            "JS307",
            f"{engine} rejected a regular expression while reading {source}: {message}",
            help="use RE2 syntax (no look-around, no back-references) in `~` patterns",
        )
    whole = str(error).lower()  # DuckDB names the CSV line first and says what is wrong with it below
    if "invalid unicode" in whole or "not utf-8 encoded" in whole:
        return data_error(
            "JS320",
            f"{source} is not UTF-8 text: {message}",
            help="re-encode it as UTF-8, e.g. `iconv -f LATIN1 -t UTF-8 old.csv > new.csv` (or `-f UTF-16`)",
        )
    if "not a valid duckdb database file" in lowered:
        return data_error(
            "JS320",
            f"{source} is not a DuckDB database file: {message}",
            help="a duckdb:// source must be a database written by DuckDB; for Parquet, CSV or JSON pass the file's path",
        )
    if "magic bytes" in lowered or "parquet file" in lowered and ("too small" in lowered or "corrupt" in lowered):
        return data_error(
            "JS320",
            f"{source} is not a whole Parquet file: {message}",
            help="the file was probably written or copied only in part: write it again",
        )
    if any(word in lowered for word in ("strptime", "timestamp", "datetime", "to_timestamp", "date format")):
        return data_error(
            "JS304",
            f"the time column of {source} does not parse: {message}",
            help="set `time_format` (epoch_s, epoch_ms, epoch_us or a strftime pattern such as `%Y-%m-%d %H:%M:%S`)",
        )
    return data_error(
        "JS310",
        f"{engine} failed while reducing {source}: {message}",
        help="check that the source is readable and its columns have the types the map compares them with",
    )


__all__ = ["JourneyspecError", "columns_help", "data_error", "engine_failure", "first_line", "python_mismatch"]
