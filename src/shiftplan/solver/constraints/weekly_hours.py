"""Paid hours and working days per 7-day block, and over the whole cycle."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from shiftplan.solver.data import ModelData
from shiftplan.solver.variables import LinearExpr, Variables


def week_blocks(days: int) -> list[tuple[int, int]]:
    """Consecutive 7-day blocks ``[first, stop)`` from the horizon start."""
    return [(first, min(first + 7, days)) for first in range(0, days, 7)]


def add_weekly_hours(
    model: cp_model.CpModel, data: ModelData, variables: Variables
) -> list[tuple[str, LinearExpr]]:
    """Hours and days per week within the contract, leave counted as worked.

    Weeks are 7-day blocks of each agent's local calendar from the horizon
    start. A day of leave or public holiday on a working day counts as one
    contracted day of hours_per_week.max / days_per_week.max, so a week with
    leave stays feasible. A final partial block gets limits scaled to its
    length. ``total_hours`` bounds the whole cycle when the contract has it.
    """
    lengths = data.candidates.length
    for agent in range(len(data.agents)):
        shifts_of_day = {
            day: data.shifts_by_agent_day.get((agent, day), ()) for day in range(data.days)
        }
        for week in week_limits(data, agent):
            shifts = [int(s) for day in range(week.first, week.stop) for s in shifts_of_day[day]]
            minutes = _minutes(variables, shifts, lengths)
            model.add(minutes >= week.low_minutes) if week.low_minutes > 0 else None
            model.add(minutes <= week.high_minutes)
            days = sum(variables.works(agent, day) for day in range(week.first, week.stop))
            model.add(days >= week.low_days) if week.low_days > 0 else None
            model.add(days <= week.high_days)
        cycle = cycle_limits(data, agent)
        if cycle is not None:
            shifts = [int(s) for day_shifts in shifts_of_day.values() for s in day_shifts]
            total = _minutes(variables, shifts, lengths)
            model.add(total >= cycle[0])
            model.add(total <= cycle[1])
    return []


@dataclass(frozen=True)
class WeekLimits:
    """What one 7-day block allows: minutes and days worked, leave credit taken off."""

    first: int
    stop: int
    low_minutes: int
    high_minutes: int
    low_days: int
    high_days: int


def week_limits(data: ModelData, agent: int) -> list[WeekLimits]:
    """The agent's limits per 7-day block, as the model states them.

    A day of leave or public holiday on a working day counts as one
    contracted day of hours_per_week.max / days_per_week.max; a final partial
    block gets limits scaled to its length. Upper limits are never below 0
    (a week of leave allows no work, it is not infeasible).
    """
    contract = data.contract(agent)
    credit = contract.credit_minutes_per_day_off
    limits = []
    for first, stop in week_blocks(data.days):
        share = (stop - first) / 7
        credited = data.credited_days(agent, first, stop)
        low = math.floor(contract.hours_per_week.min * 60 * share) - credited * credit
        high = math.ceil(contract.hours_per_week.max * 60 * share) - credited * credit
        low_days = math.floor(contract.days_per_week.min * share) - credited
        high_days = math.ceil(contract.days_per_week.max * share) - credited
        limits.append(WeekLimits(first, stop, low, max(high, 0), low_days, max(high_days, 0)))
    return limits


def cycle_limits(data: ModelData, agent: int) -> tuple[int, int] | None:
    """Minutes the agent works over the whole cycle, at least and at most, if the contract says."""
    contract = data.contract(agent)
    if contract.total_hours is None:
        return None
    credit = contract.credit_minutes_per_day_off
    credited = sum(data.credited_days(agent, first, stop) for first, stop in week_blocks(data.days))
    return (
        round(contract.total_hours.min * 60) - credited * credit,
        round(contract.total_hours.max * 60) - credited * credit,
    )


def _minutes(variables: Variables, shifts: list[int], lengths: NDArray[np.int64]) -> LinearExpr:
    """Minutes worked in ``shifts``, as one weighted sum built in C++.

    The same expression as Python's ``sum`` of length times shift, which
    took a fifth of an agent's model on a 364-day horizon.
    """
    return cp_model.LinearExpr.weighted_sum(
        [variables.x(s) for s in shifts], lengths[shifts].tolist()
    )
