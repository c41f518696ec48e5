"""The page of one library: what it defines, where, and which journeys take each definition."""

from __future__ import annotations

from dataclasses import dataclass, field

from journeyspec.ir.text import predicate_text
from journeyspec.site import escape
from journeyspec.site.catalog import LIBRARIES_DIR, Catalog, Entry, MapFile, relative

_EMPTY = '<span class="js-none">—</span>'


@dataclass(frozen=True)
class LibraryEntry:
    """One definition of a library: a persona, a step or an event rule, with its line."""

    kind: str
    id: str | None
    title: str
    detail: str
    line: int | None


@dataclass
class LibraryView:
    """A library as the site shows it: its name, its file, its definitions, its page."""

    name: str
    label: str | None
    map_file: MapFile | None
    entries: list[LibraryEntry] = field(default_factory=list)
    slug: str = ""

    @property
    def page(self) -> str:
        return f"{LIBRARIES_DIR}/{self.slug}.md"


def takers(catalog: Catalog, library: LibraryView, kind: str, item_id: str | None) -> list[Entry]:
    """The journeys that take one definition of the library, in map order."""
    return [
        entry for entry in catalog.entries
        if any(s.library == library.name and s.kind == kind and s.id == item_id for s in entry.journey.shared)
    ]


def library_page(library: LibraryView, catalog: Catalog) -> str:
    """The page listing a library's definitions and, for each, the journeys that take it."""
    lines = ["---", f'title: "{escape.nav_safe(library.label or library.name)} (library)"', "---", ""]
    lines += [f"# {escape.text(library.label or library.name)}", ""]
    where = f" in {escape.code(library.map_file.shown)}" if library.map_file else ""
    intro = f"The library {escape.code(library.name)}{where}: definitions journeys take with `from {library.name}`."
    lines += [intro, ""]
    lines += ["| Definition | What | Taken by |", "|---|---|---|"]
    for item in library.entries:
        link = _source_link(catalog, library, item.line)
        name = escape.code(item.id) if item.id else escape.code(item.kind)
        name = f"[{name}]({link} \"Where it is written\")" if link else name
        users = takers(catalog, library, item.kind, item.id)
        anchor = "step-" + escape.anchor(item.id) if item.kind == "step" and item.id else ""
        taken = "<br>".join(
            f"[{escape.text(u.journey.title)}]({relative(u.page, LIBRARIES_DIR)}{'#' + anchor if anchor else ''})"
            for u in users
        )
        lines.append(f"| **{escape.text(item.title)}**<br>{item.kind} {name} | {item.detail or _EMPTY} | "
                     f"{taken or _EMPTY} |")
    return "\n".join(lines) + "\n"


def _source_link(catalog: Catalog, library: LibraryView, line: int | None) -> str | None:
    if library.map_file is None:
        return None
    fragment = f"#L{line}" if line else ""
    if catalog.source_base_url:
        return f"{catalog.source_base_url.rstrip('/')}/{escape.url_path(str(library.map_file.shown))}{fragment}"
    return relative(catalog.source_page(library.map_file), LIBRARIES_DIR) + fragment


def view_of(library, map_file: MapFile | None) -> LibraryView:
    """The site's view of a resolved library (:class:`journeyspec.lang.share.resolve.Library`)."""
    view = LibraryView(library.name, library.block.label.value if library.block.label else None, map_file)
    for kind, entries in (("persona", library.personas), ("step", library.steps)):
        for item_id, block in entries.items():
            title = block.label.value if block.label else item_id
            # A persona is shown by its description, a step by the condition that recognises it.
            first = {s.keyword: s for s in reversed(block.body or ())}
            if "when" in first:
                detail = escape.code(predicate_text(first["when"].predicate))
            elif "description" in first:
                detail = escape.text(first["description"].text.value)
            else:
                detail = ""
            view.entries.append(LibraryEntry(kind, item_id, title, detail, block.id.span.line))
    for kind, rules in library.rules.items():
        if rules:
            detail = "<br>".join(escape.code(_rule_text(rule)) for rule in rules)
            view.entries.append(LibraryEntry(kind, None, f"`{kind}` rules", detail, rules[0].span.line))
    return view


def _rule_text(rule) -> str:
    if rule.keyword == "sentiment":
        return f"{rule.field.value} {rule.low.raw}..{rule.high.raw}"
    return predicate_text(rule.predicate)


__all__ = ["LibraryEntry", "LibraryView", "library_page", "takers", "view_of"]
