"""A roster of candidate shifts as the Curtois benchmark's own solution rows.

The benchmark scores and checks a solution as ``(employee, day, shift)``
rows with the instance's staff and shift ids (:func:`~shiftplan.bench.curtois.penalty`,
:func:`~shiftplan.bench.curtois.check_solution`); the solver's searches
return candidate indices. Tests that hold a search's roster against the
benchmark's definitions turn one into the other here.
"""

from __future__ import annotations

from collections.abc import Iterable

from shiftplan.bench.curtois import CurtoisInstance, check_solution
from shiftplan.solver import ModelData


def benchmark_rows(data: ModelData, shifts: Iterable[int]) -> list[tuple[str, int, str]]:
    """Each candidate shift as (employee id, day from 0, shift type id), sorted."""
    candidates = data.candidates
    scenario = data.scenario
    return sorted(
        (
            scenario.agents[int(candidates.agent[s])].id,
            int(candidates.day[s]),
            data.contract(int(candidates.agent[s])).shift_types[int(candidates.kind[s])].name,
        )
        for s in shifts
    )


def own_problems(
    instance: CurtoisInstance, data: ModelData, agent: int, shifts: Iterable[int]
) -> list[str]:
    """The benchmark's own check of one employee's schedule, that employee's rules only.

    The others work nothing here, below their minimum minutes.
    """
    member = data.scenario.agents[agent].id
    problems = check_solution(instance, benchmark_rows(data, shifts))
    return [p for p in problems if p.split(":")[0].split(" ")[0] == member]
