"""Run the ``journeyspec`` script in a child process, under a file-size limit or without the right to write."""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAPS = ROOT / "maps"

# The child writes no bytecode and no parser cache: under a file-size limit those writes
# would be cut short too, and Python keeps a cut-short .pyc (it does not check a short write).
CHILD_ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "JOURNEYSPEC_CACHE_DIR": "", "COLUMNS": "100"}


def journeyspec(*args: str | Path, cwd: Path, preexec=None, **popen) -> subprocess.CompletedProcess:
    """``journeyspec ARGS`` as the script runs it (its own process, its own signal handling)."""
    return subprocess.run([sys.executable, "-m", "journeyspec", *map(str, args)], cwd=cwd, env=CHILD_ENV,
                          capture_output=True, text=True, preexec_fn=preexec, timeout=120, check=False, **popen)


def file_size_limit(limit: int):
    """A ``preexec_fn``: files may grow to ``limit`` bytes, as on a full disk; a longer write fails with EFBIG.

    SIGXFSZ is ignored, so the write returns the error instead of the signal killing the process.
    """

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limited


def without_override() -> None:
    """A ``preexec_fn``: permission bits hold even for root (tests often run as root in containers).

    Drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set, so the
    command started next keeps root's identity but not its power over file modes.
    """
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "cannot drop the capability to override file modes")


def listing(folder: Path) -> list[str]:
    """Every name below ``folder``, hidden temporary files included."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
