"""The CLI and API references are generated from the code: every command and object appears."""

from __future__ import annotations

import click

from journeyspec.cli import main_group
from journeyspec.site.api_pages import api_page, api_sections
from journeyspec.site.reference import cli_reference, docstring_markdown, resolve, walk_commands


def test_every_command_and_option_is_in_the_cli_reference():
    page = cli_reference(main_group)
    commands = list(walk_commands(main_group, name="journeyspec"))
    names = {name for name, _ in commands}
    assert {"journeyspec validate", "journeyspec render", "journeyspec docs", "journeyspec docs build"} <= names
    for name, command in commands[1:]:
        assert f"`{name}` {{#{name.replace(' ', '-')}}}" in page, name
        assert (command.help or "").strip().split("\n")[0].strip() in page, name
        for parameter in command.params:
            if isinstance(parameter, click.Option):
                assert f"`{', '.join(parameter.opts)}" in page or any(opt in page for opt in parameter.opts), (name, parameter)


def test_the_cli_reference_keeps_verbatim_blocks():
    page = cli_reference(main_group)
    assert "```text\ngraph    stages left to right" in page  # `render`'s \b block


def test_every_api_object_is_documented():
    page = api_page()
    for _, _, names in api_sections():
        for public in names:
            assert f"{public}(" in page, public
            obj = resolve(public)
            summary = (obj.__doc__ or "").strip().splitlines()[0]
            assert summary.replace("``", "`").split(":")[0][:30] in page.replace("``", "`"), public
    assert "| `expectations` | `tuple[Expectation, ...]` | Expectations, in written order. |" in page


def test_google_docstrings_become_markdown():
    doc = """Do a thing.

    Args:
        paths: Where to look,
            on two lines.
        out_dir (Path): Where to write.

    Returns:
        The ``files`` written.

    Raises:
        ValueError: when :func:`x` fails.
    """
    import inspect

    text = "\n".join(docstring_markdown(inspect.cleandoc(doc)))
    assert "- `paths`: Where to look, on two lines." in text
    assert "- `out_dir` (Path): Where to write." in text
    assert "**Returns**" in text and "The `files` written." in text
    assert "- `ValueError`: when `x` fails." in text
