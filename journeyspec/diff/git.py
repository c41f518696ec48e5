"""Map files as git has them: at a revision (``git ls-tree`` and ``git show``), or in the working tree.

Git itself does the reading, through subprocesses, so every revision syntax
git knows (``main``, ``HEAD~2``, ``v1.0``, a commit hash) works, and nothing
is checked out. Paths are filtered the way a map author expects from
``git diff REV -- maps/``: a folder selects everything under it, a file
itself, and a pattern such as ``maps/*.journey`` is matched with ``fnmatch``.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
from pathlib import Path

from journeyspec.lang.share.files import PrefixedFiles
from journeyspec.lang.source import MAP_SUFFIX, read_map


class GitError(Exception):
    """Git could not answer: not a repository, an unknown revision, or no ``git`` at all."""


def _git(args: list[str], cwd: str | os.PathLike) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError as error:
        raise GitError("git is not installed, or not on PATH") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def repository_root(cwd: str | os.PathLike = ".") -> Path:
    """The top folder of the git repository around ``cwd``."""
    try:
        out = _git(["rev-parse", "--show-toplevel"], cwd)
    except GitError as error:
        raise GitError(f"{Path(cwd).resolve()} is not inside a git repository ({error})") from error
    return Path(out.decode("utf-8").strip())


def is_revision(rev: str, cwd: str | os.PathLike = ".") -> bool:
    """Whether ``rev`` names a commit in the repository around ``cwd``."""
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    except GitError:
        return False
    return True


def _repo_relative(pathspecs: list[str], cwd: str | os.PathLike, root: Path) -> list[str]:
    here = Path(cwd).resolve()
    found = []
    for spec in pathspecs:
        relative = os.path.relpath(here / spec, root.resolve())
        if relative.startswith(".."):
            raise GitError(f"{spec} is outside the repository {root}")
        found.append("" if relative == "." else relative.replace(os.sep, "/"))
    return found


def _selected(name: str, specs: list[str]) -> bool:
    if not name.endswith(MAP_SUFFIX) or any(part.startswith(".") for part in name.split("/")):
        return False
    if not specs:
        return True
    return any(
        spec == "" or name == spec or name.startswith(spec + "/") or fnmatch.fnmatchcase(name, spec) for spec in specs
    )


def maps_at_revision(
    rev: str, pathspecs: list[str] | None = None, cwd: str | os.PathLike = "."
) -> list[tuple[str, bytes]]:
    """Every map file at ``rev``, as ``("REV:path/in/repo.journey", bytes)``, sorted by path.

    Raises:
        GitError: when ``cwd`` is not in a repository or ``rev`` is not a commit.
    """
    root = repository_root(cwd)
    if not is_revision(rev, root):
        raise GitError(f"`{rev}` is not a revision of the repository at {root} (a branch, tag or commit)")
    specs = _repo_relative(pathspecs or [], cwd, root)
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", "--name-only", rev], root).decode("utf-8", "surrogateescape")
    names = sorted(name for name in listing.split("\0") if name and _selected(name, specs))
    return [(f"{rev}:{name}", _git(["show", f"{rev}:{name}"], root)) for name in names]


def files_at_revision(rev: str, cwd: str | os.PathLike = ".") -> PrefixedFiles:
    """The files of ``rev`` for `use` (named ``REV:path``, as :func:`maps_at_revision` names maps).

    A map at a revision uses its libraries as they were at that revision, never as they are now.
    """
    root = repository_root(cwd)
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", "--name-only", rev], root).decode("utf-8", "surrogateescape")
    names = frozenset(name for name in listing.split("\0") if name)
    return PrefixedFiles(f"{rev}:", read=lambda path: _git(["show", f"{rev}:{path}"], root), exists=names.__contains__)


def files_in_working_tree(cwd: str | os.PathLike = ".") -> PrefixedFiles:
    """The working tree's files for `use`, named by their path in the repository as :func:`maps_in_working_tree` names maps."""
    root = repository_root(cwd)
    return PrefixedFiles("", read=lambda path: read_map(root / path), exists=lambda path: (root / path).is_file())


def maps_in_working_tree(pathspecs: list[str] | None = None, cwd: str | os.PathLike = ".") -> list[tuple[str, bytes]]:
    """Every map file in the working tree that git tracks or would track (not ignored), sorted by path.

    Names are relative to the repository's top folder, so they line up with
    :func:`maps_at_revision`.
    """
    root = repository_root(cwd)
    specs = _repo_relative(pathspecs or [], cwd, root)
    listing = _git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], root)
    names = sorted({n for n in listing.decode("utf-8", "surrogateescape").split("\0") if n and _selected(n, specs)})
    # A tracked file deleted from the working tree is listed but gone: it is a removal, not an error.
    return [(name, (root / name).read_bytes()) for name in names if (root / name).is_file()]


__all__ = [
    "GitError", "files_at_revision", "files_in_working_tree", "is_revision", "maps_at_revision", "maps_in_working_tree",
    "repository_root",
]
