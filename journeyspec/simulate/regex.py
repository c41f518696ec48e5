"""Texts that a regular expression matches: the values simulate writes for ``field ~ "pattern"``.

The pattern is read with Python's own regex parser (the same one ``re`` uses),
then walked to build one random string that matches it: literals, anchors,
character classes (``[a-z]``, ``\\d``, ``\\w``, negated classes), ``.``, groups,
alternation and repeats (``+``, ``*``, ``?``, ``{n}``, ``{n,m}``). Every
generated string is checked with ``re.search`` before it is used, so a
pattern this module only half understands can cost a retry, never a wrong value.
"""

from __future__ import annotations

import random
import re
import string

try:  # Python 3.11+ keeps the parser private; its older public name is deprecated.
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_ALPHABET = string.ascii_lowercase + string.digits
_PRINTABLE = string.ascii_letters + string.digits + "-_/"
_CATEGORIES = {
    _c.CATEGORY_DIGIT: string.digits,
    _c.CATEGORY_NOT_DIGIT: string.ascii_letters,
    _c.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    _c.CATEGORY_NOT_WORD: " -/.",
    _c.CATEGORY_SPACE: " ",
    _c.CATEGORY_NOT_SPACE: string.ascii_letters + string.digits,
}
_EXTRA_REPEATS = 3  # an open-ended repeat (`+`, `*`, `{2,}`) adds at most this many copies


class RegexUnsupported(ValueError):
    """The pattern uses a construct no value can be generated for (look-around, back-references)."""


def matching_text(pattern: str, rng: random.Random, attempts: int = 20) -> str:
    """A text that ``re.search(pattern, text)`` accepts.

    Raises:
        RegexUnsupported: when the pattern does not parse or no attempt produced a match.
    """
    try:
        compiled = re.compile(pattern)
        parsed = _sre_parse.parse(pattern)
    except re.error as error:
        raise RegexUnsupported(f"the pattern does not parse: {error}") from None
    for _ in range(attempts):
        text = _generate(parsed, rng, compiled.flags)
        if compiled.search(text):
            # A pattern that is not anchored at the end (`^/p/`) matches longer texts
            # too; a short tail makes the values vary as real ones do.
            longer = text + "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 4)))
            return longer if rng.random() < 0.5 and compiled.search(longer) else text
    raise RegexUnsupported("no generated text matched it (it may contradict itself, like `^a$` and `b`)")


def _generate(items, rng: random.Random, flags: int) -> str:
    out: list[str] = []
    for op, arg in items:
        out.append(_one(op, arg, rng, flags))
    return "".join(out)


def _one(op, arg, rng: random.Random, flags: int) -> str:  # noqa: PLR0911 - one branch per regex construct
    if op is _c.LITERAL:
        return chr(arg)
    if op is _c.NOT_LITERAL:
        return rng.choice([ch for ch in _ALPHABET if ord(ch) != arg])
    if op is _c.ANY:
        return rng.choice(_ALPHABET)
    if op is _c.AT:
        return ""  # anchors: the generated text is the whole match, so ^, $, \b, \A, \Z hold
    if op is _c.IN:
        return _from_class(arg, rng)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, high, body = arg
        high = low + _EXTRA_REPEATS if high is _c.MAXREPEAT else min(high, low + _EXTRA_REPEATS)
        return "".join(_generate(body, rng, flags) for _ in range(rng.randint(low, high)))
    if op is _c.SUBPATTERN:
        return _generate(arg[-1], rng, flags)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _generate(arg, rng, flags)
    if op is _c.BRANCH:
        return _generate(rng.choice(arg[1]), rng, flags)
    raise RegexUnsupported(f"`{str(op).lower()}` is not something a value can be generated for")


def _from_class(items, rng: random.Random) -> str:
    chars: set[str] = set()
    negate = False
    for op, arg in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            chars.add(chr(arg))
        elif op is _c.RANGE:
            low, high = arg
            chars.update(chr(code) for code in range(low, min(high, low + 200) + 1))
        elif op is _c.CATEGORY:
            chars.update(_CATEGORIES.get(arg, ""))
        else:
            raise RegexUnsupported(f"`{str(op).lower()}` inside a character class")
    if negate:
        allowed = [ch for ch in _PRINTABLE if ch not in chars]
    else:
        allowed = sorted(chars)
    if not allowed:
        raise RegexUnsupported("a character class that no character satisfies")
    return rng.choice(allowed)


__all__ = ["RegexUnsupported", "matching_text"]
