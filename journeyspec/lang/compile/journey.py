"""Journeys to IR: names resolved, literals read, stages, steps and flows checked as written.

Structural problems that need the source as written (a duplicated statement,
a value out of range, a flow naming a step that does not exist) are found
here, where every name still has its span; ``expect`` statements are compiled
by :mod:`.expectations` once the journey's steps are known. Checks that need
the whole journey graph live in :mod:`.checks`.
"""

from __future__ import annotations

from journeyspec.diagnostics import Diagnostic, Related
from journeyspec.diagnostics.suggest import closest
from journeyspec.ir import icons
from journeyspec.ir.expectations import VerdictRule
from journeyspec.ir.journey import (
    Document,
    Edge,
    Emotion,
    Journey,
    Money,
    Note,
    Persona,
    PersonaEmotion,
    Sentiment,
    Stage,
    Step,
)
from journeyspec.ir.lanes import BY_KEYWORD, LANES, STAGE_LANES
from journeyspec.ir.predicates import Predicate
from journeyspec.lang.compile.allow import Allowance, AllowList
from journeyspec.lang.compile.endings import check_endings
from journeyspec.lang.compile.expectations import ExpectationCompiler, confidence_in_range
from journeyspec.lang.compile.groups import compile_groups
from journeyspec.lang.compile.scope import Once, Scope, duplicate, join_spans
from journeyspec.lang.front import literals
from journeyspec.lang.front.syntax import (
    Block,
    EmotionStatement,
    ExpectStatement,
    FlowStatement,
    GroupStatement,
    JudgeStatement,
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


class JourneyCompiler(Scope):
    """Compiles one ``journey`` block; its scope is the steps and stages declared in it."""

    def __init__(self, block: Block, diagnostics: list[Diagnostic]):
        super().__init__(diagnostics)
        self.block = block
        self.once = Once(diagnostics)
        self.fields: dict = {"id": block.id.value, "label": block.label.value if block.label else None, "span": block.span.to_span()}
        self.tags: list[str] = []
        self.personas: list[Persona] = []
        self.persona_spans: dict[str, Loc] = {}
        self.stages: list[Stage] = []
        self.steps: list[Step] = []
        self.edges: list[Edge] = []
        self.edge_spans: dict[tuple[str, str], Loc] = {}
        self.start: list[Name] = []
        self.success: list[Name] = []
        self.endings: list[Name] = []
        self.allow = AllowList(diagnostics)
        self.allowances: list[Allowance] = []
        self.ignore: list[Predicate] = []
        self.friction: list[Predicate] = []
        self.expects: list[ExpectStatement] = []
        self.flows: list[FlowStatement] = []
        self.written_groups: list[tuple[GroupStatement, str]] = []
        # Persona ids may be declared after the stages that name them in `emotion ... for ID`.
        self.declared_personas = [s.id.value for s in block.body or () if isinstance(s, Block) and s.keyword == "persona"]

    # --- statements ----------------------------------------------------------

    def compile(self) -> Journey:
        for statement in self.block.body or ():
            self.statement(statement)
        groups = compile_groups(self, self.written_groups, {step.id: step.stage for step in self.steps})
        for flow in self.flows:
            self.flow(flow)
        self.missing("start", self.start, "say where designed paths begin, e.g. `start product, search`")
        self.missing("success", self.success, "say which step means the journey succeeded, e.g. `success purchase`")
        start = self.references(self.start, "start")
        success = self.references(self.success, "success")
        endings = check_endings(self, self.step_endings(), self.success, self.edges, self.edge_spans)
        compiler = ExpectationCompiler(
            self, sentiment="sentiment" in self.fields, friction=bool(self.friction),
            success=frozenset(success), endings=frozenset(endings),
        )
        expectations = [e for e in (compiler.compile(s) for s in self.expects) if e is not None]
        journey = Journey(
            **self.fields,
            tags=tuple(dict.fromkeys(self.tags)),
            personas=tuple(self.personas),
            stages=tuple(self.stages),
            steps=tuple(self.steps),
            groups=tuple(groups),
            edges=tuple(self.edges),
            start=start,
            success=success,
            endings=endings,
            ignore=tuple(self.ignore),
            friction=tuple(self.friction),
            expectations=tuple(expectations),
        )
        allowance = self.allow.allowance(self.block.span)
        if allowance is not None:
            self.allowances.append(allowance)
        return journey

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
        elif isinstance(statement, NamesStatement) and keyword == "end":
            self.endings.extend(statement.names)
        elif isinstance(statement, NamesStatement) and keyword == "allow":
            self.allow.add(statement)
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
        elif isinstance(statement, JudgeStatement):
            if self.once.first("judge by", statement.span, "this journey"):
                self.judge(statement)
        else:  # pragma: no cover - the grammar allows nothing else here
            raise AssertionError(f"unexpected statement {statement!r}")

    def value(self, statement: ValueStatement) -> None:
        amount = self.read(literals.number, statement.amount)
        if amount is None:
            return
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

    def judge(self, statement: JudgeStatement) -> None:
        span = statement.span.to_span()
        if statement.confidence is None:
            self.fields["judge"] = VerdictRule(point_estimate=True, span=span)
            return
        level = self.read(literals.fraction, statement.confidence)
        if level is not None and confidence_in_range(self, level, statement.confidence.span):
            self.fields["judge"] = VerdictRule(confidence=level, span=span)

    def sentiment(self, statement: SentimentStatement) -> None:
        low, high = self.read(literals.number, statement.low), self.read(literals.number, statement.high)
        if low is None or high is None:
            return
        if low >= high:
            self.report(
                "JS223",
                f"the sentiment scale {literals.shown(statement.low.raw + '..' + statement.high.raw, quote='')} "
                "does not go from low to high",
                join_spans(statement.low.span, statement.high.span),
                help="write the lowest score first, like `sentiment csat 1..5`",
            )
            return
        self.fields["sentiment"] = Sentiment(field=statement.field.value, low=low, high=high, span=statement.span.to_span())

    def persona(self, block: Block) -> None:
        if block.id.value in self.persona_spans:
            self.diagnostics.append(duplicate("persona", block.id, self.persona_spans[block.id.value]))
            return
        self.persona_spans[block.id.value] = block.id.span
        once = Once(self.diagnostics)
        description = None
        for statement in block.body or ():
            if once.first("description", statement.span, f"persona `{block.id.value}`"):
                description = statement.text.value
        self.personas.append(
            Persona(id=block.id.value, label=block.label.value if block.label else None, description=description, span=block.span.to_span())
        )

    def emotion(self, statement: EmotionStatement) -> Emotion | None:
        raw = statement.score.raw
        score = self.read(literals.number, statement.score)
        if score is None:
            return None
        if not isinstance(score, int) or not -3 <= score <= 3:
            self.report(
                "JS208",
                f"emotion {literals.shown(raw)} is not a whole number from -3 to +3",
                statement.score.span,
                label="out of range",
                help="-3 is very negative, 0 neutral, +3 very positive",
            )
            return None
        return Emotion(score=score, label=statement.label.value if statement.label else None, span=statement.span.to_span())

    def stage(self, block: Block) -> None:
        if block.id.value in self.stage_spans:
            self.diagnostics.append(duplicate("stage", block.id, self.stage_spans[block.id.value]))
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
        once = Once(self.diagnostics)
        where = f"stage `{block.id.value}`"
        emotion = None
        notes: dict[str, list[Note]] = {lane.field: [] for lane in STAGE_LANES}
        step_ids: list[str] = []
        persona_emotions: list[PersonaEmotion] = []
        for statement in block.body or ():
            if isinstance(statement, EmotionStatement) and statement.persona is not None:
                persona_emotions += self.persona_emotion(statement, once, where)
            elif isinstance(statement, EmotionStatement):
                if once.first("emotion", statement.span, where):
                    emotion = self.emotion(statement)
            elif isinstance(statement, TextStatement):
                notes[BY_KEYWORD[statement.keyword].field].append(_note(statement))
            elif isinstance(statement, Block):
                step = self.step(statement, block.id.value)
                if step is not None:
                    step_ids.append(step.id)
            elif isinstance(statement, GroupStatement):
                self.written_groups.append((statement, block.id.value))
        self.stages.append(
            Stage(
                id=block.id.value,
                label=block.label.value if block.label else None,
                emotion=emotion,
                persona_emotions=tuple(persona_emotions),
                steps=tuple(step_ids),
                **{lane: tuple(written) for lane, written in notes.items()},
                span=block.span.to_span(),
            )
        )

    def step(self, block: Block, stage_id: str) -> Step | None:
        if block.id.value in self.step_spans:
            self.diagnostics.append(duplicate("step", block.id, self.step_spans[block.id.value]))
            return None
        self.step_spans[block.id.value] = block.id.span
        self.stage_steps.setdefault(stage_id, []).append(block.id.value)
        once = Once(self.diagnostics)
        where = f"step `{block.id.value}`"
        values: dict = {}
        notes: dict[str, list[Note]] = {lane.field: [] for lane in LANES}
        persona_emotions: list[PersonaEmotion] = []
        allow = AllowList(self.diagnostics)
        for statement in block.body or ():
            if isinstance(statement, NamesStatement) and statement.keyword == "allow":
                allow.add(statement)
                continue
            if isinstance(statement, TextStatement) and statement.keyword in BY_KEYWORD:
                notes[BY_KEYWORD[statement.keyword].field].append(_note(statement))
                continue
            if isinstance(statement, EmotionStatement) and statement.persona is not None:
                persona_emotions += self.persona_emotion(statement, once, where)
                continue
            if not once.first(statement.keyword, statement.span, where):
                continue
            if isinstance(statement, EmotionStatement):
                values["emotion"] = self.emotion(statement)
            elif isinstance(statement, PredicateStatement):
                values["when"] = statement.predicate
            elif isinstance(statement, TextStatement) and statement.keyword == "icon":
                values["icon"] = self.icon(statement)
            elif isinstance(statement, TextStatement):
                values["touchpoint"] = statement.text.value
            elif isinstance(statement, NamesStatement):
                values["channel"] = statement.names[0].value
            elif statement.keyword == "moment of truth":
                values["moment_of_truth"] = True
        values.update({lane: tuple(written) for lane, written in notes.items() if written})
        if persona_emotions:
            values["persona_emotions"] = tuple(persona_emotions)
        step = Step(
            id=block.id.value,
            label=block.label.value if block.label else None,
            stage=stage_id,
            span=block.span.to_span(),
            **values,
        )
        allowance = allow.allowance(block.span)
        if allowance is not None:
            self.allowances.append(allowance)
        self.steps.append(step)
        return step

    def persona_emotion(self, statement: EmotionStatement, once: Once, where: str) -> list[PersonaEmotion]:
        """One persona's emotion (`emotion -1 for bea`): none when the persona is unknown (JS251) or
        already has one here (JS218)."""
        persona = statement.persona
        if persona.value not in self.declared_personas:
            guess = closest(persona.value, self.declared_personas)
            known = ", ".join(f"`{p}`" for p in self.declared_personas)
            self.report(
                "JS251",
                f"no persona is called `{persona.value}` in this journey",
                persona.span,
                label="unknown persona",
                help=(f"did you mean `{guess}`? " if guess else "")
                + (f"the journey's personas are {known}" if known
                   else f'declare it in the journey, e.g. `persona {persona.value} "Name"`'),
            )
            return []
        if not once.first(f"emotion … for {persona.value}", statement.span, where):
            return []
        emotion = self.emotion(statement)
        if emotion is None:
            return []
        return [PersonaEmotion(persona=persona.value, score=emotion.score, label=emotion.label,
                               span=statement.span.to_span())]

    def icon(self, statement: TextStatement) -> str | None:
        """The icon a step names, or None (JS250) when the vendored set has no such icon."""
        name = statement.text.value
        if name in icons.NAMES:
            return name
        guess = closest(name, icons.NAMES)
        self.report(
            "JS250",
            f"there is no icon called {literals.shown(statement.text.raw, quote='')}",
            statement.text.span,
            label="unknown icon",
            help=(f'did you mean `icon "{guess}"`? ' if guess else "")
            + "The icons a step may show are listed in the language reference, under Lanes "
            + "(e.g. " + ", ".join(f'"{n}"' for n in ("credit-card", "search", "bed", "mail")) + ").",
        )
        return None

    # --- paths ------------------------------------------------------------------

    def missing(self, keyword: str, written: list[Name], help: str) -> None:
        if written:
            return
        code, what = ("JS206", "start step") if keyword == "start" else ("JS207", "success step")
        self.report(code, f"journey `{self.block.id.value}` has no {what}", self.block.id.span, label=f"no `{keyword}`", help=help)

    def references(self, names: list[Name], keyword: str) -> tuple[str, ...]:
        """The ids a ``start`` or ``success`` statement names: steps, and for ``start`` groups too."""
        kept: dict[str, None] = {}
        for name in names:
            if keyword == "success" and name.value in self.group_spans:
                self.not_a_step(name, "a success step", "the step that means success (one of the group's, or the "
                                "one after it)")
            elif self.known_node(name) and (keyword == "success" or self.outside_groups(name, keyword)):
                kept.setdefault(name.value, None)
        return tuple(kept)

    def step_endings(self) -> list[Name]:
        """The names in `end` that may be designed endings: a group is not one (JS245)."""
        kept: list[Name] = []
        for name in self.endings:
            if name.value in self.group_spans:
                self.not_a_step(name, "a designed ending", "the step where the journey stops without success")
            else:
                kept.append(name)
        return kept

    def not_a_step(self, name: Name, role: str, wanted: str) -> None:
        """JS245: a group named where only a step can stand."""
        self.report(
            "JS245",
            f"group `{name.value}` cannot be {role}",
            name.span,
            label="a group, not a step",
            help=f"name {wanted}",
        )

    def outside_groups(self, name: Name, keyword: str, names: tuple[Name, ...] = ()) -> bool:
        """JS243 for a step of a group named in a flow or `start` (``names``: the flow's):
        paths enter and leave a group as a whole."""
        group = self.group_of.get(name.value)
        if group is None:
            return True
        if keyword == "start":
            example = f"start {group}"
        else:
            example = "flow " + " -> ".join(self.group_of.get(n.value, n.value) for n in names)
        self.report(
            "JS243",
            f"step `{name.value}` is in group `{group}`, so `{keyword}` names the group, not the step",
            name.span,
            label=f"a step of group `{group}`",
            help=f"write `{example}`: paths enter a group at any of its steps, move between them in any order, "
            "and leave once it is complete",
        )
        return False

    def flow(self, statement: FlowStatement) -> None:
        names = statement.steps
        known = [self.known_node(n) and self.outside_groups(n, "flow", names) for n in names]
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
            share = self.read(literals.fraction, statement.share)
            if share is not None and not 0 <= share <= 1:
                self.report(
                    "JS209",
                    f"a designed share of {literals.shown(statement.share.raw, quote='')} is impossible",
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


def compile_syntax(tree: SyntaxFile) -> tuple[Document, list[Diagnostic], list[Allowance]]:
    """Compile a parsed file into a :class:`Document`, with the diagnostics found on the way.

    The third item is what the file's `allow` statements silence, for :func:`~.allow.silence`
    once every check has run.
    """
    diagnostics: list[Diagnostic] = []
    journeys: list[Journey] = []
    allowances: list[Allowance] = []
    seen: dict[str, Loc] = {}
    for block in tree.journeys:
        if block.id.value in seen:
            diagnostics.append(duplicate("journey", block.id, seen[block.id.value]))
            continue
        seen[block.id.value] = block.id.span
        compiler = JourneyCompiler(block, diagnostics)
        journeys.append(compiler.compile())
        allowances += compiler.allowances
    return Document(file=tree.file, journeys=tuple(journeys)), diagnostics, allowances


__all__ = ["JourneyCompiler", "compile_syntax"]


def _note(statement: TextStatement) -> Note:
    return Note(text=statement.text.value, span=statement.span.to_span())
