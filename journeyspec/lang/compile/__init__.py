"""Syntax tree to IR: names resolved, literals read, and the static design checks.

:mod:`.journey` compiles journeys, their stages, steps and flows;
:mod:`.expectations` compiles ``expect`` statements; both report through the
scope of one journey (:mod:`.scope`). :mod:`.checks` then looks at each
compiled journey as a whole: the designed graph and the predicates. Modules
here may import :mod:`journeyspec.lang.front` (the syntax tree and its
literals), :mod:`journeyspec.ir`, :mod:`journeyspec.diagnostics` and
:mod:`journeyspec.units`; the front end never imports them.
"""
