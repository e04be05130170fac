"""The search through time windows: what each window frees, and that every rule holds."""

from __future__ import annotations

import logging
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from curtois_rows import benchmark_rows
from shiftplan.api import roster_frame
from shiftplan.bench.curtois import (
    check_solution,
    penalty,
    read_best_known,
    read_instance,
    solve_instance,
    to_scenario,
)
from shiftplan.scoring import POINTS
from shiftplan.solver import ModelData, cpmodel, types, windows
from shiftplan.solver.constraints.requests import priced_requests
from shiftplan.solver.cpmodel import build, complete_hint
from shiftplan.solver.heuristic import roster_cost, rule_keeping_roster
from shiftplan.solver.runtime import ProgressCallback, StopRequest
from shiftplan.solver.types import SolveParams, windowed
from shiftplan.solver.windows import WINDOW_DAYS, search_windows
from shiftplan.validate import assert_valid

DATA = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "curtois"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="the Curtois data lives in ../shared")


def test_windows_overlap_by_half_and_cover_the_horizon() -> None:
    """A year in four-week windows half a window apart, the last ending on the last day."""
    spans = windows.windows(364)
    assert spans[0] == (0, WINDOW_DAYS)
    assert spans[-1] == (364 - WINDOW_DAYS, 364)
    assert all(stop - first == WINDOW_DAYS for first, stop in spans)
    steps = {b[0] - a[0] for a, b in pairwise(spans[:-1])}
    assert steps == {WINDOW_DAYS // 2}
    assert set(range(364)) == {day for first, stop in spans for day in range(first, stop)}
    assert windows.windows(56) == [(0, 28), (14, 42), (28, 56)]
    assert windows.windows(20) == [(0, 20)]
    # Long horizons of small teams only.
    assert windowed(364, 50) and windowed(90, 8)
    assert not windowed(89, 8) and not windowed(364, 51)


@needs_data
def test_each_window_frees_its_own_days_and_the_roster_keeps_every_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Instance16 (56 days): each search may change only its window's shifts; the result is better.

    The benchmark's own check passes, its penalty equals the engine's
    objective, and the model comes back with every shift free.
    """
    instance = read_instance(DATA / "Instance16.txt")
    data = ModelData.from_scenario(to_scenario(instance))
    start, failed = rule_keeping_roster(data)
    assert not failed
    model, variables, _ = build(data)
    incumbent = complete_hint(model, variables, start, 5.0, workers=2)
    assert incumbent is not None
    proto = model.proto
    freed: list[set[int]] = []
    real = windows.run

    def spy(solver: Any, model: Any, callback: Any = None) -> Any:
        free = {
            int(variables.data.candidates.day[position])
            for position, var in enumerate(variables.shift)
            if proto.variables[var.index].domain[0] != proto.variables[var.index].domain[1]
        }
        freed.append(free)
        return real(solver, model, callback)

    monkeypatch.setattr(windows, "run", spy)
    params = SolveParams(time_limit=20, workers=2, seed=0)
    with StopRequest() as stop:
        callback = ProgressCallback(None, POINTS, stop, 0.0, bounds=False)
        found = search_windows(params, model, variables, start, incumbent, 20.0, callback, stop)
    assert all(list(proto.variables[var.index].domain) == [0, 1] for var in variables.shift), (
        "a window left a shift fixed"
    )
    spans = windows.windows(data.days)
    assert len(freed) >= len(spans)
    for turn, free in enumerate(freed):
        first, stop_day = spans[turn % len(spans)]
        assert free <= set(range(first, stop_day))
    # The start keeps the rules but ignores demand: the windows improve it.
    assert found is not None
    roster, objective = found
    assert roster_cost(data, roster) < roster_cost(data, start)
    scenario = data.scenario
    assert_valid(scenario, roster_frame(scenario, data.candidates, sorted(roster)))
    solution = benchmark_rows(data, roster)
    assert check_solution(instance, solution) == []
    # CP-SAT stopped by the clock may leave a cost variable high: its objective
    # is at least the roster's cost, and scoring the roster gives it exactly.
    assert objective / POINTS >= penalty(instance, solution)
    settled = complete_hint(model, variables, roster, 5.0, workers=2)
    assert settled is not None and settled / POINTS == penalty(instance, solution)
    constant = sum(data.coefficients.requests * r.weight for r in priced_requests(data) if r.on)
    assert (roster_cost(data, roster) + constant) / POINTS == penalty(instance, solution)


@needs_data
def test_a_long_horizon_is_searched_window_by_window(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The whole solve, Instance16 counted as long: a bound, then windows, every rule kept.

    Column generation runs before the windows (the shares of a small team on a
    long horizon), so the run proves a positive bound, at most the optimum.
    """
    monkeypatch.setattr(cpmodel, "windowed", lambda days, agents: days >= 50)
    monkeypatch.setattr(types, "windowed", lambda days, agents: days >= 50)
    calls: list[float] = []
    real = cpmodel.search_windows

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[5])  # the seconds it was given
        return real(*args, **kwargs)

    monkeypatch.setattr(cpmodel, "search_windows", spy)
    instance = read_instance(DATA / "Instance16.txt")
    with caplog.at_level(logging.WARNING, logger="shiftplan"):
        row, solution = solve_instance(instance, time_limit=20, workers=2, seed=0)
    assert len(calls) == 1 and calls[0] > 0
    assert row.hard_rules_broken == 0 and check_solution(instance, solution) == []
    best_known, _ = read_best_known(DATA)["Instance16"]  # proven optimal
    assert row.bound is not None and 0 < row.bound <= best_known <= row.objective
    # The engine's objective is the benchmark's penalty (a warning otherwise).
    assert "the engine scores" not in caplog.text
