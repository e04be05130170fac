"""Dives that backtrack (solver/discrepancy.py), on a Curtois instance's solved relaxation."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from curtois_rows import benchmark_rows
from relaxation import master_after
from shiftplan.bench.curtois import check_solution, read_instance, to_scenario
from shiftplan.bench.curtois.evaluate import penalty
from shiftplan.solver import ModelData
from shiftplan.solver.bound import price_all, pricing_solver
from shiftplan.solver.discrepancy import discrepancy_search
from shiftplan.solver.master import RestrictedMaster

DATA = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "curtois"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="the Curtois data lives in ../shared")


def _solved(number: int, rounds: int | None) -> tuple[Any, ModelData, RestrictedMaster, float, Any]:
    """Instance ``number``'s master after ``rounds`` (None: to its end), its value, a pricer."""
    instance = read_instance(DATA / f"Instance{number}.txt")
    data = ModelData.from_scenario(to_scenario(instance))
    models: dict[int, Any] = {}
    master = master_after(data, models, rounds)
    solved = master.solve(30.0)
    assert solved is not None
    solvers = (pricing_solver(),)

    def price(duals: Any, free: frozenset[int]) -> list[tuple[int, list[int]]] | None:
        priced = price_all(
            data, master, duals, duals, models, solvers, float("inf"), None, 0, None, free
        )
        assert priced is not None
        return priced[1]

    return instance, data, master, solved[0], price


def test_the_search_ends_whole_and_backtracks_to_every_branch_at_the_top() -> None:
    """Instance3, one level of branching: both branches at the root end, rosters kept.

    Each path of the tree ends in one way: a roster cheaper than the last,
    a node cut off by the last, or nothing left to fix. With two branches at
    the root and none below, two paths end. Every roster found keeps every
    hard rule by the benchmark's own check and costs the benchmark's
    objective, each less than the last.
    """
    instance, data, master, _, price = _solved(3, 4)
    weights = np.asarray(master.highs.getSolution().col_value)[len(master.cost) :]
    assert np.any(np.abs(weights - np.round(weights)) > 1e-6), "the master must split someone"
    outcome = discrepancy_search(
        master, time.perf_counter() + 300.0, price, depth=1, breadth=2, deepest=1
    )
    assert outcome.stopped == "searched"
    assert len(outcome.costs) + outcome.cut + outcome.dead_ends == 2
    assert outcome.values is not None and outcome.costs
    assert outcome.costs == sorted(outcome.costs, reverse=True)
    assert len(set(outcome.costs)) == len(outcome.costs)
    weights = outcome.values[len(master.cost) :]
    assert np.allclose(weights, np.round(weights), atol=1e-6)
    # Columns priced after the roster was found are not in it.
    owner = master.owner[: len(weights)]
    counts = np.bincount(owner, weights=np.round(weights), minlength=len(master.groups))
    assert counts.tolist() == [len(members) for members in master.groups]
    rows = benchmark_rows(data, master.roster_of(outcome.values))
    assert check_solution(instance, rows) == []
    assert outcome.cost == pytest.approx(penalty(instance, rows))


def test_a_relaxation_that_cannot_beat_the_incumbent_is_not_searched() -> None:
    """Instance4: with a roster known at the relaxation's value, the root is cut, nothing more."""
    _, _, master, relaxation, price = _solved(4, None)
    outcome = discrepancy_search(master, time.perf_counter() + 300.0, price, incumbent=relaxation)
    assert outcome.stopped == "hopeless"
    assert (outcome.nodes, outcome.cut, outcome.costs, outcome.values) == (1, 1, [], None)
    assert outcome.cost == relaxation


def test_a_search_that_finds_nothing_cheaper_stops_after_its_patience() -> None:
    """Instance4, an incumbent a point and a half above the relaxation, no patience: no node."""
    _, _, master, relaxation, price = _solved(4, None)
    outcome = discrepancy_search(
        master, time.perf_counter() + 300.0, price, incumbent=relaxation + 1.5, patience=0.0
    )
    assert outcome.stopped == "stalled"
    assert outcome.values is None and outcome.nodes == 0
