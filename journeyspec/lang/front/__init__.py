"""Text to syntax tree: the grammar, the lexer, the cached LALR parser and its syntax errors.

``journey.lark`` is the grammar; :mod:`.lexer` scans it, :mod:`.lalr_driver`
parses maps without syntax errors in one tight loop over lark's own table, and
:mod:`.parser` falls back to lark's driver with error recovery for the rest,
describing each error in the author's words (:mod:`.syntax_errors`). The
builder makes the syntax tree (:mod:`.syntax`) while the parser runs, reading
literals (:mod:`.literals`) as it goes; :mod:`.parser_cache` keeps the analysed
grammar between processes. Nothing here knows the IR's journeys or the
compiler: modules may import each other, lark, :mod:`journeyspec.ir` (spans and
predicates), :mod:`journeyspec.diagnostics` and :mod:`journeyspec.units`, and
nothing else of journeyspec.
"""
