"""Reference pages generated from the code, so nothing is written twice.

:func:`cli_reference` walks the click commands; :func:`api_reference` reads
signatures and Google-style docstrings with :mod:`inspect`. The project's
MkDocs hook calls both at build time.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Iterator

import click

_SECTION = re.compile(r"^(Args|Arguments|Returns|Raises|Attributes|Yields|Example|Examples|Note|Notes):\s*$")


def walk_commands(group: click.Command, prefix: str = "", name: str | None = None) -> Iterator[tuple[str, click.Command]]:
    """Every command under ``group`` with its full name (``journeyspec docs build``), in help order."""
    name = f"{prefix} {name or group.name}".strip()
    yield name, group
    if isinstance(group, click.Group):
        context = click.Context(group, info_name=group.name)
        for child in group.list_commands(context):
            command = group.get_command(context, child)
            if command is not None and not command.hidden:
                yield from walk_commands(command, name)


def cli_reference(group: click.Command, *, program: str = "journeyspec") -> str:
    """A Markdown page with every command: usage, description, arguments and options."""
    lines = [
        "# Command line",
        "",
        f"Every `{program}` command, generated from the commands themselves "
        f"(the same text as `{program} COMMAND --help`).",
        "",
        "Exit codes: **0** clean, **1** findings (errors in a map, failed expectations), "
        "**2** usage, configuration or internal error.",
        "",
    ]
    commands = list(walk_commands(group, name=program))
    lines += ["| command | what it does |", "|---|---|"]
    for name, command in commands[1:]:
        if isinstance(command, click.Group):
            continue
        lines.append(f"| [`{name}`](#{_slug(name)}) | {_first_line(command)} |")
    lines.append("")
    for name, command in commands:
        if command is group:
            continue
        lines += _command_section(name, command)
    return "\n".join(lines).rstrip() + "\n"


def _slug(name: str) -> str:
    return name.replace(" ", "-")


def _first_line(command: click.Command) -> str:
    text = command.short_help or (command.help or "").strip().split("\n\n")[0]
    return " ".join(text.split()).replace("|", "\\|")


def _command_section(name: str, command: click.Command) -> list[str]:
    context = click.Context(command, info_name=name)
    usage = " ".join([name, *command.collect_usage_pieces(context)])
    level = "##" if name.count(" ") == 1 else "###"
    lines = [f"{level} `{name}` {{#{_slug(name)}}}", "", "```text", usage, "```", ""]
    lines += _help_markdown(command.help or "")
    if isinstance(command, click.Group):
        subcommands = command.list_commands(context)
        lines += ["Subcommands: " + ", ".join(f"[`{name} {sub}`](#{_slug(name + ' ' + sub)})" for sub in subcommands), ""]
        return lines
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    options = [p for p in command.params if isinstance(p, click.Option) and not p.hidden]
    if arguments:
        lines += ["**Arguments**", ""]
        for argument in arguments:
            many = " (one or more)" if argument.nargs == -1 and argument.required else " (any number)" if argument.nargs == -1 else ""
            lines.append(f"- `{argument.human_readable_name}`{many}")
        lines.append("")
    lines += ["**Options**", "", "| option | meaning | default |", "|---|---|---|"]
    for option in options:
        record = option.get_help_record(context)
        if record is None:
            continue
        flags, help_text = record
        help_text = re.sub(r"\s*\[(default|required): [^\]]*\]|\s*\[required\]", "", help_text)
        default = option.default if option.show_default and not option.is_flag and option.default is not None else None
        shown = f"`{default}`" if default not in (None, "", ()) else ""
        lines.append(f"| `{flags}` | {' '.join(help_text.split()).replace('|', chr(92) + '|')} | {shown} |")
    lines.append("| `-h, --help` | Show the help and exit. | |")
    return lines + [""]


def _help_markdown(text: str) -> list[str]:
    """click help text as Markdown: ``\\b`` paragraphs stay verbatim, others are reflowed."""
    lines: list[str] = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        if paragraph.startswith("\b"):
            lines += ["```text", paragraph.lstrip("\b").strip("\n"), "```", ""]
        elif paragraph.strip():
            lines += [" ".join(paragraph.split()), ""]
    return lines


def api_reference(sections: Iterable[tuple[str, str, Iterable[str]]]) -> str:
    """A Markdown page documenting objects from their signatures and docstrings.

    Args:
        sections: ``(heading, introduction, public names)`` triples, in page order, e.g.
            ``("Maps", "", ["journeyspec.load"])``.
    """
    lines = [
        "# Python API",
        "",
        "Generated from the code's docstrings. Everything here is importable as shown.",
        "",
    ]
    for heading, introduction, objects in sections:
        lines += [f"## {heading}", ""]
        if introduction:
            lines += [introduction, ""]
        for public in objects:
            lines += _object_section(public)
    return "\n".join(lines).rstrip() + "\n"


def resolve(public: str) -> object:
    """The object a public dotted name (``journeyspec.site.build_site``) names."""
    import importlib

    module_name, _, attribute = public.rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)


def signature_text(obj: object) -> str:
    """``(paths: str | Path, *, results=None) -> list[Path]``, annotations as written in the code."""
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return "(...)"
    return re.sub(r"'([^']*)'", r"\1", str(signature))


def _object_section(public: str) -> list[str]:
    obj = resolve(public)
    name = public.rpartition(".")[2]
    signature = signature_text(obj)
    if inspect.isclass(obj) and (hasattr(obj, "model_fields") or len(signature) > 100):
        signature = "(...)"  # the fields are listed below
    lines = [f"### `{name}` {{#{public.replace('.', '-').lower()}}}", "", "```python", f"{public}{signature}", "```", ""]
    lines += docstring_markdown(inspect.getdoc(obj) or "")
    if inspect.isclass(obj):
        lines += _model_fields(obj)
        lines += _members(obj)
    return lines


def _model_fields(cls: type) -> list[str]:
    fields = getattr(cls, "model_fields", None)
    if not fields:
        return []
    lines = ["| field | type | meaning |", "|---|---|---|"]
    for field_name, info in fields.items():
        kind = type_text(info.annotation).replace("|", "\\|")
        lines.append(f"| `{field_name}` | `{kind}` | {_rst_to_md(info.description or '')} |")
    return lines + [""]


def type_text(annotation: object) -> str:
    """A field's type as a reader writes it: ``str``, ``tuple[Step, ...]``, ``Compare | Match``."""
    if isinstance(annotation, type):
        return annotation.__name__
    text = re.sub(r"\b(typing|journeyspec\.[\w.]+)\.", "", str(annotation))
    text = re.sub(r"Annotated\[(.*), FieldInfo\(.*?\)\]", r"\1", text)
    return re.sub(r"Union\[([^\[\]]*)\]", lambda m: m.group(1).replace(", ", " | "), text)


def _members(cls: type) -> list[str]:
    lines: list[str] = []
    for member_name, member in sorted(vars(cls).items()):
        if member_name.startswith("_"):
            continue
        function = member.__func__ if isinstance(member, (classmethod, staticmethod)) else member
        if isinstance(function, property):
            doc = inspect.getdoc(function.fget)
            header = f"**`{member_name}`** (property)"
        elif inspect.isfunction(function):
            doc = inspect.getdoc(function)
            header = f"**`{member_name}{signature_text(function)}`**"
        else:
            continue
        if doc:
            lines += [header, ""] + docstring_markdown(doc)
    return lines


def docstring_markdown(doc: str) -> list[str]:
    """A Google-style docstring as Markdown: sections become bold headings with lists."""
    out: list[str] = []
    section: str | None = None
    for raw in doc.splitlines():
        match = _SECTION.match(raw.strip())
        if match and not raw.startswith(" "):
            section = match.group(1)
            out += ["", f"**{section}**", ""]
            continue
        if section in ("Args", "Arguments", "Attributes", "Raises") and raw.startswith("    "):
            entry = re.match(r"^    (\*{0,2}[\w.]+)(?: \(([^)]*)\))?:\s*(.*)$", raw)
            if entry:
                name, kind, rest = entry.groups()
                kind_text = f" ({kind})" if kind else ""
                out.append(f"- `{name}`{kind_text}: {_rst_to_md(rest)}")
            else:
                out[-1] += " " + _rst_to_md(raw.strip())
            continue
        if section in ("Returns", "Yields") and raw.startswith("    "):
            out.append(_rst_to_md(raw.strip()))
            continue
        if raw.startswith("    ") and section is None:
            out.append(raw)  # indented code in the summary
            continue
        if not raw.strip():
            section = None if section not in ("Args", "Arguments", "Attributes", "Raises", "Returns", "Yields") else section
        out.append(_rst_to_md(raw))
    text = "\n".join(out)
    text = re.sub(r"::\n\n((?:    .*\n?|\n)+)", lambda m: ":\n\n```python\n" + inspect.cleandoc(m.group(1)) + "\n```\n", text)
    return text.strip("\n").splitlines() + [""]


def _rst_to_md(text: str) -> str:
    """Docstrings use reST roles and double backticks; Markdown wants single ones."""
    text = re.sub(r":(?:func|class|meth|data|attr|mod|exc):`~?([^`]+)`", r"`\1`", text)
    return re.sub(r"``([^`]+)``", r"`\1`", text)
