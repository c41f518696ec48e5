"""The page showing one map's source, each line with an anchor that step ids link to."""

from __future__ import annotations

from journeyspec.site import escape
from journeyspec.site.catalog import Catalog, MapFile


def source_page(map_file: MapFile, catalog: Catalog) -> str:
    """A map's source, each line numbered and anchored (``#L12``), with links to its journeys' pages."""
    depth = len(map_file.shown.parts)  # sources/<shown>.md sits this deep below the site root
    up = "../" * depth
    journeys = [e for e in catalog.entries if e.map_file is map_file]
    lines = [
        "---",
        f'title: "{escape.nav_safe(map_file.shown.name)} (source)"',
        "---",
        "",
        f"# {escape.code(map_file.shown)}",
        "",
    ]
    if journeys:
        links = ", ".join(f"[{escape.text(e.journey.title)}]({up}{e.page})" for e in journeys)
        lines += [f"The source of {links}. Line numbers are links you can share.", ""]
    rows = []
    for number, line in enumerate(map_file.text.splitlines(), start=1):
        rows.append(
            f'<span class="js-line" id="L{number}"><a class="js-lineno" href="#L{number}">{number}</a>'
            f"{escape.preformatted(line)}</span>"
        )
    # One raw HTML block: no blank line inside, so Markdown leaves it whole.
    lines.append('<pre class="js-source"><code>' + "\n".join(rows) + "</code></pre>")
    return "\n".join(lines) + "\n"
