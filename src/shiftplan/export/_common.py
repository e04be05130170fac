"""What every export format shares: the days of each agent, and atomic writes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

from shiftplan.scenario.models import Agent, Scenario


@dataclass(frozen=True)
class Day:
    """One agent's local day: a shift, a day off, leave or a public holiday."""

    agent: Agent
    day: date
    shift: dict[str, Any] | None
    reason: str | None

    @property
    def label(self) -> str:
        """What the roster cell says: ``07:00-15:00``, ``time off``, ``public holiday`` or ''."""
        if self.shift is not None:
            return span(self.shift)
        return self.reason or ""


def span(shift: dict[str, Any]) -> str:
    """A shift as its local wall-clock span, e.g. ``22:00-06:00``."""
    return f"{shift['start_local']:%H:%M}-{shift['end_local']:%H:%M}"


def agent_days(scenario: Scenario, shifts: pd.DataFrame) -> dict[str, list[Day]]:
    """Every agent's local days of the cycle, with their shift or why they are off."""
    by_agent: dict[str, dict[date, dict[str, Any]]] = {}
    records: list[dict[str, Any]] = [
        {str(key): value for key, value in record.items()} for record in shifts.to_dict("records")
    ]
    for shift in records:
        day = pd.Timestamp(shift["local_date"]).date()
        by_agent.setdefault(str(shift["agent_id"]), {})[day] = shift
    horizon = scenario.horizon
    days = [horizon.start + timedelta(days=k) for k in range(horizon.days)]
    result: dict[str, list[Day]] = {}
    for agent in scenario.agents:
        own = by_agent.get(agent.id, {})
        off = scenario.days_off(agent)
        result[agent.id] = [Day(agent, day, own.get(day), off.get(day)) for day in days]
    return result


def file_name(agent_id: str) -> str:
    """A file-system-safe name for an agent's file (ids are usually already safe)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", agent_id) or "_"
