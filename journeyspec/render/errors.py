"""Why a picture could not be made, in words for the person who asked for it."""

from __future__ import annotations


class RenderError(Exception):
    """A picture could not be made; the message says why and what to do."""


class GraphvizNotFound(RenderError):
    """The Graphviz ``dot`` program, which lays out the graph, is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "the Graphviz `dot` program is not installed (or not on PATH), and it lays out the journey graph.\n"
            "Install Graphviz: `sudo apt-get install graphviz` (Debian, Ubuntu), `brew install graphviz` (macOS), "
            "`winget install graphviz` (Windows); `make install` does it for you on Debian.\n"
            "Without it, `--as dot`, `--as mermaid` and `--as canvas --format svg` still work."
        )
