"""Keeping lark's analysed grammar between processes.

Building the LALR tables from ``journey.lark`` takes 0.3–0.4 s, in every
process that reads a map (``journeyspec check``, ``validate``, a pytest run).
Lark can save the analysed grammar and load it again in about 0.015 s; this
module decides where, and makes that safe:

- the file lives in the user's own cache folder (``$JOURNEYSPEC_CACHE_DIR``,
  else ``$XDG_CACHE_HOME/journeyspec``, else ``~/.cache/journeyspec``; on
  Windows ``%LOCALAPPDATA%\\journeyspec``), never in a shared temporary folder,
  since lark's file is a pickle;
- its name carries a hash of the grammar, the lark version and the Python
  version, and lark checks the grammar's hash inside it again before use;
- a new file is written under a unique name and renamed into place, so two
  processes starting together never read a half-written one;
- any trouble (a read-only home, a damaged file) means building the parser
  as before, silently: a cache must never be the reason a command fails.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from lark import Lark, __version__ as lark_version
from lark import logger as lark_logger


def cache_folder() -> Path | None:
    """Where the analysed grammar is kept; None when caching is switched off (``JOURNEYSPEC_CACHE_DIR=""``)."""
    configured = os.environ.get("JOURNEYSPEC_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "journeyspec"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "journeyspec"


def cache_file(grammar: str, folder: Path) -> Path:
    """The cache file for this grammar, lark and Python."""
    key = f"{grammar}\0{lark_version}\0{sys.version_info[:2]}".encode()
    return folder / f"parser-{hashlib.sha256(key).hexdigest()[:24]}.lark"


@contextlib.contextmanager
def _quiet_lark() -> Iterator[None]:
    """Lark logs a traceback when a cache file cannot be read or written; that is not the user's concern."""
    level = lark_logger.level
    lark_logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        lark_logger.setLevel(level)


def build_cached(grammar: str, build: Callable[..., Lark]) -> Lark:
    """``build(cache=...)``, loading the analysed grammar from the user's cache when it is there.

    ``build`` makes the :class:`~lark.Lark` object with the given ``cache``
    argument (False, or a file path).
    """
    folder = cache_folder()
    if folder is None:
        return build(cache=False)
    target = cache_file(grammar, folder)
    with _quiet_lark():
        if target.is_file():
            return build(cache=str(target))
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, partial = tempfile.mkstemp(prefix=target.stem + ".", suffix=".partial", dir=folder)
            os.close(handle)
            os.unlink(partial)  # lark writes the file itself; it must not exist yet or lark would read it
        except OSError:
            return build(cache=False)
        parser = build(cache=partial)
        try:
            os.replace(partial, target)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(partial)
        return parser
