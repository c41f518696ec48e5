"""MkDocs hooks of journeyspec's own site: the pages generated from the repository.

- the language reference, copied from ``spec/`` (the single source; tests keep it current);
- the command-line reference, generated from the click commands;
- the Python API reference, generated from the docstrings.

The journey pages come from the ``journeyspec`` plugin, like on any user's site.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
SPEC_PAGES = {
    "README.md": "reference/index.md",
    "language.md": "reference/language.md",
    "data-semantics.md": "reference/data-semantics.md",
    "metrics.md": "reference/metrics.md",
    "diagnostics.md": "reference/diagnostics.md",
    "ir.md": "reference/ir.md",
    "ir.schema.json": "reference/ir.schema.json",
    "grammar.ebnf": "reference/grammar.ebnf",
}


def generated_pages() -> dict[str, str]:
    """Every generated page: its path in the site -> its content."""
    from journeyspec.site.api_pages import api_page
    from journeyspec.site.reference import cli_reference
    from journeyspec.cli import main_group

    pages = {target: _fences((ROOT / "spec" / source).read_text(encoding="utf-8")) for source, target in SPEC_PAGES.items()}
    pages["reference/cli.md"] = cli_reference(main_group)
    pages["reference/api.md"] = api_page()
    return pages


def _fences(text: str) -> str:
    """The spec's ```` ```journey fragment ```` info strings in the attribute form superfences reads."""
    return re.sub(r"^```journey (fragment|encoding=[\w-]+)$", r"``` { .journey .\1 }", text, flags=re.M).replace(
        ".encoding=latin-1", ".latin-1"
    )


def on_files(files: Files, config) -> Files:
    for src_uri, content in generated_pages().items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=content))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    """The hand-written pages' fragments too (the data-sources recipe's showed as inline code)."""
    return _fences(markdown)


def on_serve(server, config, builder):
    server.watch(str(ROOT / "spec"))
    server.watch(str(ROOT / "journeyspec"))
    return server
