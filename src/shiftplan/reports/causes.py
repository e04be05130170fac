"""Why a queue is short: who could have worked, who was away, and what no team could staff.

Everything here comes from the scenario and the roster alone (no solver):

* **reach**: the intervals each agent's allowed shifts could cover on each
  local day (contract start window and lengths, placed with ``zoneinfo``);
* **absence**: the same reach on the agent's days of leave and public holiday;
* **capacity**: agents with the queue's skill who are free that day and whose
  shifts could cover the interval, the most the team could put there at once.

A cause explains agent-hours of a gap window: at each interval, at most the
shortfall, and at most the agents that cause kept away (or the requirement
above capacity).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from shiftplan.scenario.load import holiday_names
from shiftplan.scenario.models import Agent, Contract, Scenario
from shiftplan.shifts import local_start_utc

HOLIDAY = "public holiday"
LEAVE = "leave"
NOBODY = "nobody with the skill on shift"
ABOVE_CAPACITY = "demand above what the team can staff"
ELSEWHERE = "agents free but rostered at other hours"


@dataclass(frozen=True)
class Absence:
    """One agent away on one local day, with the intervals they could have covered."""

    agent: Agent
    kind: str
    day: date
    first: int
    stop: int
    holiday: str | None = None


@dataclass
class QueueReach:
    """Capacity and absences of one queue, per interval of the grid."""

    capacity: NDArray[np.int64]
    away: dict[str, NDArray[np.int64]] = field(default_factory=dict)
    absences: list[Absence] = field(default_factory=list)


@dataclass(frozen=True)
class Cause:
    """One reason for a gap window, with the agent-hours it explains."""

    kind: str
    detail: str
    agent_hours: float

    def text(self) -> str:
        """'public holiday: Good Friday (CA, DE) - 12.5 agent-hours'."""
        return f"{self.kind}: {self.detail} ({half_hours(self.agent_hours)} agent-hours)"


def half_hours(hours: float) -> str:
    """Hours rounded to the half hour, as a person reads them ('12.5', '3')."""
    rounded = round(hours * 2) / 2
    return f"{rounded:,.1f}".removesuffix(".0")


def _day_span(
    zone: str, contract: Contract, day: date, origin_minute: int, step: int, intervals: int
) -> tuple[int, int]:
    """First and stop interval that some allowed shift of local ``day`` covers completely."""
    first, stop = intervals, 0
    for _kind, minute, length in contract.shapes():
        start = local_start_utc(zone, day, minute)
        if start is None:
            continue
        begin = int(start.timestamp() // 60) - origin_minute
        first = min(first, max(0, -(-begin // step)))
        stop = max(stop, min(intervals, (begin + length) // step))
    return (first, stop) if first < stop else (0, 0)


def queue_reach(scenario: Scenario) -> dict[str, QueueReach]:
    """Capacity and absences per queue, from each agent's contract and days off."""
    horizon = scenario.horizon
    step = horizon.interval_minutes
    origin = int(horizon.start_utc.timestamp() // 60)
    intervals = horizon.intervals
    names = {country: holiday_names(country, days) for country, days in scenario.holidays.items()}
    reach = {
        queue.name: QueueReach(
            np.zeros(intervals + 1, np.int64),
            {HOLIDAY: np.zeros(intervals + 1, np.int64), LEAVE: np.zeros(intervals + 1, np.int64)},
        )
        for queue in scenario.queues
    }
    # Agents of one zone and contract share their reach: compute it once.
    spans: dict[tuple[str, str, date], tuple[int, int]] = {}
    for agent in scenario.agents:
        queues = [queue.name for queue in scenario.queues if queue.skill in agent.skills]
        if not queues:
            continue
        contract = scenario.contracts[agent.contract]
        off = scenario.days_off(agent)
        for offset in range(horizon.days):
            day = horizon.start + timedelta(days=offset)
            key = (agent.timezone, agent.contract, day)
            if key not in spans:
                spans[key] = _day_span(agent.timezone, contract, day, origin, step, intervals)
            first, stop = spans[key]
            if first >= stop:
                continue
            reason = off.get(day)
            kind = None if reason is None else HOLIDAY if reason == "public holiday" else LEAVE
            holiday = names.get(agent.country, {}).get(day) if kind == HOLIDAY else None
            for name in queues:
                target = reach[name].capacity if kind is None else reach[name].away[kind]
                target[first] += 1
                target[stop] -= 1
                if kind is not None:
                    reach[name].absences.append(Absence(agent, kind, day, first, stop, holiday))
    for queue_reach_ in reach.values():
        queue_reach_.capacity = np.cumsum(queue_reach_.capacity)[:-1]
        for kind, counts in queue_reach_.away.items():
            queue_reach_.away[kind] = np.cumsum(counts)[:-1]
    return reach


def _short_list(names: list[str], limit: int = 4) -> str:
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit} more"


def window_causes(
    reach: QueueReach,
    skill: str,
    first: int,
    stop: int,
    shortfall: NDArray[np.int64],
    required: NDArray[np.int64],
    skilled_on: NDArray[np.int64],
    hours_per_interval: float,
) -> list[Cause]:
    """The causes of one gap window (intervals ``first..stop-1``), largest first.

    ``shortfall``, ``required`` and ``skilled_on`` are the window's own
    intervals.
    """
    causes: list[Cause] = []
    total = float(shortfall.sum()) * hours_per_interval
    overlapping = [a for a in reach.absences if a.first < stop and a.stop > first]
    holidays: dict[str, set[str]] = defaultdict(set)
    away_agents: list[str] = []
    for absence in overlapping:
        if absence.kind == HOLIDAY:
            holidays[absence.holiday or "public holiday"].add(absence.agent.country)
        elif absence.agent.name not in away_agents:
            away_agents.append(absence.agent.name)
    if holidays:
        explained = np.minimum(shortfall, reach.away[HOLIDAY][first:stop]).sum()
        detail = ", ".join(
            f"{name} ({', '.join(sorted(countries))})" for name, countries in holidays.items()
        )
        causes.append(Cause(HOLIDAY, detail, float(explained) * hours_per_interval))
    if away_agents:
        explained = np.minimum(shortfall, reach.away[LEAVE][first:stop]).sum()
        causes.append(Cause(LEAVE, _short_list(away_agents), float(explained) * hours_per_interval))
    # The whole team's reach, away or not: what the team could staff at best.
    capacity = reach.capacity[first:stop] + sum(
        (counts[first:stop] for counts in reach.away.values()), np.zeros(stop - first, np.int64)
    )
    nobody = skilled_on == 0
    if nobody.any():
        detail = (
            f"no {skill} agent's shifts reach these hours"
            if (capacity[nobody] == 0).all()
            else f"no {skill} agent on shift"
        )
        causes.append(Cause(NOBODY, detail, float(shortfall[nobody].sum()) * hours_per_interval))
    above = np.minimum(shortfall, np.maximum(required - capacity, 0))
    if above.any():
        worst = int(np.argmax(required - capacity))
        detail = (
            f"needs up to {int(required[worst])} agents, but the whole team has "
            f"{int(capacity[worst])} {skill} agents who can work then"
        )
        causes.append(Cause(ABOVE_CAPACITY, detail, float(above.sum()) * hours_per_interval))
    # What no cause above accounts for: free agents the rules and the cost of
    # other hours put elsewhere (weekly hours, rest, weekends, busier hours).
    rest = total - max((cause.agent_hours for cause in causes), default=0.0)
    if rest > 1e-9:
        causes.append(
            Cause(
                ELSEWHERE,
                "weekly hours, rest and busier hours kept them elsewhere",
                rest,
            )
        )
    return sorted(causes, key=lambda cause: -cause.agent_hours)


def as_frame(causes: list[Cause]) -> pd.DataFrame:
    """Causes as a small frame (kind, detail, agent_hours)."""
    return pd.DataFrame(
        [(c.kind, c.detail, c.agent_hours) for c in causes],
        columns=["kind", "detail", "agent_hours"],
    )
