"""Shared definitions resolved: each `use` read, each `from` replaced by what the library defines.

Resolution works on syntax trees, before compiling: ``step login from common``
becomes the library's ``step login { … }`` with the library's statements (and
their spans, in the library's file), so the compiler, the checks and every
tool after them see an ordinary journey, and a problem inside a library is
reported at the library's file and line (malloy#848) — with the `from` that
took it as a related place (:func:`relate`).

What a journey may change, and how (spec/language.md, "Shared definitions"):
its own label replaces the library's; a `when` in its body is added to the
library's with `and`; a `channel`, `touchpoint` or `emotion` the library
does not give may be added, and one it gives is an error (JS257): nothing is
silently shadowed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeyspec.diagnostics import Diagnostic, Related
from journeyspec.diagnostics.suggest import closest
from journeyspec.ir.journey import Shared
from journeyspec.ir.predicates import All
from journeyspec.lang.front.parser import parse_syntax
from journeyspec.lang.front.syntax import Block, Loc, PredicateStatement, RulesFrom, Statement, SyntaxFile
from journeyspec.lang.share.files import MapFiles, PathProblem, check_written
from journeyspec.lang.source import decode

_RULE_KINDS = ("ignore", "friction", "sentiment")
_ADDABLE = ("channel", "touchpoint", "emotion")
_CHAIN_ARROW = " → "


@dataclass
class Library:
    """One `library` block, with `from`s in it resolved: its entries by kind and id."""

    name: str
    file: str | None
    block: Block
    steps: dict[str, Block] = field(default_factory=dict)
    personas: dict[str, Block] = field(default_factory=dict)
    rules: dict[str, list[Statement]] = field(default_factory=lambda: {k: [] for k in _RULE_KINDS})

    def entries(self, kind: str) -> dict[str, Block]:
        return self.steps if kind == "step" else self.personas


@dataclass
class Resolution:
    """A syntax tree with its uses followed: the expanded tree and what resolving found."""

    tree: SyntaxFile
    diagnostics: list[Diagnostic] = field(default_factory=list)
    libraries: list[Library] = field(default_factory=list)
    """The file's own libraries."""
    shared: dict[int, list[Shared]] = field(default_factory=dict)
    """Per journey (by position in ``tree.journeys``): what it took from libraries."""
    taken_spans: list[tuple[Loc, Loc]] = field(default_factory=list)
    """(definition, the `from` that took it): for :func:`relate`."""
    used_files: list[str] = field(default_factory=list)
    """Every file read through `use`, directly or not."""
    texts: dict[str, str] = field(default_factory=dict)
    """The text of each file read through `use`, by name: for showing its lines in diagnostics."""


def _diagnostic(code: str, message: str, span: Loc, help: str, **kwargs) -> Diagnostic:
    return Diagnostic(code, message, span, help=help, **kwargs)


class _Resolver:
    def __init__(self, tree: SyntaxFile, files: MapFiles | None, chain: tuple[str, ...]):
        self.tree = tree
        self.files = files
        self.chain = chain
        self.out = Resolution(tree)
        self.visible: dict[str, Library] = {}
        self.provided_by: dict[str, int] = {}  # library name -> index of the use that provides it
        self.named: set[str] = set()  # library names some `from` in this file names
        self.broken = False  # a used file could not be read: unknown names are not reported again
        # Map text with no file name (`journeyspec.parse(text)`) uses files from the current folder.
        self.using = tree.file if tree.file is not None else "<text>"

    def report(self, *args, **kwargs) -> None:
        self.out.diagnostics.append(_diagnostic(*args, **kwargs))

    # --- uses ------------------------------------------------------------------------

    def uses(self) -> None:
        for index, use in enumerate(self.tree.uses):
            self.use(index, use)

    def use(self, index: int, use) -> None:
        written = use.path.value
        problem = check_written(written) or self.files.locate(self.using, written)
        if isinstance(problem, PathProblem):
            self.broken = True
            self.report(problem.code, problem.message, use.path.span, problem.help)
            return
        name = problem
        if name in self.chain or name == self.using:
            self.broken = True
            loop = self.chain[self.chain.index(name):] if name in self.chain else ()
            # Named from the folder of the map being compiled, as its author sees them.
            top = (*self.chain, self.using)[0]
            chain = [self.files.relative(top, n) for n in (*loop, self.using, name)]
            self.report("JS121", "files use each other in a circle: " + _CHAIN_ARROW.join(chain), use.span,
                        "move what both files need into a third library file that neither of them uses")
            return
        sub = self.read(name, use)
        if sub is None:
            self.broken = True
            return
        self.out.used_files += [name, *sub.used_files]
        if not sub.libraries:
            self.report("JS124", f"`use` names {written!r}, which declares no `library`", use.path.span,
                        'a used file holds `library NAME { … }` blocks; journeys are never used by other files')
        for library in sub.libraries:
            if library.name in self.visible:
                first = self.visible[library.name]
                self.report("JS249", f"two used libraries are called `{library.name}`", use.span,
                            "rename one of the libraries, so that `from` names one of them",
                            related=(Related(first.block.id.span, "one is declared here"),
                                     Related(library.block.id.span, "the other here")))
                continue
            self.visible[library.name] = library
            self.provided_by[library.name] = index

    def read(self, name: str, use) -> Resolution | None:
        related = (Related(use.span, f"used by {self.tree.file} here"),)
        try:
            data = self.files.read(name)
        except OSError as error:
            self.report("JS120", f"`use` names {use.path.value!r}, which cannot be read: {error.strerror or error}",
                        use.path.span, "check the file's name and permissions")
            return None
        text, problems = decode(data, name)
        self.out.diagnostics += [_with_related(d, related) for d in problems]
        if text is None:
            return None
        self.out.texts[name] = text
        subtree, found = parse_syntax(text, name)
        self.out.diagnostics += [_with_related(d, related) for d in found if d.is_error]
        if subtree is None:
            return None
        sub = resolve(subtree, self.files, (*self.chain, self.using))
        self.out.texts.update(sub.texts)
        self.out.diagnostics += [_with_related(d, related) for d in sub.diagnostics if d.is_error]
        return sub

    # --- taking definitions -----------------------------------------------------------

    def library_of(self, name) -> Library | None:
        self.named.add(name.value)
        library = self.visible.get(name.value)
        if library is None and not self.broken:
            known = sorted(self.visible)
            guess = closest(name.value, known)
            self.report(
                "JS247", f"no used library is called `{name.value}`", name.span,
                f"did you mean `{guess}`?" if guess else (
                    f"the used libraries are {', '.join(f'`{k}`' for k in known)}" if known
                    else 'add `use "shared/common.journey"` (the file that declares it) at the top of this file'),
                label="unknown library",
            )
        return library

    def take_block(self, block: Block, shared: list[Shared]) -> Block:
        library = self.library_of(block.origin)
        local = Block(block.keyword, block.span, block.id, block.label, block.body, block.close)
        if library is None:
            return local
        entries = library.entries(block.keyword)
        entry = entries.get(block.id.value)
        if entry is None:
            other = library.personas if block.keyword == "step" else library.steps
            other_kind = "persona" if block.keyword == "step" else "step"
            guess = closest(block.id.value, entries)
            if block.id.value in other:
                help = f"`{block.id.value}` is a {other_kind} there: write `{other_kind} {block.id.value} from {library.name}`"
            elif guess:
                help = f"did you mean `{guess}`?"
            else:
                listed = ", ".join(f"`{k}`" for k in entries) or "none"
                help = f"library `{library.name}` defines these {block.keyword}s: {listed}"
            self.report("JS248", f"library `{library.name}` defines no {block.keyword} `{block.id.value}`",
                        block.id.span, help, label=f"not in `{library.name}`",
                        related=(Related(library.block.id.span, "the library"),))
            return local
        self.out.taken_spans.append((entry.span, block.origin.span))
        written = (("label",) if block.label else ()) + tuple(
            dict.fromkeys(s.keyword for s in block.body or () if s.keyword in ("when", *_ADDABLE)))
        shared.append(Shared(kind=block.keyword, id=block.id.value, library=library.name,
                             source=self.source(entry), written=written, span=entry.id.span.to_span()))
        body = self.merge(entry, block) if block.keyword == "step" else entry.body
        return Block(block.keyword, block.span, block.id, block.label or entry.label, body,
                     block.close or entry.close, block.origin)

    def source(self, entry: Block) -> str:
        return self.files.relative(self.using, entry.span.file)

    def merge(self, entry: Block, block: Block) -> tuple[Statement, ...]:
        """The library step's statements with the journey's additions (see the module's docstring)."""
        body = list(entry.body or ())
        given = {s.keyword: s for s in body}
        for statement in block.body or ():
            first = given.get(statement.keyword)
            if statement.keyword == "when" and isinstance(first, PredicateStatement) and first in body:
                left, right = first.predicate, statement.predicate
                operands = (*(left.operands if isinstance(left, All) else (left,)),
                            *(right.operands if isinstance(right, All) else (right,)))
                body[body.index(first)] = PredicateStatement(
                    "when", statement.span, All(operands=operands), max(first.depth, statement.depth) + 1)
                given["when"] = None  # a second `when` in the journey is JS218, as in any step
                continue
            if statement.keyword in _ADDABLE and first is not None:
                self.report(
                    "JS257", f"shared step `{block.id.value}` already has a `{statement.keyword}` in library "
                    f"`{block.origin.value}`", statement.span,
                    "change it in the library (every journey using the step changes), or declare a step of "
                    "this journey's own instead of taking it `from` the library",
                    label="would replace the library's", related=(Related(first.span, "the library's"),))
                continue
            body.append(statement)
        return tuple(body)

    def take_rules(self, statement: RulesFrom, shared: list[Shared]) -> list[Statement]:
        library = self.library_of(statement.library)
        if library is None:
            return []
        rules = library.rules[statement.keyword]
        if not rules:
            self.report("JS248", f"library `{library.name}` has no `{statement.keyword}` rule", statement.span,
                        f"add `{statement.keyword} …` to the library, or write the rule in this journey",
                        related=(Related(library.block.id.span, "the library"),))
            return []
        for rule in rules:
            self.out.taken_spans.append((rule.span, statement.library.span))
        shared.append(Shared(kind=statement.keyword, library=library.name,
                             source=self.files.relative(self.using, rules[0].span.file),
                             span=rules[0].span.to_span()))
        return list(rules)

    # --- blocks -------------------------------------------------------------------------

    def expand(self, statements, shared: list[Shared]) -> tuple[Statement, ...]:
        out: list[Statement] = []
        for statement in statements or ():
            if isinstance(statement, Block) and statement.origin is not None:
                out.append(self.take_block(statement, shared))
            elif isinstance(statement, RulesFrom):
                out += self.take_rules(statement, shared)
            elif isinstance(statement, Block) and statement.keyword == "stage":
                body = self.expand(statement.body, shared)
                out.append(Block("stage", statement.span, statement.id, statement.label,
                                 body if statement.body is not None else None, statement.close))
            else:
                out.append(statement)
        return tuple(out)

    def journeys(self) -> list[Block]:
        expanded = []
        for index, journey in enumerate(self.tree.journeys):
            shared: list[Shared] = []
            body = self.expand(journey.body, shared)
            expanded.append(Block("journey", journey.span, journey.id, journey.label, body, journey.close))
            if shared:
                self.out.shared[index] = shared
        return expanded

    def libraries(self) -> list[Block]:
        expanded = []
        seen: dict[str, Loc] = {}
        for block in self.tree.libraries:
            body = self.expand(block.body, [])
            library = Library(block.id.value, self.tree.file, Block("library", block.span, block.id, block.label,
                                                                     body, block.close))
            if block.id.value in seen or block.id.value in self.visible:
                first = seen.get(block.id.value) or self.visible[block.id.value].block.id.span
                self.report("JS249", f"two libraries this file can see are called `{block.id.value}`",
                            block.id.span, "rename one of them, so that `from` names one library",
                            related=(Related(first, "the other one"),))
            else:
                seen[block.id.value] = block.id.span
                self.out.libraries.append(library)
            for statement in body:
                if isinstance(statement, Block):
                    library.entries(statement.keyword).setdefault(statement.id.value, statement)
                elif statement.keyword in _RULE_KINDS:
                    library.rules[statement.keyword].append(statement)
            expanded.append(library.block)
        for journey in self.tree.journeys if self.tree.libraries else ():
            self.report("JS122", f"journey `{journey.id.value}` is in a file that declares a library",
                        journey.id.span,
                        "move the journey to a file of its own and `use` this one from it: a library file is "
                        "shared by many journeys, so it holds only libraries")
        return expanded

    def unused(self) -> None:
        for index, use in enumerate(self.tree.uses):
            provided = [name for name, i in self.provided_by.items() if i == index]
            if provided and not any(name in self.named for name in provided):
                names = ", ".join(f"`{n}`" for n in provided)
                self.report("JS256", f"nothing in this file is taken from {names}", use.span,
                            f"take something with `from`, e.g. `step STEP from {provided[0]}`, or remove the `use`",
                            label="unused")


def resolve(tree: SyntaxFile, files: MapFiles | None, chain: tuple[str, ...] = ()) -> Resolution:
    """Follow ``tree``'s uses (recursively, through ``files``) and expand every `from` in it.

    ``chain`` is the files that led here, for cycles. Never raises for bad input.
    """
    if not tree.uses and not tree.libraries and not _takes_anything(tree):
        return Resolution(tree)
    resolver = _Resolver(tree, files, chain)
    resolver.uses()
    libraries = resolver.libraries()
    journeys = resolver.journeys()
    resolver.unused()
    out = resolver.out
    out.tree = SyntaxFile(text=tree.text, file=tree.file, journeys=journeys, comments=tree.comments,
                          uses=tree.uses, libraries=libraries)
    return out


def _takes_anything(tree: SyntaxFile) -> bool:
    """Whether a `from` is written anywhere in the journeys (without a `use`, each is JS247)."""
    stack = [s for journey in tree.journeys for s in journey.body or ()]
    while stack:
        statement = stack.pop()
        if isinstance(statement, RulesFrom) or (isinstance(statement, Block) and statement.origin is not None):
            return True
        if isinstance(statement, Block):
            stack += list(statement.body or ())
    return False


def _with_related(diagnostic: Diagnostic, related: tuple[Related, ...]) -> Diagnostic:
    return Diagnostic(diagnostic.code, diagnostic.message, diagnostic.span, diagnostic.help, diagnostic.label,
                      diagnostic.related + related, diagnostic.severity)


def relate(diagnostics: list[Diagnostic], resolution: Resolution, file: str | None) -> list[Diagnostic]:
    """Each diagnostic found inside a taken definition (another file) gains the `from` that took it."""
    if not resolution.taken_spans:
        return diagnostics
    out = []
    for diagnostic in diagnostics:
        span = diagnostic.span
        if span is not None and span.file != file:
            takers = [taker for definition, taker in resolution.taken_spans
                      if definition.file == span.file and definition.start <= span.start < definition.end]
            if takers:
                diagnostic = _with_related(diagnostic, tuple(Related(t, f"taken by {file} here") for t in takers[:1]))
        out.append(diagnostic)
    return out


__all__ = ["Library", "Resolution", "relate", "resolve"]
