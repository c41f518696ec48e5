"""The journeyspec language: map text in, frozen IR and diagnostics out.

The road runs through three stops: :mod:`~journeyspec.lang.front` reads text
into a syntax tree (with syntax errors), :mod:`~journeyspec.lang.compile` turns
that tree into the IR and runs the static design checks, and
:mod:`~journeyspec.lang.frontend` does both in one call for every caller;
:mod:`~journeyspec.lang.formatter` prints a syntax tree back in the canonical
layout, :mod:`~journeyspec.lang.source` reads map files and
:mod:`~journeyspec.lang.ebnf` writes the grammar for the language reference.
The language knows nothing of data: modules here may import
:mod:`journeyspec.ir`, :mod:`journeyspec.diagnostics`, :mod:`journeyspec.units`
and :mod:`journeyspec.gc_pause`, and never the engine, the checks on data,
rendering, the CLI, the pytest plugin, the site, simulation, discovery, diffs or
the top-level :mod:`journeyspec` package (which imports this one).
"""
