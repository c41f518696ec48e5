"""What the compiler of one journey knows while it works, and where its findings go.

The ids declared so far (with the span of each declaration), a reference
resolved against them (JS202 with a "did you mean" when it fails), statements
that may be written once per place (JS218), and ids declared twice (JS201).
Shared by the journey's own statements and its expectations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from journeyspec.diagnostics import Diagnostic, Related
from journeyspec.diagnostics.suggest import closest
from journeyspec.lang.front.literals import LiteralError
from journeyspec.lang.front.syntax import Literal, Loc, Name

T = TypeVar("T")


@dataclass
class Once:
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


def duplicate(kind: str, name: Name, first: Loc) -> Diagnostic:
    """JS201 for a second declaration of an id."""
    scope = "a file and across the maps validated together" if kind == "journey" else "a journey"
    return Diagnostic(
        "JS201",
        f"{kind} id `{name.value}` is declared twice",
        name.span,
        label="second declaration",
        help=f"ids must be unique within {scope}; rename one of them",
        related=(Related(first, "first declared here"),),
    )


def join_spans(first: Loc, last: Loc) -> Loc:
    """The span from the start of ``first`` to the end of ``last``."""
    return Loc(first.file, first.start, last.end, first.line, first.column, last.end_line, last.end_column)


class Scope:
    """The steps and stages one journey declares, and the list its diagnostics go to."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        self.stage_spans: dict[str, Loc] = {}
        self.stage_steps: dict[str, list[str]] = {}  # each stage's step ids, in written order
        self.step_spans: dict[str, Loc] = {}
        # Groups (steps in any order) by id, and each member step's group: see .groups.
        self.group_spans: dict[str, Loc] = {}
        self.group_of: dict[str, str] = {}

    def report(self, code: str, message: str, span: Loc, **kwargs) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, **kwargs))

    def read(self, reader: Callable[[str], T], literal: Literal) -> T | None:
        """``reader(literal.raw)``, or ``None`` with its :class:`~.literals.LiteralError` reported at the literal."""
        try:
            return reader(literal.raw)
        except LiteralError as err:
            self.report(err.code, str(err), literal.span, help=err.help)
            return None

    def known_step(self, name: Name) -> bool:
        """Whether a step of that id is declared; JS202 when not."""
        if name.value in self.step_spans:
            return True
        self._unknown(name, self.step_spans, "step")
        return False

    def known_node(self, name: Name) -> bool:
        """Whether a step or a group of that id is declared (what a flow, `start` or a metric may name);
        JS202 when not."""
        if name.value in self.step_spans or name.value in self.group_spans:
            return True
        if not self.group_spans:
            self._unknown(name, self.step_spans, "step")
        else:
            self._unknown(name, [*self.step_spans, *self.group_spans], "step or group")
        return False

    def _unknown(self, name: Name, known, what: str) -> None:
        if name.value in self.stage_spans:
            self._stage_not_step(name, what)
            return
        guess = closest(name.value, known)
        self.report(
            "JS202",
            f"no {what} is called `{name.value}`" + (f"; did you mean `{guess}`?" if guess else ""),
            name.span,
            label=f"unknown {what}",
            help=None if guess else "declare it with `step " + name.value + "` inside a stage, or fix the name",
        )

    def _stage_not_step(self, name: Name, what: str) -> None:
        """JS202 for a stage id where a step is expected: say so, and name the stage's steps."""
        steps = self.stage_steps.get(name.value, [])
        listed = ", ".join(f"`{s}`" for s in steps)
        self.report(
            "JS202",
            f"`{name.value}` is a stage, not a {what}"
            + (f"; its steps are {listed}" if len(steps) > 1 else f"; its step is {listed}" if steps else "; it has no steps"),
            name.span,
            label="a stage",
            related=(Related(self.stage_spans[name.value], f"stage `{name.value}` is declared here"),),
            help=f"flows, `start`, `success` and expectations name steps: write one of the stage's steps, e.g. "
            f"`{steps[0]}`" if steps else "add steps to the stage and name one of them here",
        )
