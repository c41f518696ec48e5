"""Results over time (``check --history DIR``, ``journeyspec trend``): one JSON file per run, read back.

A run's file holds what a trend needs and nothing it cannot show: when the
run was made, the git revision of the maps, and per journey the time the
data covers, every expectation's verdict (value, interval, threshold) and,
with ``--by-period``, every period's. The file is named by the run's time
and revision (``20261203T165800Z-1092225.json``), so a folder lists runs in
the order they were made and two runs never write the same file.

Reading a folder never raises for one bad file: a file that is not JSON, or
not a journeyspec run, becomes a JS366 warning naming it and the rest are
read; only a folder with no run at all is an error (JS367).
"""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from pydantic import Field, ValidationError

from journeyspec.check.result import CheckResult, ExpectationResult, PeriodResult, _Frozen
from journeyspec.diagnostics import Diagnostic, JourneyspecError

FORMAT = "journeyspec-history"
VERSION = 1


class JourneyRun(_Frozen):
    """One journey's results in one run."""

    id: str = Field(description="Journey id.")
    title: str = Field(description="Journey display name.")
    source: str = Field(description="The data checked.")
    data_from: datetime | None = Field(default=None, description="The time of the first event read (UTC).")
    data_to: datetime | None = Field(default=None, description="The time of the last event read (UTC).")
    population: int = Field(description="Paths with at least one step event.")
    expectations: tuple[ExpectationResult, ...] = Field(description="Every expectation's verdict, in written order.")
    periods: tuple[PeriodResult, ...] = Field(default=(), description="Per calendar period, with `--by-period`.")


class Run(_Frozen):
    """One ``check --history`` run."""

    format: str = Field(description=f"Always `{FORMAT}`.")
    version: int = Field(description="The file format's version.")
    recorded: datetime = Field(description="When the run was made (UTC).")
    revision: str | None = Field(default=None, description="The git revision the maps were checked at, if any.")
    journeys: tuple[JourneyRun, ...] = Field(description="One entry per journey checked.")


def git_revision(folder: str | Path = ".") -> str | None:
    """The short git revision of ``folder``'s checkout (with ``+`` when it has changes), or None."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=folder, capture_output=True, check=False,
                              text=True, timeout=10)
        if head.returncode != 0:
            return None
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=folder, check=False,
                               capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return head.stdout.strip() + ("+" if dirty.stdout.strip() else "")


def _plain(expectations: tuple[ExpectationResult, ...]) -> tuple[ExpectationResult, ...]:
    # The paths behind a verdict explain one run; a trend shows values, and a year of runs stays small.
    return tuple(e.model_copy(update={"evidence": ()}) for e in expectations)


def run_of(result: CheckResult, *, recorded: datetime, revision: str | None) -> Run:
    """The history entry of a check result (without each verdict's evidence)."""
    return Run(format=FORMAT, version=VERSION, recorded=recorded.astimezone(UTC), revision=revision,
               journeys=tuple(JourneyRun(id=j.id, title=j.title, source=j.source, data_from=j.data_from,
                                         data_to=j.data_to, population=j.population, expectations=_plain(j.expectations),
                                         periods=tuple(p.model_copy(update={"expectations": _plain(p.expectations)})
                                                       for p in j.periods))
                              for j in result.journeys))


def file_name(run: Run) -> str:
    """``20261203T165800Z-1092225.json``: sorts by time; ``norev`` outside git."""
    stamp = run.recorded.strftime("%Y%m%dT%H%M%S") + f"{run.recorded.microsecond // 1000:03d}Z"
    revision = (run.revision or "norev").replace("+", "-dirty")
    return f"{stamp}-{revision}.json"


def record(result: CheckResult, folder: str | Path, *, recorded: datetime | None = None,
           revision: str | None = None) -> Path:
    """Write the result's history file into ``folder`` (made when missing); returns its path.

    Args:
        result: The check result.
        folder: The history folder.
        recorded: The run's time; default: now.
        revision: The maps' git revision; default: the current folder's checkout, if any.
    """
    from journeyspec.files import write_text

    run = run_of(result, recorded=recorded or datetime.now(UTC),
                 revision=revision if revision is not None else git_revision())
    text = json.dumps(run.model_dump(mode="json", by_alias=True), indent=1, ensure_ascii=False) + "\n"
    return write_text(Path(folder) / file_name(run), text)


def _problem(path: Path, what: str) -> Diagnostic:
    return Diagnostic("JS366", f"{path} is not a journeyspec history file: {what}; it was left out",
                      help="keep only the files `journeyspec check --history DIR` writes in the history folder")


def read_history(folder: str | Path) -> tuple[list[Run], list[Diagnostic]]:
    """Every run in ``folder``, oldest first, and a JS366 warning per file that is not one.

    Raises:
        JourneyspecError: JS367 when the folder is missing or holds no run at all.
    """
    path = Path(folder)
    if not path.is_dir():
        raise JourneyspecError([Diagnostic("JS367", f"there is no history folder {path}",
                                           help="write runs into it with `journeyspec check MAPS --history "
                                           f"{path}`")])
    runs: list[Run] = []
    problems: list[Diagnostic] = []
    for file in sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")):
        try:
            data = json.loads(file.read_bytes())
        except (OSError, UnicodeDecodeError, ValueError) as error:
            problems.append(_problem(file, f"it does not read as JSON ({str(error).splitlines()[0][:120]})"))
            continue
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            problems.append(_problem(file, f"it has no `\"format\": \"{FORMAT}\"`"))
            continue
        if data.get("version") != VERSION:
            problems.append(_problem(file, f"it is version {data.get('version')!r}, and this journeyspec reads "
                                     f"version {VERSION}"))
            continue
        try:
            runs.append(Run.model_validate(data))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            problems.append(_problem(file, f"`{where}`: {first['msg']}"))
    if not runs:
        raise JourneyspecError([*problems, Diagnostic(
            "JS367", f"the history folder {path} holds no run", help="write runs into it with "
            f"`journeyspec check MAPS --history {path}`")])
    runs.sort(key=lambda run: run.recorded)
    return runs, problems


__all__ = ["FORMAT", "VERSION", "JourneyRun", "Run", "file_name", "git_revision", "read_history", "record", "run_of"]
