"""Static design checks over a compiled journey: the designed graph and the predicates, before any data."""

from __future__ import annotations

import re
from collections import defaultdict, deque
from functools import lru_cache

from journeyspec.diagnostics import Diagnostic
from journeyspec.ir.expectations import conditions
from journeyspec.ir.journey import Journey
from journeyspec.ir.predicates import Match, OneOf, Predicate, walk
from journeyspec.ir.text import percent_text, quote

# Constructs Python's `re` accepts but RE2 (DuckDB, BigQuery) does not; Spark's
# Java regexes accept them, so a map using them would work on one engine only.
_NOT_PORTABLE = [
    (re.compile(r"\(\?<?[=!]"), "look-ahead and look-behind"),
    (re.compile(r"(?<!\\)\\[1-9]"), "back-references like \\1"),
    (re.compile(r"\(\?P="), "named back-references"),
    (re.compile(r"[*+?}][+]"), "possessive quantifiers"),
    (re.compile(r"\(\?>"), "atomic groups"),
]


def _reachable(starts, adjacency) -> set[str]:
    seen = set(starts)
    queue = deque(starts)
    while queue:
        node = queue.popleft()
        for following in adjacency.get(node, ()):
            if following not in seen:
                seen.add(following)
                queue.append(following)
    return seen


def check_graph(journey: Journey) -> list[Diagnostic]:
    """Starts, successes, reachability, dead ends and designed shares.

    A dead end (JS205) is a node from which no success and no designed ending
    can be reached and which no success leads to: the steps after a success
    (retention, loyalty, advocacy) are life after success, not a mistake.

    The designed graph's nodes are the steps outside groups and the groups
    (flows and ``start`` name those); a step of a group is reached with its
    group, and every step of a group can follow every other one, so a group
    leads to success when one of its steps is a success step.
    """
    found: list[Diagnostic] = []
    forward: dict[str, list[str]] = defaultdict(list)
    backward: dict[str, list[str]] = defaultdict(list)
    for edge in journey.edges:
        forward[edge.source].append(edge.target)
        backward[edge.target].append(edge.source)
    node_of = {step: group.id for group in journey.groups for step in group.steps}
    reached = _reachable(journey.start, forward) if journey.start else None
    # A designed ending is an outcome like success: a path that leads there ends by design.
    outcomes = list(dict.fromkeys(node_of.get(step, step) for step in (*journey.success, *journey.endings)))
    leads_to_outcome = _reachable(outcomes, backward) if journey.success else None
    # Life after success (retention, loyalty, advocacy): a step a success leads to is not a dead end.
    successes = list(dict.fromkeys(node_of.get(step, step) for step in journey.success))
    after_success = _reachable(successes, forward)
    outcome = "success step or designed ending" if journey.endings else "success step"
    nodes = [(step.id, "step", step.span) for step in journey.steps if step.id not in node_of]
    nodes += [(group.id, "group", group.span) for group in journey.groups]
    for node, kind, span in nodes:
        if reached is not None and node not in reached:
            found.append(
                Diagnostic(
                    "JS204",
                    f"{kind} `{node}` cannot be reached from any start step",
                    span,
                    label="unreachable",
                    help=f"add a flow into `{node}`, or list it in `start`",
                )
            )
        elif leads_to_outcome is not None and node not in leads_to_outcome and node not in after_success:
            found.append(
                Diagnostic(
                    "JS205",
                    f"no {outcome} can be reached from {kind} `{node}`",
                    span,
                    label="designed dead end",
                    help=(
                        f"add a flow from `{node}` towards a success step; or, if the journey stops "
                        f"there by design, list it in `end {node}`"
                        if kind == "step"
                        else f"add a flow from `{node}` towards a success step"
                    ),
                )
            )
    totals: dict[str, float] = defaultdict(float)
    for edge in journey.edges:
        if edge.share is None:
            continue
        totals[edge.source] += edge.share
        if totals[edge.source] > 1 + 1e-9 and totals[edge.source] - edge.share <= 1 + 1e-9:
            found.append(
                Diagnostic(
                    "JS210",
                    f"the designed shares leaving `{edge.source}` add up to {percent_text(round(totals[edge.source], 6))}",
                    edge.span,
                    label="goes above 100% here",
                    help="the shares of one step's outgoing edges may add up to at most 100%",
                )
            )
    if journey.repeats == "collapse":
        for edge in journey.edges:
            # After a group is complete, a loop starts it again at any of its steps: that is observed.
            if edge.source == edge.target and not journey.is_group(edge.source):
                found.append(
                    Diagnostic(
                        "JS231",
                        f"the flow `{edge.source} -> {edge.target}` can never be observed",
                        edge.span,
                        help="consecutive visits of one step count once (`repeats collapse`); remove it, or write `repeats keep`",
                    )
                )
    for stage in journey.stages:
        if not stage.steps:
            found.append(Diagnostic("JS232", f"stage `{stage.id}` has no steps", stage.span, help="add steps to it, or remove it"))
    return found


def _predicates(journey: Journey) -> list[Predicate]:
    found: list[Predicate] = [step.when for step in journey.steps if step.when is not None]
    found += list(journey.ignore) + list(journey.friction)
    found += [c for e in journey.expectations for c in conditions(e)]
    return found


def check_predicates(journey: Journey, *, require_events: bool = False) -> list[Diagnostic]:
    """Regular expressions every engine can run; lists that can match something.

    With ``require_events`` (the project's ``require_events = true``), a step
    without ``when`` is a warning (JS216). Without it, such a step is a
    design-first step: normal on a map drawn before the tracking plan exists.
    """
    found: list[Diagnostic] = []
    for predicate in _predicates(journey):
        for node in walk(predicate):
            if isinstance(node, Match):
                problem = regex_problem(node.pattern)
                if problem:
                    found.append(
                        Diagnostic(
                            "JS214",
                            f"the pattern {quote(node.pattern)} is not a usable regular expression: {problem}",
                            node.span,
                            label="invalid pattern",
                            help="patterns use RE2 syntax, which DuckDB and Spark both understand; "
                            "see the regular expression section of the language reference",
                        )
                    )
            elif isinstance(node, OneOf) and not node.values:
                found.append(
                    Diagnostic("JS230", f"`{node.field} in []` can never match", node.span, help="list at least one value")
                )
    for step in journey.steps if require_events else ():
        if step.when is None:
            found.append(
                Diagnostic(
                    "JS216",
                    f"step `{step.id}` has no `when`, so no event can ever be this step",
                    step.span,
                    help=f'add a condition, e.g. `step {step.id} {{ when event == "{step.id}" }}`',
                )
            )
    return found


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used on every engine, or ``None`` when it can.

    Remembered per pattern: a large map has more patterns than Python's own cache of compiled
    expressions (512), so an editor's every re-compile of 5,000 steps compiled each one again.
    Only short patterns are remembered, so memory stays bounded however long the editing goes on.
    """
    return _remembered_problem(pattern) if len(pattern) <= _REMEMBERED_LENGTH else _problem(pattern)


_REMEMBERED_LENGTH = 1_000


@lru_cache(maxsize=8_192)
def _remembered_problem(pattern: str) -> str | None:
    return _problem(pattern)


regex_problem.cache_clear = _remembered_problem.cache_clear  # type: ignore[attr-defined]


def _problem(pattern: str) -> str | None:
    try:
        re.compile(pattern)
    except re.error as err:
        return str(err)
    except (OverflowError, RecursionError, ValueError):
        return "it is too large or too deeply nested"
    for construct, name in _NOT_PORTABLE:
        if construct.search(pattern):
            return f"{name} are not supported"
    return None


def lint_journey(journey: Journey, *, graph_complete: bool = True, require_events: bool = False) -> list[Diagnostic]:
    """The static design checks of one journey: its graph and its predicates, before any data.

    With ``graph_complete`` false (a step or stage was dropped, or a flow,
    start or success names an unknown step), the graph checks are left out:
    on a damaged graph they would report problems that are not there.
    """
    found = check_graph(journey) if graph_complete else []
    return found + check_predicates(journey, require_events=require_events)
