"""Steps not instrumented yet: a design-first map checked against data.

A step without ``when`` can be no event, so data can never show it. Its figures
would all be 0 — a wrong number with no warning — so ``check`` says instead that
it is **not instrumented yet** (spec/metrics.md, "Steps not instrumented yet"):
the journey carries a warning naming those steps, their step figures are null,
and each expectation whose figure depends on them is skipped with the reason.
"""

from __future__ import annotations

from journeyspec.ir import Journey
from journeyspec.ir.text import metric_text

# The metric fields that name a step or a group.
_NODE_FIELDS = ("step", "from_step", "to_step")
# Metrics over the whole design: one uninstrumented step turns every path through it into a deviation.
_WHOLE_DESIGN = frozenset({"conformance", "unexpected_transitions"})


def not_instrumented(journey: Journey) -> tuple[str, ...]:
    """The ids of the journey's steps without ``when``, in declaration order."""
    return tuple(step.id for step in journey.steps if step.when is None)


def _names(ids) -> str:
    return ", ".join(f"`{i}`" for i in ids)


def instrumented_warning(journey: Journey) -> str | None:
    """The journey's warning about its steps without ``when``, or None when every step has one."""
    missing = not_instrumented(journey)
    if not missing:
        return None
    many = len(missing) > 1
    return (f"not instrumented yet: {len(missing)} step{'s' if many else ''} ({_names(missing)}) "
            f"{'have' if many else 'has'} no `when`, so no event can be {'them' if many else 'it'}; "
            f"{'their' if many else 'its'} figures are not measured and the expectations on "
            f"{'them' if many else 'it'} are skipped")


def _steps_of(journey: Journey, node: str) -> tuple[str, ...]:
    return journey.group(node).steps if journey.is_group(node) else (node,)


def not_judged_reason(metric, journey: Journey) -> str | None:
    """Why an expectation on ``metric`` cannot be judged on data: the steps it needs are not instrumented yet.

    None when every step the metric's figure depends on has a ``when``.
    """
    missing = set(not_instrumented(journey))
    if not missing:
        return None
    if metric.kind in _WHOLE_DESIGN:
        named = not_instrumented(journey)
        return (f"not instrumented yet: {_names(named)} {'have' if len(named) > 1 else 'has'} no `when`, so "
                f"{metric_text(metric)} would count every path through {'them' if len(named) > 1 else 'it'} "
                "as a deviation")
    if metric.kind == "emotion":
        steps = journey.stage(metric.stage).steps if metric.stage in {s.id for s in journey.stages} else ()
        if steps and all(s in missing for s in steps):
            return f"not instrumented yet: no step of stage `{metric.stage}` has a `when`"
        return None
    named = [s for f in _NODE_FIELDS if hasattr(metric, f)
             for s in _steps_of(journey, getattr(metric, f)) if s in missing]
    named = list(dict.fromkeys(named))
    if not named:
        return None
    return (f"not instrumented yet: {_names(named)} {'have' if len(named) > 1 else 'has'} no `when`, so no event "
            f"can be {'them' if len(named) > 1 else 'it'}; add `when` to measure it, rather than read 0")


__all__ = ["instrumented_warning", "not_instrumented", "not_judged_reason"]
