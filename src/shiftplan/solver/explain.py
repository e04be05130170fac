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
        named = [_name_total_hours(single, agent.contract, name, time_limit) for name in culprits]
        rules = " and ".join(named) or "several rules together"
        if own.locked.any():
            rules += " (with the days locked by --lock)"
        reasons.append(
            f"agent {agent.id} ({agent.name}, {agent.timezone}, contract '{agent.contract}', "
            f"{off} day{'s' if off != 1 else ''} off): {rules} cannot all hold; "
            "relax one of them for this agent "
            f"(agents file row {agent.row})"
        )
    return reasons


def _name_total_hours(single: ModelData, contract_name: str, family: str, limit: float) -> str:
    """The family's name, and the contract's total_hours when that is what clashes.

    total_hours is built with the weekly hours; a manager looking for it
    under 'weekly hours and days' would not find it.
    """
    contract = single.scenario.file.contracts[contract_name]
    if family != "weekly hours and days" or contract.total_hours is None:
        return f"'{family}'"
    contracts = dict(single.scenario.file.contracts)
    contracts[contract_name] = contract.model_copy(update={"total_hours": None})
    file = single.scenario.file.model_copy(update={"contracts": contracts})
    relaxed = replace(single, scenario=single.scenario.model_copy(update={"file": file}))
    if feasible(relaxed, limit) is not True:
        return f"'{family}'"
    total = contract.total_hours
    return f"'{family}' (total_hours {total.min:g}-{total.max:g} h over the cycle)"
