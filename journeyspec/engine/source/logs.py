"""Event logs as sources: XES and OCEL 2.0, each read once into Parquet files (see :mod:`.converted`).

An XES log (``.xes``, ``.xes.gz``) is one case per trace; an OCEL 2.0 log
(``.sqlite``) has objects instead of cases, and ``case_object`` chooses the
object type whose objects are the paths. Both then go to DuckDB or Spark as
the same Parquet files, so every engine reads them alike.
"""

from __future__ import annotations

from journeyspec.engine.errors import data_error
from journeyspec.engine.source.base import Opened
from journeyspec.engine.source.converted import open_converted

_OTHER_OCEL = {
    "ocel-json": "JSON",
    "ocel-xml": "XML",
}


def open_log(files: list[str], kind: str, *, engine: str, spark: dict | None, case_object: str | None) -> Opened:
    """The XES or OCEL 2.0 log in ``files`` (one file) as a table of events.

    Raises:
        JourneyspecError: JS301 for several logs in one source, JS306 for ``case_object`` on an XES
            log, JS334 for an OCEL form that is not read; the readers' own (JS330-JS335).
    """
    if len(files) > 1:
        raise data_error(
            "JS301",
            f"a source reads one event log, and {len(files)} match: {', '.join(files[:3])}"
            + (" ..." if len(files) > 3 else ""),
            help="name one .xes or .sqlite file in --data, or configure one source per log",
        )
    path = files[0]
    if kind == "xes":
        if case_object is not None:
            raise data_error(
                "JS306",
                f"`case_object` applies to OCEL 2.0 logs; {path} is an XES log, whose cases are its traces",
                help="remove `case_object` (or --case-object) for this source",
            )
        from journeyspec.engine.source.xes import read_xes

        log = read_xes(path)
    elif kind == "ocel":
        from journeyspec.engine.source.ocel import read_ocel

        log = read_ocel(path, case_object)
    else:
        raise data_error(
            "JS334",
            f"{path} is an OCEL 2.0 log in its {_OTHER_OCEL[kind]} form, which journeyspec does not read",
            help="export the log in OCEL 2.0's SQLite form (.sqlite), which "
            "journeyspec reads; process-mining tools such as Ocelot and OCPQ convert between the forms",
        )
    return open_converted(log, engine, spark)


__all__ = ["open_log"]
