"""Shift-on and shift-off requests: wishes honoured unless they cost more."""

from __future__ import annotations

from ortools.sat.python import cp_model

from shiftplan.solver.data import ModelData
from shiftplan.solver.variables import LinearExpr, Variables


def add_requests(
    model: cp_model.CpModel, data: ModelData, variables: Variables
) -> list[tuple[str, LinearExpr]]:
    """Pay a request's weight when it is not met.

    An *on* request is met when the agent works that local day (that shift
    type, when the request names one); an *off* request when they do not.
    Weights are counted in thousandths so that fractional weights stay exact.
    """
    if not data.coefficients.active("requests"):
        return []
    candidates = data.candidates
    index_of = {agent.id: i for i, agent in enumerate(data.agents)}
    terms: list[tuple[str, LinearExpr]] = []
    for request in data.scenario.requests:
        agent = index_of.get(request.agent_id)
        day = (request.day - data.scenario.horizon.start).days
        if agent is None or not 0 <= day < data.days:
            continue
        contract = data.contract(agent)
        names = [shift.name for shift in contract.shift_types]
        kind = names.index(request.shift_type) if request.shift_type in names else None
        shifts = [
            int(s)
            for s in data.shifts_by_agent_day.get((agent, day), ())
            if kind is None or candidates.kind[s] == kind
        ]
        worked = sum(variables.x(s) for s in shifts)
        weight = round(request.weight * 1000)
        terms.append(
            ("requests", weight * (1 - worked) if request.kind == "on" else weight * worked)
        )
    return terms
