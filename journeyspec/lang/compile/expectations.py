"""``expect`` statements to IR expectations: the metric, the threshold for its kind, the qualifiers that fit it.

An expectation names steps and stages, so it is compiled after the rest of
its journey, against the journey's :class:`~.scope.Scope`; every problem is
reported with the span of the part that is wrong, and an expectation with an
error is left out of the IR.
"""

from __future__ import annotations

from journeyspec.diagnostics import Related
from journeyspec.diagnostics.suggest import closest
from journeyspec.ir import expectations as metrics
from journeyspec.ir.expectations import PROPORTION_KINDS, TIME_STATISTICS, Expectation, Threshold
from journeyspec.ir.text import expectation_text
from journeyspec.lang.compile.scope import Once, Scope, join_spans
from journeyspec.lang.front import literals
from journeyspec.lang.front.syntax import ExpectStatement, Literal, Loc


class ExpectationCompiler:
    """Compiles the ``expect`` statements of one journey.

    Args:
        scope: the journey's declared steps and stages, and where findings go.
        sentiment: whether the journey says which field carries feedback scores (``emotion at`` needs it).
        friction: whether the journey says which events are friction (``friction at`` needs it).
        success: the ids written in the journey's ``success`` statements.
        endings: the journey's designed endings (its ``end`` statements).
    """

    def __init__(self, scope: Scope, *, sentiment: bool, friction: bool, success: frozenset[str],
                 endings: frozenset[str] = frozenset()):
        self.scope = scope
        self.sentiment = sentiment
        self.friction = friction
        self.success = success
        self.endings = endings

    def compile(self, statement: ExpectStatement) -> Expectation | None:
        """The expectation, or ``None`` when it has an error (each one reported)."""
        errors_before = len([d for d in self.scope.diagnostics if d.is_error])
        metric = self.metric(statement)
        qualifiers: dict = {}
        once = Once(self.scope.diagnostics)
        for qualifier in statement.qualifiers:
            if not once.first(qualifier.kind.replace("_", " "), qualifier.span, "this expectation"):
                continue
            if qualifier.kind == "where":
                qualifiers["where"] = qualifier.predicate
            elif qualifier.kind == "within":
                qualifiers["within"] = self.seconds(qualifier.literal)
            elif qualifier.kind == "confidence":
                confidence = self.scope.read(literals.fraction, qualifier.literal)
                if confidence is None:
                    continue
                qualifiers["confidence"] = confidence
                qualifiers["_confidence_span"] = qualifier.literal.span
            elif qualifier.kind == "min_sessions":
                qualifiers["min_sessions"] = self.count(qualifier.literal, "min sessions")
            elif qualifier.kind == "vs_baseline":
                qualifiers["vs_baseline"] = True
            elif qualifier.kind == "point_estimate":
                qualifiers["point_estimate"] = True
            qualifiers.setdefault("_spans", {})[qualifier.kind] = qualifier.span
        comparator = statement.comparator.value
        if comparator == "!=":
            self.scope.report(
                "JS224",
                "an expectation cannot use `!=`",
                statement.comparator.span,
                help="use `>=`, `<=`, `>`, `<` or `==`",
            )
        threshold = self.threshold(statement, metric, qualifiers.get("vs_baseline", False))
        if metric is not None:
            self.qualifiers_fit(metric, qualifiers, statement)
        if len([d for d in self.scope.diagnostics if d.is_error]) > errors_before or metric is None or threshold is None:
            return None
        qualifiers.pop("_spans", None)
        qualifiers.pop("_confidence_span", None)
        draft = Expectation.model_construct(
            metric=metric, comparator=comparator, threshold=threshold, text="", span=statement.span.to_span(), **{
                "where": None, "within": None, "confidence": None, "point_estimate": False, "min_sessions": None,
                "vs_baseline": False, **qualifiers
            }
        )  # fmt: skip
        return Expectation(
            metric=metric,
            comparator=comparator,
            threshold=threshold,
            text=expectation_text(draft),
            span=statement.span.to_span(),
            **qualifiers,
        )

    def metric(self, statement: ExpectStatement):
        node = statement.metric
        names = node.names
        kind = node.kind
        if kind == "sessions":
            return metrics.SessionsMetric()
        if kind == "share":
            return metrics.ShareMetric(condition=node.predicate)
        if kind == "conformance":
            return metrics.ConformanceMetric()
        if kind == "unexpected_transitions":
            return metrics.UnexpectedTransitionsMetric()
        if kind == "switches":
            return metrics.SwitchesMetric(field=names[0].value)
        if kind == "emotion":
            stage = names[0]
            if stage.value not in self.scope.stage_spans:
                guess = closest(stage.value, self.scope.stage_spans)
                self.scope.report(
                    "JS203",
                    f"no stage is called `{stage.value}`" + (f"; did you mean `{guess}`?" if guess else ""),
                    stage.span,
                    label="unknown stage",
                    help=None if guess else "`emotion at` names a stage id declared with `stage <id>`",
                )
                return None
            if not self.sentiment:
                self.scope.report(
                    "JS228",
                    "`emotion at` needs to know which event field carries feedback scores",
                    node.span,
                    help="add a statement like `sentiment csat 1..5` to the journey",
                )
                return None
            return metrics.EmotionMetric(stage=stage.value)
        if kind == "time":
            statistic, steps = names[0], names[1:]
        else:
            statistic, steps = None, names
        if not all([self.scope.known_node(n) for n in steps]):  # noqa: C419 - a list, so every unknown step is reported
            return None
        if kind == "friction" and steps[0].value in self.scope.group_spans:
            group = steps[0].value
            self.scope.report(
                "JS245",
                f"`friction at` takes a step, not group `{group}`",
                steps[0].span,
                label="a group, not a step",
                help="measure friction at one of its steps: " + ", ".join(
                    f"`friction at {m}`" for m, g in self.scope.group_of.items() if g == group),
            )
            return None
        if kind == "conversion":
            return metrics.ConversionMetric(from_step=steps[0].value, to_step=steps[1].value)
        if kind == "time":
            if statistic.value not in TIME_STATISTICS:
                self.scope.report(
                    "JS220",
                    f"`{statistic.value}` is not a statistic `time` knows",
                    statistic.span,
                    help="use one of " + ", ".join(TIME_STATISTICS) + ": p50 is the time within which half of "
                    "people get there, p90 nine in ten (p75, p95, p99 alike), mean the average"
                    + (" (the median is p50)" if statistic.value.lower() in ("median", "med") else ""),
                )
                return None
            if steps[0].value == steps[1].value:
                self.scope.report(
                    "JS215",
                    f"`time` from `{steps[0].value}` to itself is always zero",
                    join_spans(steps[0].span, steps[1].span),
                    help="measure between two different steps",
                )
                return None
            return metrics.TimeMetric(statistic=statistic.value, from_step=steps[0].value, to_step=steps[1].value)
        if kind == "friction" and not self.friction:
            self.scope.report(
                "JS229",
                "`friction at` needs the journey to say which events are friction",
                node.span,
                help='add a statement like `friction event == "error"` to the journey',
            )
            return None
        inside = [m for m, g in self.scope.group_of.items() if g == steps[0].value and m in self.success]
        if kind == "dropoff" and inside:
            self.scope.report(
                "JS211",
                f"group `{steps[0].value}` holds the success step `{inside[0]}`, so ending there is the goal, "
                "not a drop-off",
                steps[0].span,
                label="a group with a success step",
                help="measure drop-off at a step before success, or use `reach`",
            )
            return None
        if kind == "dropoff" and steps[0].value in self.success:
            self.scope.report(
                "JS211",
                f"`{steps[0].value}` is a success step, so ending there is the goal, not a drop-off",
                steps[0].span,
                label="a success step",
                help="measure drop-off at a step before success, or use `reach`",
            )
            return None
        if kind == "dropoff" and steps[0].value in self.endings:
            self.scope.report(
                "JS211",
                f"`{steps[0].value}` is a designed ending, so ending there is by design, not a drop-off",
                steps[0].span,
                label="a designed ending",
                help=f"measure how many paths end there with `reach {steps[0].value}`",
            )
            return None
        model = {"reach": metrics.ReachMetric, "dropoff": metrics.DropoffMetric, "skips": metrics.SkipsMetric, "friction": metrics.FrictionMetric}[kind]
        return model(step=steps[0].value)

    def threshold(self, statement: ExpectStatement, metric, vs_baseline: bool) -> Threshold | None:
        """Read the threshold for the metric's kind; checked even when the metric itself has an error."""
        literal = statement.threshold
        kind = literal.kind
        metric_kind = statement.metric.kind
        is_proportion = metric_kind in PROPORTION_KINDS
        if vs_baseline:
            if kind == "percent":
                change = self.scope.read(literals.fraction, literal)
                return None if change is None else Threshold(value=change, unit="relative")
            if kind == "points" and is_proportion:
                change = self.scope.read(literals.fraction, literal)
                if change is not None and abs(change) > 1:
                    self.scope.report(
                        "JS212",
                        f"{literals.shown(literal.raw)} is a change of more than 100 points, which no proportion can make",
                        literal.span,
                        help="a proportion lies between 0% and 100%, so it moves by at most 100pp",
                    )
                    return None
                return None if change is None else Threshold(value=change, unit="points")
            self.scope.report(
                "JS225",
                f"a `vs baseline` threshold is a change, not `{literal.raw}`",
                literal.span,
                help="write a relative change like `-20%`" + (" or an absolute one like `-5pp`" if is_proportion else ""),
            )
            return None
        if kind == "points":
            self.scope.report(
                "JS225",
                f"`{literal.raw}` is a change in percentage points, which needs `vs baseline`",
                literal.span,
                help="add `vs baseline`, or write a percentage like `5%`",
            )
            return None
        if is_proportion:
            read = literals.fraction if kind == "percent" else literals.number if kind == "number" else None
            value = self.scope.read(read, literal) if read else None
            if read and value is None:
                return None
            if kind == "percent":
                pass
            elif kind == "number" and 0 <= value <= 1:
                value = float(value)
            elif kind == "number":
                self.scope.report(
                    "JS219",
                    f"`{metric_kind.replace('_', ' ')}` is a proportion, so `{literal.raw}` needs a `%`",
                    literal.span,
                    help=f"write `{literal.raw.lstrip('+')}%`, or a fraction from 0 to 1",
                )
                return None
            else:
                return self.wrong_kind(literal, metric_kind, "a percentage like `90%`")
            if not 0 <= value <= 1:
                self.scope.report(
                    "JS212",
                    f"{literals.shown(literal.raw)} is outside 0%..100%, so it can never be met (or never missed)",
                    literal.span,
                    help="a proportion lies between 0% and 100%",
                )
                return None
            return Threshold(value=value, unit="fraction")
        if metric_kind == "sessions":
            if kind != "number":
                return self.wrong_kind(literal, metric_kind, "a whole number like `1000`")
            count = self.count(literal, "sessions")
            return None if count is None else Threshold(value=count, unit="count")
        if metric_kind == "time":
            if kind != "duration":
                return self.wrong_kind(literal, metric_kind, "a duration like `20m`")
            seconds = self.seconds(literal)
            return None if seconds is None else Threshold(value=seconds, unit="seconds")
        if metric_kind == "emotion":
            if kind != "number":
                return self.wrong_kind(literal, metric_kind, "a score from -3 to +3")
            score = self.scope.read(literals.number, literal)
            if score is None:
                return None
            if not -3 <= score <= 3:
                self.scope.report("JS208", f"emotion {literals.shown(literal.raw)} is outside -3..+3", literal.span, help="-3 is very negative, +3 very positive")
                return None
            return Threshold(value=score, unit="score")
        raise AssertionError(metric_kind)  # pragma: no cover

    def wrong_kind(self, literal: Literal, metric_kind: str, wanted: str) -> None:
        """JS219: a threshold of the wrong kind for the metric; the threshold is then ``None``."""
        kinds = {"percent": "a percentage", "duration": "a duration", "number": "a number", "points": "a change in points"}
        self.scope.report(
            "JS219",
            f"`{metric_kind.replace('_', ' ')}` is compared with {wanted}, not {kinds[literal.kind]}",
            literal.span,
            label="wrong kind of threshold",
            help=f"write {wanted}",
        )

    def qualifiers_fit(self, metric, qualifiers: dict, statement: ExpectStatement) -> None:
        spans = qualifiers.get("_spans", {})
        if "within" in qualifiers and metric.kind != "conversion":
            self.scope.report(
                "JS226",
                f"`within` is a conversion window and does not apply to `{metric.kind.replace('_', ' ')}`",
                spans["within"],
                help="remove it, or use it with `conversion A -> B`",
            )
        for rule in ("confidence", "point_estimate"):
            if rule in qualifiers and metric.kind not in PROPORTION_KINDS:
                written = rule.replace("_", " ")
                self.scope.report(
                    "JS213",
                    f"`{written}` applies to proportions; `{metric.kind.replace('_', ' ')}` is not one",
                    spans[rule],
                    help=f"remove `{written}` from this expectation: a {metric.kind.replace('_', ' ')} is always "
                    "judged by its observed value",
                )
                return
        if "confidence" in qualifiers and "point_estimate" in qualifiers:
            first, second = sorted(("confidence", "point_estimate"), key=lambda rule: spans[rule].start)
            self.scope.report(
                "JS246",
                "an expectation is judged either by its interval (`confidence`) or by its point estimate, not both",
                spans[second],
                label="second rule",
                help="keep `confidence C` to be judged by the interval at C, or `point estimate` to be judged by "
                "the observed value alone",
                related=(Related(spans[first], "first rule here"),),
            )
        elif "confidence" in qualifiers:
            confidence_in_range(self.scope, qualifiers["confidence"], qualifiers["_confidence_span"])

    def seconds(self, literal: Literal) -> int | None:
        return self.scope.read(literals.seconds, literal)

    def count(self, literal: Literal, what: str) -> int | None:
        value = self.scope.read(literals.count, literal)
        if value is None:
            return None
        if not isinstance(value, int) or value < 0 or (what == "min sessions" and value < 1):
            self.scope.report(
                "JS227",
                f"`{what}` needs a whole number of sessions, not {literals.shown(literal.raw)}",
                literal.span,
                help="for example: min sessions 500",
            )
            return None
        return value


def confidence_in_range(scope: Scope, level: float, span: Loc) -> bool:
    """JS222 unless ``level`` lies strictly between 50% and 100% (at 50% the interval is the point itself)."""
    if 0.5 < level < 1:
        return True
    scope.report(
        "JS222",
        "a confidence level must lie strictly between 50% and 100%",
        span,
        help="95% is the usual choice; 99% is stricter; for the observed value alone, write `point estimate`",
    )
    return False
