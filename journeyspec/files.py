"""Writing files: all or nothing, so a failed write never costs the user the file that was there.

Every file journeyspec writes (a formatted map, a report, a picture, an event
log, a docs page) goes through here. The content goes to a temporary file in
the target's own folder, is flushed to disk, and is then renamed over the
target in one step (``os.replace``, atomic on POSIX and Windows). When anything
goes wrong on the way — the disk fills, a file-size limit is hit, the folder
is read-only, the user presses Ctrl-C or the process is asked to stop — the
temporary file is removed and the target is exactly as it was.

Missing folders on the way to the target are created (``-o reports/today.md``
works in a fresh checkout); when the write then fails, the folders this write
created are removed again.

A failure is raised as :class:`WriteError`, an :class:`OSError` that says in
plain words what went wrong, where, and what to do.

The ground floor: this module imports nothing of journeyspec.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

# errno -> (what went wrong, what to do), in the words of someone who did not write the code.
_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("the disk is full", "free some space, or write somewhere else"),
    errno.EFBIG: ("the file would be larger than this system allows (a file-size limit, see `ulimit -f`)",
                  "raise the limit, or write somewhere else"),
    errno.EACCES: ("permission denied", "write to a folder you may write to, or change the permissions"),
    errno.EPERM: ("permission denied", "write to a folder you may write to, or change the permissions"),
    errno.EROFS: ("the file system is read-only", "write somewhere else"),
    errno.EISDIR: ("it is a folder", "give the name of a file to write"),
    errno.ENOTDIR: ("part of the path is a file, not a folder", "check the path"),
    errno.ENOENT: ("its folder does not exist", "check the path"),
    errno.ENAMETOOLONG: ("the name is too long", "choose a shorter name"),
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = ("the disk quota is used up", "free some space, or write somewhere else")

_TEMPORARY_SUFFIX = ".partial"


class WriteError(OSError):
    """A file could not be written; the file that was at ``path`` (if any) is unchanged.

    ``errno``, ``strerror`` and ``filename`` are those of the failure, so code
    that handles :class:`OSError` keeps working; ``str()`` is the message for people.
    """

    def __init__(self, path: str | Path, cause: BaseException | None = None, *, existed: bool = False) -> None:
        code = getattr(cause, "errno", None)
        if not isinstance(code, int):
            code = _errno_in_text(str(cause)) if cause is not None else None
        strerror = getattr(cause, "strerror", None) or (os.strerror(code) if code else str(cause or "failed"))
        super().__init__(code, strerror, str(path))
        self.path = Path(path)
        self.existed = existed

    @property
    def reason(self) -> str:
        """What went wrong, in plain words."""
        return _REASONS.get(self.errno, (self.strerror, ""))[0] if self.errno is not None else str(self.strerror)

    @property
    def advice(self) -> str:
        """What to do about it (may be empty)."""
        return _REASONS.get(self.errno, ("", ""))[1] if self.errno is not None else ""

    def __str__(self) -> str:
        kept = f"{self.path} is unchanged" if self.existed else "nothing was written"
        advice = f"; {self.advice}" if self.advice else ""
        return f"cannot write {self.path}: {self.reason}{advice} ({kept})"


def _errno_in_text(text: str) -> int | None:
    """The errno of a message such as pyarrow's ``... Detail: [errno 27] File too large``."""
    marker = text.lower().rfind("[errno ")
    if marker < 0:
        return None
    digits = text[marker + len("[errno "):].split("]", 1)[0]
    return int(digits) if digits.isdigit() else None


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path to write ``target``'s new content to; it replaces ``target`` when the block ends well.

    For writers that open the file themselves (pyarrow's Parquet and CSV
    writers, ``shutil.copyfile``)::

        with atomic_path("events.parquet") as partial:
            with pq.ParquetWriter(partial, schema) as writer:
                ...

    The temporary file sits next to the target (same folder, so the rename is
    atomic), starts empty, and is hidden (``.events.parquet.x1y2.partial``).
    When the block raises anything — an error, Ctrl-C, ``SystemExit`` — the
    temporary file is removed and ``target`` is untouched; an :class:`OSError`
    from the block is raised as a :class:`WriteError` naming ``target``.

    A replaced file keeps its permission bits; a new one gets the usual ones
    (``0o666`` less the umask). A symbolic link is followed: the file it points
    to is replaced, and the link stays.

    Raises:
        WriteError: when the file cannot be written; ``target`` is then unchanged.
    """
    path = Path(target)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        before = path.stat()
    except FileNotFoundError:
        before = None
    except OSError as error:
        raise WriteError(target, error) from error
    existed = before is not None
    if before is not None and stat.S_ISDIR(before.st_mode):
        raise WriteError(target, OSError(errno.EISDIR, os.strerror(errno.EISDIR)), existed=True)
    made = _make_folders(target, path.parent)
    partial: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TEMPORARY_SUFFIX, dir=path.parent)
        partial = Path(name)
        os.close(handle)
        yield partial
        _commit(partial, path, before)
    except BaseException as error:
        if partial is not None:
            with contextlib.suppress(OSError):
                partial.unlink()
        _remove_folders(made)
        if isinstance(error, OSError) and not isinstance(error, WriteError):
            raise WriteError(target, error, existed=existed) from error
        raise


def write_bytes(target: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` all or nothing (see :func:`atomic_path`); returns the path written.

    Raises:
        WriteError: when the file cannot be written; ``target`` is then unchanged.
    """
    with atomic_path(target) as partial, open(partial, "wb") as handle:
        handle.write(data)
    return Path(target)


def write_text(target: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``target`` all or nothing, encoded as UTF-8 with no newline translation.

    The bytes are exactly ``text.encode(encoding)``: ``\\n`` stays ``\\n`` on
    every platform, as it does when the same text goes to stdout on POSIX.

    Raises:
        WriteError: when the file cannot be written; ``target`` is then unchanged.
    """
    return write_bytes(target, text.encode(encoding))


def copy_file(source: str | Path, target: str | Path) -> Path:
    """Copy ``source``'s bytes to ``target`` all or nothing.

    Raises:
        OSError: when ``source`` cannot be read (as :func:`open` raises it).
        WriteError: when the file cannot be written; ``target`` is then unchanged.
    """
    import shutil

    # Opened first: a source that cannot be read is not a failed write.
    with open(source, "rb") as original, atomic_path(target) as partial, open(partial, "wb") as copy:
        shutil.copyfileobj(original, copy)
    return Path(target)


def _commit(partial: Path, path: Path, before: os.stat_result | None) -> None:
    """Flush the new content to disk, give it the right mode, and rename it over ``path``."""
    descriptor = os.open(partial, os.O_RDONLY)
    try:
        if before is not None:
            os.chmod(partial, stat.S_IMODE(before.st_mode))
            if (before.st_uid, before.st_gid) != (os.getuid(), os.getgid()) and hasattr(os, "fchown"):
                with contextlib.suppress(OSError):  # only root may give a file away; others keep their own
                    os.fchown(descriptor, before.st_uid, before.st_gid)
        else:
            os.chmod(partial, 0o666 & ~_umask())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(partial, path)
    _sync_folder(path.parent)


def _umask() -> int:
    # The only portable way to read the umask is to set it; it is put back at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder, and that is fine."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _make_folders(target: str | Path, folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, deepest first."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    made: list[Path] = []
    for each in reversed(missing):
        try:
            each.mkdir()
        except FileExistsError:
            continue  # made by someone else meanwhile; a file there fails below, when the file is created
        except OSError as error:
            _remove_folders(made)
            raise WriteError(target, error) from error
        made.insert(0, each)
    return made


def _remove_folders(made: list[Path]) -> None:
    for folder in made:
        with contextlib.suppress(OSError):
            folder.rmdir()


__all__ = ["WriteError", "atomic_path", "copy_file", "write_bytes", "write_text"]
