"""The registry of diagnostic codes.

Codes are stable: once published, a code keeps its meaning forever, so that
people can search for it and tools can filter on it. ``JS1xx`` are syntax
errors, ``JS2xx`` semantic problems in a map, ``JS3xx`` problems with data
and expectations checked against data.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    """How serious a diagnostic is. Errors fail validation; warnings fail it only under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Code:
    """One diagnostic code: its stable number, short name, default severity and meaning."""

    code: str
    name: str
    severity: Severity
    meaning: str


_E = Severity.ERROR
_W = Severity.WARNING

CODES: dict[str, Code] = {
    c.code: c
    for c in [
        # --- JS1xx: syntax -------------------------------------------------
        Code("JS100", "syntax-error", _E, "The text does not follow the journey language's grammar."),
        Code("JS101", "not-utf8", _E, "The file is not valid UTF-8 text."),
        Code("JS102", "unclosed-brace", _E, "A `{` is never closed by a matching `}`."),
        Code("JS103", "single-equals", _E, "`=` was used where a comparison needs `==`."),
        Code("JS104", "flow-arrow", _E, "Steps in a `flow` must be joined by `->`."),
        Code("JS105", "unquoted-label", _E, "A display label must be written in double quotes."),
        Code("JS106", "unclosed-string", _E, "A quoted text is not closed on the line where it starts."),
        Code("JS107", "unknown-keyword", _E, "A statement or metric starts with a word the language does not know."),
        Code("JS108", "unexpected-character", _E, "A character that has no meaning in the journey language."),
        Code("JS109", "too-many-errors", _E, "So many syntax errors that reading the file was stopped."),
        Code("JS110", "invalid-escape", _E, "A quoted text uses a backslash escape other than `\\\"` or `\\\\`."),
        Code("JS111", "too-deep", _E, "A predicate is nested more deeply than the language allows."),
        Code("JS112", "unexpected-brace", _E, "A `}` closes a block that was never opened."),
        Code("JS113", "misplaced-statement", _E, "A statement is written in a block that cannot hold it (a `step` outside a stage...)."),
        Code("JS116", "group-form", _E, "A `group` does not say how many of its steps are needed: `all of` or `any K of`."),
        Code("JS117", "empty-group", _E, "A `group` lists no step (or a `,` with no step after it)."),
        # JS118-JS124: `use` and `library`, shared definitions across files.
        Code("JS118", "use-absolute-path", _E, "A `use` names an absolute path; it must be relative to the file that writes it."),
        Code("JS119", "use-outside-project", _E, "A `use` names a file outside the project (the folder with `pyproject.toml` or `journeyspec.toml`)."),
        Code("JS120", "use-missing-file", _E, "A `use` names a file that does not exist, cannot be read, or is not one `.journey` file (a folder, a pattern)."),
        Code("JS121", "use-cycle", _E, "Files use each other in a circle; the message prints the whole chain."),
        Code("JS122", "library-with-journey", _E, "A file holds both a `library` and a `journey`; a library file holds only libraries."),
        Code("JS124", "use-no-library", _E, "A `use` names a file that declares no `library`."),
        Code("JS125", "time-without-statistic", _E, "`time A -> B` does not say which time: p50 (half of people), p90 (nine in ten), mean..."),
        # --- JS2xx: semantics ----------------------------------------------
        Code("JS201", "duplicate-id", _E, "Two journeys, stages, steps or personas share one id."),
        Code("JS202", "unknown-step", _E, "A flow, start, success or expectation names a step that is not declared."),
        Code("JS203", "unknown-stage", _E, "An expectation names a stage that is not declared."),
        Code("JS204", "unreachable-step", _E, "No designed path leads from a start step to this step."),
        Code("JS205", "dead-end", _W, "No success step can be reached from this step."),
        Code("JS206", "missing-start", _E, "The journey has no `start` statement."),
        Code("JS207", "missing-success", _E, "The journey has no `success` statement."),
        Code("JS208", "emotion-out-of-range", _E, "A designed emotion is not a whole number from -3 to +3."),
        Code("JS209", "share-out-of-range", _E, "A designed share is outside 0% to 100%."),
        Code("JS210", "shares-above-total", _E, "The designed shares leaving one step add up to more than 100%."),
        Code("JS211", "dropoff-at-success", _E, "`dropoff at` names a success step, where ending is the goal (or a designed ending, where ending is by design)."),
        Code("JS212", "threshold-above-100", _E, "A percentage threshold of a proportion is above 100%."),
        Code("JS213", "confidence-not-proportion", _E, "`confidence` or `point estimate` is given on a metric that is not a proportion."),
        Code("JS214", "invalid-regex", _E, "The pattern after `~` is not a regular expression every engine accepts."),
        Code("JS215", "time-same-step", _E, "A `time` metric measures from a step to itself."),
        Code("JS216", "never-observed", _W, "A step has no `when`, so no event can ever be assigned to it."),
        Code("JS217", "duplicate-edge", _E, "The same flow edge is declared twice."),
        Code("JS218", "duplicate-statement", _E, "A statement that may appear once appears twice in the same place."),
        Code("JS219", "threshold-kind", _E, "The threshold's kind (percentage, count, duration, score) does not fit the metric."),
        Code("JS220", "unknown-statistic", _E, "`time` names a statistic other than p50, p75, p90, p95, p99 or mean."),
        Code("JS221", "chain-annotation", _E, "A label or share is written on a flow chain of more than one edge."),
        Code("JS222", "confidence-out-of-range", _E, "A confidence level is not strictly between 50% and 100%."),
        Code("JS223", "sentiment-range", _E, "The sentiment scale's low end is not below its high end."),
        Code("JS224", "invalid-comparator", _E, "An expectation uses `!=`, which cannot pass or fail meaningfully."),
        Code("JS225", "baseline-threshold", _E, "A `vs baseline` threshold is not a change, or a change is written without `vs baseline`."),
        Code("JS226", "qualifier-not-applicable", _E, "A qualifier such as `within` is used on a metric it does not apply to."),
        Code("JS227", "invalid-number", _E, "A number is not valid where it is written (negative count, fraction of a session...)."),
        Code("JS228", "missing-sentiment", _E, "`emotion at` is expected, but the journey has no `sentiment` statement."),
        Code("JS229", "missing-friction", _E, "`friction at` is expected, but the journey has no `friction` statement."),
        Code("JS230", "empty-list", _W, "`in []` can never match."),
        Code("JS231", "self-loop", _W, "A flow from a step to itself, which repeats collapsing never shows."),
        Code("JS232", "empty-stage", _W, "A stage has no steps."),
        Code("JS233", "no-journeys", _W, "The file holds no journey."),
        Code("JS234", "control-character", _W, "A quoted text holds a control character (an escape, a bidi override...), shown escaped wherever it is printed."),
        Code("JS235", "number-too-large", _E, "A number is too large to mean anything where it is written (hundreds of digits, a count beyond 2^63, a duration beyond 100 years)."),
        Code("JS236", "ending-is-success", _E, "A step is listed both as a success and as a designed ending (`end`)."),
        Code("JS237", "flow-from-ending", _E, "A designed flow leaves a designed ending, where the journey ends."),
        Code("JS238", "listed-twice", _W, "A step is listed twice in `end`, or a warning twice in `allow`."),
        Code("JS239", "bad-allow", _E, "`allow` names something that is not a warning a map can silence: an unknown code or name, or an error."),
        # JS240 and up: groups of steps done in any order.
        Code("JS240", "group-size", _E, "A group holds one step, or more steps than a group may hold."),
        Code("JS241", "group-count", _E, "`any K of` asks for no step, for more steps than the group holds, or for a fraction of one."),
        Code("JS242", "step-in-two-groups", _E, "A step is listed in two groups, or twice in one."),
        Code("JS243", "group-step-in-flow", _E, "A flow or `start` names a step of a group, which paths enter and leave through its group."),
        Code("JS244", "group-step-other-stage", _E, "A group lists a step of another stage than its own."),
        Code("JS245", "group-not-a-step", _E, "A group is named where only a step can stand (`success`, `friction at`, `end`)."),
        Code("JS246", "two-verdict-rules", _E, "An expectation says both `confidence` and `point estimate`: it is judged by one rule."),
        # JS247-JS249 and JS255-JS259: shared definitions taken from libraries.
        Code("JS247", "unknown-library", _E, "`from` names a library that none of the file's `use` statements provides."),
        Code("JS248", "not-in-library", _E, "A step, persona or event rule taken `from` a library is not defined in it."),
        Code("JS249", "library-name-clash", _E, "Two libraries a file can see share one name, so `from` that name would be ambiguous."),
        Code("JS255", "unused-library-entry", _W, "A library defines a step or persona that no journey validated with it takes."),
        Code("JS256", "unused-use", _W, "A `use` provides libraries that nothing in the file takes anything `from`."),
        # JS250-JS254: the lanes of journey maps and service blueprints, and persona lanes.
        Code("JS250", "unknown-icon", _E, "A step names an icon that the vendored icon set does not have."),
        Code("JS251", "unknown-persona", _E, "`emotion ... for ID` names a persona the journey does not declare."),
        Code("JS257", "shared-override", _E, "A journey gives a shared step a `channel`, `touchpoint` or `emotion` its library already gives."),
        # --- JS3xx: data ---------------------------------------------------
        Code("JS301", "unknown-source", _E, "The data source does not exist or is not a format journeyspec can read."),
        Code("JS302", "missing-column", _E, "A column the configuration or the canonical names expect is not in the data."),
        Code("JS303", "unknown-field", _E, "A predicate reads a field that is not a column of the data."),
        Code("JS304", "bad-time", _E, "The time column does not parse as the configured or ISO-8601 time format."),
        Code("JS305", "empty-data", _E, "The data source has no rows, or none with a session and a time."),
        Code("JS306", "bad-config", _E, "The `[tool.journeyspec]` configuration (or `journeyspec.toml`) has a wrong key or value."),
        Code("JS307", "bad-regex", _E, "The data engine rejects a regular expression of a predicate."),
        Code("JS308", "type-mismatch", _E, "A predicate compares a column with a literal of another type."),
        Code("JS309", "engine-unavailable", _E, "The chosen data engine (e.g. Spark) is not installed or cannot start."),
        Code("JS310", "engine-error", _E, "The data engine failed while reading or reducing the data."),
        Code("JS311", "needs-user", _E, "The journey or the sessionisation needs a user column, and none is mapped."),
        Code("JS312", "unknown-pair", _E, "A requested step pair names a step the journey does not declare."),
        Code("JS313", "bad-breakdown", _E, "`check --by FIELD` names a column whose values are not categories (text, numbers, booleans)."),
        Code("JS314", "newer-duckdb-file", _E, "A DuckDB database file was written by a newer DuckDB than the one installed, which cannot read it."),
        # JS320 and up: what the source's bytes and values are, apart from its columns.
        Code("JS320", "unreadable-file", _E, "A data file is empty, is not the format its name says, is cut short, or is text in another encoding than UTF-8."),
        Code("JS321", "implausible-time", _W, "The event times, read with the configured unit, fall before 1990 or more than a year in the future."),
        Code("JS322", "ambiguous-time", _E, "Text times such as `10/01/2019` read both day-first and month-first, and no `time_format` says which."),
        Code("JS323", "mixed-time-types", _E, "The files of one source hold the time column as different types (a timestamp in one, text in another)."),
        Code("JS324", "mixed-time-zones", _E, "The time column mixes times with an offset (`Z`, `+02:00`) and times without one."),
        Code("JS325", "time-format-not-needed", _W, "A `time_format` is set for a column that is already a timestamp or date; the typed value is read."),
        Code("JS326", "no-clock", _E, "The source has no clock (`time = false`), and the map asks for something measured in time."),
        # JS330-JS335: event logs read into events (XES, OCEL 2.0).
        Code("JS330", "broken-xml", _E, "An XES log is not well-formed XML (broken, or cut short); the message names the line and column."),
        Code("JS331", "not-xes", _E, "A file read as XES is not an XES log, or nests its traces and events in a way XES does not allow."),
        Code("JS332", "bad-log-value", _E, "A value of an XES or OCEL log does not read as its type: a time that is not ISO-8601, times with and without a zone mixed, a number that is not one."),
        Code("JS333", "unplaced-events", _W, "Events of an XES log lack a case id, a name or a time: counted in the row totals, and skipped or read without a name."),
        Code("JS334", "bad-ocel", _E, "An OCEL 2.0 log cannot be read as asked: not the SQLite form, no `case_object` given, or an object type the log does not have."),
        Code("JS335", "object-paths", _W, "An OCEL 2.0 log's events relate to several objects of the case type (each is on every such path) or to none (counted as rows without a session)."),
        # JS336-JS339: presets for analytics exports, and fields inside JSON documents.
        Code("JS336", "not-the-preset-export", _E, "The source lacks a column its `preset` reads (it does not look like that analytics export)."),
        Code("JS337", "unknown-preset", _E, "The `preset` of a source names no known analytics export."),
        Code("JS338", "nested-unreadable", _E, "A field inside a JSON document is named, and the engine cannot read inside JSON documents."),
        Code("JS339", "not-json", _E, "Values of a column the preset reads as JSON documents are not JSON."),
        # --- JS34x: simulate and discover ------------------------------------
        Code("JS340", "unsatisfiable-step", _E, "No event can be simulated for a step, `ignore` or `friction`: no value satisfies its condition."),
        Code("JS341", "bad-simulation", _E, "A simulate or discover option or setting cannot be used (a rate above 1, an unknown step...)."),
        Code("JS342", "bad-min-paths", _E, "The minimum number of paths a ranked rate may rest on (`check --min-paths`, `min_paths=`) is not a whole number of at least 1."),
        # JS350-JS356: Spark beyond one machine (a cluster master, Spark Connect).
        Code("JS350", "spark-unreachable", _E, "The Spark master or Spark Connect server at the configured address does not answer within the time allowed."),
        Code("JS351", "spark-connect-missing", _E, "Spark Connect (`spark_remote`) is configured, and a package its client needs is not installed."),
        Code("JS352", "path-not-on-cluster", _E, "A relative path on this machine is to be read by a Spark cluster on other machines, which cannot see it."),
        Code("JS353", "python-mismatch", _E, "Spark's executors run another Python minor version than journeyspec's, which PySpark refuses."),
        # --- JS364-JS369: results over time (periods, history, trend) ---------
        Code("JS364", "periods-need-a-clock", _E, "`check --by-period` groups paths by the calendar, and the source has no clock (`time = false`)."),
        Code("JS365", "bad-period", _E, "`--by-period` names no known calendar period, or the data spans more periods than one check compares."),
        Code("JS366", "not-a-history-file", _W, "A file in the history folder is not a run `check --history` wrote (not JSON, another format or version); it is left out."),
        Code("JS367", "no-history", _E, "The history folder `journeyspec trend` reads is missing or holds no run."),
        # --- JS370-JS379: starting and handing over (init, tracking-plan, import) ---
        Code("JS370", "not-a-journey-diagram", _E, "The file given to `journeyspec import` is not a Mermaid `journey` diagram (another diagram, or no diagram)."),
        Code("JS371", "bad-journey-line", _E, "A line of a Mermaid journey diagram is not a `title`, a `section` or a task (`name: score: actors`)."),
        Code("JS372", "bad-journey-score", _E, "A task of a Mermaid journey diagram has a score that is not a whole number from 1 to 5."),
        Code("JS373", "empty-journey-diagram", _E, "A Mermaid journey diagram has no task, so the map would have no step."),
    ]
}


def lookup(code: str) -> Code:
    """Return the registered :class:`Code` for ``code``; unknown codes are a programming error."""
    return CODES[code]
