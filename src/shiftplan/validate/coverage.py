"""Coverage recounted from a roster's UTC times alone: agents on shift per whole interval."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from shiftplan.scenario.models import Scenario
from shiftplan.validate.rows import instant, read_frame, records, require_columns


def recount_coverage(scenario: Scenario, roster: pd.DataFrame | str | Path) -> pd.DataFrame:
    """Agents on shift for each *whole* interval of the UTC grid.

    Computed from ``start_utc``/``end_utc`` alone: an interval counts an agent
    only when one of their shifts covers it from its first to its last
    instant. Rows whose times cannot be read are skipped.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``interval`` (0 .. intervals-1), with ``start_utc`` (the
        interval's first instant), ``agents`` (all agents on shift) and one
        column per skill (agents on shift who have it), skills sorted by name.
    """
    frame = read_frame(roster)
    require_columns(frame, ("agent_id", "start_utc", "end_utc"))
    horizon = scenario.horizon
    count = horizon.intervals
    step = timedelta(minutes=horizon.interval_minutes)
    origin = horizon.start_utc
    on_shift: dict[str, np.ndarray] = {}
    for record in records(frame):
        start = instant(record.get("start_utc"))
        end = instant(record.get("end_utc"))
        if start is None or end is None or end <= start:
            continue
        first = -((origin - start) // step)  # ceil: first interval starting at or after start
        last = (end - origin) // step  # floor: intervals ending at or before end
        first, last = max(first, 0), min(last, count)
        if first >= last:
            continue
        agent_id = str(record.get("agent_id", "")).strip()
        mask = on_shift.setdefault(agent_id, np.zeros(count, dtype=bool))
        mask[first:last] = True
    agents = {agent.id: agent for agent in scenario.agents}
    skills = sorted(
        {queue.skill for queue in scenario.queues}.union(
            *(agent.skills for agent in scenario.agents)
        )
    )
    clash = {"start_utc", "agents"}.intersection(skills)
    if clash:
        msg = f"skill name(s) {sorted(clash)} clash with the coverage table's own columns"
        raise ValueError(msg)
    total = np.zeros(count, dtype=np.int64)
    per_skill = {skill: np.zeros(count, dtype=np.int64) for skill in skills}
    for agent_id, mask in on_shift.items():
        total += mask
        agent = agents.get(agent_id)
        for skill in agent.skills if agent is not None else ():
            per_skill[skill] += mask
    columns: dict[str, Any] = {
        "start_utc": pd.date_range(origin, periods=count, freq=step),
        "agents": total,
    }
    columns.update(per_skill)
    return pd.DataFrame(columns, index=pd.RangeIndex(count, name="interval"))
