"""Branch and price on who works which shift (solver/branching.py), on Curtois instances."""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import pytest

from curtois_rows import benchmark_rows
from relaxation import master_after
from scenario_factory import REMOVE, write_csv, write_tiny_scenario
from shiftplan import SolveParams, compute_requirements, load_scenario
from shiftplan.api import roster_frame
from shiftplan.bench.curtois import check_solution, read_best_known, read_instance, to_scenario
from shiftplan.bench.curtois.evaluate import penalty
from shiftplan.result import Roster
from shiftplan.scoring import POINTS, allocate, evaluate
from shiftplan.shifts import build_candidates
from shiftplan.solver import ModelData, solve_model
from shiftplan.solver.bound import price_all, pricing_solver
from shiftplan.solver.branching import branch_and_price
from shiftplan.solver.master import Pricer, RestrictedMaster
from shiftplan.validate import assert_valid
from test_shift_cover import TYPES as COVER_TYPES
from test_shift_cover import cover_rows

DATA = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "curtois"
CURTOIS = pytest.mark.skipif(not DATA.is_dir(), reason="the Curtois data lives in ../shared")


def _relaxed(data: ModelData) -> tuple[RestrictedMaster, Pricer]:
    """The relaxation solved to its end, and a pricer of the types asked for at given duals."""
    models: dict[int, Any] = {}
    master = master_after(data, models, None)
    solvers = (pricing_solver(),)

    def price(duals: Any, types: frozenset[int]) -> list[tuple[int, list[int]]] | None:
        priced = price_all(
            data, master, duals, duals, models, solvers, math.inf, None, 0, None, types
        )
        assert priced is not None
        return priced[1]

    return master, price


def _solved(number: int) -> tuple[Any, ModelData, RestrictedMaster, float, Pricer]:
    """Instance ``number``'s relaxation solved to its end, its value, and a pricer."""
    instance = read_instance(DATA / f"Instance{number}.txt")
    data = ModelData.from_scenario(to_scenario(instance))
    master, price = _relaxed(data)
    solved = master.solve(30.0)
    assert solved is not None
    return instance, data, master, solved[0], price


def _branch_rows_free(master: RestrictedMaster) -> bool:
    lp = master.highs.getLp()
    lower, upper = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
    rows = master.branch_rows()
    return bool(rows) and all(
        lower[row] == -highspy.kHighsInf and upper[row] == highspy.kHighsInf for row in rows
    )


@CURTOIS
def test_the_tree_searched_through_proves_its_roster_optimal() -> None:
    """Instance3 from no roster at all: the optimum, proved by the whole tree.

    The relaxation splits agents between schedules, so the tree branches;
    every roster it finds keeps every hard rule by the benchmark's own
    check and costs the benchmark's objective, each cheaper than the last,
    and the last is the best known value, which the search proves by
    cutting off every other node. Its branching rows are free at the end.
    """
    instance, data, master, _, price = _solved(3)
    weights = np.asarray(master.highs.getSolution().col_value)[len(master.cost) :]
    assert np.any(np.abs(weights - np.round(weights)) > 1e-6), "the master must split someone"
    tree = branch_and_price(master, time.perf_counter() + 300.0, price)
    assert tree.stopped == "proved"
    assert tree.values is not None and tree.costs
    assert tree.costs == sorted(tree.costs, reverse=True)
    assert len(set(tree.costs)) == len(tree.costs)
    assert tree.cut > 0 and tree.nodes > tree.cut
    rows = benchmark_rows(data, master.roster_of(tree.values))
    assert check_solution(instance, rows) == []
    assert tree.cost == pytest.approx(penalty(instance, rows))
    assert tree.cost == read_best_known(DATA)["Instance3"][0]
    assert tree.bound == tree.cost
    assert _branch_rows_free(master)


@CURTOIS
def test_a_roster_at_the_rounded_up_relaxation_is_proved_at_the_root() -> None:
    """Instance7: an incumbent at the relaxation rounded up to a whole point cuts the root."""
    _, _, master, relaxation, price = _solved(7)
    assert relaxation != round(relaxation), "the relaxation must be fractional"
    incumbent = math.ceil(relaxation)
    tree = branch_and_price(master, time.perf_counter() + 300.0, price, incumbent=incumbent)
    assert tree.stopped == "proved"
    assert (tree.nodes, tree.cut, tree.costs, tree.values) == (1, 1, [], None)
    assert tree.cost == tree.bound == incumbent


@CURTOIS
def test_patience_stops_the_search_and_frees_its_rows() -> None:
    """Instance7 with patience for two nodes and nothing to find in them: it stops there.

    The root branches on a shift of a type, and so does the node below it,
    each through a row the master made for that type and shift; the rows
    are free again once the search has stopped.
    """
    _, _, master, relaxation, price = _solved(7)
    tree = branch_and_price(
        master, time.perf_counter() + 300.0, price, incumbent=relaxation + 10, patience=2
    )
    assert tree.stopped == "stalled"
    assert tree.nodes == 2 and tree.values is None
    assert tree.bound == -math.inf, "no search ended by itself"
    assert len(master.branch_rows()) == 2
    assert _branch_rows_free(master)


def test_a_type_of_several_agents_branches_on_how_many_work_a_shift(tmp_path: Path) -> None:
    """Five interchangeable agents, one type: the tree decides how many work each shift.

    Head-count demand of two Early and two Late every day asks 28 people-shifts
    of five agents who may work five days each: some shifts go short. The
    master holds the five as one type, so its rows count agents (at least
    the next whole number, at most the last) rather than decide for one. The
    tree's roster keeps every hard rule by the independent validator, costs
    what the scoring code recounts from the roster alone, and is proved
    optimal: CP-SAT on the whole model finds the same cost.
    """
    agents = [
        {"id": f"DE{i}", "name": f"Agent {i}", "timezone": "Europe/Berlin", "country": "DE",
         "contract": "day", "skills": "chat"}
        for i in range(1, 6)
    ]  # fmt: skip
    settings: dict[str, object] = {
        "contracts": {"day": COVER_TYPES},
        "demand": "shift_cover.csv",
        "weights": {"fairness": 0, "stable_starts": 0},
        "public_holidays": False,
        "queues": REMOVE,
        "forecast": REMOVE,
        "time_off": REMOVE,
    }
    path = write_tiny_scenario(tmp_path, settings=settings, agents=agents)
    write_csv(tmp_path / "shift_cover.csv", cover_rows(2, 2))
    scenario = load_scenario(path)
    requirements = compute_requirements(scenario)
    candidates = build_candidates(scenario)
    data = ModelData(scenario, requirements, candidates, scenario.file.weights)
    master, price = _relaxed(data)
    assert [len(members) for members in master.groups] == [5]
    tree = branch_and_price(master, time.perf_counter() + 300.0, price)
    assert tree.values is not None and tree.stopped == "proved"
    assert tree.nodes > 1 and master.branch_rows(), "the relaxation must split the type"
    assert len(set(tree.costs)) == len(tree.costs), "each roster cheaper than the last"
    roster = master.roster_of(tree.values)
    shifts = roster_frame(scenario, candidates, sorted(roster))
    assert_valid(scenario, shifts)
    scored = Roster(shifts, allocate(scenario, requirements, shifts, scenario.file.weights))
    score, _, _ = evaluate(scenario, requirements, scored, scenario.file.weights)
    assert score / POINTS == pytest.approx(tree.cost)
    whole = solve_model(data, SolveParams(time_limit=60, workers=2, seed=1, heuristic_share=0,
                                          bound_share=0))  # fmt: skip
    assert whole.status == "OPTIMAL"
    assert whole.objective is not None and whole.objective / POINTS == pytest.approx(tree.cost)
