"""Column generation (solver/bound.py): its pricing keeps the schedules CP-SAT finds on the way."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from shiftplan.bench.curtois import check_solution, read_instance, to_scenario
from shiftplan.solver import ModelData
from shiftplan.solver.agent_model import build_agent_model
from shiftplan.solver.bound import POOL, PRICE_SCALE, price_schedule
from shiftplan.solver.runtime import small_solver

DATA = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "curtois"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="the Curtois data lives in ../shared")


def test_runners_up_keep_the_rules_and_are_worth_no_more_than_the_best() -> None:
    """On Instance9 at random shift values: runners-up exist, keep every rule, trail the best."""
    instance = read_instance(DATA / "Instance9.txt")
    data = ModelData.from_scenario(to_scenario(instance))
    candidates = data.candidates
    rng = np.random.default_rng(11)
    solver = small_solver()
    runners = 0
    for agent, member in enumerate(data.scenario.agents[:8]):
        model = build_agent_model(data, agent)
        values = rng.normal(0.0, 100.0, size=len(model.indices))
        best, ceiling, others = price_schedule(data, model, values, solver)
        assert len(others) <= POOL
        worth = dict(zip(model.indices.tolist(), values.tolist(), strict=True))
        best_worth = sum(worth[s] for s in best)
        assert best_worth <= ceiling + 1e-9
        for shifts in [best, *others]:
            assert set(shifts) <= set(worth), "a schedule holds another agent's shift"
            # Worth at most the best, up to the rounding of values to integers.
            rounding = 0.5 * len(shifts) / PRICE_SCALE + 0.5 * len(best) / PRICE_SCALE
            assert sum(worth[s] for s in shifts) <= best_worth + rounding
            solution = [
                (
                    member.id,
                    int(candidates.day[s]),
                    data.contract(agent).shift_types[int(candidates.kind[s])].name,
                )
                for s in shifts
            ]
            # The benchmark's own check, this employee's rules only (the
            # others work nothing here, below their minimum minutes).
            problems = check_solution(instance, solution)
            mine = [p for p in problems if p.split(":")[0].split(" ")[0] == member.id]
            assert mine == [], mine
        runners += len(others)
    assert runners > 0
