"""Fairness: nights and weekends spread evenly among agents on the same contract."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from shiftplan.shifts import CandidateShifts
from shiftplan.solver.data import ModelData
from shiftplan.solver.variables import LinearExpr, Variables


def unsocial(candidates: CandidateShifts) -> tuple[tuple[str, NDArray[np.bool_]], ...]:
    """The kinds of shift fairness spreads, each with its flag per candidate."""
    return (("nights", candidates.night), ("weekends", candidates.weekend))


def add_fairness(
    model: cp_model.CpModel, data: ModelData, variables: Variables
) -> list[tuple[str, LinearExpr]]:
    """Pay for the most night shifts and the most weekend shifts anyone works.

    Agents are compared within their contract (a night contract is all
    nights by design), and minimising the busiest agent's count spreads the
    unsocial shifts across the team instead of leaving them to whoever the
    solver found first.
    """
    if not data.coefficients.active("fairness"):
        return []
    candidates = data.candidates
    terms: list[tuple[str, LinearExpr]] = []
    by_contract: dict[str, list[int]] = {}
    for index, agent in enumerate(data.agents):
        by_contract.setdefault(agent.contract, []).append(index)
    for contract, members in by_contract.items():
        for kind, flags in unsocial(candidates):
            counts = [
                [int(s) for s in data.candidates.of_agent(agent) if flags[s]] for agent in members
            ]
            if not any(counts):
                continue
            peak = model.new_int_var(0, data.days, f"peak_{kind}_{contract}")
            for shifts in counts:
                if shifts:
                    model.add(peak >= sum(variables.x(s) for s in shifts))
            terms.append(("fairness", peak))
    return terms
