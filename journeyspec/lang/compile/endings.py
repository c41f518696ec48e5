"""`end`: the steps where a journey ends by design without success, checked as written.

A designed ending (an application declined, a ticket closed as a duplicate)
is an outcome like success: the journey stops there, so it is never a dead
end (JS205) nor a drop-off. That makes three things contradictions the map
author must resolve: a step that is both a success and an ending (JS236), a
designed flow out of an ending (JS237: if the journey goes on, it did not end
there), and an unknown step (JS202). A step listed twice is only a slip
(JS238, a warning).
"""

from __future__ import annotations

from journeyspec.diagnostics import Related
from journeyspec.ir.journey import Edge
from journeyspec.lang.compile.scope import Scope
from journeyspec.lang.front.syntax import Loc, Name


def check_endings(
    scope: Scope, endings: list[Name], success: list[Name], edges: list[Edge], edge_spans: dict[tuple[str, str], Loc]
) -> tuple[str, ...]:
    """The designed endings of a journey, in written order, each problem reported at its name.

    ``edge_spans`` gives where each designed edge is written, for JS237.
    """
    kept: dict[str, Loc] = {}
    success_at = {name.value: name.span for name in reversed(success)}  # the first mention wins
    for name in endings:
        if not scope.known_step(name):
            continue
        if name.value in kept:
            scope.report(
                "JS238",
                f"`{name.value}` is already listed as a designed ending",
                name.span,
                label="listed twice",
                help="remove one of them",
                related=(Related(kept[name.value], "first listed here"),),
            )
            continue
        if name.value in success_at:
            scope.report(
                "JS236",
                f"`{name.value}` is both a success step and a designed ending",
                name.span,
                label="also a success",
                help="a success is where the journey succeeds, an ending where it stops without success; "
                "keep it in one of `success` or `end`",
                related=(Related(success_at[name.value], "listed as a success here"),),
            )
        kept[name.value] = name.span
    for edge in edges:
        if edge.source in kept:
            pair = (edge.source, edge.target)
            scope.report(
                "JS237",
                f"the flow `{edge.source} -> {edge.target}` leaves `{edge.source}`, a designed ending",
                edge_spans[pair],
                label="a flow out of an ending",
                help=f"the journey stops at a designed ending: remove this flow, or remove `{edge.source}` "
                "from `end` if the journey goes on from there",
                related=(Related(kept[edge.source], "listed as an ending here"),),
            )
    return tuple(kept)


__all__ = ["check_endings"]
