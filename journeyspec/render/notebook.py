"""Journeys and drawings in a notebook: every bundle carries an SVG, since not every notebook draws the rest.

JupyterLab 4.1+ draws ``text/vnd.mermaid``; VS Code's notebooks draw neither
Mermaid nor script-driven HTML reliably (vscode-jupyter#11748, #6404), but
every notebook draws ``image/svg+xml``. So a journey's bundle is its graph as
SVG (the canvas when Graphviz is not installed), its Mermaid flowchart,
Markdown and one line of text; :class:`Picture`, what :func:`journeyspec.render.render`
returns for text forms, shows itself the same way. Importing this module
registers the journey's makers with :mod:`journeyspec.ir.display`; it is
light (drawing modules load when a bundle is made).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Self

from journeyspec import inert
from journeyspec.ir.display import Makers, mime_bundle, register
from journeyspec.ir.journey import Journey


def journey_svg(journey: Journey) -> str:
    """The journey's graph as SVG; its canvas (drawn without Graphviz) when ``dot`` is not installed."""
    from journeyspec.render.errors import GraphvizNotFound
    from journeyspec.render.graph import build_graph
    from journeyspec.render.layout import run_dot

    try:
        return run_dot(build_graph(journey, None), "svg").decode("utf-8")
    except GraphvizNotFound:
        from journeyspec.render.canvas import to_canvas_svg

        return to_canvas_svg(journey)


def _mermaid(journey: Journey) -> str:
    from journeyspec.render.mermaid import to_flowchart

    return to_flowchart(journey)


def summary_line(journey: Journey) -> str:
    """``journey checkout "Web shop checkout": 3 stages, 7 steps, 12 expectations`` (plain text)."""
    def many(n: int, word: str) -> str:
        return f"{n:,} {word}{'' if n == 1 else 's'}"

    return (f"journey {inert.terminal(journey.id)} \"{inert.terminal(journey.title)}\": "
            f"{many(len(journey.stages), 'stage')}, {many(len(journey.steps), 'step')}, "
            f"{many(len(journey.expectations), 'expectation')}")


def _markdown(journey: Journey) -> str:
    # Mermaid's own escaping (render.mermaid) keeps the diagram's labels inert inside the fence.
    return (f"**{inert.markdown(journey.title)}** ({inert.markdown_code(journey.id)}): "
            f"{inert.markdown(summary_line(journey).split(': ', 1)[1])}\n\n```mermaid\n{_mermaid(journey)}\n```\n")


def journey_makers(journey: Journey) -> Makers:
    """The makers of a journey's bundle, each run only when its type is asked for."""
    return {
        "image/svg+xml": lambda: journey_svg(journey),
        "text/vnd.mermaid": lambda: _mermaid(journey),
        "text/markdown": lambda: _markdown(journey),
        "text/plain": lambda: summary_line(journey),
    }


register("journey", journey_makers)


class Picture(str):
    """A drawing as text (SVG, Mermaid or DOT): a ``str`` that also shows itself in a notebook.

    ``form`` says which; an SVG shows as itself, Mermaid and DOT as the SVG of the
    same drawing beside their text.
    """

    form: str
    _svg: Callable[[], str] | None

    def __new__(cls, text: str, form: str, svg: Callable[[], str] | None = None) -> Self:
        made = super().__new__(cls, text)
        made.form, made._svg = form, svg
        return made

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        text = str(self)
        makers: dict[str, Callable[[], str]] = {"image/svg+xml": (lambda: text) if self.form == "svg"
                                                else (self._svg or (lambda: text))}
        if self.form == "mermaid":
            makers["text/vnd.mermaid"] = lambda: text
        if self.form in ("mermaid", "dot"):
            makers["text/markdown"] = lambda: f"```{self.form}\n{text}\n```\n"
        makers["text/plain"] = lambda: f"<{self.form} drawing, {len(text):,} characters>"
        return mime_bundle(makers, include, exclude)


__all__ = ["Picture", "journey_makers", "journey_svg", "summary_line"]
