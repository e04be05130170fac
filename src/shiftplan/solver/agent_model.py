"""One agent's hard rules as a small CP-SAT model, built once and re-solved.

Every hard rule concerns one agent alone, so the heuristic, the column
generation bound and the infeasibility explanation all work agent by agent
on this model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from shiftplan.solver.constraints import HARD_FAMILIES, add_hard
from shiftplan.solver.data import ModelData
from shiftplan.solver.runtime import run, small_solver
from shiftplan.solver.variables import Variables


@dataclass
class AgentModel:
    """One agent's hard rules as a small model.

    Attributes
    ----------
    indices
        The agent's candidate shifts, as indices into the team's candidates;
        position ``i`` of the small model is candidate ``indices[i]``.
    model
        The CP-SAT model of the agent's hard rules (no objective yet).
    variables
        Its variables container.
    """

    indices: NDArray[np.int64]
    model: cp_model.CpModel
    variables: Variables


def build_agent_model(data: ModelData, agent: int) -> AgentModel:
    """The hard-rule model of ``agent`` (an index into ``data.agents``)."""
    indices = data.candidates.of_agent(agent)
    single = replace(
        data,
        scenario=data.scenario.with_agents((data.agents[agent],)),
        candidates=data.candidates.subset(indices, agent=0),
        families=frozenset(HARD_FAMILIES),
        fixed_shifts=None,
    )
    model = cp_model.CpModel()
    variables = Variables.create(model, single)
    add_hard(model, single, variables)
    return AgentModel(indices, model, variables)


def keeps_own_rules(agent_model: AgentModel, shifts: Iterable[int]) -> bool:
    """Whether the agent working exactly ``shifts`` (team candidate indices) keeps its hard rules.

    Solved on a copy with every shift fixed, so nothing is left to search
    and the agent's model stays as it was (pricing sets its objective).
    Shifts that are not the agent's candidates break the rules too.
    """
    chosen = {int(shift) for shift in shifts}
    own = agent_model.indices.tolist()
    if not chosen <= set(own):
        return False
    model = agent_model.model.clone()
    model.clear_objective()
    proto = model.proto
    for position, candidate in enumerate(own):
        domain = proto.variables[agent_model.variables.shift[position].index].domain
        domain[0] = domain[1] = int(candidate in chosen)
    status = run(small_solver(), model)
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
