"""Groups of steps done in any order: ``group ID "LABEL" all of A, B`` / ``any K of A, B, C``, checked as written.

A group is declared in the stage that holds its steps and is named in flows,
``start`` and expectations like a step. Each rule a group must meet is one
check here, reported with the span of what is wrong (codes JS240–JS245);
a group with an error is left out of the IR, but its id stays known, so that
the flows naming it do not add errors of their own.
"""

from __future__ import annotations

from journeyspec.diagnostics import Related
from journeyspec.ir.journey import Group
from journeyspec.lang.compile.scope import Scope, join_spans
from journeyspec.lang.front import literals
from journeyspec.lang.front.syntax import GroupStatement, Loc, Name

MAX_GROUP_STEPS = 6
"""The most steps one group may hold (JS240). A check follows which of a group's steps a path has
done, 2**n combinations of them, against every path; at 6 steps that is 64, and a journey whose
customers do more than six things in any order is better drawn as two groups one after the other."""


def compile_groups(scope: Scope, written: list[tuple[GroupStatement, str]], step_stage: dict[str, str]) -> list[Group]:
    """The journey's valid groups, in written order; every problem reported on ``scope``.

    Args:
        scope: The journey's scope; each group's id goes into ``scope.group_spans`` (valid or not) and
            each member of a valid group into ``scope.group_of``.
        written: Each ``group`` statement with the id of the stage it is written in.
        step_stage: Each declared step's stage.
    """
    groups: list[Group] = []
    listed: dict[str, tuple[str, Loc]] = {}  # step -> (group, where it is listed)
    for statement, stage in written:
        name = statement.id
        if not _new_id(scope, name):
            continue
        scope.group_spans[name.value] = name.span
        if not _size_fits(scope, statement):
            continue
        members = _members(scope, statement, stage, step_stage, listed)
        need = _need(scope, statement, len(statement.steps))
        if members is None or need is False:
            continue
        groups.append(Group(
            id=name.value, label=statement.label.value if statement.label else None, stage=stage,
            steps=tuple(members), need=need, span=statement.span.to_span(),
        ))
        scope.group_of.update(dict.fromkeys(members, name.value))
    return groups


def _new_id(scope: Scope, name: Name) -> bool:
    """JS201 when the id is already a step's or another group's: flows could not tell them apart."""
    first = scope.group_spans.get(name.value) or scope.step_spans.get(name.value)
    if first is None:
        return True
    kind = "group" if name.value in scope.group_spans else "step"
    scope.report(
        "JS201",
        f"group id `{name.value}` is already the id of a {kind}",
        name.span,
        label="second declaration",
        help="a flow names steps and groups alike, so their ids must be unique within a journey; rename the group",
        related=(Related(first, "first declared here"),),
    )
    return False


def _members(scope: Scope, statement: GroupStatement, stage: str, step_stage: dict[str, str],
             listed: dict[str, tuple[str, Loc]]) -> list[str] | None:
    """The member ids, or None when one of them is unknown, of another stage, or already in a group."""
    group = statement.id.value
    members: list[str] = []
    ok = True
    for name in statement.steps:
        if not scope.known_step(name):
            ok = False
            continue
        if step_stage[name.value] != stage:
            scope.report(
                "JS244",
                f"step `{name.value}` is in stage `{step_stage[name.value]}`, but group `{group}` is in stage `{stage}`",
                name.span,
                label="a step of another stage",
                help=f"a group holds steps of the stage it is written in: move step `{name.value}` into stage "
                f"`{stage}`, or write the group in stage `{step_stage[name.value]}`",
            )
            ok = False
            continue
        if name.value in listed:
            other, where = listed[name.value]
            scope.report(
                "JS242",
                f"step `{name.value}` is listed twice in group `{group}`" if other == group
                else f"step `{name.value}` is already in group `{other}`",
                name.span,
                label="second listing",
                help="list each step once" if other == group
                else "a step belongs to at most one group; take it out of one of them",
                related=(Related(where, "first listed here"),),
            )
            ok = False
            continue
        listed[name.value] = (group, name.span)
        members.append(name.value)
    return members if ok else None


def _need(scope: Scope, statement: GroupStatement, size: int) -> int | None | bool:
    """K of ``any K of``, None for ``all of``, or False after JS241."""
    if statement.need is None:
        return None
    count = scope.read(literals.number, statement.need)
    if count is None:
        return False
    if isinstance(count, int) and 1 <= count <= size:
        return count
    if not isinstance(count, int):
        problem = f"`any {statement.need.raw} of` needs a whole number of steps"
    elif count < 1:
        problem = f"`any {statement.need.raw} of` is met by doing nothing"
    else:
        problem = f"`any {statement.need.raw} of` asks for more steps than group `{statement.id.value}` holds ({size})"
    scope.report(
        "JS241",
        problem,
        statement.need.span,
        label="out of range",
        help=f"write a whole number from 1 to {size}, or `all of` when every step is needed" if size > 1
        else "a group needs at least two steps",
    )
    return False


def _size_fits(scope: Scope, statement: GroupStatement) -> bool:
    """JS240 for a group of one step, or of more than :data:`MAX_GROUP_STEPS`."""
    size = len(statement.steps)
    span = join_spans(statement.steps[0].span, statement.steps[-1].span)
    if size < 2:
        scope.report(
            "JS240",
            f"group `{statement.id.value}` holds one step; a group is two or more steps done in any order",
            span,
            label="only one step",
            help=f"list the steps that are done in any order with `{statement.steps[0].value}`, or remove the group "
            "and write the step in the flows",
        )
        return False
    if size > MAX_GROUP_STEPS:
        scope.report(
            "JS240",
            f"group `{statement.id.value}` holds {size} steps; a group holds at most {MAX_GROUP_STEPS}",
            span,
            label="too many steps",
            help=f"a check follows every combination of a group's steps ({2 ** size:,} for {size}); split it into "
            "two groups one after the other",
        )
        return False
    return True


__all__ = ["MAX_GROUP_STEPS", "compile_groups"]
