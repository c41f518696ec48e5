"""A diff in a notebook: the list of changes, showing itself as an SVG board, a table and text.

:func:`journeyspec.diff` returns :class:`Changes`, a ``list`` of
:class:`~journeyspec.diff.changes.Change` (so it compares, indexes and
serialises as one), which a notebook draws: every bundle holds an SVG (see
:mod:`journeyspec.render.notebook` for why), Markdown (the Markdown report),
and the text report. Text from the maps goes through :mod:`journeyspec.inert`.
"""

from __future__ import annotations

from journeyspec import inert
from journeyspec.diff.formats import _detail, summary_line, to_markdown, to_text
from journeyspec.ir.display import mime_bundle

COLUMNS = ("journey", "change", "detail")


class Changes(list):
    """The changes :func:`journeyspec.diff` found, in its order: a plain list that draws itself in a notebook."""

    def _rows(self) -> list[tuple[str, tuple[str, str, str]]]:
        return [(c.action, (c.journey, ("! " if c.severity == "warning" else "") + c.summary, _detail(c)))
                for c in self]

    def _svg(self) -> str:
        from journeyspec.render.board import Row, board_svg

        return board_svg(summary_line(self), COLUMNS, [Row(action, cells) for action, cells in self._rows()])

    def _html(self) -> str:
        head = "".join(f"<th>{name}</th>" for name in ("", *COLUMNS))
        signs = {"added": "+", "removed": "−", "changed": "~"}
        body = "".join(f"<tr><td>{signs[action]}</td>" + "".join(f"<td>{inert.markdown(c)}</td>" for c in cells)
                       + "</tr>" for action, cells in self._rows())
        return (f"<table><caption>{inert.markdown(summary_line(self))}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """In a notebook: the changes as an SVG board, an HTML table, the Markdown report and the text report."""
        return mime_bundle({
            "image/svg+xml": self._svg,
            "text/html": self._html,
            "text/markdown": lambda: to_markdown(self),
            "text/plain": lambda: to_text(self),
        }, include, exclude)


__all__ = ["Changes"]
