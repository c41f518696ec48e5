"""A reader of GitHub Actions workflow commands, written apart from journeyspec's writer.

It follows the runner's own parser (actions/runner, ``ActionCommand.TryParseV2``):
a log line that starts with ``::`` is a command; up to the next ``::`` is the
command name and, after a space, its properties split on ``,`` into
``name=value`` pairs; the rest is the message. Properties unescape ``%0D``,
``%0A``, ``%3A``, ``%2C`` and ``%25``; the message ``%0D``, ``%0A`` and ``%25``.
To catch injection, a line counts as a command here even with leading spaces.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_DATA = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
_PROPERTY = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))


def _unescape(text: str, table) -> str:
    for escaped, plain in table:
        text = text.replace(escaped, plain)
    return text


@dataclass
class Command:
    name: str
    properties: dict[str, str] = field(default_factory=dict)
    message: str = ""

    def int(self, key: str) -> int | None:
        return int(self.properties[key]) if key in self.properties else None


def parse_line(line: str) -> Command | None:
    text = line.lstrip()
    if not text.startswith("::"):
        return None
    end = text.find("::", 2)
    if end < 0:
        return None
    info, message = text[2:end], text[end + 2 :]
    name, _, rest = info.partition(" ")
    properties = {}
    for pair in filter(None, rest.strip().split(",")):
        key, equals, value = pair.partition("=")
        if equals:
            properties[key] = _unescape(value, _PROPERTY)
    return Command(name, properties, _unescape(message, _DATA))


def parse(output: str) -> list[Command]:
    """Every command in a step's log, in order (any line, as the runner reads each line of the log)."""
    lines = output.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [command for command in map(parse_line, lines) if command is not None]
