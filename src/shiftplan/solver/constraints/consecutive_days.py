"""Runs of working days and of days off: maximum and minimum lengths."""

from __future__ import annotations

from ortools.sat.python import cp_model

from shiftplan.solver.data import ModelData
from shiftplan.solver.variables import LinearExpr, Variables


def add_consecutive_days(
    model: cp_model.CpModel, data: ModelData, variables: Variables
) -> list[tuple[str, LinearExpr]]:
    """Maximum consecutive working days, minimum runs of work and of rest.

    * No run of working days longer than ``max_consecutive_days``, counting
      the days worked just before the cycle (``previous_roster``).
    * Every run of working days inside the cycle lasts at least
      ``min_consecutive_days``, and every run of days off at least
      ``min_consecutive_days_off``. Runs that touch either end of the cycle
      are exempt, because their other part lies in another cycle.
    """
    for agent in range(len(data.agents)):
        contract = data.contract(agent)
        works = [variables.works(agent, day) for day in range(data.days)]
        limit = contract.max_consecutive_days
        before = data.previous_run(agent)
        for first in range(-before, data.days - limit):
            window = range(max(first, 0), first + limit + 1)
            carried = max(0, -first)
            model.add(sum(works[day] for day in window) <= max(limit - carried, 0))
        _min_runs(model, data, variables, agent, contract.min_consecutive_days, working=True)
        _min_runs(model, data, variables, agent, contract.min_consecutive_days_off, working=False)
    return []


def _min_runs(
    model: cp_model.CpModel,
    data: ModelData,
    variables: Variables,
    agent: int,
    shortest: int,
    *,
    working: bool,
) -> None:
    """Forbid every run shorter than ``shortest`` with both ends inside the cycle."""
    if shortest <= 1:
        return
    literals = []
    for day in range(data.days):
        if variables.can_work(agent, day):
            var = variables.works(agent, day)
            assert isinstance(var, cp_model.IntVar)
            literals.append(var if working else var.Not())
        else:
            # A day with no candidate is a day off for certain.
            literals.append(model.new_constant(0 if working else 1))
    for length in range(1, shortest):
        for first in range(1, data.days - length):
            stop = first + length
            # Not (day before is outside the run, days first..stop-1 in it, day stop outside).
            model.add_bool_or(
                [
                    literals[first - 1],
                    *(literals[d].Not() for d in range(first, stop)),
                    literals[stop],
                ]
            )
