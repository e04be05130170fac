"""Column generation run by hand, for tests that need a master in a known state.

:func:`~shiftplan.solver.bound.lagrangian_bound` decides for itself when
to stop and what to do with the master after; tests of the dives and of the
search that backtracks start from a master priced a given number of rounds.
"""

from __future__ import annotations

from typing import Any

from shiftplan.solver import ModelData
from shiftplan.solver.bound import agent_types, price_all, pricing_solver
from shiftplan.solver.heuristic import rule_keeping_roster
from shiftplan.solver.master import RestrictedMaster


def master_after(data: ModelData, models: dict[int, Any], rounds: int | None) -> RestrictedMaster:
    """A master from the first roster and ``rounds`` pricing rounds (None: to its end)."""
    start, failed = rule_keeping_roster(data, models)
    assert not failed
    master = RestrictedMaster(data, agent_types(data, models))
    by_agent: list[list[int]] = [[] for _ in data.agents]
    for shift in start:
        by_agent[int(data.candidates.agent[shift])].append(int(shift))
    for agent, shifts in enumerate(by_agent):
        master.add_column(master.group_of(agent), master.to_representative(agent, shifts))
    solvers = (pricing_solver(),)
    done = 0
    while rounds is None or done < rounds:
        solved = master.solve(30.0)
        assert solved is not None
        duals = solved[1]
        priced = price_all(data, master, duals, duals, models, solvers, float("inf"), None)
        assert priced is not None
        for group, shifts in priced[1]:
            master.add_column(group, shifts)
        done += 1
        if not priced[1]:
            break
    return master
