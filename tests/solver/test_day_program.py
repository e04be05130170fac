"""Pricing by dynamic programming over days (solver/day_program.py) against CP-SAT."""

from __future__ import annotations

import math
import time
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from ortools.sat.python import cp_model

from shiftplan.api import load_scenario, roster_frame
from shiftplan.bench.curtois import read_instance, to_scenario
from shiftplan.generate import generate_scenario
from shiftplan.locks import apply_locks, locked_shifts
from shiftplan.shifts import build_candidates
from shiftplan.solver import ModelData, bound
from shiftplan.solver.agent_model import build_agent_model
from shiftplan.solver.bound import agent_types, price_schedule, pricing_solver
from shiftplan.solver.constraints.weekends import weekends_of
from shiftplan.solver.day_program import (
    DayProgram,
    ProgramPricer,
    compile_now,
    compiled,
    day_program,
    pricer,
    warm_up,
)
from shiftplan.solver.heuristic import rule_keeping_roster
from shiftplan.solver.master import RestrictedMaster
from shiftplan.validate import validate_roster
from validator_scenario import roster, write_scenario

DATA = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "curtois"
curtois = pytest.mark.skipif(not DATA.is_dir(), reason="the Curtois data lives in ../shared")


def compare(
    data: ModelData, agent: int, program: DayProgram | ProgramPricer, values: np.ndarray
) -> list[int]:
    """The program's schedule at ``values``, checked against CP-SAT's on the same agent.

    Values are whole thousandths, so CP-SAT (which prices in thousandths)
    solves exactly the same problem: its optimum must equal the program's.
    """
    model = build_agent_model(data, agent)
    assert np.array_equal(model.indices, data.candidates.of_agent(agent))
    found = program.best(values)
    assert isinstance(found, tuple)
    positions, worth, _ = found
    assert worth == pytest.approx(float(values[positions].sum()), abs=1e-6)
    chosen, ceiling, _ = price_schedule(data, model, values, pricing_solver(), keep=0)
    cp_sat = float(values[np.searchsorted(model.indices, chosen)].sum())
    assert worth == pytest.approx(cp_sat, abs=1e-6)
    assert worth <= ceiling + 1e-9
    return model.indices[positions].tolist()


def own_violations(data: ModelData, agent: int, shifts: list[int]) -> list[str]:
    """The independent validator on one agent's schedule, that agent's hard rules only."""
    frame = roster_frame(data.scenario, data.candidates, shifts)
    agent_id = data.agents[agent].id
    return [
        f"{v.rule}: {v.message}"
        for v in validate_roster(data.scenario, frame)
        if v.agent_id == agent_id
    ]


def test_programs_price_every_rule_as_cp_sat_does(tmp_path: Path) -> None:
    """The validator's team: clock changes, carry-in, runs, weekly and cycle hours, locks.

    Its contracts bind every rule the program tracks: minutes and days per
    week and over the cycle (with leave credited), minimum runs of work and
    of rest, weekends (Thursday-Friday for one agent), rest across clock
    changes, the previous cycle's last shifts, and a first half locked.
    """
    scenario = write_scenario(tmp_path)
    frame = locked_shifts(scenario, roster(), until=date(2027, 3, 20))
    candidates = apply_locks(scenario, build_candidates(scenario), frame, date(2027, 3, 20))
    data = ModelData.from_scenario(scenario, candidates=candidates)
    rng = np.random.default_rng(5)
    locked = set(np.flatnonzero(candidates.locked).tolist())
    for agent in range(len(data.agents)):
        program = day_program(data, agent)
        assert program is not None, data.agents[agent].id
        mine = set(data.candidates.of_agent(agent).tolist())
        for draw in range(3):
            count = len(mine)
            values = np.round(rng.normal(1.0 - draw, 4.0, count), 3)
            shifts = compare(data, agent, program, values)
            assert locked & mine <= set(shifts), "a locked shift was dropped"
            assert own_violations(data, agent, shifts) == []
            found = program.best(values, others=4)
            assert isinstance(found, tuple)
            positions, worth, runners = found
            assert runners, "a walk that turns off the best one somewhere"
            indices = data.candidates.of_agent(agent)
            for others in runners:
                assert sorted(others) != sorted(positions)
                assert float(values[others].sum()) <= worth + 1e-6
                assert own_violations(data, agent, indices[others].tolist()) == []


def test_a_cycle_whose_only_weekend_must_be_off(tmp_path: Path) -> None:
    """One week, one weekend, one weekend off required: no weekend day may be worked.

    The weekends axis then has a single value (none worked), which once
    read as "cannot bind" and let the program work the weekend.
    """
    scenario = load_scenario(
        generate_scenario(tmp_path, agents=8, days=7, interval_minutes=60, seed=3)
    )
    data = ModelData.from_scenario(scenario)
    rng = np.random.default_rng(0)
    bound_by_it = [
        a
        for a in range(len(data.agents))
        if data.contract(a).min_weekends_off == len(weekends_of(data, a)) == 1
    ]
    assert bound_by_it
    for agent in bound_by_it:
        program = day_program(data, agent)
        assert program is not None
        for _ in range(3):
            values = np.round(rng.normal(0.5, 3.0, len(data.candidates.of_agent(agent))), 3)
            shifts = compare(data, agent, program, values)
            assert own_violations(data, agent, shifts) == []


def test_programs_price_a_generated_team_as_cp_sat_does(tmp_path: Path) -> None:
    """Every agent type of a generated team of ten zones: the large teams' pricing.

    Column generation on 2,000 agents proved bounds that varied from 5,162 to
    72,212 after 100 s; the programs' columns were suspected, but they price
    exactly as CP-SAT does, and its bound varied as much.
    """
    scenario = load_scenario(generate_scenario(tmp_path, agents=80, days=28, seed=0))
    data = ModelData.from_scenario(scenario)
    rng = np.random.default_rng(2)
    types = agent_types(data, {})
    assert len(types) > 20
    for members in types:
        agent = members[0]
        program = pricer(data, agent)
        assert program is not None, data.agents[agent].id
        values = np.round(rng.normal(-0.5, 3.0, len(data.candidates.of_agent(agent))), 3)
        shifts = compare(data, agent, program, values)
        assert own_violations(data, agent, shifts) == []


@curtois
@pytest.mark.parametrize(("number", "employees"), [(1, 8), (8, 6), (9, 6), (19, 2)])
def test_programs_price_curtois_employees_as_cp_sat_does(number: int, employees: int) -> None:
    """Shift-type maxima (8), two shift lengths (9), an 84-day horizon (19)."""
    data = ModelData.from_scenario(to_scenario(read_instance(DATA / f"Instance{number}.txt")))
    rng = np.random.default_rng(number)
    for agent in range(employees):
        program = day_program(data, agent)
        assert program is not None
        values = np.round(rng.normal(0.5, 5.0, len(data.candidates.of_agent(agent))), 3)
        if program.relaxed and isinstance(program.best(values), frozenset):
            continue  # a maximum it does not track was broken: ProgramPricer's case
        compare(data, agent, program, values)


@curtois
def test_near_best_schedules_are_every_schedule_cp_sat_enumerates_above_the_floor() -> None:
    """Instance5 (28 days): every schedule within 12 of the best, best first, as CP-SAT lists them.

    Whole values, so CP-SAT's enumeration of the agent's rules under
    "worth at least the best less 12" is the same set exactly. Cut short at
    five, the list is the five best and says it is not all of them.
    """
    compile_now()
    data = ModelData.from_scenario(to_scenario(read_instance(DATA / "Instance5.txt")))
    rng = np.random.default_rng(3)
    longest = 0
    for agent in range(5):
        program = pricer(data, agent)
        assert program is not None
        model = build_agent_model(data, agent)
        values = rng.integers(-20, 21, size=len(model.indices)).astype(float)
        best = program.best(values)
        assert best is not None
        listed = program.within(values, 12.0, 10_000)
        assert listed is not None
        schedules, whole = listed
        assert whole
        worths = [float(values[positions].sum()) for positions in schedules]
        assert worths[0] == best[1]
        assert worths == sorted(worths, reverse=True) and worths[-1] >= best[1] - 12
        xs = [model.variables.x(i) for i in range(len(values))]
        model.model.add(
            sum(int(v) * x for v, x in zip(values, xs, strict=True)) >= round(best[1]) - 12
        )
        solver = cp_model.CpSolver()
        solver.parameters.enumerate_all_solutions = True
        solver.parameters.num_workers = 1
        every = Enumerated(model.variables.shift)
        assert solver.solve(model.model, every) == cp_model.OPTIMAL
        assert {tuple(sorted(positions)) for positions in schedules} == every.found
        assert len(schedules) == len(every.found)  # none twice
        longest = max(longest, len(schedules))
        if len(schedules) > 5:
            first = program.within(values, 12.0, 5)
            assert first is not None and not first[1]
            assert [float(values[p].sum()) for p in first[0]] == worths[:5]
    assert longest > 100
    # Thousandths, as real prices have: the program's sums in single precision
    # against CP-SAT's in whole thousandths, the floor between two worths.
    for agent in range(3):
        program = pricer(data, agent)
        assert program is not None
        model = build_agent_model(data, agent)
        values = np.round(rng.normal(0.0, 7.0, size=len(model.indices)), 3)
        listed = program.within(values, 15.0, 10_000)
        assert listed is not None and listed[1]
        worths = sorted({round(float(values[p].sum()), 3) for p in listed[0]}, reverse=True)
        assert len(worths) > 3
        # Between two worths far apart next to the program's hair of room.
        gap, after = max((worths[i] - worths[i + 1], i) for i in range(1, len(worths) - 1))
        assert gap >= 0.01
        floor = (worths[after] + worths[after + 1]) / 2
        best = program.best(values)
        assert best is not None
        within = program.within(values, best[1] - floor, 10_000)
        assert within is not None and within[1]
        scaled = [round(1000 * float(v)) for v in values]
        xs = [model.variables.x(i) for i in range(len(values))]
        model.model.add(
            sum(v * x for v, x in zip(scaled, xs, strict=True)) >= math.ceil(1000 * floor)
        )
        solver = cp_model.CpSolver()
        solver.parameters.enumerate_all_solutions = True
        solver.parameters.num_workers = 1
        every = Enumerated(model.variables.shift)
        assert solver.solve(model.model, every) == cp_model.OPTIMAL
        assert {tuple(sorted(positions)) for positions in within[0]} == every.found


class Enumerated(cp_model.CpSolverSolutionCallback):
    """Every schedule CP-SAT enumerates, as sorted positions."""

    def __init__(self, shifts: list[cp_model.IntVar]) -> None:
        super().__init__()
        self.shifts = shifts
        self.found: set[tuple[int, ...]] = set()

    def on_solution_callback(self) -> None:
        self.found.add(tuple(i for i, v in enumerate(self.shifts) if self.boolean_value(v)))


@curtois
def test_a_maximum_left_out_is_checked_then_tracked() -> None:
    """Instance8's shift-type maxima: checked on the walk, tracked once broken, else CP-SAT's.

    A type worth far more than the rest tempts the walk past its maximum:
    the program without maxima names that type, the pricer then tracks it
    (and only it) and prices exactly as CP-SAT does, and keeps the grown
    program for the next prices.
    """
    data = ModelData.from_scenario(to_scenario(read_instance(DATA / "Instance8.txt")))
    tight = next(
        a for a in range(len(data.agents)) if (p := day_program(data, a, 10**5)) and p.relaxed
    )
    light = day_program(data, tight, track_maxima=False)
    assert light is not None and light.relaxed and not light.tracked
    kind = next(iter(light.relaxed))
    indices = data.candidates.of_agent(tight)
    favoured = np.where(data.candidates.kind[indices] == kind, 50.0, -1.0)
    assert light.best(favoured) == frozenset({kind}), "more than the maximum of a favoured type"
    spurned = np.where(data.candidates.kind[indices] == kind, -50.0, 1.0)
    compare(data, tight, light, spurned)
    exact = ProgramPricer(data, tight, light)
    compare(data, tight, exact, favoured)
    assert exact.program.tracked == {kind}
    compare(data, tight, exact, spurned)
    assert exact.program.tracked == {kind}, "the grown program is kept"
    # Where even that program would not fit, the favoured type is CP-SAT's.
    small = ProgramPricer(data, tight, light, max_cells=light.cells)
    assert small.best(favoured) is None
    assert small.too_large == [frozenset({kind})]


def test_rest_reaching_past_the_next_day_is_left_to_cp_sat(tmp_path: Path) -> None:
    """40 hours of rest: yesterday's shift alone no longer says what today allows."""
    scenario = write_scenario(tmp_path)
    contracts = dict(scenario.contracts)
    contracts["flex"] = contracts["flex"].model_copy(update={"min_rest_hours": 40})
    file = scenario.file.model_copy(update={"contracts": contracts})
    data = ModelData.from_scenario(scenario.model_copy(update={"file": file}))
    flex = [a for a in range(len(data.agents)) if data.agents[a].contract == "flex"]
    assert flex and all(day_program(data, agent) is None for agent in flex)
    assert all(day_program(data, a) is not None for a in range(len(data.agents)) if a not in flex)


@curtois
def test_a_round_priced_by_programs_proves_the_same_bound() -> None:
    """Instance4's first round: programs and CP-SAT give the same bound and best schedules."""
    data = ModelData.from_scenario(to_scenario(read_instance(DATA / "Instance4.txt")))
    models: dict[int, object] = {}
    start, failed = rule_keeping_roster(data, models)
    assert not failed
    master = RestrictedMaster(data, agent_types(data, models))
    for agent in range(len(data.agents)):
        mine = [s for s in start if data.candidates.agent[s] == agent]
        group = next(g for g, members in enumerate(master.groups) if agent in members)
        master.add_column(group, master.to_representative(agent, mine))
    solved = master.solve(60.0)
    assert solved is not None
    _, duals = solved
    solvers = (pricing_solver(), pricing_solver())
    plain = bound.price_all(data, master, duals, duals, models, solvers, float("inf"), None, 0)
    programs: dict[int, DayProgram | None] = {}
    priced = bound.price_all(
        data, master, duals, duals, models, solvers, float("inf"), None, 0, programs
    )
    assert plain is not None and priced is not None
    assert programs and all(program is not None for program in programs.values())
    # CP-SAT's ceiling allows half a thousandth per shift of rounding.
    slack = len(master.groups) * 0.5 * data.days / 1000
    assert priced[0] <= plain[0] + slack + 1e-6
    assert priced[0] >= plain[0] - 1e-6
    convexity = master.convexity_duals(duals)
    for group, shifts in priced[1]:
        assert master.worth(shifts, master.groups[group][0], duals) + convexity[group] > 0
    assert len(priced[1]) == len(plain[1])


def test_the_programs_compile_in_the_background() -> None:
    """A solve starts the compiler (or the cache's loading) and goes on; it ends ready."""
    warm_up()
    warm_up()  # once per process
    deadline = time.monotonic() + 300
    while not compiled() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert compiled()
