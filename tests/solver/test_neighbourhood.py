"""The search around the relaxation: what it fixes, and that it keeps every rule."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from curtois_rows import benchmark_rows
from shiftplan.api import roster_frame
from shiftplan.bench.curtois import check_solution, penalty, read_instance, to_scenario
from shiftplan.scoring import POINTS
from shiftplan.solver import ModelData, neighbourhood
from shiftplan.solver.bound import lagrangian_bound
from shiftplan.solver.constraints.requests import priced_requests
from shiftplan.solver.cpmodel import build, complete_hint
from shiftplan.solver.heuristic import roster_cost, rule_keeping_roster
from shiftplan.solver.neighbourhood import (
    DECIDED,
    Decided,
    decided,
    fixings,
    search_neighbourhood,
)
from shiftplan.solver.runtime import ProgressCallback, StopRequest
from shiftplan.solver.types import SolveParams
from shiftplan.validate import assert_valid

DATA = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "curtois"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="the Curtois data lives in ../shared")


@pytest.fixture(scope="module")
def instance1() -> tuple[object, ModelData, frozenset[int], np.ndarray]:
    """Instance1 (optimum 607), a rule-keeping start and column generation's mass."""
    instance = read_instance(DATA / "Instance1.txt")
    data = ModelData.from_scenario(to_scenario(instance))
    start, failed = rule_keeping_roster(data)
    assert not failed
    generation = lagrangian_bound(data, start, time_budget=10)
    assert generation.mass is not None
    return instance, data, start, generation.mass


def test_mass_is_a_share_of_each_agent_day(instance1: tuple) -> None:
    """Each shift's mass is in [0, 1] and a day's shifts hold at most the whole agent."""
    _, data, _, mass = instance1
    assert mass.shape == (len(data.candidates),)
    assert mass.min() >= 0 and mass.max() <= 1
    for shifts in data.shifts_by_agent_day.values():
        assert mass[shifts].sum() <= 1 + 1e-6
    # The relaxation of Instance1 decides most days: that is what makes the
    # neighbourhood small.
    days = decided(data, mass, 0.9).days
    assert days >= len(data.shifts_by_agent_day) / 2


def test_decided_days_follow_the_threshold(instance1: tuple) -> None:
    """A day is fixed on its heaviest shift at 90% or more, off when its shifts hold 10% or less."""
    _, data, _, _ = instance1
    (agent, day), shifts = next(iter(data.shifts_by_agent_day.items()))
    (other, other_day), others = list(data.shifts_by_agent_day.items())[1]
    mass = np.zeros(len(data.candidates))
    mass[shifts[0]] = 0.95  # decided: that shift
    mass[others[0]] = 0.5  # split between a shift and the day off: undecided
    found = decided(data, mass, 0.9)
    assert int(shifts[0]) in found.on and all(int(s) not in found.on for s in others)
    # Every other agent-day has no mass at all: decided off.
    assert found.days == len(data.shifts_by_agent_day) - 1
    fixed = fixings(data, Decided(on=[int(shifts[0])], off=[int(others[0])]))
    assert fixed[int(shifts[0])] == 1
    assert {s for s, v in fixed.items() if v == 0} == {int(s) for s in others}
    assert (agent, day) != (other, other_day)


def test_neighbourhood_keeps_its_fixings_and_every_rule(
    instance1: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The roster found agrees with the relaxation and the start where they agree, keeps every rule.

    It is better than the start (it is returned only then), the benchmark's
    own penalty agrees with the engine's objective, and the model comes back
    with every shift free again.
    """
    instance, data, start, mass = instance1
    model, variables, _ = build(data)
    incumbent = complete_hint(model, variables, start, 5.0, workers=2)
    assert incumbent is not None
    params = SolveParams(time_limit=10, workers=2, seed=0)
    # One search, never widened, so that its fixings are the ones computed
    # here (later searches move with the roster found).
    monkeypatch.setattr(neighbourhood, "SLICES", 1)
    monkeypatch.setattr(neighbourhood, "WIDEST", DECIDED + 1e-9)
    first = fixings(data, decided(data, mass, DECIDED, start))
    assert first, "the relaxation and the start agree on no day"
    with StopRequest() as stop:
        callback = ProgressCallback(None, POINTS, stop, 0.0, bounds=False)
        found = search_neighbourhood(
            params, model, variables, mass, 5.0, callback, start, incumbent
        )
    proto = model.proto
    assert all(list(proto.variables[var.index].domain) == [0, 1] for var in variables.shift), (
        "the neighbourhood left a shift fixed"
    )
    # Instance1's start (rules only, no demand) is far from its optimum.
    assert found is not None
    # The neighbourhood's fixings hold in its roster, and the start kept
    # them by construction.
    assert all((s in found) == bool(v) for s, v in first.items())
    assert all((s in start) == bool(v) for s, v in first.items())
    scenario = data.scenario
    assert_valid(scenario, roster_frame(scenario, data.candidates, sorted(found)))
    solution = benchmark_rows(data, found)
    assert check_solution(instance, solution) == []
    constant = sum(data.coefficients.requests * r.weight for r in priced_requests(data) if r.on)
    assert (roster_cost(data, found) + constant) / POINTS == penalty(instance, solution)
    assert roster_cost(data, found) < roster_cost(data, start)


def test_exhausted_neighbourhoods_widen(instance1: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    """A neighbourhood searched to its end in less than its time makes way for a wider one.

    Instance1's neighbourhoods are solved in well under a second, so the
    threshold climbs half-way to 1 each time, starting from DECIDED, and the
    rosters found keep every rule.
    """
    _, data, start, mass = instance1
    thresholds: list[float] = []
    real = neighbourhood.decided

    def spy(
        data: ModelData, mass: np.ndarray, threshold: float, incumbent: frozenset[int] | None
    ) -> Decided:
        thresholds.append(threshold)
        return real(data, mass, threshold, incumbent)

    monkeypatch.setattr(neighbourhood, "decided", spy)
    model, variables, _ = build(data)
    incumbent = complete_hint(model, variables, start, 5.0, workers=2)
    with StopRequest() as stop:
        callback = ProgressCallback(None, POINTS, stop, 0.0, bounds=False)
        found = search_neighbourhood(
            SolveParams(time_limit=30, workers=2, seed=0),
            model, variables, mass, 20.0, callback, start, incumbent,
        )  # fmt: skip
    assert thresholds[0] == DECIDED and len(thresholds) >= 2
    for before, after in pairwise(thresholds):
        assert after in (before, (1 + before) / 2)
    assert max(thresholds) > DECIDED
    assert found is not None
    scenario = data.scenario
    assert_valid(scenario, roster_frame(scenario, data.candidates, sorted(found)))
