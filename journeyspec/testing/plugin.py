"""The pytest plugin: journey expectations as test items.

Registered through the ``pytest11`` entry point and silent until a project
sets ``journeyspec_maps``: installing journeyspec never changes an unrelated
test suite. Configuration (``pyproject.toml`` ``[tool.pytest.ini_options]``
or ``pytest.ini``)::

    journeyspec_maps = ["maps"]              # files, folders or globs of .journey maps
    journeyspec_data = "examples/data/events.parquet"   # optional: a path, or a source named in [tool.journeyspec.sources]
    journeyspec_inconclusive = "xfail"       # or "fail"

``--journeyspec-data`` overrides the data, ``--journeyspec-by FIELD`` adds a breakdown.
Which data each journey reads is decided by :func:`journeyspec.project.data_for`,
as for ``journeyspec check``: without either setting, the journey's own
configured source, else ``default``; a path given is read with that same
source's column mapping.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from journeyspec.testing.runs import CheckCache
from journeyspec.testing.settings import SETTINGS, Settings, settings


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("journeyspec", "journey expectations (journeyspec)")
    group.addoption("--journeyspec-data", default=None, help="Events to check the maps against (overrides journeyspec_data); read with each journey's "
                          "configured column mapping.")
    group.addoption("--journeyspec-by", default=None, metavar="FIELD", help="Break every expectation down by this field.")
    parser.addini("journeyspec_maps", type="linelist", default=[], help="Journey maps to collect: files, folders or globs.")
    parser.addini("journeyspec_data", default="",
                  help="Events to check against: a path, URI or configured source name "
                       "(default: each journey's configured source).")
    parser.addini("journeyspec_inconclusive", default="xfail", help="How an inconclusive verdict is reported: xfail or fail.")


def _resolve_maps(config: pytest.Config) -> list[Path]:
    patterns = [str(p) for p in config.getini("journeyspec_maps")]
    if not patterns:  # the plugin stays silent, and imports nothing more, in projects without maps
        return []
    from journeyspec.project import MapsNotFound, find_maps

    try:
        return [path.resolve() for path in find_maps(patterns, config.rootpath)]
    except MapsNotFound as error:
        raise pytest.UsageError(f"journeyspec_maps: {error}") from None


def _asked_data(config: pytest.Config) -> tuple[str | None, Path | None]:
    """The data this run asked for, and the folder a relative path in it is read from.

    ``--journeyspec-data`` is read from the folder pytest was started in, as
    any path on a command line; ``journeyspec_data`` from the folder of the
    file that sets it. Neither set: each journey reads its configured source.
    """
    given = config.getoption("journeyspec_data")
    if given:
        return given, config.invocation_params.dir
    setting = config.getini("journeyspec_data")
    if setting:
        return setting, config.inipath.parent if config.inipath else config.rootpath
    return None, None


def pytest_configure(config: pytest.Config) -> None:
    maps = _resolve_maps(config)
    inconclusive = str(config.getini("journeyspec_inconclusive") or "xfail")
    if inconclusive not in ("xfail", "fail"):
        raise pytest.UsageError(f"journeyspec_inconclusive must be `xfail` or `fail`, not `{inconclusive}`")
    config.stash[SETTINGS] = Settings(
        maps=maps,
        asked=_asked_data(config),
        by=config.getoption("journeyspec_by"),
        inconclusive=inconclusive,
        cache=CheckCache(),
    )
    if not maps:
        return
    config.addinivalue_line("markers", "journeyspec: a journey expectation collected from a .journey map")
    # Run without arguments, pytest only visits `testpaths`; the configured
    # maps are collected too, unless the user named what to run.
    if config.args_source != pytest.Config.ArgsSource.ARGS:
        current = [Path(a).resolve() for a in config.args]
        for path in maps:
            if not any(path == c or c in path.parents for c in current):
                config.args.append(str(path))


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    if file_path.suffix != ".journey":
        return None
    options = parent.config.stash.get(SETTINGS, None)
    if options is None or not options.maps:
        return None
    from journeyspec.testing.nodes import JourneyFile

    if file_path.resolve() in options.maps:
        return JourneyFile.from_parent(parent, path=file_path)
    return None


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    options = config.stash.get(SETTINGS, None)
    if options is None or not options.cache.runs:
        return
    from journeyspec.check.reports.text import outcomes_line  # after the return: a run without journeys loads no report
    from journeyspec.inert import terminal

    runs = options.cache.runs
    against = ", ".join(options.cache.sources()) or str(options.data)
    terminalreporter.write_line(f"journeyspec: checked against {against} ({runs} engine run{'s' if runs != 1 else ''})")
    # JS321: the verdicts stand, but the times they rest on look misread; said once per journey and source.
    for found in options.cache.results.values():
        # How paths ended, for a journey with designed endings: succeeded, each ending, abandoned.
        ends = outcomes_line(found, terminal) if hasattr(found, "outcomes") else None
        if ends:
            terminalreporter.write_line(f"journeyspec: {found.id}: {ends}")
        for warning in getattr(found, "time_warnings", ()):
            terminalreporter.write_line(f"warning[{warning.code}] {found.id}: {warning.message}", yellow=True)
            terminalreporter.write_line(f"  = help: {warning.help}")


@pytest.fixture
def journey(pytestconfig: pytest.Config):
    """Load a journey of the configured maps by id: ``journey("checkout")``."""
    from journeyspec import load

    maps = settings(pytestconfig).maps

    def by_id(journey_id: str):
        if not maps:
            raise pytest.UsageError("journeyspec_maps is not set, so there are no journeys to load")
        found = {journey.id: journey for journey in load(maps)}
        if journey_id not in found:
            raise LookupError(f"no journey `{journey_id}` in {', '.join(str(m) for m in maps)}")
        return found[journey_id]

    return by_id


@pytest.fixture
def journey_data(pytestconfig: pytest.Config):
    """The data of a journey, as the collected expectations and ``journeyspec check`` read it.

    ``journey_data("checkout")`` is what journey ``checkout`` reads (a
    :class:`~journeyspec.project.JourneyData`: the data and its column
    mapping): ``--journeyspec-data`` or ``journeyspec_data`` when set (read
    with the mapping of the journey's own configured source, else
    ``default``), else the journey's own configured source, else
    ``default``. The fixture itself may be passed as the data of
    ``journeyspec.check`` and the helpers, which resolve it for the journey
    they check. With no data anywhere, the test fails and says what to
    configure; it is never skipped.
    """
    from journeyspec.testing.data import JourneyDataFixture

    data, base = settings(pytestconfig).asked
    return JourneyDataFixture(data, base=base)
