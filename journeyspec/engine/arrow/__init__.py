"""The Arrow route: the fast reduction on DuckDB, every event read once, sorted, and reduced with numpy.

:mod:`.stream` builds the one sorted query (and says when a reduction cannot
take this route); :mod:`.read` fetches it batch by batch on a second thread
and cuts each batch into paths with the whole-array kernels of
:mod:`.kernels`; :mod:`.populations` works out every population's facts from
those arrays, its durations summarised by :mod:`.quantiles`. It may import
:mod:`journeyspec.engine.facts`, :mod:`journeyspec.engine.rules`,
:mod:`journeyspec.engine.source`, :mod:`journeyspec.engine.errors` and
:mod:`journeyspec.ir`, and Ibis, numpy and pyarrow only inside functions;
never :mod:`journeyspec.engine.sql`.
"""
