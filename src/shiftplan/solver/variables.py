"""The decision variables, behind typed accessors.

Constraint code asks ``variables.works(agent, day)`` or
``variables.staff(queue, interval)`` and never indexes raw dicts, so a
reader sees the domain, not the bookkeeping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from ortools.sat.python import cp_model

from shiftplan.solver.data import ModelData

LinearExpr = cp_model.LinearExprT


@dataclass
class Variables:
    """All variables of one model, created on demand where that saves size."""

    model: cp_model.CpModel
    data: ModelData
    shift: list[cp_model.IntVar] = field(default_factory=list)
    _works: dict[tuple[int, int], LinearExpr] = field(default_factory=dict)
    _works_undefined: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    _staff: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    _coverage: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)

    @classmethod
    def create(cls, model: cp_model.CpModel, data: ModelData) -> Variables:
        """One Boolean per candidate shift and per agent's working day.

        The container creates every variable but adds no rule. A working-day
        Boolean ``works(agent, day)`` is defined either by the one-shift-per-day
        family (as the sum of the day's shifts, which is also that rule) or, when
        that family is left out, by :meth:`define_remaining_works`.
        """
        variables = cls(model=model, data=data)
        variables.shift = [model.new_bool_var(f"x{index}") for index in range(len(data.candidates))]
        for (agent, day), shifts in data.shifts_by_agent_day.items():
            if len(shifts) == 1:
                # A day with one candidate works exactly when that shift does.
                variables._works[agent, day] = variables.shift[int(shifts[0])]
            else:
                works = model.new_bool_var(f"works_a{agent}_d{day}")
                variables._works[agent, day] = works
                variables._works_undefined[agent, day] = works
        if data.fixed_shifts is not None:
            for index, var in enumerate(variables.shift):
                model.add(var == int(index in data.fixed_shifts))
        return variables

    def x(self, shift: int) -> cp_model.IntVar:
        """Whether candidate shift ``shift`` is worked."""
        return self.shift[shift]

    def works(self, agent: int, day: int) -> LinearExpr:
        """Whether the agent works on local day ``day`` (0 when no candidate)."""
        return self._works.get((agent, day), 0)

    def mark_works_defined(self, agent: int, day: int) -> None:
        """Record that a constraint family has defined ``works(agent, day)``."""
        self._works_undefined.pop((agent, day), None)

    def define_remaining_works(self) -> None:
        """Define each working-day Boolean no family has: any of the day's shifts is worked.

        Only a model without the one-shift-per-day family (the infeasibility
        explanation leaves families out one at a time) needs this; there
        ``works`` must still mean "works that day" for the day-counting rules.
        """
        for (agent, day), works in self._works_undefined.items():
            self.model.add_max_equality(works, self.shifts_of(agent, day))
        self._works_undefined.clear()

    def can_work(self, agent: int, day: int) -> bool:
        """Whether the agent has any candidate on local day ``day``."""
        return (agent, day) in self._works

    def shifts_of(self, agent: int, day: int) -> list[cp_model.IntVar]:
        """The agent's shift variables on local day ``day`` (empty when no candidate)."""
        return [self.shift[int(s)] for s in self.data.shifts_by_agent_day.get((agent, day), ())]

    def coverage(self, skill_class: int, interval: int) -> cp_model.IntVar:
        """Agents of a skill class on shift for the whole of ``interval``.

        Created on first use, with the constraint that defines it: the sum of
        the class's shifts that cover the interval. (A running count
        ``on[t] = on[t-1] + starting[t] - ending[t]`` is smaller, but its long
        chains starve CP-SAT's LP relaxation; we measured first solutions
        several times slower with it.)
        """
        key = (skill_class, interval)
        if key not in self._coverage:
            members = self.data.skill_classes[skill_class][1]
            on = self.model.new_int_var(0, len(members), f"on_c{skill_class}_t{interval}")
            covering = self._covering[skill_class][interval]
            self.model.add(on == sum(self.x(s) for s in covering))
            self._coverage[key] = on
        return self._coverage[key]

    @cached_property
    def _covering(self) -> list[list[list[int]]]:
        """Per skill class and interval, the candidate shifts that cover it entirely."""
        data = self.data
        candidates = data.candidates
        covering: list[list[list[int]]] = [
            [[] for _ in range(data.intervals)] for _ in data.skill_classes
        ]
        shift_class = data.class_of_agent[candidates.agent]
        usable = (candidates.first < candidates.stop) & (shift_class >= 0)
        for s in np.flatnonzero(usable).tolist():
            for t in range(int(candidates.first[s]), int(candidates.stop[s])):
                covering[shift_class[s]][t].append(s)
        return covering

    def staff(self, queue: str, interval: int) -> cp_model.IntVar:
        """Agents on shift assigned to ``queue`` in ``interval``."""
        key = (queue, interval)
        if key not in self._staff:
            most = sum(
                len(members) for served, members in self.data.skill_classes if queue in served
            )
            self._staff[key] = self.model.new_int_var(0, most, f"staff_{queue}_{interval}")
        return self._staff[key]

    def extract_shifts(self, solver: cp_model.CpSolver) -> list[int]:
        """Indices of the candidate shifts worked in the solver's solution."""
        return [index for index, var in enumerate(self.shift) if solver.boolean_value(var)]

    def staff_items(self) -> list[tuple[tuple[str, int], cp_model.IntVar]]:
        """Every (queue, interval) staff variable created so far."""
        return list(self._staff.items())
