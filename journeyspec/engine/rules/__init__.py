"""Rule 1 of the data semantics: what each event is, decided by the map's predicates.

:mod:`.predicates` compiles the map's predicates to Ibis expressions with
the two-valued logic map authors read; :mod:`.classify` gives every event
its flags (the SQL route) or one small code (the Arrow route), decided in
one order so the two agree row by row. It may import
:mod:`journeyspec.engine.source`, :mod:`journeyspec.engine.errors` and
:mod:`journeyspec.ir`, and Ibis or DuckDB only inside functions; neither route.
"""
