"""Column generation (solver/bound.py): its pricing and its prices."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from curtois_rows import benchmark_rows, own_problems
from relaxation import master_after
from shiftplan.bench.curtois import check_solution, read_instance, to_scenario
from shiftplan.bench.curtois.evaluate import penalty
from shiftplan.scoring import POINTS
from shiftplan.solver import ModelData, bound
from shiftplan.solver import master as restricted_master
from shiftplan.solver.agent_model import build_agent_model
from shiftplan.solver.bound import (
    POOL,
    PRICE_SCALE,
    price_schedule,
    pricing_solver,
)
from shiftplan.solver.day_program import ProgramPricer, compile_now
from shiftplan.solver.heuristic import roster_cost, rule_keeping_roster
from shiftplan.solver.master import RestrictedMaster
from shiftplan.solver.runtime import small_solver

DATA = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "curtois"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="the Curtois data lives in ../shared")


def test_runners_up_keep_the_rules_and_are_worth_no_more_than_the_best() -> None:
    """On Instance9 at random shift values: runners-up exist, keep every rule, trail the best."""
    instance = read_instance(DATA / "Instance9.txt")
    data = ModelData.from_scenario(to_scenario(instance))
    rng = np.random.default_rng(11)
    solver = small_solver()
    runners = 0
    for agent in range(8):
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
            mine = own_problems(instance, data, agent, shifts)
            assert mine == [], mine
        runners += len(others)
    assert runners > 0


def test_pricing_solver_proves_each_employee_of_a_long_horizon() -> None:
    """Instance17 (56 days, 35-36 shifts each): every pricing model is proven, rules kept.

    At CP-SAT's default linearization these models ran out of their limit
    and proved nothing; the full linear relaxation proves them.
    """
    instance = read_instance(DATA / "Instance17.txt")
    data = ModelData.from_scenario(to_scenario(instance))
    rng = np.random.default_rng(5)
    solver = pricing_solver()
    assert solver.parameters.linearization_level == 2
    for agent in (0, 16, 31):
        model = build_agent_model(data, agent)
        values = rng.normal(0.0, 3.0, size=len(model.indices))
        best, ceiling, _ = price_schedule(data, model, values, solver, keep=0)
        assert solver.status_name(solver.response_proto.status) == "OPTIMAL"
        worth = dict(zip(model.indices.tolist(), values.tolist(), strict=True))
        # Proven: the ceiling is the schedule's worth, up to the rounding of values.
        slack = 0.5 * (len(best) + data.days) / PRICE_SCALE + 1e-9
        assert ceiling - sum(worth[s] for s in best) <= slack
        mine = own_problems(instance, data, agent, best)
        assert mine == [], mine


def test_prices_are_the_masters_own_until_the_bound_is_positive(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Instance4: unsmoothed rounds while the bound proves nothing, smoothed rounds after."""
    data = ModelData.from_scenario(to_scenario(read_instance(DATA / "Instance4.txt")))
    models: dict[int, Any] = {}
    start, failed = rule_keeping_roster(data, models)
    assert not failed
    rounds: list[tuple[float, bool]] = []  # best bound before the round, priced at the duals
    best = [-float("inf")]
    real = bound.price_all

    def spy(
        data: ModelData, master: Any, prices: Any, duals: Any, *args: Any, **kwargs: Any
    ) -> Any:
        rounds.append((best[0], bool(np.array_equal(prices, duals))))
        priced = real(data, master, prices, duals, *args, **kwargs)
        if priced is not None:
            best[0] = max(best[0], priced[0])
        return priced

    monkeypatch.setattr(bound, "price_all", spy)
    generation = bound.lagrangian_bound(data, start, 20.0, models)
    assert generation.bound is not None and generation.bound > 0
    assert all(at_duals for before, at_duals in rounds if before <= 0)
    assert any(before <= 0 for before, _ in rounds)
    assert any(before > 0 and not at_duals for before, at_duals in rounds)


class _Clock:
    """A clock that moves only when told: each pricing solve takes ten seconds on it."""

    def __init__(self) -> None:
        self.now = 0.0

    def perf_counter(self) -> float:
        return self.now


def instance4_master() -> tuple[ModelData, dict[int, Any], RestrictedMaster, Any]:
    """Instance4's master over its first rule-keeping roster, solved; and its duals."""
    data = ModelData.from_scenario(to_scenario(read_instance(DATA / "Instance4.txt")))
    models: dict[int, Any] = {}
    start, failed = rule_keeping_roster(data, models)
    assert not failed
    master = RestrictedMaster(data, bound.agent_types(data, models))
    for group, members in enumerate(master.groups):
        master.add_column(group, [s for s in start if data.candidates.agent[s] == members[0]])
    solved = master.solve(30.0)
    assert solved is not None
    return data, models, master, solved[1]


def test_a_round_that_cannot_finish_is_given_up_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Instance4, one pricing thread, ten seconds a solve: two solves show it, not ten."""
    data, models, master, duals = instance4_master()
    clock = _Clock()
    solves: list[float] = []
    real = bound.price_schedule

    def slow(*args: Any, **kwargs: Any) -> Any:
        solves.append(clock.now)
        clock.now += 10.0
        return real(*args, **kwargs)

    monkeypatch.setattr(bound, "time", clock)
    monkeypatch.setattr(bound, "price_schedule", slow)
    solver = (pricing_solver(),)
    # Ten employees take 100 s; with 60 s left, two solves (20 s) show the
    # round would take 1.67 times its time, and the round is given up.
    assert len(master.groups) == 10
    assert bound.price_all(data, master, duals, duals, models, solver, 60.0, None) is None
    assert solves == [0.0, 10.0]
    # With 85 s the pace fits (100 s is less than 1.25 times 85 s): the round
    # runs until the deadline itself stops it, after nine solves.
    clock.now, solves[:] = 0.0, []
    assert bound.price_all(data, master, duals, duals, models, solver, 85.0, None) is None
    assert len(solves) == 10 - 1
    # With time for all ten, every employee is priced and the bound is proved.
    clock.now, solves[:] = 0.0, []
    priced = bound.price_all(data, master, duals, duals, models, solver, 200.0, None)
    assert priced is not None and len(solves) == 10


def test_both_pricing_threads_take_types_from_one_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    """Instance4: while one thread prices a slow type, the other prices every other type.

    The slow type's pricing waits until every other type is priced, which
    only a shared queue allows: with a fixed half each, the other thread
    would stop after its own half and the wait would time out. The type
    slowest last round is taken first.
    """
    data, models, master, duals = instance4_master()
    count = len(master.groups)
    assert count >= 4
    slow = count - 1
    master.pricing_seconds[:] = 0.1
    master.pricing_seconds[slow] = 1.0  # the slowest last round
    group_of = {id(models[members[0]]): g for g, members in enumerate(master.groups)}
    others_done = threading.Event()
    priced: list[tuple[int, int]] = []  # (type, thread), as each pricing starts
    real = bound.price_schedule

    def watched(data: ModelData, model: Any, *args: Any, **kwargs: Any) -> Any:
        group = group_of[id(model)]
        priced.append((group, threading.get_ident()))
        if group == slow:
            assert others_done.wait(60.0), "the other thread did not price the rest"
        result = real(data, model, *args, **kwargs)
        if group != slow and len(priced) == count:
            others_done.set()
        return result

    monkeypatch.setattr(bound, "price_schedule", watched)
    solvers = (pricing_solver(), pricing_solver())
    result = bound.price_all(data, master, duals, duals, models, solvers, float("inf"), None)
    assert result is not None
    order = [group for group, _ in priced]
    assert sorted(order) == list(range(count))
    # Taken first; the other thread may log its first type a moment sooner.
    assert order.index(slow) < len(solvers)
    slow_thread = dict(priced)[slow]
    assert all(thread != slow_thread for group, thread in priced if group != slow)
    # One thread pricing every type gives the same bound and the same columns.
    monkeypatch.setattr(bound, "price_schedule", real)
    one = (pricing_solver(),)
    assert bound.price_all(data, master, duals, duals, models, one, float("inf"), None) == result


def test_column_generation_says_why_it_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Instance1: solved with time to spare, out of time, interrupted, or HiGHS gave up."""
    data = ModelData.from_scenario(to_scenario(read_instance(DATA / "Instance1.txt")))
    models: dict[int, Any] = {}
    start, failed = rule_keeping_roster(data, models)
    assert not failed
    solved = bound.lagrangian_bound(data, start, 120.0, models)
    assert solved.stopped == "solved" and solved.bound is not None
    assert solved.master is not None and solved.bound >= solved.master - 10**-3 * solved.master
    assert bound.lagrangian_bound(data, start, 0.0, models).stopped == "time"
    interrupted = bound.lagrangian_bound(data, start, 120.0, models, stop=lambda: True)
    assert interrupted.stopped == "interrupted" and interrupted.rounds == 0
    # A HiGHS that may take one interior-point iteration (and no presolve to
    # solve the master before it) cannot solve the first master: column
    # generation stops at once and says so.
    real = restricted_master._quiet_highs

    def hobbled() -> Any:
        highs = real()
        highs.setOptionValue("presolve", "off")
        highs.setOptionValue("ipm_iteration_limit", 1)
        return highs

    monkeypatch.setattr(restricted_master, "_quiet_highs", hobbled)
    failed_master = bound.lagrangian_bound(data, start, 120.0, models)
    assert failed_master.stopped.startswith("master failed: ")
    assert "iteration" in failed_master.stopped.lower() and failed_master.bound is None


def test_head_count_rounds_keep_runners_up_however_slow_the_master(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Instance1 (head-count demand): every round keeps POOL runners-up, the clock aside.

    The master is held back a tenth of a second a solve, so it is the slow
    half of every round: deciding by the clock would keep none after the
    first. Decided by the demand, the runs end where the same runs end.
    """
    data = ModelData.from_scenario(to_scenario(read_instance(DATA / "Instance1.txt")))
    assert data.scenario.head_count_only
    compile_now()  # every round priced by the day programs, in both runs
    models: dict[int, Any] = {}
    start, failed = rule_keeping_roster(data, models)
    assert not failed
    kept: list[int] = []
    real_price_all, real_solve = bound.price_all, RestrictedMaster.solve

    def priced(*args: Any, **kwargs: Any) -> Any:
        kept.append(args[8])  # keep, passed by position
        return real_price_all(*args, **kwargs)

    def slow(self: RestrictedMaster, seconds: float) -> Any:
        time.sleep(0.1)
        return real_solve(self, seconds)

    monkeypatch.setattr(bound, "price_all", priced)
    monkeypatch.setattr(RestrictedMaster, "solve", slow)
    first = bound.lagrangian_bound(data, start, 120.0, models)
    rounds_kept = list(kept)
    assert first.stopped == "solved" and first.rounds >= 2
    assert rounds_kept[: first.rounds] == [POOL] * first.rounds
    kept.clear()
    again = bound.lagrangian_bound(data, start, 120.0, models)
    assert (again.rounds, again.bound, again.master) == (first.rounds, first.bound, first.master)
    assert again.integer == first.integer


def test_cp_sat_prices_until_the_programs_are_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first run after installing: no round waits for the compiler, CP-SAT prices."""
    data = ModelData.from_scenario(to_scenario(read_instance(DATA / "Instance1.txt")))
    models: dict[int, Any] = {}
    start, failed = rule_keeping_roster(data, models)
    assert not failed
    calls = {"programs": 0}
    program_best = ProgramPricer.best

    def counted_program(self: ProgramPricer, *args: Any, **kwargs: Any) -> Any:
        calls["programs"] += 1
        return program_best(self, *args, **kwargs)

    monkeypatch.setattr(ProgramPricer, "best", counted_program)
    monkeypatch.setattr(bound, "compiled", lambda: False)
    result = bound.lagrangian_bound(data, start, 5.0, models)
    assert result.rounds >= 1 and calls["programs"] == 0
    assert result.bound is not None and 0 < result.bound <= 607 * POINTS  # optimum 607


def test_a_long_horizon_is_priced_by_day_programs_to_a_valid_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Instance16 (56 days): programs price every round, the bound stays below the optimum.

    The relaxation's rounded roster keeps every hard rule by the benchmark's own check.
    """
    instance = read_instance(DATA / "Instance16.txt")
    data = ModelData.from_scenario(to_scenario(instance))
    models: dict[int, Any] = {}
    start, failed = rule_keeping_roster(data, models)
    assert not failed
    calls = {"programs": 0, "cp-sat": 0}
    program_best, cp_sat = ProgramPricer.best, bound.price_schedule

    def counted_program(self: ProgramPricer, *args: Any, **kwargs: Any) -> Any:
        calls["programs"] += 1
        return program_best(self, *args, **kwargs)

    def counted_cp_sat(*args: Any, **kwargs: Any) -> Any:
        calls["cp-sat"] += 1
        return cp_sat(*args, **kwargs)

    compile_now()  # as after the first run: no round waits for the compiler
    monkeypatch.setattr(ProgramPricer, "best", counted_program)
    monkeypatch.setattr(bound, "price_schedule", counted_cp_sat)
    result = bound.lagrangian_bound(data, start, 15.0, models)
    assert result.rounds >= 2 and calls["programs"] >= result.rounds * 20
    assert calls["cp-sat"] == 0, "every Instance16 employee's rules fit a program"
    assert result.bound is not None and 0 < result.bound <= 3225 * POINTS  # optimum 3,225
    assert result.rounded is not None
    assert check_solution(instance, benchmark_rows(data, result.rounded)) == []


def test_a_roster_that_breaks_a_rule_is_caught_before_it_is_handed_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Instance2: the relaxation's roster passes the check; one agent working daily does not.

    Column generation checks its rosters before the solve uses them: a
    pricing error would otherwise reach a team too large for CP-SAT to repair.
    """
    data = ModelData.from_scenario(to_scenario(read_instance(DATA / "Instance2.txt")))
    models: dict[int, Any] = {}
    start, failed = rule_keeping_roster(data, models)
    assert not failed
    solved = bound.lagrangian_bound(data, start, 10.0, models)
    assert solved.rounded is not None
    master = RestrictedMaster(data, bound.agent_types(data, models))
    assert bound.rule_breakers(master, solved.rounded, models) == []
    candidates = data.candidates
    daily = {int(candidates.day[s]): int(s) for s in candidates.of_agent(3)[::-1]}
    others = frozenset(s for s in solved.rounded if candidates.agent[s] != 3)
    with caplog.at_level("WARNING", logger="shiftplan.solver.bound"):
        assert bound.rule_breakers(master, others | frozenset(daily.values()), models) == [3]
    assert f"breaks the rules of {data.agents[3].id}: not used" in caplog.text


def _weights(master: Any) -> Any:
    return np.asarray(master.highs.getSolution().col_value)[len(master.cost) :]


def test_the_dive_turns_a_fractional_master_into_whole_rule_keeping_schedules() -> None:
    """Instance3: from a master that splits agents between schedules, one schedule each.

    The dive's roster keeps every hard rule by the benchmark's own check, and
    costs at least the master's value, which bounds every roster of its columns.
    """
    instance = read_instance(DATA / "Instance3.txt")
    data = ModelData.from_scenario(to_scenario(instance))
    master = master_after(data, {}, 4)
    solved = master.solve(30.0)
    assert solved is not None
    value = solved[0]
    assert np.any(np.abs(_weights(master) - np.round(_weights(master))) > 1e-6), (
        "the master must split someone"
    )
    dived = master.dive(time.perf_counter() + 30.0)
    assert dived is not None
    roster = master.roster_of(dived)
    assert check_solution(instance, benchmark_rows(data, roster)) == []
    assert roster_cost(data, roster) >= value * POINTS - 1


def test_the_priced_dive_ends_whole_and_the_integer_master_keeps_its_roster() -> None:
    """Instance7, relaxation solved: the dive that prices as it fixes, then the integer master.

    Pricing the free agents at every step adds schedules; the dive ends with
    every weight whole, one schedule per employee, every hard rule kept, at
    no less than the relaxation. The integer master over every schedule,
    started from the dive, returns a roster no dearer than the dive's.
    """
    instance = read_instance(DATA / "Instance7.txt")
    data = ModelData.from_scenario(to_scenario(instance))
    models: dict[int, Any] = {}
    master = master_after(data, models, None)
    solved = master.solve(30.0)
    assert solved is not None
    relaxation = solved[0]
    solvers = (pricing_solver(),)
    columns = len(master.owner)
    free_seen: list[int] = []

    def price(duals: Any, free: frozenset[int]) -> list[tuple[int, list[int]]] | None:
        free_seen.append(len(free))
        priced = bound.price_all(
            data, master, duals, duals, models, solvers, float("inf"), None, 0, None, free
        )
        assert priced is not None
        assert priced[0] == -np.inf, "a bound needs every type priced"
        assert all(group in free for group, _ in priced[1])
        return priced[1]

    dived = master.dive(time.perf_counter() + 120.0, price, fix=0.0)
    assert dived is not None
    assert len(master.owner) > columns, "the dive priced schedules the relaxation lacked"
    assert free_seen[0] == len(master.groups) and free_seen[-1] < free_seen[0]
    weights = dived[len(master.cost) :]
    assert np.allclose(weights, np.round(weights), atol=1e-6)
    counts = np.bincount(master.owner, weights=np.round(weights), minlength=len(master.groups))
    assert counts.tolist() == [len(members) for members in master.groups]
    roster = master.roster_of(dived)
    rows = benchmark_rows(data, roster)
    assert check_solution(instance, rows) == []
    assert {employee for employee, _, _ in rows} == {staff.id for staff in instance.staff}
    # The benchmark's objective, which the master's value includes the requests' constant of.
    assert penalty(instance, rows) >= relaxation - 1e-6
    dive_cost = roster_cost(data, roster)
    # Another dive from the same master: the first dive's fixings are
    # lifted, and it too ends whole and keeps every rule.
    again = master.dive(time.perf_counter() + 120.0, price, fix=0.0)
    assert again is not None
    assert np.allclose(again[len(master.cost) :], np.round(again[len(master.cost) :]), atol=1e-6)
    assert check_solution(instance, benchmark_rows(data, master.roster_of(again))) == []
    assert master.value_of(again) >= relaxation - 1e-6
    assert master.value_of(dived) == pytest.approx(penalty(instance, rows))
    integer = master.integer_roster(10.0, dived)
    assert integer is not None
    assert check_solution(instance, benchmark_rows(data, integer)) == []
    assert roster_cost(data, integer) <= dive_cost


def test_the_integer_master_over_every_schedule_that_could_help_proves_the_optimum() -> None:
    """Instance1: the relaxation proves 558; the integer master over every schedule within
    reach of a cheaper roster proves 607, the optimum, and its roster costs 607.

    A roster cheaper than the integer master's holds only schedules worth at
    most its cost less the Lagrangian bound below their type's best; with
    every one of them listed (exactly: the day programs' enumeration) and in
    the master, the integer master's own bound holds for every roster.
    """
    instance = read_instance(DATA / "Instance1.txt")
    data = ModelData.from_scenario(to_scenario(instance))
    compile_now()
    models: dict[int, Any] = {}
    start, failed = rule_keeping_roster(data, models)
    assert not failed
    found = bound.lagrangian_bound(data, start, 120.0, models)
    assert found.master is not None and found.master < 560 * POINTS
    assert found.integer is not None
    rows = benchmark_rows(data, found.integer)
    assert check_solution(instance, rows) == []
    assert penalty(instance, rows) == 607  # proven optimal by Curtois & Qu
    assert found.bound == 607 * POINTS
