"""The language server ``journeyspec lsp``: the compiler's own diagnostics, spans and formatter, for editors.

An integration at the top of the road, like the command line: it calls the
language (:mod:`journeyspec.lang`) and the project settings, and nothing
imports it. It needs the ``lsp`` extra (pygls, lsprotocol). The modules, one
job each:

    server.py       LSP messages in, answers out; debounced diagnostics
    analysis.py     one open document, compiled
    positions.py    offsets <-> LSP positions in the client's encoding
    index.py        where each id is declared and used
    crossfile.py    which documents an id can reach (the one place for other files)
    diagnostics.py  the compiler's diagnostics as LSP ones
    symbols.py      the outline
    hover.py        what an id, a metric or an emotion is (texts: words.py)
    navigation.py   definition, references, rename
    completion.py   keywords from the parser, ids, fields (fields.py), units
    edits.py        formatting with ``fmt``, quick fixes
"""
