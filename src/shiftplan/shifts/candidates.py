"""Candidate shifts: every shift each agent may work, placed on the UTC grid.

A shift is a local start on a local day plus a length in elapsed minutes. The
local start is turned into an instant with the agent's own IANA zone on the
real calendar, so a 09:00 start in Berlin sits an hour earlier in UTC after the
EU change to summer time, and a shift's length never changes on a DST night:
its local end does. All times below are integer minutes since the first
instant of the UTC grid, so rest and hours are plain subtraction.

Coverage counts the intervals a shift covers *completely*: a shift that starts
or ends inside an interval (a +05:45 zone on a 30-minute grid) does not count
in that partial interval. That errs on the side of reporting a gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache, cached_property
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from shiftplan.scenario.models import Agent, Scenario

# Night work as EU law defines a night worker's shift: at least three hours
# between 22:00 and 06:00 local time.
NIGHT_START_MINUTE = 22 * 60
NIGHT_END_MINUTE = 6 * 60
NIGHT_MIN_MINUTES = 180


@cache
def local_start_utc(zone_name: str, day: date, minute: int) -> datetime | None:
    """The UTC instant of local wall time ``day`` + ``minute``, or None if it never happens.

    A wall time inside a spring-forward gap does not exist; we do not move it,
    because a shift that silently starts an hour early or late is worse than
    one fewer option. In the autumn overlap the first occurrence is used.
    """
    zone = ZoneInfo(zone_name)
    naive = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
    aware = naive.replace(tzinfo=zone)
    instant = aware.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != naive:
        return None
    return instant


def night_minutes(start_minute: int, length: int) -> int:
    """Minutes of a shift between 22:00 and 06:00, by local wall clock."""
    total = 0
    for offset in range(-1, 3):
        night_from = offset * 1440 + NIGHT_START_MINUTE
        night_to = offset * 1440 + 1440 + NIGHT_END_MINUTE
        total += max(0, min(start_minute + length, night_to) - max(start_minute, night_from))
    return total


@dataclass(frozen=True)
class CandidateShifts:
    """All candidate shifts, one row per shift, as parallel arrays.

    Attributes
    ----------
    agent
        Index of the agent in ``scenario.agents``.
    day
        Index of the local day the shift belongs to (0 = horizon start).
    start_minute
        Local start in minutes after midnight of that day (>= 1440 after midnight).
    length
        Elapsed minutes.
    start, end
        Minutes since the first instant of the UTC grid (may be negative or
        beyond the grid for agents far from UTC).
    first, stop
        Grid intervals ``first <= i < stop`` the shift covers completely,
        clipped to the grid (``first == stop`` when none).
    night, weekend
        Whether the shift is a night shift, and whether its local start day
        is one of the agent's weekend days.
    kind
        Index of the shift type in the agent's contract, -1 without types.
    locked
        Whether the shift is locked (``solve --lock``): it must be worked,
        and it is the only candidate of its agent and day.
    """

    agent: NDArray[np.int64]
    day: NDArray[np.int64]
    start_minute: NDArray[np.int64]
    length: NDArray[np.int64]
    start: NDArray[np.int64]
    end: NDArray[np.int64]
    first: NDArray[np.int64]
    stop: NDArray[np.int64]
    night: NDArray[np.bool_]
    weekend: NDArray[np.bool_]
    kind: NDArray[np.int64]
    locked: NDArray[np.bool_]

    def __len__(self) -> int:
        return len(self.agent)

    def of_agent(self, agent: int) -> NDArray[np.int64]:
        """Indices of one agent's candidates, ordered by start."""
        order, bounds = self._by_agent
        if not 0 <= agent < len(bounds) - 1:
            return np.zeros(0, dtype=np.int64)
        return order[bounds[agent] : bounds[agent + 1]].copy()

    @cached_property
    def _by_agent(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Candidate indices grouped by agent, and where each agent's run begins.

        Scanning all candidates for each agent costs O(agents x candidates):
        about 15 s of the first roster for 5,000 agents (935,000 candidates).
        """
        # A stable sort keeps each agent's candidates in index order.
        order = np.argsort(self.agent, kind="stable").astype(np.int64)
        agents = int(self.agent.max()) + 1 if len(self.agent) else 0
        bounds = np.searchsorted(self.agent[order], np.arange(agents + 1)).astype(np.int64)
        return order, bounds

    def subset(self, indices: NDArray[np.int64], agent: int | None = None) -> CandidateShifts:
        """The candidates at ``indices``; ``agent`` renumbers their agent index."""
        values = {name: getattr(self, name)[indices] for name in self.__dataclass_fields__}
        if agent is not None:
            values["agent"] = np.full(len(indices), agent, dtype=np.int64)
        return CandidateShifts(**values)

    def to_frame(self) -> pd.DataFrame:
        """All candidates as a frame, for inspection in a notebook."""
        return pd.DataFrame({name: getattr(self, name) for name in self.__dataclass_fields__})


def build_candidates(scenario: Scenario) -> CandidateShifts:
    """Every shift each agent may work under its contract, on the UTC grid.

    Days of time off, the agent's public holidays and shift types the
    contract allows zero times yield no candidates, and starts outside the
    contract's local start window are never generated.
    """
    horizon = scenario.horizon
    origin = horizon.start_utc
    step = horizon.interval_minutes
    intervals = horizon.intervals
    columns: dict[str, list[int]] = {
        key: []
        for key in ("agent", "day", "start_minute", "length", "start", "night", "weekend", "kind")
    }
    for agent_index, agent in enumerate(scenario.agents):
        _agent_candidates(scenario, agent_index, agent, origin, columns)
    start = np.asarray(columns["start"], dtype=np.int64)
    length = np.asarray(columns["length"], dtype=np.int64)
    end = start + length
    first = np.clip(-(-start // step), 0, intervals)
    stop = np.clip(end // step, 0, intervals)
    stop = np.maximum(stop, first)
    return CandidateShifts(
        agent=np.asarray(columns["agent"], dtype=np.int64),
        day=np.asarray(columns["day"], dtype=np.int64),
        start_minute=np.asarray(columns["start_minute"], dtype=np.int64),
        length=length,
        start=start,
        end=end,
        first=first,
        stop=stop,
        night=np.asarray(columns["night"], dtype=bool),
        weekend=np.asarray(columns["weekend"], dtype=bool),
        kind=np.asarray(columns["kind"], dtype=np.int64),
        locked=np.zeros(len(start), dtype=bool),
    )


def _agent_candidates(
    scenario: Scenario,
    agent_index: int,
    agent: Agent,
    origin: datetime,
    columns: dict[str, list[int]],
) -> None:
    contract = scenario.contracts[agent.contract]
    off = scenario.days_off(agent)
    # A type the contract allows zero times is never worked: like a day off,
    # it yields no candidate (a third of the Curtois instances' shifts, which
    # every agent's model and the full model would otherwise carry).
    never = {name for name, most in contract.max_shifts.items() if most == 0}
    shapes = [
        shape
        for shape in contract.shapes()
        if shape[0] < 0 or contract.shift_types[shape[0]].name not in never
    ]
    # Whether a shape is a night shift does not depend on the day: worked
    # out once per shape, not once per candidate (a million of them on
    # Curtois Instance24, where this loop took most of 20 s).
    nights = [night_minutes(minute, length) >= NIGHT_MIN_MINUTES for _, minute, length in shapes]
    for day_index, day in enumerate(scenario.horizon.days_list):
        if day in off:
            continue
        for (kind, minute, length), night in zip(shapes, nights, strict=True):
            start = _start_minutes(agent.timezone, day, minute, origin)
            if start is None:
                continue
            start_day = day + timedelta(days=minute // 1440)
            columns["agent"].append(agent_index)
            columns["day"].append(day_index)
            columns["start_minute"].append(minute)
            columns["length"].append(length)
            columns["start"].append(start)
            columns["night"].append(night)
            columns["weekend"].append(start_day.weekday() in agent.weekend)
            columns["kind"].append(kind)


@cache
def _start_minutes(zone_name: str, day: date, minute: int, origin: datetime) -> int | None:
    """Minutes from ``origin`` to local wall time ``day`` + ``minute`` (None: it never happens).

    Agents of one zone share these, so each is worked out once per solve.
    """
    instant = local_start_utc(zone_name, day, minute)
    if instant is None:
        return None
    return int((instant - origin).total_seconds() // 60)
