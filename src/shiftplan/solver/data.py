"""Everything the CP-SAT model reads, gathered once: scenario, demand, candidates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from shiftplan.scenario.models import Agent, Contract, Scenario, Weights
from shiftplan.scoring import Coefficients, coefficients, queue_cost_tables
from shiftplan.shifts import CandidateShifts, build_candidates
from shiftplan.staffing.requirements import Requirements, compute_requirements


@dataclass(frozen=True)
class ModelData:
    """The inputs of one model build.

    ``families`` names the constraint families to build; all by default. The
    infeasibility explainer builds one agent's model with one family left
    out at a time to find which rules clash.
    """

    scenario: Scenario
    requirements: Requirements
    candidates: CandidateShifts
    weights: Weights
    families: frozenset[str] | None = None
    fixed_shifts: frozenset[int] | None = None

    @classmethod
    def from_scenario(
        cls,
        scenario: Scenario,
        requirements: Requirements | None = None,
        candidates: CandidateShifts | None = None,
        weights: Weights | None = None,
    ) -> ModelData:
        """The model data of a scenario, computing what is not given.

        Parameters
        ----------
        scenario
            The validated scenario.
        requirements
            Its staffing requirements (computed when None).
        candidates
            Its candidate shifts (built when None).
        weights
            Objective weights; the scenario's when None.
        """
        return cls(
            scenario,
            compute_requirements(scenario) if requirements is None else requirements,
            build_candidates(scenario) if candidates is None else candidates,
            scenario.file.weights if weights is None else weights,
        )

    def active_intervals(self, queue: str) -> frozenset[int]:
        """Intervals where agents assigned to ``queue`` can change the objective.

        A queue matters where it has late contacts to avoid or a requirement.
        """
        return self._active[queue]

    @cached_property
    def _active(self) -> dict[str, frozenset[int]]:
        return {queue.name: self._find_active(queue.name) for queue in self.scenario.queues}

    def _find_active(self, queue: str) -> frozenset[int]:
        requirements = self.requirements
        required = requirements.required(queue) > 0
        active = (requirements.curves[queue].late[:, 0] > 0) | required
        return frozenset(np.flatnonzero(active).tolist())

    def builds(self, family: str) -> bool:
        """Whether the named constraint family is part of this build."""
        return self.families is None or family in self.families

    @cached_property
    def coefficients(self) -> Coefficients:
        """Integer objective coefficients."""
        return coefficients(self.weights, self.scenario.horizon.interval_minutes)

    @property
    def agents(self) -> tuple[Agent, ...]:
        """The team, in scenario order (agent index = position)."""
        return self.scenario.agents

    def contract(self, agent: int) -> Contract:
        """The contract of agent ``agent``."""
        return self.scenario.contracts[self.agents[agent].contract]

    @property
    def days(self) -> int:
        """Number of local days in the cycle."""
        return self.scenario.horizon.days

    @property
    def intervals(self) -> int:
        """Number of intervals on the UTC grid."""
        return self.scenario.horizon.intervals

    @cached_property
    def shifts_by_agent_day(self) -> dict[tuple[int, int], NDArray[np.int64]]:
        """Candidate indices per (agent, local day)."""
        order = np.lexsort((self.candidates.start, self.candidates.day, self.candidates.agent))
        groups: dict[tuple[int, int], list[int]] = {}
        for index in order.tolist():
            key = (int(self.candidates.agent[index]), int(self.candidates.day[index]))
            groups.setdefault(key, []).append(index)
        return {key: np.asarray(value, dtype=np.int64) for key, value in groups.items()}

    def off_days(self, agent: int) -> dict[int, str]:
        """Local day indices the agent has leave or a public holiday, with why."""
        start = self.scenario.horizon.start
        off = self.scenario.days_off(self.agents[agent])
        return {
            (day - start).days: reason
            for day, reason in off.items()
            if 0 <= (day - start).days < self.days
        }

    def credited_days(self, agent: int, first: int, stop: int) -> int:
        """Days of leave or holiday in days ``first..stop-1`` that count as worked.

        Only days off that fall on the agent's working days count (a public
        holiday on a Sunday gives no credit), and never more than the
        contract's days per week. A contract that cannot be met without
        weekend work (more days a week than weekdays) has no such days: all
        its days are working days.
        """
        if not self.contract(agent).credit_time_off:
            return 0
        weekend = self.agents[agent].weekend
        if self.contract(agent).days_per_week.min > 7 - len(weekend):
            weekend = ()
        start = self.scenario.horizon.start
        days = sum(
            1
            for day in self.off_days(agent)
            if first <= day < stop and (start + timedelta(days=day)).weekday() not in weekend
        )
        return min(days, self.contract(agent).days_per_week.max)

    @cached_property
    def skill_classes(self) -> list[tuple[frozenset[str], tuple[int, ...]]]:
        """Agents grouped by the set of queues they can serve.

        Coverage is counted per class, not per agent, which keeps the model
        small: the number of agents of a class on shift in an interval is
        all the allocation among queues needs to know.
        """
        queue_of_skill: dict[str, set[str]] = {}
        for queue in self.scenario.queues:
            queue_of_skill.setdefault(queue.skill, set()).add(queue.name)
        classes: dict[frozenset[str], list[int]] = {}
        for index, agent in enumerate(self.agents):
            served = frozenset(
                name for skill in agent.skills for name in queue_of_skill.get(skill, set())
            )
            if served:
                classes.setdefault(served, []).append(index)
        return [
            (served, tuple(members))
            for served, members in sorted(classes.items(), key=lambda item: sorted(item[0]))
        ]

    @cached_property
    def class_of_agent(self) -> NDArray[np.int64]:
        """Index of each agent's skill class (-1 for an agent who serves no queue)."""
        classes = np.full(len(self.agents), -1, dtype=np.int64)
        for index, (_, members) in enumerate(self.skill_classes):
            classes[list(members)] = index
        return classes

    def on_by_class(self, shifts: frozenset[int] | list[int]) -> NDArray[np.int64]:
        """Agents of each skill class on shift for the whole of each interval."""
        candidates = self.candidates
        on = np.zeros((len(self.skill_classes), self.intervals), dtype=np.int64)
        for shift in shifts:
            kind = self.class_of_agent[candidates.agent[shift]]
            if kind >= 0:
                on[kind, candidates.first[shift] : candidates.stop[shift]] += 1
        return on

    @cached_property
    def required_total(self) -> NDArray[np.int64]:
        """Agents required per interval, all queues together (overstaffing is above it)."""
        queues = [queue.name for queue in self.scenario.queues]
        required = np.zeros(self.intervals, dtype=np.int64)
        for queue in queues:
            required += self.requirements.required(queue)
        return required

    @cached_property
    def queue_costs(self) -> dict[str, NDArray[np.int64]]:
        """Integer cost table per queue, ``cost[t, n]`` for ``n`` agents on it."""
        return queue_cost_tables(self.scenario, self.requirements, self.weights)

    def previous_run(self, agent: int) -> int:
        """Consecutive local days the agent worked right before the cycle."""
        agent_id = self.agents[agent].id
        worked = {
            shift.local_date
            for shift in self.scenario.previous_shifts
            if shift.agent_id == agent_id
        }
        run = 0
        day = self.scenario.horizon.start - timedelta(days=1)
        while day in worked:
            run += 1
            day -= timedelta(days=1)
        return run

    def previous_end(self, agent: int) -> int | None:
        """End of the agent's last shift before the cycle, in grid minutes."""
        agent_id = self.agents[agent].id
        origin = self.scenario.horizon.start_utc
        ends = [
            int((shift.end_utc - origin).total_seconds() // 60)
            for shift in self.scenario.previous_shifts
            if shift.agent_id == agent_id
        ]
        return max(ends) if ends else None
