"""The variants of a sweep: axes, their product, and how a variant changes a scenario.

A grid has up to five axes; the sweep runs every combination of their values:

* ``volume``: change in contacts for every queue (``-10%``, ``0%``, ``+20%``);
* ``queue_volume``: changes per queue, each value a mapping such as
  ``{chat: +10%, email: -5%}`` (on top of ``volume``);
* ``shrinkage``: the share of paid time not spent on contacts (``0.2`` or ``20%``);
* ``hires``: how many new agents join (``0, 1, 2``), placed in ``hire_zones``
  (a zone, or ``zone:country`` for the holidays of another country);
* ``contracts``: contract moves, each value a mapping of agent id to the
  contract they move to (``{}`` for no move).

A grid file is YAML with those keys, for example::

    volume: [-10%, 0%, +20%]
    shrinkage: [0.2, 0.3]
    hires: [0, 1, 2]
    hire_zones: [Asia/Manila, Europe/Berlin]
    queue_volume:
      - {}
      - {chat: +15%}
    contracts:
      - {}
      - {A07: part-time, A12: part-time}
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from shiftplan.errors import ShiftplanError, display_path
from shiftplan.scenario.load import timezone_problem
from shiftplan.scenario.models import Scenario

AXES = ("volume", "queue_volume", "shrinkage", "hires", "contracts")
SETTINGS = ("hire_zones", "hire_contract")


def parse_change(text: object, where: str) -> float:
    """'+20%' as 0.2 and '-10%' as -0.1; a change must keep contacts above zero."""
    value = str(text).strip()
    if not value.endswith("%"):
        msg = f"{where}: '{value}' is not a percentage like +20%, 0% or -10%"
        raise ShiftplanError(msg)
    try:
        change = float(value.removesuffix("%")) / 100
    except ValueError:
        msg = f"{where}: '{value}' is not a percentage like +20%, 0% or -10%"
        raise ShiftplanError(msg) from None
    if not math.isfinite(change) or change <= -1:
        msg = f"{where}: '{value}' must be above -100%"
        raise ShiftplanError(msg)
    return round(change, 6)


def parse_share(text: object, where: str) -> float:
    """'0.25' or '25%' as 0.25, between 0 (inclusive) and 1 (exclusive)."""
    value = str(text).strip()
    try:
        share = float(value.removesuffix("%")) / (100 if value.endswith("%") else 1)
    except ValueError:
        msg = f"{where}: '{value}' is not a share like 0.25 or 25%"
        raise ShiftplanError(msg) from None
    if not 0 <= share < 1:
        msg = f"{where}: '{value}' must be at least 0 and below 1 (100%)"
        raise ShiftplanError(msg)
    return round(share, 6)


def parse_count(text: object, where: str) -> int:
    """A whole number of hires, 0 or more."""
    value = str(text).strip()
    if not value.isdigit():
        msg = f"{where}: '{value}' is not a whole number of hires like 0, 1 or 2"
        raise ShiftplanError(msg)
    return int(value)


def split_values(text: str) -> list[str]:
    """'-10%,0%, +20%' as ['-10%', '0%', '+20%']."""
    return [part.strip() for part in text.split(",") if part.strip()]


def percent(change: float) -> str:
    """0.2 as '+20%' and -0.1 as '-10%' (0 as '0%')."""
    text = f"{change * 100:+.1f}".rstrip("0").rstrip(".")
    return "0%" if text in ("+0", "-0") else f"{text}%"


@dataclass(frozen=True)
class Variant:
    """One combination of axis values: how the scenario changes.

    ``None`` (or empty) means the axis is not changed from the scenario.
    """

    volume: float = 0.0
    queue_volume: tuple[tuple[str, float], ...] = ()
    shrinkage: float | None = None
    hires: int = 0
    contracts: tuple[tuple[str, str], ...] = ()

    def label(self) -> str:
        """A short name for people, e.g. 'volume +20%, shrinkage 30%'."""
        parts = []
        if self.volume:
            parts.append(f"volume {percent(self.volume)}")
        parts.extend(f"{queue} {percent(change)}" for queue, change in self.queue_volume)
        if self.shrinkage is not None:
            parts.append(f"shrinkage {self.shrinkage * 100:g}%")
        if self.hires:
            parts.append(f"{self.hires} hire{'s' if self.hires != 1 else ''}")
        parts.extend(f"{agent} to {contract}" for agent, contract in self.contracts)
        return ", ".join(parts) or "as planned"

    def as_key(self) -> dict[str, Any]:
        """Every field as plain JSON values, for the cache key."""
        return {
            "volume": self.volume,
            "queue_volume": [list(pair) for pair in self.queue_volume],
            "shrinkage": self.shrinkage,
            "hires": self.hires,
            "contracts": [list(pair) for pair in self.contracts],
        }


@dataclass(frozen=True)
class Grid:
    """Values per axis; the sweep runs their product, in axis order.

    Attributes
    ----------
    volume, queue_volume, shrinkage, hires, contracts
        The values of each axis (an empty axis is left as the scenario has it).
    hire_zones
        Where the hires live, in turn: an IANA zone, optionally with the
        country whose holidays they keep ('Asia/Manila', 'Europe/London:IE');
        empty: where the hiring what-if ranks best among the team's zones.
    hire_contract
        The hires' contract (default: the scenario's first).
    source
        Where the grid came from, for messages.
    """

    volume: tuple[float, ...] = ()
    queue_volume: tuple[tuple[tuple[str, float], ...], ...] = ()
    shrinkage: tuple[float, ...] = ()
    hires: tuple[int, ...] = ()
    contracts: tuple[tuple[tuple[str, str], ...], ...] = ()
    hire_zones: tuple[str, ...] = ()
    hire_contract: str | None = None
    source: str = field(default="the grid", compare=False)

    def variants(self) -> list[Variant]:
        """Every combination of the axes' values; one 'as planned' variant without axes."""
        combos = itertools.product(
            self.volume or (0.0,),
            self.queue_volume or ((),),
            self.shrinkage or (None,),
            self.hires or (0,),
            self.contracts or ((),),
        )
        return [Variant(*combo) for combo in combos]

    def axes(self) -> list[str]:
        """The axes this grid varies or sets."""
        return [axis for axis in AXES if getattr(self, axis)]

    def check(self, scenario: Scenario) -> None:
        """Raise a ShiftplanError naming the grid field and value that the scenario lacks."""
        queues = [queue.name for queue in scenario.queues]
        agents = {agent.id for agent in scenario.agents}
        for value in self.queue_volume:
            for queue, _ in value:
                if queue not in queues:
                    msg = (
                        f"{self.source}, field 'queue_volume': unknown queue '{queue}'; "
                        f"the scenario's queues: {', '.join(queues)}"
                    )
                    raise ShiftplanError(msg)
        for moves in self.contracts:
            for agent, contract in moves:
                if agent not in agents:
                    msg = f"{self.source}, field 'contracts': unknown agent '{agent}'"
                    raise ShiftplanError(msg)
                if contract not in scenario.contracts:
                    msg = (
                        f"{self.source}, field 'contracts': agent {agent} moves to unknown "
                        f"contract '{contract}'; the scenario's contracts: "
                        + ", ".join(scenario.contracts)
                    )
                    raise ShiftplanError(msg)
        for place in self.hire_zones:
            zone, _, country = place.partition(":")
            problem = timezone_problem(zone)
            if problem is not None:
                hint = f"; {problem[1]}" if problem[1] else ""
                msg = f"{self.source}, field 'hire_zones': {problem[0]}{hint}"
                raise ShiftplanError(msg)
            if country and not (len(country) == 2 and country.isalpha() and country.isupper()):
                msg = (
                    f"{self.source}, field 'hire_zones': '{place}': the country after ':' is a "
                    "two-letter ISO code, e.g. Europe/London:IE"
                )
                raise ShiftplanError(msg)
        if self.hire_contract is not None and self.hire_contract not in scenario.contracts:
            msg = (
                f"{self.source}, field 'hire_contract': unknown contract '{self.hire_contract}'; "
                "the scenario's contracts: " + ", ".join(scenario.contracts)
            )
            raise ShiftplanError(msg)


def make_grid(
    *,
    volume: Iterable[object] = (),
    shrinkage: Iterable[object] = (),
    hires: Iterable[object] = (),
    queue_volume: Iterable[Mapping[str, object]] = (),
    contracts: Iterable[Mapping[str, object]] = (),
    hire_zones: Iterable[str] = (),
    hire_contract: str | None = None,
    source: str = "the grid",
) -> Grid:
    """A grid from values as people write them ('+20%', '0.25', 2), checked.

    Duplicate values are dropped, keeping the first, so no variant runs twice.
    """
    return Grid(
        volume=_unique(parse_change(v, f"{source}, field 'volume'") for v in volume),
        queue_volume=_unique(
            tuple(
                (str(queue), parse_change(change, f"{source}, field 'queue_volume', {queue}"))
                for queue, change in _mapping(value, source, "queue_volume").items()
            )
            for value in queue_volume
        ),
        shrinkage=_unique(parse_share(v, f"{source}, field 'shrinkage'") for v in shrinkage),
        hires=_unique(parse_count(v, f"{source}, field 'hires'") for v in hires),
        contracts=_unique(
            tuple(
                (str(agent), str(contract))
                for agent, contract in _mapping(value, source, "contracts").items()
            )
            for value in contracts
        ),
        hire_zones=tuple(str(zone).strip() for zone in hire_zones if str(zone).strip()),
        hire_contract=hire_contract,
        source=source,
    )


def load_grid(path: Path) -> Grid:
    """Read a grid YAML file (see this module's docstring for its keys)."""
    where = display_path(path)
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        msg = f"{where}: cannot read the grid file ({error.strerror})"
        raise ShiftplanError(msg) from None
    except yaml.YAMLError as error:
        msg = f"{where}: not valid YAML ({error})"
        raise ShiftplanError(msg) from None
    if spec is None:
        spec = {}
    if not isinstance(spec, dict):
        msg = f"{where}: a grid file is a mapping of axes to lists of values"
        raise ShiftplanError(msg)
    unknown = sorted(set(spec) - set(AXES) - set(SETTINGS))
    if unknown:
        msg = f"{where}: unknown field '{unknown[0]}'; a grid has " + ", ".join((*AXES, *SETTINGS))
        raise ShiftplanError(msg)
    lists = {}
    for axis in (*AXES, "hire_zones"):
        value = spec.get(axis, [])
        if not isinstance(value, list):
            value = [value]
        lists[axis] = value
    contract = spec.get("hire_contract")
    return make_grid(
        **lists, hire_contract=None if contract is None else str(contract), source=where
    )


def combine(first: Grid, second: Grid) -> Grid:
    """A grid file's axes with those given on the command line (these win per axis)."""
    values: dict[str, Any] = {}
    for name in (*AXES, *SETTINGS):
        values[name] = getattr(second, name) or getattr(first, name)
    return Grid(**values, source=first.source)


def _unique(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(values))


def _mapping(value: object, source: str, axis: str) -> Mapping[str, object]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        msg = f"{source}, field '{axis}': '{value}' is not a mapping like {{chat: +10%}}"
        raise ShiftplanError(msg)
    return value
