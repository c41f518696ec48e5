"""How a simulation behaves: noise rates, devices, attributes, think times.

Every setting has a default, may be written in a ``[tool.journeyspec.simulate]``
table of ``pyproject.toml`` (or ``[simulate]`` in ``journeyspec.toml``), and is
overridden by the command line::

    [tool.journeyspec.simulate]
    unexpected = 0.02          # share of transitions replaced by one the design lacks
    friction = 0.05            # after this share of step events, a friction event
    off_map = 0.05             # after this share of step events, an event no step matches
    ignored = 0.05             # after this share of step events, an event `ignore` drops
    dropoff = 0.2              # share of the unassigned traffic that ends the session
    think_time = "30s"         # median wait before each step event
    think_times = { checkout = "2m" }
    devices = { desktop = 0.55, mobile = 0.4, tablet = 0.05 }
    start = { product = 0.7, search = 0.3 }
    attributes.plan_interest = { team = 0.3, solo = 0.7 }
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from journeyspec.diagnostics import Diagnostic, JourneyspecError
from journeyspec import units
from journeyspec.engine.source.config import find_config_file

NOISE_KINDS = ("unexpected", "friction", "off_map", "ignored")
DEFAULT_DEVICES = {"desktop": 0.55, "mobile": 0.4, "tablet": 0.05}


def settings_error(message: str, help: str | None = None) -> JourneyspecError:  # noqa: A002
    """A JS341 error: a simulation setting (option or configuration) that cannot be used."""
    return JourneyspecError([Diagnostic("JS341", message, help=help)])


@dataclass(frozen=True)
class SimulationSettings:
    """Everything about a simulation except the map, the size and the seed.

    Attributes:
        unexpected: Share of transitions replaced by one the design lacks.
        friction: Share of step events followed by an event matching the map's `friction`.
        off_map: Share of step events followed by an event matching no step.
        ignored: Share of step events followed by an event matching the map's `ignore`.
        dropoff: Share of a step's unassigned traffic (100% minus designed shares) that
            ends the session, when edges without a share take the rest.
        think_time: Median seconds before a step event (log-normal).
        think_times: Per-step medians, by step id.
        devices: Device name -> share (normalised).
        attributes: Field -> (value -> share): session-wide values of fields the map's
            conditions leave free.
        start: Start step -> weight; default: every start step equally.
        max_steps: The longest simulated path (cycles in a design end here).
        session_break: Under `scope user`, the share of steps that start a new session.
        period: Seconds over which session starts are spread.
        sentiment_rate: Share of step events that carry the journey's sentiment field.
        explicit: The noise kinds set explicitly (those the map cannot produce are then an error).
    """

    unexpected: float = 0.02
    friction: float = 0.05
    off_map: float = 0.05
    ignored: float = 0.05
    dropoff: float = 0.2
    think_time: float = 30.0
    think_times: dict[str, float] = field(default_factory=dict)
    devices: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_DEVICES))
    attributes: dict[str, dict[Any, float]] = field(default_factory=dict)
    start: dict[str, float] | None = None
    max_steps: int = 40
    session_break: float = 0.3
    period: float = 28 * 86400.0
    sentiment_rate: float = 0.1
    explicit: frozenset[str] = frozenset()

    def with_overrides(self, *, noise: float | None = None, **rates: float | None) -> SimulationSettings:
        """A copy with ``--noise`` (every kind) then each given rate applied."""
        changes: dict[str, Any] = {}
        explicit = set(self.explicit)
        if noise is not None:
            changes.update({kind: _rate(noise, "--noise") for kind in NOISE_KINDS})
            if noise > 0:
                explicit.update(NOISE_KINDS)
        for kind, value in rates.items():
            if kind not in NOISE_KINDS:
                raise settings_error(f"unknown noise kind `{kind}`", help="kinds: " + ", ".join(NOISE_KINDS))
            if value is not None:
                changes[kind] = _rate(value, "--" + kind.replace("_", "-"))
                explicit.add(kind)
        return replace(self, **changes, explicit=frozenset(explicit))


def _rate(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise settings_error(f"{where} must be a share from 0 to 1, not {value!r}", help="for 5%, write 0.05")
    return float(value)


def _shares(value: Any, where: str) -> dict[Any, float]:
    if not isinstance(value, dict) or not value:
        raise settings_error(f"{where} must be a table of value = share, like {{ mobile = 0.4, desktop = 0.6 }}")
    shares = {}
    for key, share in value.items():
        if isinstance(share, bool) or not isinstance(share, (int, float)) or share < 0:
            raise settings_error(f"the share of `{key}` in {where} must be a non-negative number, not {share!r}")
        shares[key] = float(share)
    total = sum(shares.values())
    if total <= 0:
        raise settings_error(f"the shares in {where} add up to 0")
    return {key: share / total for key, share in shares.items()}


_KEYS = {f.name for f in fields(SimulationSettings)} - {"explicit"}


def settings_from_table(table: Any, where: str) -> SimulationSettings:
    """Settings from a ``simulate`` table; unknown keys and bad values are JS341 errors."""
    if not isinstance(table, dict):
        raise settings_error(f"{where} must be a table of settings")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise settings_error(f"unknown setting `{unknown[0]}` in {where}", help="known settings: " + ", ".join(sorted(_KEYS)))
    values: dict[str, Any] = {}
    explicit = set()
    for key, value in table.items():
        place = f"`{key}` in {where}"
        if key in (*NOISE_KINDS, "dropoff", "session_break", "sentiment_rate"):
            values[key] = _rate(value, place)
            explicit.update({key} & set(NOISE_KINDS))
        elif key in ("think_time", "period"):
            values[key] = _duration(value, place)
        elif key == "think_times":
            if not isinstance(value, dict):
                raise settings_error(f"{place} must be a table of step = duration, like {{ checkout = \"2m\" }}")
            values[key] = {step: _duration(v, f"`think_times.{step}` in {where}") for step, v in value.items()}
        elif key in ("devices", "start"):
            values[key] = _shares(value, place)
        elif key == "attributes":
            if not isinstance(value, dict):
                raise settings_error(f"{place} must be a table of field = {{ value = share }}")
            values[key] = {name: _shares(v, f"`attributes.{name}` in {where}") for name, v in value.items()}
        elif key == "max_steps":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise settings_error(f"{place} must be a whole number of at least 1, not {value!r}")
            values[key] = value
    return SimulationSettings(**values, explicit=frozenset(explicit))


def _duration(value: Any, where: str) -> float:
    try:
        return units.parse_duration(value, "think time", where)
    except units.DurationError:
        raise settings_error(f"{where} is not a duration: {value!r}", help="write it like `30s`, `2m` or `1h`") from None


def load_settings(start: str | Path | None = None) -> SimulationSettings:
    """The ``simulate`` settings of the nearest configuration file, or the defaults."""
    found = find_config_file(Path(start) if start is not None else Path.cwd())
    if found is None or "simulate" not in found[1]:
        return SimulationSettings()
    path, table = found
    prefix = "[tool.journeyspec.simulate]" if path.name == "pyproject.toml" else "[simulate]"
    return settings_from_table(table["simulate"], f"{path} {prefix}")


__all__ = ["NOISE_KINDS", "SimulationSettings", "load_settings", "settings_error", "settings_from_table"]
