"""Syntax tree to IR: resolve names, read literals, and report what does not fit.

Structural problems that need the source as written (a duplicated statement,
a threshold of the wrong kind, a name that refers to nothing) are found here,
where every name still has its span. Checks that need the whole journey graph
live in :mod:`journeyspec.lang.compile.checks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeyspec.diagnostics import Diagnostic, Related
from journeyspec.ir.expectations import PROPORTION_KINDS, TIME_STATISTICS, Expectation, Threshold
from journeyspec.ir.journey import Document, Edge, Emotion, Journey, Money, Note, Persona, Sentiment, Stage, Step
from journeyspec.ir.predicates import Predicate
from journeyspec.ir.text import expectation_text
from journeyspec.lang.front import literals
from journeyspec.lang.front.builder import MAX_PREDICATE_DEPTH
from journeyspec.diagnostics.suggest import closest
from journeyspec.lang.front.syntax import (
    Block,
    EmotionStatement,
    ExpectStatement,
    FlowStatement,
    Literal,
    Loc,
    Name,
    NamesStatement,
    PredicateStatement,
    SentimentStatement,
    Statement,
    SyntaxFile,
    TextStatement,
    ValueStatement,
)
from journeyspec.ir import expectations as metrics


@dataclass
class _Once:
    """Remembers statements that may appear once per place, to report the second one."""

    diagnostics: list[Diagnostic]
    seen: dict[str, Loc] = field(default_factory=dict)

    def first(self, keyword: str, span: Loc, where: str) -> bool:
        if keyword in self.seen:
            self.diagnostics.append(
                Diagnostic(
                    "JS218",
                    f"`{keyword}` is given twice in {where}",
                    span,
                    label="second one",
                    help=f"keep one `{keyword}` statement",
                    related=(Related(self.seen[keyword], "first one here"),),
                )
            )
            return False
        self.seen[keyword] = span
        return True


def _duplicate(kind: str, name: Name, first: Loc) -> Diagnostic:
    scope = "a file and across the maps validated together" if kind == "journey" else "a journey"
    return Diagnostic(
        "JS201",
        f"{kind} id `{name.value}` is declared twice",
        name.span,
        label="second declaration",
        help=f"ids must be unique within {scope}; rename one of them",
        related=(Related(first, "first declared here"),),
    )


class _JourneyCompiler:
    def __init__(self, block: Block, diagnostics: list[Diagnostic]):
        self.block = block
        self.diagnostics = diagnostics
        self.once = _Once(diagnostics)
        self.fields: dict = {"id": block.id.value, "label": block.label.value if block.label else None, "span": block.span.to_span()}
        self.tags: list[str] = []
        self.personas: list[Persona] = []
        self.persona_spans: dict[str, Loc] = {}
        self.stages: list[Stage] = []
        self.stage_spans: dict[str, Loc] = {}
        self.steps: list[Step] = []
        self.step_spans: dict[str, Loc] = {}
        self.edges: list[Edge] = []
        self.edge_spans: dict[tuple[str, str], Loc] = {}
        self.start: list[Name] = []
        self.success: list[Name] = []
        self.ignore: list[Predicate] = []
        self.friction: list[Predicate] = []
        self.expects: list[ExpectStatement] = []
        self.flows: list[FlowStatement] = []

    def report(self, code: str, message: str, span: Loc, **kwargs) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, **kwargs))

    # --- statements ----------------------------------------------------------

    def compile(self) -> Journey:
        for statement in self.block.body or ():
            self.statement(statement)
        for flow in self.flows:
            self.flow(flow)
        step_ids = [step.id for step in self.steps]
        self.missing("start", self.start, "say where designed paths begin, e.g. `start product, search`")
        self.missing("success", self.success, "say which step means the journey succeeded, e.g. `success purchase`")
        start = self.references(self.start, step_ids)
        success = self.references(self.success, step_ids)
        expectations = [e for e in (self.expectation(s) for s in self.expects) if e is not None]
        return Journey(
            **self.fields,
            tags=tuple(dict.fromkeys(self.tags)),
            personas=tuple(self.personas),
            stages=tuple(self.stages),
            steps=tuple(self.steps),
            edges=tuple(self.edges),
            start=start,
            success=success,
            ignore=tuple(self.ignore),
            friction=tuple(self.friction),
            expectations=tuple(expectations),
        )

    def statement(self, statement: Statement) -> None:
        keyword = statement.keyword
        if isinstance(statement, TextStatement) and keyword in ("description", "owner", "goal"):
            if self.once.first(keyword, statement.span, "this journey"):
                self.fields[keyword] = statement.text.value
        elif isinstance(statement, NamesStatement) and keyword == "tags":
            self.tags.extend(n.value for n in statement.names)
        elif isinstance(statement, NamesStatement) and keyword in ("scope", "repeats"):
            if self.once.first(keyword, statement.span, "this journey"):
                self.fields[keyword] = statement.names[0].value
        elif isinstance(statement, NamesStatement) and keyword == "start":
            self.start.extend(statement.names)
        elif isinstance(statement, NamesStatement) and keyword == "success":
            self.success.extend(statement.names)
        elif isinstance(statement, ValueStatement):
            if self.once.first("value", statement.span, "this journey"):
                self.value(statement)
        elif isinstance(statement, Block) and keyword == "persona":
            self.persona(statement)
        elif isinstance(statement, Block) and keyword == "stage":
            self.stage(statement)
        elif isinstance(statement, FlowStatement):
            self.flows.append(statement)
        elif isinstance(statement, PredicateStatement):
            (self.ignore if keyword == "ignore" else self.friction).append(statement.predicate)
        elif isinstance(statement, SentimentStatement):
            if self.once.first("sentiment", statement.span, "this journey"):
                self.sentiment(statement)
        elif isinstance(statement, ExpectStatement):
            self.expects.append(statement)
        else:  # pragma: no cover - the grammar allows nothing else here
            raise AssertionError(f"unexpected statement {statement!r}")

    def value(self, statement: ValueStatement) -> None:
        amount = literals.number(statement.amount.raw)
        if amount < 0:
            self.report(
                "JS227",
                "the value of a successful journey cannot be negative",
                statement.amount.span,
                label="negative amount",
                help="write what one successful journey is worth, e.g. `value 85 EUR`",
            )
            return
        currency = statement.currency.value if statement.currency else None
        self.fields["value"] = Money(amount=amount, currency=currency)

    def sentiment(self, statement: SentimentStatement) -> None:
        low, high = literals.number(statement.low.raw), literals.number(statement.high.raw)
        if low >= high:
            self.report(
                "JS223",
                f"the sentiment scale {statement.low.raw}..{statement.high.raw} does not go from low to high",
                join_spans(statement.low.span, statement.high.span),
                help="write the lowest score first, like `sentiment csat 1..5`",
            )
            return
        self.fields["sentiment"] = Sentiment(field=statement.field.value, low=low, high=high, span=statement.span.to_span())

    def persona(self, block: Block) -> None:
        if block.id.value in self.persona_spans:
            self.diagnostics.append(_duplicate("persona", block.id, self.persona_spans[block.id.value]))
            return
        self.persona_spans[block.id.value] = block.id.span
        once = _Once(self.diagnostics)
        description = None
        for statement in block.body or ():
            if once.first("description", statement.span, f"persona `{block.id.value}`"):
                description = statement.text.value
        self.personas.append(
            Persona(id=block.id.value, label=block.label.value if block.label else None, description=description, span=block.span.to_span())
        )

    def emotion(self, statement: EmotionStatement) -> Emotion | None:
        raw = statement.score.raw
        score = literals.number(raw)
        if not isinstance(score, int) or not -3 <= score <= 3:
            self.report(
                "JS208",
                f"emotion `{raw}` is not a whole number from -3 to +3",
                statement.score.span,
                label="out of range",
                help="-3 is very negative, 0 neutral, +3 very positive",
            )
            return None
        return Emotion(score=score, label=statement.label.value if statement.label else None, span=statement.span.to_span())

    def stage(self, block: Block) -> None:
        if block.id.value in self.stage_spans:
            self.diagnostics.append(_duplicate("stage", block.id, self.stage_spans[block.id.value]))
            # Keep its steps (in the first stage of that id), so that flows
            # naming them do not add errors that are not really there.
            for statement in block.body or ():
                if isinstance(statement, Block):
                    step = self.step(statement, block.id.value)
                    if step is not None:
                        index = next(i for i, s in enumerate(self.stages) if s.id == block.id.value) if any(
                            s.id == block.id.value for s in self.stages
                        ) else None
                        if index is not None:
                            first = self.stages[index]
                            self.stages[index] = first.model_copy(update={"steps": first.steps + (step.id,)})
            return
        self.stage_spans[block.id.value] = block.id.span
        once = _Once(self.diagnostics)
        where = f"stage `{block.id.value}`"
        emotion = None
        pains: list[Note] = []
        opportunities: list[Note] = []
        step_ids: list[str] = []
        for statement in block.body or ():
            if isinstance(statement, EmotionStatement):
                if once.first("emotion", statement.span, where):
                    emotion = self.emotion(statement)
            elif isinstance(statement, TextStatement):
                target = pains if statement.keyword == "pain" else opportunities
                target.append(Note(text=statement.text.value, span=statement.span.to_span()))
            elif isinstance(statement, Block):
                step = self.step(statement, block.id.value)
                if step is not None:
                    step_ids.append(step.id)
        self.stages.append(
            Stage(
                id=block.id.value,
                label=block.label.value if block.label else None,
                emotion=emotion,
                pains=tuple(pains),
                opportunities=tuple(opportunities),
                steps=tuple(step_ids),
                span=block.span.to_span(),
            )
        )

    def step(self, block: Block, stage_id: str) -> Step | None:
        if block.id.value in self.step_spans:
            self.diagnostics.append(_duplicate("step", block.id, self.step_spans[block.id.value]))
            return None
        self.step_spans[block.id.value] = block.id.span
        once = _Once(self.diagnostics)
        where = f"step `{block.id.value}`"
        values: dict = {}
        for statement in block.body or ():
            if not once.first(statement.keyword, statement.span, where):
                continue
            if isinstance(statement, EmotionStatement):
                values["emotion"] = self.emotion(statement)
            elif isinstance(statement, PredicateStatement):
                values["when"] = statement.predicate
            elif isinstance(statement, TextStatement):
                values["touchpoint"] = statement.text.value
            elif isinstance(statement, NamesStatement):
                values["channel"] = statement.names[0].value
        step = Step(
            id=block.id.value,
            label=block.label.value if block.label else None,
            stage=stage_id,
            span=block.span.to_span(),
            **values,
        )
        self.steps.append(step)
        return step

    # --- paths ------------------------------------------------------------------

    def missing(self, keyword: str, written: list[Name], help: str) -> None:
        if written:
            return
        code, what = ("JS206", "start step") if keyword == "start" else ("JS207", "success step")
        self.report(code, f"journey `{self.block.id.value}` has no {what}", self.block.id.span, label=f"no `{keyword}`", help=help)

    def known_step(self, name: Name) -> bool:
        if name.value in self.step_spans:
            return True
        guess = closest(name.value, self.step_spans)
        self.report(
            "JS202",
            f"no step is called `{name.value}`" + (f"; did you mean `{guess}`?" if guess else ""),
            name.span,
            label="unknown step",
            help=None if guess else "declare it with `step " + name.value + "` inside a stage, or fix the name",
        )
        return False

    def references(self, names: list[Name], step_ids: list[str]) -> tuple[str, ...]:
        kept: dict[str, None] = {}
        for name in names:
            if self.known_step(name):
                kept.setdefault(name.value, None)
        return tuple(kept)

    def flow(self, statement: FlowStatement) -> None:
        names = statement.steps
        known = [self.known_step(n) for n in names]
        if (statement.label or statement.share) and len(names) > 2:
            annotation = statement.label.span if statement.label else statement.share.span
            self.report(
                "JS221",
                "a label or share belongs to one edge, but this flow has " + f"{len(names) - 1} edges",
                annotation,
                help=f"write the edge on its own line, e.g. `flow {names[-2].value} -> {names[-1].value} ...`",
            )
            statement = FlowStatement(statement.keyword, statement.span, names, None, None)
        share = None
        if statement.share is not None:
            share = literals.fraction(statement.share.raw)
            if not 0 <= share <= 1:
                self.report(
                    "JS209",
                    f"a designed share of {statement.share.raw} is impossible",
                    statement.share.span,
                    label="outside 0%..100%",
                    help="a share is the part of the step's traffic that takes this edge, from 0% to 100%",
                )
                share = None
        for index in range(len(names) - 1):
            source, target = names[index], names[index + 1]
            if not (known[index] and known[index + 1]):
                continue
            pair = (source.value, target.value)
            span = join_spans(source.span, target.span)
            if pair in self.edge_spans:
                self.report(
                    "JS217",
                    f"the edge `{source.value} -> {target.value}` is declared twice",
                    span,
                    label="second declaration",
                    help="remove one; put its label and share on the one you keep",
                    related=(Related(self.edge_spans[pair], "first declared here"),),
                )
                continue
            self.edge_spans[pair] = span
            self.edges.append(
                Edge(
                    source=source.value,
                    target=target.value,
                    label=statement.label.value if statement.label else None,
                    share=share,
                    span=span.to_span(),
                )
            )

    # --- expectations -------------------------------------------------------------

    def expectation(self, statement: ExpectStatement) -> Expectation | None:
        errors_before = len([d for d in self.diagnostics if d.is_error])
        metric = self.metric(statement)
        qualifiers: dict = {}
        once = _Once(self.diagnostics)
        for qualifier in statement.qualifiers:
            if not once.first(qualifier.kind.replace("_", " "), qualifier.span, "this expectation"):
                continue
            if qualifier.kind == "where":
                qualifiers["where"] = qualifier.predicate
            elif qualifier.kind == "within":
                qualifiers["within"] = self.seconds(qualifier.literal)
            elif qualifier.kind == "confidence":
                qualifiers["confidence"] = literals.fraction(qualifier.literal.raw)
                qualifiers["_confidence_span"] = qualifier.literal.span
            elif qualifier.kind == "min_sessions":
                qualifiers["min_sessions"] = self.count(qualifier.literal, "min sessions")
            elif qualifier.kind == "vs_baseline":
                qualifiers["vs_baseline"] = True
            qualifiers.setdefault("_spans", {})[qualifier.kind] = qualifier.span
        comparator = statement.comparator.value
        if comparator == "!=":
            self.report(
                "JS224",
                "an expectation cannot use `!=`",
                statement.comparator.span,
                help="use `>=`, `<=`, `>`, `<` or `==`",
            )
        threshold = self.threshold(statement, metric, qualifiers.get("vs_baseline", False))
        if metric is not None:
            self.qualifiers_fit(metric, qualifiers, statement)
        if len([d for d in self.diagnostics if d.is_error]) > errors_before or metric is None or threshold is None:
            return None
        qualifiers.pop("_spans", None)
        qualifiers.pop("_confidence_span", None)
        draft = Expectation.model_construct(
            metric=metric, comparator=comparator, threshold=threshold, text="", span=statement.span.to_span(), **{
                "where": None, "within": None, "confidence": None, "min_sessions": None, "vs_baseline": False, **qualifiers
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
        if kind == "conformance":
            return metrics.ConformanceMetric()
        if kind == "unexpected_transitions":
            return metrics.UnexpectedTransitionsMetric()
        if kind == "switches":
            return metrics.SwitchesMetric(field=names[0].value)
        if kind == "emotion":
            stage = names[0]
            if stage.value not in self.stage_spans:
                guess = closest(stage.value, self.stage_spans)
                self.report(
                    "JS203",
                    f"no stage is called `{stage.value}`" + (f"; did you mean `{guess}`?" if guess else ""),
                    stage.span,
                    label="unknown stage",
                    help=None if guess else "`emotion at` names a stage id declared with `stage <id>`",
                )
                return None
            if "sentiment" not in self.fields:
                self.report(
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
        if not all([self.known_step(n) for n in steps]):
            return None
        if kind == "conversion":
            return metrics.ConversionMetric(from_step=steps[0].value, to_step=steps[1].value)
        if kind == "time":
            if statistic.value not in TIME_STATISTICS:
                self.report(
                    "JS220",
                    f"`{statistic.value}` is not a statistic `time` knows",
                    statistic.span,
                    help="use one of " + ", ".join(TIME_STATISTICS),
                )
                return None
            if steps[0].value == steps[1].value:
                self.report(
                    "JS215",
                    f"`time` from `{steps[0].value}` to itself is always zero",
                    join_spans(steps[0].span, steps[1].span),
                    help="measure between two different steps",
                )
                return None
            return metrics.TimeMetric(statistic=statistic.value, from_step=steps[0].value, to_step=steps[1].value)
        if kind == "friction" and not self.friction:
            self.report(
                "JS229",
                "`friction at` needs the journey to say which events are friction",
                node.span,
                help='add a statement like `friction event == "error"` to the journey',
            )
            return None
        if kind == "dropoff" and steps[0].value in {n.value for n in self.success}:
            self.report(
                "JS211",
                f"`{steps[0].value}` is a success step, so ending there is the goal, not a drop-off",
                steps[0].span,
                label="a success step",
                help="measure drop-off at a step before success, or use `reach`",
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
                return Threshold(value=literals.fraction(literal.raw), unit="relative")
            if kind == "points" and is_proportion:
                return Threshold(value=literals.fraction(literal.raw), unit="points")
            self.report(
                "JS225",
                f"a `vs baseline` threshold is a change, not `{literal.raw}`",
                literal.span,
                help="write a relative change like `-20%`" + (" or an absolute one like `-5pp`" if is_proportion else ""),
            )
            return None
        if kind == "points":
            self.report(
                "JS225",
                f"`{literal.raw}` is a change in percentage points, which needs `vs baseline`",
                literal.span,
                help="add `vs baseline`, or write a percentage like `5%`",
            )
            return None
        if is_proportion:
            if kind == "percent":
                value = literals.fraction(literal.raw)
            elif kind == "number" and 0 <= literals.number(literal.raw) <= 1:
                value = float(literals.number(literal.raw))
            elif kind == "number":
                self.report(
                    "JS219",
                    f"`{metric_kind.replace('_', ' ')}` is a proportion, so `{literal.raw}` needs a `%`",
                    literal.span,
                    help=f"write `{literal.raw.lstrip('+')}%`, or a fraction from 0 to 1",
                )
                return None
            else:
                return self.wrong_kind(literal, metric_kind, "a percentage like `90%`")
            if not 0 <= value <= 1:
                self.report(
                    "JS212",
                    f"`{literal.raw}` is outside 0%..100%, so it can never be met (or never missed)",
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
            score = literals.number(literal.raw)
            if not -3 <= score <= 3:
                self.report("JS208", f"emotion `{literal.raw}` is outside -3..+3", literal.span, help="-3 is very negative, +3 very positive")
                return None
            return Threshold(value=score, unit="score")
        raise AssertionError(metric_kind)  # pragma: no cover

    def wrong_kind(self, literal: Literal, metric_kind: str, wanted: str) -> None:
        kinds = {"percent": "a percentage", "duration": "a duration", "number": "a number", "points": "a change in points"}
        self.report(
            "JS219",
            f"`{metric_kind.replace('_', ' ')}` is compared with {wanted}, not {kinds[literal.kind]}",
            literal.span,
            label="wrong kind of threshold",
            help=f"write {wanted}",
        )
        return None

    def qualifiers_fit(self, metric, qualifiers: dict, statement: ExpectStatement) -> None:
        spans = qualifiers.get("_spans", {})
        if "within" in qualifiers and metric.kind != "conversion":
            self.report(
                "JS226",
                f"`within` is a conversion window and does not apply to `{metric.kind.replace('_', ' ')}`",
                spans["within"],
                help="remove it, or use it with `conversion A -> B`",
            )
        if "confidence" in qualifiers:
            if metric.kind not in PROPORTION_KINDS:
                self.report(
                    "JS213",
                    f"`confidence` applies to proportions; `{metric.kind.replace('_', ' ')}` is not one",
                    spans["confidence"],
                    help="remove `confidence` from this expectation",
                )
            elif not 0.5 < qualifiers["confidence"] < 1:
                self.report(
                    "JS222",
                    "a confidence level must lie strictly between 50% and 100%",
                    qualifiers["_confidence_span"],
                    help="95% is the usual choice; 99% is stricter",
                )

    def seconds(self, literal: Literal) -> int | None:
        try:
            return literals.seconds(literal.raw)
        except literals.LiteralError as err:
            self.report("JS227", str(err), literal.span, help=err.help)
            return None

    def count(self, literal: Literal, what: str) -> int | None:
        value = literals.number(literal.raw)
        if not isinstance(value, int) or value < 0 or (what == "min sessions" and value < 1):
            self.report(
                "JS227",
                f"`{what}` needs a whole number of sessions, not `{literal.raw}`",
                literal.span,
                help="for example: min sessions 500",
            )
            return None
        return value


def join_spans(first: Loc, last: Loc) -> Loc:
    return Loc(first.file, first.start, last.end, first.line, first.column, last.end_line, last.end_column)


def compile_syntax(tree: SyntaxFile) -> tuple[Document, list[Diagnostic]]:
    """Compile a parsed file into a :class:`Document`, with the diagnostics found on the way."""
    diagnostics: list[Diagnostic] = []
    journeys: list[Journey] = []
    seen: dict[str, Loc] = {}
    for block in tree.journeys:
        if block.id.value in seen:
            diagnostics.append(_duplicate("journey", block.id, seen[block.id.value]))
            continue
        seen[block.id.value] = block.id.span
        journeys.append(_JourneyCompiler(block, diagnostics).compile())
    return Document(file=tree.file, journeys=tuple(journeys)), diagnostics


__all__ = ["MAX_PREDICATE_DEPTH", "compile_syntax"]
