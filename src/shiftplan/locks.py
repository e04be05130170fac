"""Locked shifts: re-solve the rest of a cycle around shifts already published.

What a lock means (``solve --lock FILE [--lock-until DATE]``,
``SolveParams(locked=..., lock_until=...)``):

* The locked period is the whole cycle, or the local days before
  ``lock_until``. Every shift of the file in that period is kept exactly
  (same agent, local day, start and length).
* For each agent who appears in the file, a day of the locked period with no
  shift in the file stays off: removing a shift from the published roster (a
  sick day, a swap) is an edit to keep, not a hole to fill. Agents absent from
  the file, and every day from ``lock_until`` on, are rostered freely.
* A locked shift need not be one the solver would have generated (e.g. the
  second 02:30 of an autumn night); it is added to the candidates as long
  as it keeps the hard rules. The contract's start window and start step are
  hard rules, so a shift moved off the step grid is rejected, not kept.
* A locked shift that breaks a hard rule on its own (checked by the
  independent validator: unknown agent, start window, shift length, time off,
  rest between locked shifts, one shift per day, shift types, outside the
  cycle) is a :class:`LockError` naming agent, day and rule. For an agent
  locked over the whole cycle, every rule is checked, since nothing is left
  to repair it.

The solver sees locks only through its candidates: on a locked day the
locked shift is the agent's only candidate and it is marked ``locked`` (the
``locked shifts`` constraint family forces it); a locked day off has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from shiftplan.errors import ShiftplanError
from shiftplan.roster_io import read_roster
from shiftplan.scenario.models import Scenario
from shiftplan.shifts import NIGHT_MIN_MINUTES, CandidateShifts, night_minutes
from shiftplan.validate import RULES, Violation, validate_roster

PER_SHIFT_RULES = frozenset(RULES) - {
    # These count over many days, so the rest of the roster decides them.
    "weekly hours",
    "weekly days",
    "total hours",
    "consecutive days",
    "weekends off",
}
"""Rules that locked shifts can break by themselves, whatever the rest of the roster."""


@dataclass
class LockError(ShiftplanError):
    """Locked shifts that break a hard rule by themselves."""

    source: str
    violations: list[Violation] = field(default_factory=list)

    def __str__(self) -> str:
        count = len(self.violations)
        lines = [f"{self.source}: {count} locked shift(s) break a hard rule:"]
        lines.extend(f"  - {v.agent_id}: {v.rule}: {v.detail}" for v in self.violations)
        return "\n".join(lines)


def locked_shifts(
    scenario: Scenario, locked: pd.DataFrame | str | Path, until: date | None = None
) -> pd.DataFrame:
    """The shifts to lock: read through the one roster reader, cut at ``until``, checked.

    Raises
    ------
    RosterError
        A cell of the file cannot be read.
    LockError
        A locked shift breaks a hard rule by itself.
    """
    source = "locked roster" if isinstance(locked, pd.DataFrame) else str(locked)
    frame = locked if isinstance(locked, pd.DataFrame) else read_roster(locked, scenario)
    if until is not None:
        days = [pd.Timestamp(day).date() for day in frame["local_date"]]
        frame = frame.loc[[day < until for day in days]].reset_index(drop=True)
    last = scenario.horizon.days_list[-1]
    whole = until is None or until > last
    violations = [
        violation
        for violation in validate_roster(scenario, frame)
        if violation.rule in PER_SHIFT_RULES
        or (whole and violation.agent_id in set(frame["agent_id"]))
    ]
    if violations:
        raise LockError(source, violations)
    return frame


def apply_locks(
    scenario: Scenario,
    candidates: CandidateShifts,
    frame: pd.DataFrame,
    until: date | None = None,
) -> CandidateShifts:
    """Candidates with the locked period of every agent in ``frame`` fixed to ``frame``."""
    horizon = scenario.horizon
    stop_day = (
        horizon.days if until is None else min(max((until - horizon.start).days, 0), horizon.days)
    )
    index_of = {agent.id: index for index, agent in enumerate(scenario.agents)}
    locked_agents = np.zeros(len(scenario.agents), dtype=bool)
    for agent_id in frame["agent_id"]:
        locked_agents[index_of[str(agent_id)]] = True
    keep = ~(locked_agents[candidates.agent] & (candidates.day < stop_day))
    existing = {
        (int(a), int(d), int(m), int(n)): i
        for i, (a, d, m, n) in enumerate(
            zip(
                candidates.agent,
                candidates.day,
                candidates.start_minute,
                candidates.length,
                strict=True,
            )
        )
    }
    origin = pd.Timestamp(horizon.start_utc)
    rows: dict[str, list[int | bool]] = {name: [] for name in candidates.__dataclass_fields__}
    for shift in frame.to_dict("records"):
        agent_index = index_of[str(shift["agent_id"])]
        agent = scenario.agents[agent_index]
        day_date = pd.Timestamp(shift["local_date"]).date()
        day = (day_date - horizon.start).days
        start_local = pd.Timestamp(shift["start_local"])
        minute = (
            (start_local.date() - day_date).days * 1440 + start_local.hour * 60 + start_local.minute
        )
        start = int((pd.Timestamp(shift["start_utc"]) - origin).total_seconds() // 60)
        length = int(
            (pd.Timestamp(shift["end_utc"]) - pd.Timestamp(shift["start_utc"])).total_seconds()
            // 60
        )
        found = existing.get((agent_index, day, minute, length))
        if found is not None and int(candidates.start[found]) == start:
            for name in rows:
                rows[name].append(getattr(candidates, name)[found].item())
            rows["locked"][-1] = True
            continue
        contract = scenario.contracts[agent.contract]
        kind = next(
            (
                k
                for k, m, n in contract.shapes()
                if k >= 0 and m % 1440 == minute % 1440 and n == length
            ),
            -1,
        )
        step = horizon.interval_minutes
        first = min(max(-(-start // step), 0), horizon.intervals)
        stop = max(min((start + length) // step, horizon.intervals), first)
        values: dict[str, int | bool] = {
            "agent": agent_index,
            "day": day,
            "start_minute": minute,
            "length": length,
            "start": start,
            "end": start + length,
            "first": first,
            "stop": stop,
            "night": night_minutes(minute, length) >= NIGHT_MIN_MINUTES,
            "weekend": start_local.date().weekday() in agent.weekend,
            "kind": kind,
            "locked": True,
        }
        for name in rows:
            rows[name].append(values[name])
    kept = candidates.subset(np.flatnonzero(keep))
    merged = {
        name: np.concatenate(
            [getattr(kept, name), np.asarray(rows[name], dtype=getattr(kept, name).dtype)]
        )
        for name in rows
    }
    order = np.lexsort((merged["start"], merged["day"], merged["agent"]))
    return CandidateShifts(**{name: values[order] for name, values in merged.items()})
