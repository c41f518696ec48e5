"""Libraries checked on their own: a library file validates with no journey using it.

Each `library` block is compiled with the same code as a journey's personas,
steps and event rules (so a broken condition or an emotion out of range is
found in the library itself, where its author works), and its conditions get
the same predicate checks; the journey-only checks (start, success, paths)
do not apply to a library.
"""

from __future__ import annotations

from journeyspec.diagnostics import Diagnostic
from journeyspec.ir.journey import Journey
from journeyspec.lang.compile.allow import Allowance
from journeyspec.lang.compile.checks import check_predicates
from journeyspec.lang.compile.journey import JourneyCompiler
from journeyspec.lang.compile.scope import Once
from journeyspec.lang.front.syntax import Block, PredicateStatement, SentimentStatement


def check_library(block: Block, diagnostics: list[Diagnostic]) -> list[Allowance]:
    """Compile one (resolved) library block for its diagnostics; returns what its steps' `allow`s silence."""
    compiler = JourneyCompiler(block, diagnostics)
    once = Once(diagnostics)
    where = f"library `{block.id.value}`"
    for statement in block.body or ():
        if isinstance(statement, Block) and statement.keyword == "persona":
            compiler.persona(statement)
        elif isinstance(statement, Block):
            compiler.step(statement, block.id.value)
        elif isinstance(statement, PredicateStatement):
            (compiler.ignore if statement.keyword == "ignore" else compiler.friction).append(statement.predicate)
        elif isinstance(statement, SentimentStatement):
            if once.first("sentiment", statement.span, where):
                compiler.sentiment(statement)
        else:  # description
            once.first(statement.keyword, statement.span, where)
    stand_in = Journey(id=block.id.value, steps=tuple(compiler.steps), ignore=tuple(compiler.ignore),
                       friction=tuple(compiler.friction))
    # A library step may leave `when` to its journeys (JS216 is theirs to report).
    diagnostics += [d for d in check_predicates(stand_in) if d.code != "JS216"]
    return compiler.allowances


__all__ = ["check_library"]
