"""The SQL route (the "shared pass"): the reduction as Ibis queries, for Spark, any Ibis backend, and DuckDB's fallback.

One hash aggregation collects each path's events (:mod:`.paths`, rule 2);
the result is cached, and a few small queries per population read it
(:mod:`.aggregates`, rule 4); the event totals come from the same pass or
a scan of their own (:mod:`.totals`). Its Arrow results become facts in
:mod:`journeyspec.engine.facts.build`, as the Arrow route's do. It may import
:mod:`journeyspec.engine.facts`, :mod:`journeyspec.engine.rules`,
:mod:`journeyspec.engine.source`, :mod:`journeyspec.engine.errors` and
:mod:`journeyspec.ir`, and Ibis or pyarrow only inside functions; never
:mod:`journeyspec.engine.arrow`.
"""
