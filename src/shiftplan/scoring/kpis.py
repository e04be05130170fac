"""Score a roster from the roster alone: coverage, late contacts, KPIs, objective.

Nothing here reads the CP-SAT model or the candidate shifts: coverage is
recounted from each shift's UTC start and end, late contacts from the service
curves. A test checks that the
objective computed here equals the solver's, which is how we know the model
prices what the manager sees.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from shiftplan.result import Roster
from shiftplan.scenario.models import Scenario, Weights
from shiftplan.scoring.allocation import allocate_counts, queue_costs
from shiftplan.scoring.cover import shift_cover_count, shift_cover_frame, shift_kinds
from shiftplan.scoring.objective import POINTS, coefficients
from shiftplan.shifts import NIGHT_MIN_MINUTES, night_minutes
from shiftplan.staffing.requirements import MILLI, Requirements


def shift_intervals(scenario: Scenario, shifts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """First and stop grid interval each shift covers completely, clipped to the grid."""
    horizon = scenario.horizon
    origin = pd.Timestamp(horizon.start_utc)
    step = horizon.interval_minutes
    start = np.asarray([(s - origin).total_seconds() // 60 for s in shifts["start_utc"]], int)
    end = np.asarray([(e - origin).total_seconds() // 60 for e in shifts["end_utc"]], int)
    first = np.clip(-(-start // step), 0, horizon.intervals)
    stop = np.maximum(np.clip(end // step, 0, horizon.intervals), first)
    return first, stop


def on_shift(scenario: Scenario, shifts: pd.DataFrame) -> NDArray[np.int64]:
    """Agents on shift for the whole of each interval."""
    change = np.zeros(scenario.horizon.intervals + 1, dtype=np.int64)
    first, stop = shift_intervals(scenario, shifts)
    np.add.at(change, first, 1)
    np.add.at(change, stop, -1)
    return np.cumsum(change)[:-1]


def on_shift_by_class(
    scenario: Scenario, shifts: pd.DataFrame
) -> tuple[list[frozenset[str]], NDArray[np.int64]]:
    """Agents on shift per interval, grouped by the set of queues they serve."""
    served_by_agent = {
        agent.id: frozenset(q.name for q in scenario.queues if q.skill in agent.skills)
        for agent in scenario.agents
    }
    classes = sorted(set(served_by_agent.values()) - {frozenset()}, key=sorted)
    counts = np.zeros((len(classes), scenario.horizon.intervals), dtype=np.int64)
    for index, served in enumerate(classes):
        mask = np.array([served_by_agent.get(a) == served for a in shifts["agent_id"]], bool)
        members = shifts.loc[mask]
        counts[index] = on_shift(scenario, members)
    return classes, counts


def skilled_on_shift(scenario: Scenario, shifts: pd.DataFrame) -> dict[str, NDArray[np.int64]]:
    """Agents on shift per interval who have each queue's skill (whatever they work)."""
    classes, counts = on_shift_by_class(scenario, shifts)
    return {
        queue.name: sum(
            (counts[index] for index, served in enumerate(classes) if queue.name in served),
            np.zeros(scenario.horizon.intervals, dtype=np.int64),
        )
        for queue in scenario.queues
    }


def allocate(
    scenario: Scenario, requirements: Requirements, shifts: pd.DataFrame, weights: Weights
) -> dict[str, NDArray[np.int64]]:
    """Assign the agents on shift to queues, interval by interval, at least cost.

    See :mod:`shiftplan.scoring.allocation` for why the greedy used is optimal.
    """
    classes, counts = on_shift_by_class(scenario, shifts)
    costs = queue_cost_tables(scenario, requirements, weights)
    return allocate_counts(classes, counts, costs)


def queue_cost_tables(
    scenario: Scenario, requirements: Requirements, weights: Weights
) -> dict[str, NDArray[np.int64]]:
    """Integer cost table per queue, ``cost[t, n]`` with ``n`` agents on it.

    The one assembly of the tables: the solver's model data and the
    allocation of a finished roster both use it, so they price staff alike.
    """
    coefs = coefficients(weights, scenario.horizon.interval_minutes)
    queues = [queue.name for queue in scenario.queues]
    return queue_costs(
        {queue: requirements.curves[queue].late for queue in queues},
        {queue: requirements.required(queue) for queue in queues},
        coefs.late_contacts,
        coefs.shortfall,
    )


def evaluate(
    scenario: Scenario, requirements: Requirements, roster: Roster, weights: Weights
) -> tuple[int, dict[str, Any], pd.DataFrame]:
    """Objective, KPIs and coverage of a roster, from the roster alone.

    Returns
    -------
    objective
        Integer objective in micro-points (see :mod:`shiftplan.scoring.objective`).
    kpis
        Key figures for managers; see the README for each one.
    coverage
        One row per (interval, queue).
    """
    horizon = scenario.horizon
    hours_per_interval = horizon.interval_minutes / 60
    shrinkage = scenario.file.shrinkage
    shifts = roster.shifts
    total_on = on_shift(scenario, shifts)
    frames = []
    late_total = 0
    shortfall_total = 0
    contacts_total = 0.0
    kpis: dict[str, Any] = {"queues": {}}
    if not roster.allocation:
        roster = Roster(shifts, allocate(scenario, requirements, shifts, weights))
    required_total = np.zeros(horizon.intervals, dtype=np.int64)
    skilled = skilled_on_shift(scenario, shifts)
    for queue in scenario.queues:
        rows = requirements.frame[requirements.frame["queue"] == queue.name]
        required = rows["required"].to_numpy(dtype=np.int64)
        contacts = rows["contacts"].to_numpy(dtype=float)
        required_total += required
        staff = roster.allocation.get(queue.name, np.zeros(horizon.intervals, np.int64))
        curve = requirements.curves[queue.name]
        late = curve.late[np.arange(horizon.intervals), np.minimum(staff, curve.late.shape[1] - 1)]
        shortfall = np.maximum(required - staff, 0)
        late_total += int(late.sum())
        shortfall_total += int(shortfall.sum())
        contacts_total += float(contacts.sum())
        late_contacts = late / MILLI
        with np.errstate(invalid="ignore", divide="ignore"):
            level = np.where(contacts > 0, 1 - late_contacts / contacts, np.nan)
        frames.append(
            pd.DataFrame(
                {
                    "interval": np.arange(horizon.intervals),
                    "interval_start_utc": rows["interval_start_utc"].to_numpy(),
                    "queue": queue.name,
                    "contacts": contacts,
                    "required": required,
                    "scheduled": staff,
                    "productive": staff * (1 - shrinkage),
                    "shortfall": shortfall,
                    "expected_service_level": level,
                    "expected_late_contacts": late_contacts,
                    # Nobody online: contacts are due and no agent who can
                    # work the queue is on shift at all.
                    "nobody_on": (required > 0) & (skilled[queue.name] == 0),
                }
            )
        )
        queue_contacts = float(contacts.sum())
        kpis["queues"][queue.name] = {
            "contacts": round(queue_contacts, 1),
            "late_contacts": round(float(late.sum()) / MILLI, 2),
            "service_level": round(1 - float(late.sum()) / MILLI / queue_contacts, 4)
            if queue_contacts
            else None,
            "agent_hours_short": round(float(shortfall.sum()) * hours_per_interval, 2),
            "intervals_short": int((shortfall > 0).sum()),
        }
    coverage = pd.concat(frames, ignore_index=True) if frames else _no_coverage()
    # Without queues nobody serves interval demand, so nobody is over it
    # (the solver's coverage family counts only agents who serve a queue).
    overstaffed = np.maximum(total_on - required_total, 0) if scenario.queues else 0 * total_on
    demand = required_total > 0
    people = _people(scenario, shifts)
    counts = {
        "late_contacts": late_total,
        "shortfall": shortfall_total,
        "overstaffing": int(overstaffed.sum()),
        "fairness": _fairness(scenario, people),
        "stable_starts": int(people["extra_starts"].sum()) if len(people) else 0,
        "requests": _unmet_requests(scenario, shifts),
        "shift_cover": shift_cover_count(scenario, shifts),
    }
    coefs = coefficients(weights, horizon.interval_minutes)
    objective = coefs.total(counts)
    demanded = coverage[coverage["required"] > 0]
    kpis.update(
        {
            "objective": objective / POINTS,
            "shifts": len(shifts),
            "paid_hours": round(float(shifts["paid_hours"].sum()), 2) if len(shifts) else 0.0,
            "covered_share": round(float((demanded["shortfall"] == 0).mean()), 4)
            if len(demanded)
            else 1.0,
            "intervals_nobody_on": int((demand & (total_on == 0)).sum()),
            "agent_hours_short": round(shortfall_total * hours_per_interval, 2),
            "late_contacts": round(late_total / MILLI, 2),
            "service_level": round(1 - late_total / MILLI / contacts_total, 4)
            if contacts_total
            else None,
            "overstaffed_hours": round(float(overstaffed.sum()) * hours_per_interval, 2),
            "terms": counts,
            # What each term costs, in points: they add up to the objective.
            "objective_by_term": {
                term: cost / POINTS
                for term, cost in coefs.costs(counts).items()
                if term != "shift_cover" or scenario.shift_cover
            },
            "agents": people.drop(columns=["extra_starts"]).to_dict(orient="records"),
        }
    )
    if not scenario.queues:
        # Interval figures mean nothing without interval demand; say none.
        for key in (
            "covered_share",
            "intervals_nobody_on",
            "agent_hours_short",
            "late_contacts",
            "service_level",
            "overstaffed_hours",
        ):
            kpis.pop(key)
    if scenario.shift_cover:
        cover = shift_cover_frame(scenario, shifts)
        kpis["shift_cover"] = {
            "people_short": int(cover["short"].sum()),
            "people_extra": int(cover["extra"].sum()),
            "shifts_short": int((cover["short"] > 0).sum()),
        }
    return objective, kpis, coverage


def _no_coverage() -> pd.DataFrame:
    """The coverage frame of a scenario without queues: no rows."""
    columns = ["interval", "interval_start_utc", "queue", "contacts", "required", "scheduled"]
    columns += ["productive", "shortfall", "expected_service_level", "expected_late_contacts"]
    return pd.DataFrame({column: [] for column in columns})


def _people(scenario: Scenario, shifts: pd.DataFrame) -> pd.DataFrame:
    """Per-agent hours, nights, weekends and extra start times, from the shifts.

    ``weekend_shifts`` counts shifts that start on a local weekend day (what
    fairness spreads); ``weekends_worked`` counts whole weekends (one per
    Saturday-Sunday pair of the agent's calendar) with at least one shift.
    """
    rows = []
    horizon = scenario.horizon
    by_agent = dict(iter(shifts.groupby("agent_id")))
    for agent in scenario.agents:
        group = by_agent.get(agent.id)
        nights = weekend_shifts = extra = 0
        weekends_worked: set[int] = set()
        hours = 0.0
        if group is not None:
            weeks: dict[int, set[int]] = {}
            for local_date, start_local, paid in zip(
                group["local_date"], group["start_local"], group["paid_hours"], strict=True
            ):
                minute = (
                    (start_local.date() - local_date).days * 1440
                    + start_local.hour * 60
                    + start_local.minute
                )
                length = round(float(paid) * 60)
                nights += night_minutes(minute, length) >= NIGHT_MIN_MINUTES
                if start_local.date().weekday() in agent.weekend:
                    weekend_shifts += 1
                    # Both days of one weekend fall in the same Monday-based week.
                    weekends_worked.add((start_local.date().toordinal() - 1) // 7)
                hours += float(paid)
                week = (local_date - horizon.start).days // 7
                weeks.setdefault(week, set()).add(minute % 1440)
            extra = sum(len(starts) - 1 for starts in weeks.values())
        rows.append(
            {
                "agent_id": agent.id,
                "contract": agent.contract,
                "hours": round(hours, 2),
                "nights": nights,
                "weekends_worked": len(weekends_worked),
                "weekend_shifts": weekend_shifts,
                "extra_starts": extra,
            }
        )
    return pd.DataFrame(rows)


def _unmet_requests(scenario: Scenario, shifts: pd.DataFrame) -> int:
    """Weight (in thousandths) of the shift-on and shift-off requests not met."""
    if not scenario.requests:
        return 0
    worked: dict[tuple[str, date], list[str | None]] = {}
    for agent_id, local_date, kind in shift_kinds(scenario, shifts):
        worked.setdefault((agent_id, local_date), []).append(kind)
    unmet = 0
    for request in scenario.requests:
        kinds = worked.get((request.agent_id, request.day), [])
        if request.shift_type is not None:
            kinds = [kind for kind in kinds if kind == request.shift_type]
        if (request.kind == "on") != bool(kinds):
            unmet += round(request.weight * 1000)
    return unmet


def _fairness(scenario: Scenario, people: pd.DataFrame) -> int:
    """Sum over contracts of the busiest agent's nights and weekends."""
    if not len(people):
        return 0
    peaks = people.groupby("contract")[["nights", "weekend_shifts"]].max()
    return int(peaks.to_numpy().sum())


def gap_share(objective: float, bound: float) -> float:
    """Relative gap between a score and its proven bound (0 when both are 0)."""
    if math.isclose(objective, 0.0, abs_tol=1e-12):
        return 0.0
    return max(0.0, (objective - bound) / abs(objective))
