"""Explain why the hard rules cannot hold: which agent, which rules."""

from __future__ import annotations

from dataclasses import replace

from shiftplan.solver.constraints import HARD_FAMILIES
from shiftplan.solver.cpmodel import feasible
from shiftplan.solver.data import ModelData


def explain_infeasible(data: ModelData, time_limit: float = 5.0) -> list[str]:
    """One sentence per agent whose own rules clash, naming the rules.

    Every hard rule concerns one agent alone (coverage is soft), so the
    whole roster is impossible exactly when some agent's own rules are. For
    each such agent we leave out one family at a time to find the ones whose
    removal makes the agent's week possible again.
    """
    reasons: list[str] = []
    for index, agent in enumerate(data.agents):
        scenario = data.scenario.with_agents((agent,))
        # The agent's own candidates, not rebuilt ones: locks live in them.
        own = data.candidates.subset(data.candidates.of_agent(index), agent=0)
        single = replace(
            data,
            scenario=scenario,
            candidates=own,
            families=frozenset(HARD_FAMILIES),
        )
        if feasible(single, time_limit) is not False:
            continue
        culprits = [
            name
            for name in HARD_FAMILIES
            if feasible(replace(single, families=frozenset(HARD_FAMILIES) - {name}), time_limit)
            is True
        ]
        off = len(data.scenario.days_off(agent))
        rules = " and ".join(f"'{name}'" for name in culprits) or "several rules together"
        if own.locked.any():
            rules += " (with the days locked by --lock)"
        reasons.append(
            f"agent {agent.id} ({agent.name}, {agent.timezone}, contract '{agent.contract}', "
            f"{off} days off): {rules} cannot all hold; relax one of them for this agent "
            f"(agents file row {agent.row})"
        )
    return reasons
