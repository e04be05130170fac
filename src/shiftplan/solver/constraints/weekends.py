"""Whole local weekends off."""

from __future__ import annotations

from datetime import timedelta

from ortools.sat.python import cp_model

from shiftplan.solver.data import ModelData
from shiftplan.solver.variables import LinearExpr, Variables


def weekends_of(data: ModelData, agent: int) -> list[list[int]]:
    """The agent's whole weekends inside the cycle, as lists of local day indices.

    A weekend is the agent's run of weekend weekdays (Saturday and Sunday
    unless the agents file says otherwise) within one calendar week; only
    weekends whose every day lies in the cycle count.
    """
    weekend = set(data.agents[agent].weekend)
    start = data.scenario.horizon.start
    found: dict[int, list[int]] = {}
    for day in range(data.days):
        date = start + timedelta(days=day)
        if date.weekday() in weekend:
            week = (date - timedelta(days=date.weekday())).toordinal()
            found.setdefault(week, []).append(day)
    return [days for days in found.values() if len(days) == len(weekend)]


def add_weekends(
    model: cp_model.CpModel, data: ModelData, variables: Variables
) -> list[tuple[str, LinearExpr]]:
    """At least ``min_weekends_off`` whole weekends with no shift starting on them."""
    for agent in range(len(data.agents)):
        needed = data.contract(agent).min_weekends_off
        if needed == 0:
            continue
        offs = []
        for days in weekends_of(data, agent):
            off = model.new_bool_var(f"weekend_off_a{agent}_d{days[0]}")
            for day in days:
                model.add(variables.works(agent, day) == 0).only_enforce_if(off)
            offs.append(off)
        model.add(sum(offs) >= needed)
    return []
