"""The whole reduction: source -> classified events -> paths -> :class:`Facts`, by one of two routes.

:func:`reduce` opens the source, maps its columns and classifies the events
(rule 1), then picks the route. On DuckDB, with a source row order and plain
keys, the Arrow route (:mod:`journeyspec.engine.arrow`) reads every event
once, sorted, and works out the facts with numpy;
:func:`~journeyspec.engine.arrow.stream.fallback_reason` says when it cannot.
Otherwise, and always on Spark, the SQL route (:mod:`journeyspec.engine.sql`)
runs: one aggregation by path key collects each path's events and counts the
event totals, and its result is cached (a temporary table on DuckDB).
Everything else reads the cached per-path table, so adding a population (a
``where``) or a pair costs a few small queries, not a pass over the events.
Sessions cut from a user after a gap need a window over the kept events
first, so there the totals take a scan of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from journeyspec.diagnostics import Diagnostic, JourneyspecError
from journeyspec.engine.arrow.stream import fallback_reason
from journeyspec.engine.errors import data_error, engine_failure
from journeyspec.engine.facts.build import population_facts
from journeyspec.engine.facts.models import Durations, Facts, PairRequest, PopulationFacts, TimeRead, pair_end
from journeyspec.engine.rules.classify import Plan, classify, codes, kept_events
from journeyspec.engine.source.base import Opened
from journeyspec.engine.source.columns import Mapping, check_documents, prepare, resolve_mapping
from journeyspec.engine.source.config import SourceConfig
from journeyspec.engine.source.open import open_source
from journeyspec.engine.source.time_diagnosis import unreadable_times
from journeyspec.engine.source.times import TimeReading, time_warning
from journeyspec.engine.sql.aggregates import (
    attribution_query,
    scalars_query,
    transitions_query,
    variants_query,
)
from journeyspec.engine.sql.totals import (
    folded_totals_from,
    folded_totals_query,
    off_map_names_query,
    totals_from,
    totals_query,
)
from journeyspec.ir import Journey
from journeyspec.ir.expectations import populations
from journeyspec.ir.predicates import Predicate
from journeyspec.ir.text import predicate_text


def requested_pairs(journey: Journey, extra: Iterable[PairRequest | tuple[str, str]] = ()) -> list[PairRequest]:
    """The pairs the journey's expectations need (conversion and time), then ``extra``; windows merged."""
    order: dict[tuple[str, str], set[int]] = {}
    for expectation in journey.expectations:
        metric = expectation.metric
        if metric.kind in ("conversion", "time"):
            windows = order.setdefault((metric.from_step, metric.to_step), set())
            if expectation.within is not None:
                windows.add(expectation.within)
    for item in extra:
        request = item if isinstance(item, PairRequest) else PairRequest(*item)
        order.setdefault((request.source, request.target), set()).update(request.within)
    for source, target in order:
        for step in (source, target):
            if step not in journey.step_ids and not journey.is_group(step):
                raise data_error("JS312", f"the pair {source} -> {target} names `{step}`, which journey "
                                 f"`{journey.id}` does not declare", help="steps: " + ", ".join(journey.step_ids))
    return [PairRequest(s, t, tuple(sorted(w))) for (s, t), w in order.items()]


def requested_wheres(journey: Journey) -> list[Predicate]:
    """The distinct populations the journey's expectations read (each ``where``, and what each ``share``
    counts), in first-use order."""
    seen: dict[str, Predicate] = {}
    for expectation in journey.expectations:
        for where in populations(expectation):
            seen.setdefault(predicate_text(where), where)
    return list(seen.values())


def requested_switches(journey: Journey, extra: Iterable[str] = ()) -> list[str]:
    """The fields of the journey's ``switches`` expectations, then ``extra``, without repeats."""
    fields = [e.metric.field for e in journey.expectations if e.metric.kind == "switches"]
    return list(dict.fromkeys([*fields, *extra]))


def clock_refusals(journey: Journey, pairs: Sequence[PairRequest | tuple[str, str]], config: SourceConfig,
                   source: Any) -> None:
    """Refuse, before any data is read, what needs a clock when the source has none (``time = false``).

    A `time` expectation and a `within` window are measured in time; computing them from the
    order column would print step counts as durations. Each gets a JS326 pointing at its line.

    Raises:
        JourneyspecError: JS326 for every expectation (and requested window) that needs a clock.
    """
    if config.time is not None:
        return
    where = source if isinstance(source, str) else "this source"
    found = []
    for expectation in journey.expectations:
        needs = ("a time between steps" if expectation.metric.kind == "time"
                 else "a time window (`within`)" if expectation.within is not None else None)
        if needs is not None:
            found.append(Diagnostic(
                "JS326", f"this source has no clock: `expect {expectation.text}` needs {needs}, and {where} is "
                f"ordered by `{config.order}` only", span=expectation.span,
                help="remove the expectation (or its `within`), or map a time column with --time COLUMN"))
    for pair in pairs:
        if isinstance(pair, PairRequest) and pair.within:
            found.append(Diagnostic("JS326", f"this source has no clock: the pair {pair.source} -> {pair.target} asks "
                                    f"for conversions within a time window, and {where} is ordered by "
                                    f"`{config.order}` only", help="ask for the pair without windows"))
    if found:
        raise JourneyspecError(found)


def reduce(
    journey: Journey,
    source: Any = None,
    *,
    config: SourceConfig | None = None,
    pairs: Sequence[PairRequest | tuple[str, str]] = (),
    switches: Sequence[str] = (),
    wheres: Sequence[Predicate] | None = None,
    engine: str | None = None,
    max_variants: int | None = None,
) -> Facts:
    """Reduce an event table to the facts of one journey (the data semantics' rule 4).

    Args:
        journey: A compiled journey (``journeyspec.load(...)[0]``).
        source: A path, glob, folder, URI or ``ibis.Table``; None uses ``config.data``.
        config: Column mapping and engine settings; defaults to the canonical names.
        pairs: Extra ``(A, B)`` pairs (or :class:`PairRequest` with windows) to time; the pairs
            of the journey's conversion and time expectations are always included.
        switches: Extra fields to count switches of, besides those the expectations name.
        wheres: Populations besides the whole one; default: the expectations' distinct ``where``s.
        engine: ``duckdb`` or ``spark`` for file sources; overrides ``config.engine``.
        max_variants: Keep the most frequent variants only, folding the rest into
            ``other_variants``; every other fact stays exact.

    Returns:
        The frozen :class:`~journeyspec.engine.facts.models.Facts`.

    Raises:
        JourneyspecError: JS3xx diagnostics for every foreseeable data or configuration problem.
    """
    config = config or SourceConfig()
    engine = engine or config.engine
    if engine not in ("duckdb", "spark"):
        raise data_error("JS306", f"unknown engine {engine!r}", help="use duckdb or spark")
    if source is None:
        source = config.data
    if source is None:
        raise data_error("JS301", "no data source given",
                         help="pass --data PATH, or set `data` in [tool.journeyspec.sources.default]")
    clock_refusals(journey, pairs, config, source)
    clock = config.resolved()  # a preset's time column and unit decide how the files read it
    opened = open_source(source, engine=engine, table=config.table,
                         spark={"master": config.spark_master, "remote": config.spark_remote},
                         csv=config.csv_dialect(), time_column=clock.time, time_format=clock.time_format,
                         case_object=config.case_object)
    pair_requests = requested_pairs(journey, pairs)
    where_list = list(wheres) if wheres is not None else requested_wheres(journey)
    plan = Plan(
        wheres=tuple(where_list),
        switch_fields=tuple(requested_switches(journey, switches)),
        sentiment_field=journey.sentiment.field if journey.sentiment else None,
    )
    try:
        return _reduce(journey, opened, config, plan, pair_requests, max_variants)
    except JourneyspecError:
        raise
    except Exception as error:  # noqa: BLE001 - a backend's failure becomes a diagnostic
        raise engine_failure(error, opened.description, opened.backend) from None


def _fetch(expr):
    return expr.to_pyarrow()


def _reduce(journey: Journey, opened: Opened, config: SourceConfig, plan: Plan,
            pairs: list[PairRequest], max_variants: int | None) -> Facts:
    table = opened.table
    mapping = resolve_mapping(config, list(table.columns), opened.description, scope=journey.scope)
    check_documents(table, mapping)
    prepared, reading = prepare(table, mapping)
    if opened.backend == "duckdb":
        # Rule 1 as codes (the fast path's form) decides; the shared pass's flags are built only if needed.
        coded = codes(prepared, journey, mapping, plan)
        if fallback_reason(coded, opened.backend, opened.has_row_order, plan) is None:
            facts = _reduce_fast(journey, opened, mapping, reading, plan, pairs, max_variants, prepared, coded)
            if facts is not None:
                return facts
    flagged = classify(prepared, journey, mapping, plan)
    return _reduce_shared(journey, opened, mapping, reading, plan, pairs, max_variants, flagged)


def _reduce_fast(journey: Journey, opened: Opened, mapping, reading: TimeReading, plan: Plan,
                 pairs: list[PairRequest], max_variants: int | None, prepared, coded) -> Facts | None:
    """The DuckDB fast path (:mod:`journeyspec.engine.arrow`); None when the data needs the shared pass."""
    from journeyspec.engine.arrow.populations import partial, populations
    from journeyspec.engine.arrow.read import read

    backend = opened.table._find_backend()
    result = read(coded, journey, plan, has_order=mapping.order is not None, backend=backend,
                  columnar=opened.columnar, gap=mapping.gap_us,
                  reduce_part=lambda stream: partial(stream, journey, plan, pairs))
    _check_totals(result.totals, result.unreadable, prepared, mapping, reading, opened)
    whole, filtered = populations(result.parts, journey, plan, pairs, max_variants=max_variants)
    return _facts(journey, opened, result.totals, whole, filtered, mapping, reading, result.time_range)


def _reduce_shared(journey: Journey, opened: Opened, mapping, reading: TimeReading, plan: Plan,
                   pairs: list[PairRequest], max_variants: int | None, flagged) -> Facts:
    """The pass every Ibis backend shares: per-path lists, cached, then a few queries per population."""
    from journeyspec.engine.sql.paths import path_table

    has_order = mapping.order is not None
    # Sessions cut by a gap need a window over the kept events first, so their totals take a scan of their own.
    fold = mapping.gap_us is None
    cached = None
    try:
        if fold:
            cached = path_table(flagged, journey, plan, has_order=has_order, fold_totals=True).cache()
            totals, unreadable = folded_totals_from(_fetch(folded_totals_query(cached)),
                                                    _fetch(off_map_names_query(cached)))
        else:
            totals, unreadable = totals_from(_fetch(totals_query(flagged)))
        _check_totals(totals, unreadable, flagged, mapping, reading, opened)
        # One more aggregate, over the time column only: the fast path gets the same two numbers free.
        ends = _fetch(flagged.aggregate(low=flagged.__js_t.min(), high=flagged.__js_t.max())).to_pylist()[0]
        if cached is None:
            paths = kept_events(flagged, mapping)
            cached = path_table(paths, journey, plan, has_order=has_order, fold_totals=False).cache()
        pair_indexes = [(pair_end(journey, p.source), pair_end(journey, p.target), p.within) for p in pairs]
        members = cached.filter(cached.population)

        def population(filter_column: str | None, where: Predicate | None):
            subset = members if filter_column is None else members.filter(members[filter_column])
            return population_facts(
                journey,
                where=where,
                variants=_fetch(variants_query(subset)),
                transitions=_fetch(transitions_query(subset)),
                attribution=_fetch(attribution_query(subset)) if "items" in cached.columns else None,
                scalars=_fetch(scalars_query(subset, pair_indexes, len(plan.switch_fields))),
                pairs=pairs,
                switch_fields=plan.switch_fields,
                max_variants=max_variants,
            )

        whole = population(None, None)
        filtered = tuple(population(f"w{k}", where) for k, where in enumerate(plan.wheres))
    finally:
        if cached is not None:
            _release(cached)
    return _facts(journey, opened, totals, whole, filtered, mapping, reading,
                  None if ends["low"] is None else (ends["low"], ends["high"]))


def _without_durations(population: PopulationFacts) -> PopulationFacts:
    """A population of a source without a clock: its durations (all zero: every event is at time 0) left out."""
    def blank(durations: Durations) -> Durations:
        return Durations(count=durations.count)

    return population.model_copy(update={
        "transitions": tuple(t.model_copy(update={"time": blank(t.time)}) for t in population.transitions),
        "pairs": tuple(p.model_copy(update={"time": blank(p.time)}) for p in population.pairs),
    })


def _facts(journey: Journey, opened: Opened, totals, whole, filtered, mapping: Mapping, reading: TimeReading,
           time_range: tuple[int, int] | None) -> Facts:
    warning = time_warning(*time_range, mapping) if time_range else None
    if not reading.clock:
        whole, filtered = _without_durations(whole), tuple(_without_durations(p) for p in filtered)
    return Facts(
        journey=journey.id,
        source=opened.description,
        engine=opened.backend if opened.backend in ("duckdb", "spark") else "ibis",
        scope=journey.scope,
        repeats=journey.repeats,
        totals=totals,
        population=whole,
        filtered=filtered,
        time_format=mapping.time_format,
        time_warnings=(warning,) if warning else (),
        time_read=TimeRead(**vars(reading)),
        time_span=(int(time_range[0]), int(time_range[1])) if time_range and reading.clock else None,
        source_notes=opened.notes,
    )


def _check_totals(totals, unreadable: int, flagged, mapping, reading: TimeReading, opened: Opened) -> None:
    """JS305 and JS304 from the totals; ``flagged`` is any table with ``__js_t`` and ``__js_time_raw``."""
    if totals.rows == 0:
        raise data_error("JS305", f"{opened.description} has no rows", help="check the path and the export")
    if unreadable:
        raise unreadable_times(flagged, mapping, reading.format, reading.zone is None, unreadable)
    if totals.events == 0:
        what = "a time" if reading.clock else f"a value of `{reading.order}`"
        raise data_error("JS305", f"every row of {opened.description} lacks a session or {what}",
                         help="check the --session/--user and " + ("--time columns" if reading.clock else "--order columns"))


def _release(cached) -> None:
    try:
        cached.release()
    except Exception:  # noqa: BLE001 - releasing a cache must never hide the result
        pass


__all__ = ["PairRequest", "reduce", "requested_pairs", "requested_switches", "requested_wheres"]
