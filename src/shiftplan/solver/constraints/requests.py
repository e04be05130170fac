"""Shift-on and shift-off requests: wishes honoured unless they cost more."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from shiftplan.solver.data import ModelData
from shiftplan.solver.variables import LinearExpr, Variables


@dataclass(frozen=True)
class PricedRequest:
    """A request as the model prices it.

    Attributes
    ----------
    agent
        The agent's index in the team.
    shifts
        The candidates that meet an *on* request (or break an *off* one).
    on
        Whether the agent asked to work.
    weight
        The request's weight in thousandths, so fractional weights stay exact.
    """

    agent: int
    shifts: list[int]
    on: bool
    weight: int


def priced_requests(data: ModelData) -> list[PricedRequest]:
    """Every request of an agent in ``data`` on a day of the cycle, in file order.

    The constraint family and the heuristic's per-shift values both read
    requests from here, so they price them the same way.
    """
    candidates = data.candidates
    index_of = {agent.id: i for i, agent in enumerate(data.agents)}
    priced: list[PricedRequest] = []
    for request in data.scenario.requests:
        agent = index_of.get(request.agent_id)
        day = (request.day - data.scenario.horizon.start).days
        if agent is None or not 0 <= day < data.days:
            continue
        names = [shift.name for shift in data.contract(agent).shift_types]
        kind = names.index(request.shift_type) if request.shift_type in names else None
        shifts = [
            int(s)
            for s in data.shifts_by_agent_day.get((agent, day), ())
            if kind is None or candidates.kind[s] == kind
        ]
        priced.append(
            PricedRequest(agent, shifts, request.kind == "on", round(request.weight * 1000))
        )
    return priced


def request_values(data: ModelData) -> NDArray[np.int64]:
    """What working each candidate is worth through shift-on and shift-off requests (micro-points).

    The requests term is linear in the shifts: this, less a constant (the
    weights of every *on* request), is its value for any roster.
    """
    values = np.zeros(len(data.candidates), dtype=np.int64)
    coefficient = data.coefficients.requests
    if not coefficient or not data.scenario.requests:
        return values
    for request in priced_requests(data):
        worth = coefficient * request.weight
        for shift in request.shifts:
            values[shift] += worth if request.on else -worth
    return values


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
    terms: list[tuple[str, LinearExpr]] = []
    for request in priced_requests(data):
        worked = sum(variables.x(s) for s in request.shifts)
        weight = request.weight
        terms.append(("requests", weight * (1 - worked) if request.on else weight * worked))
    return terms
