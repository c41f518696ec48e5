"""Where a command's time goes, on stderr, when ``JOURNEYSPEC_TIMINGS`` is set.

``JOURNEYSPEC_TIMINGS=1 journeyspec check ...`` prints a line per phase
(start-up and imports, loading the maps, each progress stage of the check,
the report) so a benchmark (benchmarks/check/bench.py) or a curious user can
see where a slow run spends its seconds without a profiler's own overhead.
What happens after the last line (the interpreter's exit) is not in it: a
benchmark measures it as the wall time left over.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

VARIABLE = "JOURNEYSPEC_TIMINGS"
PREFIX = "journeyspec timing:"
"""Each phase is one stderr line as it ends: the prefix, seconds since the process started, seconds in the
phase, and the phase. Lines are written as phases end, so whatever else the process writes to stderr
between two of them (``python -X importtime``'s lines, say) belongs to the second."""


def process_age() -> float | None:
    """Seconds since this process started (Linux, to 10 ms), or None where that cannot be read."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            # Fields after the command name, which is in parentheses and may hold spaces;
            # the start time is field 22 of proc(5), the 20th after the name.
            fields = handle.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return None


class Timings:
    """Phase marks of one command; silent unless ``JOURNEYSPEC_TIMINGS`` is set (or ``enabled``).

    Each :meth:`mark` ends the phase before it. The first phase is everything
    from the process's start to the creation of this object (the interpreter,
    the imports and the argument parsing), when the start can be read.
    """

    def __init__(self, enabled: bool | None = None, stream: TextIO | None = None) -> None:
        self.enabled = bool(os.environ.get(VARIABLE)) if enabled is None else enabled
        self._stream = stream
        now = time.perf_counter()
        age = process_age() if self.enabled else None
        self._origin = now - age if age is not None else now
        self._marks: list[tuple[str, float]] = []
        self._open: str | None = None
        if age is not None:
            self._end("start-up and imports", now)

    def _end(self, phase: str, now: float) -> None:
        since = now - self._origin
        seconds = since - (self._marks[-1][1] - self._origin if self._marks else 0.0)
        self._marks.append((phase, now))
        stream = self._stream or sys.stderr
        stream.write(f"{PREFIX} {since:9.3f} {seconds:9.3f}  {phase}\n")
        stream.flush()

    def mark(self, phase: str) -> None:
        """End the current phase (printing its line) and begin ``phase``."""
        if not self.enabled:
            return
        if self._open is not None:
            self._end(self._open, time.perf_counter())
        self._open = phase

    def progress(self, forward=None):
        """A progress callback that marks each message as a phase, then passes it on to ``forward``."""

        def note(message: str) -> None:
            self.mark(message)
            if forward is not None:
                forward(message)

        return note

    def done(self) -> None:
        """End the last phase (printing its line)."""
        self.mark("")
        self._open = None

    def phases(self) -> list[tuple[str, float, float]]:
        """(phase, seconds since the start at its end, seconds in it) of every phase ended so far."""
        rows, previous = [], self._origin
        for phase, end in self._marks:
            rows.append((phase, end - self._origin, end - previous))
            previous = end
        return rows


def parse(text: str) -> list[tuple[str, float, float]]:
    """The phases in a command's stderr, as :meth:`Timings.phases` gives them, for benchmarks."""
    rows = []
    for line in text.splitlines():
        if line.startswith(PREFIX):
            since, seconds, phase = line[len(PREFIX):].split(maxsplit=2)
            rows.append((phase, float(since), float(seconds)))
    return rows


__all__ = ["PREFIX", "VARIABLE", "Timings", "parse", "process_age"]
