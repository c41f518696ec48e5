"""``journeyspec lsp``: the language server, for editors."""

from __future__ import annotations

import click

from journeyspec.cli.common import UsageProblem


@click.command("lsp")
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default and only way; "
              "accepted because editors pass it).")
def lsp_command(stdio: bool) -> None:
    """Serve the language server over standard input and output.

    Editors start it themselves (see the editors recipe in the docs): it
    reports the diagnostics of `validate` as you type, and offers an outline,
    hover, go to definition, references, rename, completion, formatting and
    quick fixes. Needs the `lsp` extra: pip install 'journeyspec[lsp]'.
    """
    try:
        from journeyspec.lsp.server import serve
    except ImportError as missing:
        raise UsageProblem(f"the language server needs the `lsp` extra ({missing.name} is missing): "
                           "pip install 'journeyspec[lsp]'") from None
    serve()
