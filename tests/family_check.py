"""Check one constraint family on a fixed roster of a tiny model.

In the style of cpsat-primer's ``examples/tdd``: each family is built alone
on the tiny scenario, the shift variables are fixed to a roster, and CP-SAT
says whether the family admits it and what it costs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from shiftplan.scoring import POINTS
from shiftplan.solver import ModelData
from shiftplan.solver.constraints import HARD_FAMILIES, SOFT_FAMILIES
from shiftplan.solver.heuristic import rule_keeping_roster
from shiftplan.solver.variables import Variables


@dataclass(frozen=True)
class Check:
    """What one family says about one roster."""

    feasible: bool
    cost: float
    """The family's objective terms in late-contact equivalents (0 for a hard rule)."""


@dataclass(frozen=True)
class TinyModel:
    """The model data of a tiny scenario, with helpers to write rosters by hand."""

    data: ModelData

    def shifts(self, agent: int, day: int) -> list[int]:
        """The agent's candidate shifts on a local day, earliest start first."""
        found = self.data.shifts_by_agent_day.get((agent, day), ())
        return sorted((int(s) for s in found), key=lambda s: int(self.data.candidates.start[s]))

    def first_roster(self) -> frozenset[int]:
        """A roster that keeps every hard rule (each agent's own first feasible week)."""
        roster, failed = rule_keeping_roster(self.data)
        assert not failed
        return roster

    def with_week(self, roster: Iterable[int], agent: int, week: Iterable[int]) -> frozenset[int]:
        """``roster`` with the agent's shifts replaced by ``week``."""
        others = {s for s in roster if int(self.data.candidates.agent[s]) != agent}
        return frozenset(others | set(week))

    def check(self, family: str, roster: Iterable[int]) -> Check:
        """Build ``family`` alone with every shift fixed to ``roster``, and solve."""
        data = replace(self.data, families=frozenset({family}), fixed_shifts=frozenset(roster))
        model = cp_model.CpModel()
        variables = Variables.create(model, data)
        terms = {**HARD_FAMILIES, **SOFT_FAMILIES}[family](model, data, variables)
        # Without the one-shift-per-day family, working days still need their definition.
        variables.define_remaining_works()
        coefficients = data.coefficients
        model.minimize(sum(getattr(coefficients, term) * expr for term, expr in terms))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = 10.0
        status = solver.solve(model)
        assert status in (cp_model.OPTIMAL, cp_model.INFEASIBLE), solver.status_name(status)
        if status == cp_model.INFEASIBLE:
            return Check(False, float("inf"))
        return Check(True, solver.objective_value / POINTS)
