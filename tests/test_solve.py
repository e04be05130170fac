"""The roster engine end to end: rosters keep every rule, scores add up, gaps are reported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from shiftplan import SolveParams, compute_requirements, load_scenario, solve
from shiftplan.cli import EXIT_RULES_INFEASIBLE, app
from shiftplan.generate import generate_scenario
from shiftplan.result import Roster
from shiftplan.scenario.models import Scenario
from shiftplan.scoring import allocate, evaluate, on_shift
from shiftplan.shifts import build_candidates
from shiftplan.solver import ModelData, ModelOutcome, solve_model
from shiftplan.validate import assert_valid, recount_coverage

FAST = SolveParams(time_limit=20, workers=2, seed=1)


@pytest.fixture(scope="module")
def small_team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight agents over one week on an hourly grid: solves to proven optimality."""
    folder = tmp_path_factory.mktemp("small")
    return generate_scenario(folder, agents=8, days=7, interval_minutes=60, seed=3)


def test_roster_keeps_every_rule_and_coverage_matches(small_team: Path) -> None:
    scenario = load_scenario(small_team)
    result = solve(scenario, params=FAST)
    assert result.has_roster and result.roster is not None and result.coverage is not None
    assert_valid(scenario, result.roster.to_csv_frame())
    recount = recount_coverage(scenario, result.roster.to_csv_frame())
    assert recount["agents"].tolist() == on_shift(scenario, result.roster.shifts).tolist()
    # Agents allocated to queues never exceed the agents on shift.
    allocated = result.coverage.groupby("interval")["scheduled"].sum().to_numpy()
    assert (allocated <= recount["agents"].to_numpy()).all()


@pytest.fixture(scope="module")
def tiny_team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four agents over one week: CP-SAT proves optimality within a second."""
    folder = tmp_path_factory.mktemp("tiny")
    return generate_scenario(folder, agents=4, days=7, interval_minutes=60, seed=3)


def _solve_and_rescore(path: Path, time_limit: float) -> tuple[ModelOutcome, int, Roster, Scenario]:
    """Solve with the model, then score the roster with code that never saw the model."""
    from shiftplan.api import roster_frame

    scenario = load_scenario(path)
    requirements = compute_requirements(scenario)
    candidates = build_candidates(scenario)
    data = ModelData.from_scenario(scenario, requirements, candidates)
    outcome = solve_model(data, SolveParams(time_limit=time_limit, workers=2, seed=1))
    shifts = roster_frame(scenario, candidates, outcome.shifts)
    roster = Roster(shifts, allocate(scenario, requirements, shifts, scenario.file.weights))
    score, _, _ = evaluate(scenario, requirements, roster, scenario.file.weights)
    return outcome, score, roster, scenario


def test_objective_recomputed_from_roster_equals_solver(tiny_team: Path) -> None:
    outcome, score, roster, scenario = _solve_and_rescore(tiny_team, 60)
    assert outcome.status == "OPTIMAL"
    # Recomputed from the roster alone, by code that never saw the model.
    assert score == outcome.objective
    assert_valid(scenario, roster.to_csv_frame())


def test_objective_by_term_adds_up_to_the_objective(tiny_team: Path) -> None:
    """Which term costs what: each is weight x count, and together they are the objective."""
    _, score, roster, scenario = _solve_and_rescore(tiny_team, 60)
    weights = scenario.file.weights
    _, kpis, _ = evaluate(scenario, compute_requirements(scenario), roster, weights)
    by_term = kpis["objective_by_term"]
    # Only terms with a weight are shown (shortfall is off under late contacts).
    assert "shortfall" not in by_term
    assert by_term["late_contacts"] == pytest.approx(kpis["late_contacts"], abs=0.01)
    assert by_term["fairness"] == pytest.approx(weights.fairness * kpis["terms"]["fairness"])
    assert sum(by_term.values()) == pytest.approx(score / 1_000_000)


def test_recomputed_score_never_exceeds_the_solvers(small_team: Path) -> None:
    outcome, score, _, _ = _solve_and_rescore(small_team, 10)
    # The optimal allocation of a roster scores at most what the model's did.
    assert outcome.objective is not None and score <= outcome.objective


def test_shortfall_objective_reports_gaps(small_team: Path) -> None:
    scenario = load_scenario(small_team)
    result = solve(scenario, objective="shortfall", params=FAST)
    assert result.roster is not None and result.coverage is not None
    assert_valid(scenario, result.roster.to_csv_frame())
    short = result.coverage["shortfall"].sum() * scenario.horizon.interval_minutes / 60
    assert result.kpis["agent_hours_short"] == pytest.approx(short)


def _break_contract(path: Path) -> Path:
    spec = yaml.safe_load(path.read_text())
    for contract in spec["contracts"].values():
        # Five days a week with never two in a row cannot fit in seven days.
        contract["max_consecutive_days"] = 1
        contract["days_per_week"] = {"min": 5, "max": 5}
        contract["hours_per_week"] = {"min": 20, "max": 40}
        contract["min_consecutive_days"] = 1
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


def test_impossible_rules_name_agent_and_rules(tmp_path: Path) -> None:
    path = _break_contract(generate_scenario(tmp_path, agents=3, days=7, interval_minutes=60))
    result = solve(load_scenario(path), params=FAST)
    assert result.status == "INFEASIBLE"
    assert result.roster is None
    assert result.explanation
    assert any("consecutive days" in line for line in result.explanation)
    runner = CliRunner()
    outcome = runner.invoke(
        app, ["solve", str(path), "--out", str(tmp_path / "out"), "--time-limit", "10", "--quiet"]
    )
    assert outcome.exit_code == EXIT_RULES_INFEASIBLE
    assert "cannot all hold" in outcome.output


def test_cli_solve_writes_all_files(small_team: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "solve",
            str(small_team),
            "--out",
            str(out),
            "--time-limit",
            "15",
            "--workers",
            "2",
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    for name in ("roster.csv", "coverage.csv", "gaps.csv", "summary.json", "coverage.png",
                 "heatmap.png", "report.html"):  # fmt: skip
        assert (out / name).is_file()
    assert not list(out.glob(".*.tmp"))
    scenario = load_scenario(small_team)
    assert_valid(scenario, out / "roster.csv")
    assert "Solver: status " in result.output
    assert "cost by term: late contacts " in result.output


@pytest.mark.parametrize("phase", ["(heuristic)", "(proven)"])
def test_ctrl_c_returns_the_best_roster_so_far(tmp_path: Path, phase: str) -> None:
    """Ctrl-C after the heuristic, or while pricing threads run the bound, writes a roster."""
    import signal
    import subprocess
    import sys
    import time

    path = generate_scenario(tmp_path, agents=40, days=28, seed=7)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "shiftplan", "solve", str(path), "--out", str(out),
         "--time-limit", "120"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    # Wait until the first roster exists, then interrupt as a manager would.
    deadline = time.monotonic() + 100
    assert process.stderr is not None
    for line in process.stderr:
        if phase in line or "best" in line or time.monotonic() > deadline:
            break
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=120)
    # 130: interrupted, the shell's code for Ctrl-C; the files are complete.
    assert process.returncode == 130, stdout
    assert "Solver: status FEASIBLE" in stdout
    assert "Interrupted by Ctrl-C" in stdout
    assert json.loads((out / "summary.json").read_text())["interrupted"] is True
    assert_valid(load_scenario(path), out / "roster.csv")
    if phase == "(proven)":
        # The bound proved before Ctrl-C is reported with the roster.
        summary = json.loads((out / "summary.json").read_text())
        assert summary["bound"] is not None
        assert summary["bound"] <= summary["objective"]


def test_night_shifts_across_the_eu_and_sydney_changes(tmp_path: Path) -> None:
    """Night workers in Berlin and Sydney over both clock changes keep every rule."""
    import pandas as pd

    path = generate_scenario(tmp_path, agents=6, days=14, interval_minutes=60, seed=2)
    agents_file = next(tmp_path.rglob("agents.csv"))
    agents = pd.read_csv(agents_file, dtype=str)
    agents["timezone"] = ["Europe/Berlin", "Australia/Sydney"] * 3
    agents["country"] = ["DE", "AU"] * 3
    agents["contract"] = "nights"
    agents.to_csv(agents_file, index=False)
    spec = yaml.safe_load(path.read_text())
    # Every night worked, so the nights of both clock changes are in the roster.
    spec["contracts"]["nights"].update({
        "hours_per_week": {"min": 56, "max": 56}, "days_per_week": {"min": 7, "max": 7},
        "max_consecutive_days": 14, "min_weekends_off": 0, "shift_hours": [8],
        "start_window": {"earliest": "22:00", "latest": "22:00"},
    })  # fmt: skip
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    scenario = load_scenario(path)
    result = solve(scenario, params=FAST)
    assert result.roster is not None, result.explanation
    frame = result.roster.to_csv_frame()
    assert_valid(scenario, frame)
    shifts = result.roster.shifts
    elapsed = (shifts["end_utc"] - shifts["start_utc"]).dt.total_seconds() / 3600
    assert (elapsed == shifts["paid_hours"]).all()
    # On the night Berlin springs forward, an 8-hour 22:00 shift ends at 07:00.
    change_night = shifts[(shifts["timezone"] == "Europe/Berlin")
                          & (shifts["local_date"].astype(str) == "2027-03-27")]  # fmt: skip
    assert len(change_night) == 3
    for start, end in zip(change_night["start_local"], change_night["end_local"], strict=True):
        wall = (end.hour * 60 + end.minute - start.hour * 60 - start.minute) % 1440
        assert wall == 9 * 60


def test_previous_roster_carries_rest_and_consecutive_days(tmp_path: Path) -> None:
    """Last cycle's shifts bind the first days of this one."""
    import pandas as pd

    from scenario_factory import write_tiny_scenario

    path = write_tiny_scenario(tmp_path)
    rows = []
    # DE1 worked the six days before the cycle: the first day must be off.
    for day in range(16, 22):
        start = pd.Timestamp(f"2027-03-{day} 09:00", tz="Europe/Berlin")
        rows.append(
            {
                "agent_id": "DE1",
                "local_date": f"2027-03-{day}",
                "start_utc": start.tz_convert("UTC").isoformat(),
                "end_utc": (start + pd.Timedelta(hours=8)).tz_convert("UTC").isoformat(),
            }
        )
    # US1 finished at 04:00 UTC on the first day: no start before 15:00 UTC then.
    rows.append(
        {
            "agent_id": "US1",
            "local_date": "2027-03-21",
            "start_utc": "2027-03-21T20:00:00Z",
            "end_utc": "2027-03-22T04:00:00Z",
        }
    )
    pd.DataFrame(rows).to_csv(tmp_path / "previous.csv", index=False)
    path.write_text(path.read_text() + "previous_roster: previous.csv\n")
    scenario = load_scenario(path)
    assert len(scenario.previous_shifts) == 7
    result = solve(scenario, params=FAST)
    assert result.roster is not None
    assert_valid(scenario, result.roster.to_csv_frame())
    shifts = result.roster.shifts
    first_day = shifts["local_date"].astype(str) == "2027-03-22"
    assert not (first_day & (shifts["agent_id"] == "DE1")).any()
    us1 = shifts[first_day & (shifts["agent_id"] == "US1")]
    assert (us1["start_utc"] >= pd.Timestamp("2027-03-22T15:00Z")).all()


def test_initial_roster_and_cp_sat_parameters_from_the_cli(
    small_team: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["solve", str(small_team), "--out", str(tmp_path / "a"),
                                "--time-limit", "10", "--quiet"])  # fmt: skip
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["solve", str(small_team), "--out", str(tmp_path / "b"),
                                "--time-limit", "10", "--quiet", "--initial-roster",
                                str(tmp_path / "a" / "roster.csv"), "--cp-sat",
                                "random_seed=3", "--cp-sat", "num_workers=2"])  # fmt: skip
    assert again.exit_code == 0, again.output
    assert_valid(load_scenario(small_team), tmp_path / "b" / "roster.csv")
    bad = runner.invoke(app, ["solve", str(small_team), "--cp-sat", "no_such_thing=1"])
    assert bad.exit_code == 2 and "no_such_thing" in bad.output


def test_column_generation_bound_is_valid(tiny_team: Path, small_team: Path) -> None:
    """The Lagrangian bound never exceeds a proven optimum, and is not trivial."""
    from shiftplan.solver.bound import lagrangian_bound
    from shiftplan.solver.cpmodel import keeps_hard_rules
    from shiftplan.solver.heuristic import rule_keeping_roster

    outcome, _, _, scenario = _solve_and_rescore(tiny_team, 60)
    requirements = compute_requirements(scenario)
    data = ModelData.from_scenario(scenario, requirements)
    start, failed = rule_keeping_roster(data)
    assert not failed
    generation = lagrangian_bound(data, start, time_budget=20)
    assert outcome.status == "OPTIMAL" and outcome.objective is not None
    bound = generation.bound
    assert bound is not None and 0 < bound <= outcome.objective
    # The master's value is an upper bound on the relaxation, so never below
    # the bound; the roster read off it keeps every hard rule.
    assert generation.master is not None and bound <= generation.master
    assert generation.rounded is not None and keeps_hard_rules(data, generation.rounded)
    # Unsmoothed prices give a valid bound too.
    plain = lagrangian_bound(data, start, time_budget=20, smoothing=0.0).bound
    assert plain is not None and 0 < plain <= outcome.objective
    result = solve(load_scenario(small_team), params=FAST)
    assert result.bound is not None and result.objective is not None
    assert result.bound <= result.objective


def _master_from_first_roster(scenario: Scenario) -> tuple[ModelData, Any]:
    """A column-generation master holding each agent's schedule of a rule-keeping roster."""
    from shiftplan.solver.bound import agent_types
    from shiftplan.solver.heuristic import rule_keeping_roster
    from shiftplan.solver.master import RestrictedMaster

    data = ModelData.from_scenario(scenario)
    start, _ = rule_keeping_roster(data)
    master = RestrictedMaster(data, agent_types(data, {}))
    for group, members in enumerate(master.groups):
        for agent in members:
            mine = [s for s in start if data.candidates.agent[s] == agent]
            master.add_column(group, master.to_representative(agent, mine))
    return data, master


def test_lagrangian_function_is_a_bound_at_any_prices(tiny_team: Path) -> None:
    """L(y) never exceeds the optimum, whatever the prices: not only at master duals."""
    import numpy as np
    from ortools.sat.python import cp_model

    from shiftplan.solver.bound import price_all
    from shiftplan.solver.runtime import small_solver

    outcome, _, _, scenario = _solve_and_rescore(tiny_team, 60)
    assert outcome.status == "OPTIMAL" and outcome.objective is not None
    optimum = outcome.objective / 1_000_000
    data, master = _master_from_first_roster(scenario)
    solved = master.solve(30)
    assert solved is not None
    value, duals = solved
    # At the master's own duals, the dual objective is the master's value.
    convexity = sum(
        len(members) * dual
        for members, dual in zip(master.groups, master.convexity_duals(duals), strict=True)
    )
    assert master.static_value(duals) + convexity == pytest.approx(value, rel=1e-6)
    rng = np.random.default_rng(7)
    solvers: tuple[cp_model.CpSolver, ...] = (small_solver(), small_solver())
    models: dict[int, object] = {}
    for scale in (0.0, 0.1, 1.0, 10.0):
        noisy = duals + rng.normal(0.0, scale, size=duals.shape)
        priced = price_all(data, master, noisy, duals, models, solvers, float("inf"), None)
        assert priced is not None
        assert priced[0] <= optimum + 1e-6


@pytest.mark.parametrize("idle_rounds", [3, 1])
def test_master_drops_unused_schedules_without_changing_its_value(
    tiny_team: Path, idle_rounds: int
) -> None:
    """Columns unused for ``idle_rounds`` masters are deleted (three while pricing is the slow
    half of a round, one while the master is); its optimum and roster stay valid."""
    import numpy as np

    from shiftplan.solver.agent_model import build_agent_model
    from shiftplan.solver.bound import IDLE_ROUNDS_SLOW_MASTER, price_schedule
    from shiftplan.solver.cpmodel import keeps_hard_rules
    from shiftplan.solver.master import IDLE_ROUNDS
    from shiftplan.solver.runtime import small_solver

    scenario = load_scenario(tiny_team)
    data, master = _master_from_first_roster(scenario)
    # Many schedules: each agent's best at random prices.
    rng = np.random.default_rng(3)
    solver = small_solver()
    models = {g: build_agent_model(data, members[0]) for g, members in enumerate(master.groups)}
    for _ in range(5):
        for group in range(len(master.groups)):
            # Random interval prices, as each candidate's worth (its intervals' sum).
            prefix = np.concatenate([[0.0], np.cumsum(rng.normal(0.0, 1.0, data.intervals))])
            indices = models[group].indices
            values = prefix[data.candidates.stop[indices]] - prefix[data.candidates.first[indices]]
            chosen, _, _ = price_schedule(data, models[group], values, solver)
            master.add_column(group, chosen)
    assert idle_rounds in (IDLE_ROUNDS, IDLE_ROUNDS_SLOW_MASTER)
    master.idle_rounds = idle_rounds
    first = master.solve(30)
    assert first is not None
    for _ in range(idle_rounds - 1):
        assert master.solve(30) is not None
    before = len(master.owner)
    assert before > 3 * len(master.groups)
    again = master.solve(30)
    assert again is not None
    assert len(master.owner) < before
    assert again[0] == pytest.approx(first[0], rel=1e-7)
    assert keeps_hard_rules(data, master.rounded())


def test_identical_agents_share_a_type_and_each_get_a_schedule(tmp_path: Path) -> None:
    """Twins are priced once; an agent on leave is not their twin; rounding rosters all three."""
    import pandas as pd

    from shiftplan.solver.bound import agent_types, lagrangian_bound
    from shiftplan.solver.cpmodel import keeps_hard_rules
    from shiftplan.solver.heuristic import rule_keeping_roster

    path = generate_scenario(tmp_path, agents=8, days=14, interval_minutes=60, seed=4)
    agents_file = next(tmp_path.rglob("agents.csv"))
    agents = pd.read_csv(agents_file, dtype=str)
    twin, other = agents.iloc[0].copy(), agents.iloc[0].copy()
    twin["id"], twin["name"] = "twin", "Twin"
    other["id"], other["name"] = "on_leave", "On Leave"
    pd.concat([agents, pd.DataFrame([twin, other])]).to_csv(agents_file, index=False)
    spec = yaml.safe_load(path.read_text())
    leave_file = tmp_path / "leave.csv"
    start = spec["horizon"]["start"]
    leave_file.write_text(f"agent_id,first_day,last_day\non_leave,{start},{start}\n")
    spec["time_off"] = str(leave_file)
    path.write_text(yaml.safe_dump(spec))
    scenario = load_scenario(path)
    data = ModelData.from_scenario(scenario)
    index = {agent.id: i for i, agent in enumerate(scenario.agents)}
    groups = agent_types(data, {})
    group_of = {agent: g for g, members in enumerate(groups) for agent in members}
    first = index[str(agents.iloc[0]["id"])]
    assert group_of[first] == group_of[index["twin"]]
    assert group_of[first] != group_of[index["on_leave"]]
    assert len(groups) < len(scenario.agents)
    roster, _ = rule_keeping_roster(data)
    generation = lagrangian_bound(data, roster, time_budget=10)
    assert generation.rounded is not None and keeps_hard_rules(data, generation.rounded)
    working = {int(data.candidates.agent[s]) for s in generation.rounded}
    assert {first, index["twin"], index["on_leave"]} <= working


def test_descent_never_makes_a_roster_worse(tmp_path: Path) -> None:
    """Polishing any rule-keeping roster keeps or lowers its true cost, and its rules.

    The descent prices intervals by one more agent on its best queue; the
    true cost reallocates everyone. Starting from the relaxation's rounded
    roster the two disagree most, so that is one of the starts.
    """
    from shiftplan.solver.bound import lagrangian_bound
    from shiftplan.solver.cpmodel import keeps_hard_rules
    from shiftplan.solver.heuristic import improve_by_agent, roster_cost, rule_keeping_roster

    # On this team the old descent (no check of the true cost) made the
    # rounded roster worse for every seed.
    path = generate_scenario(tmp_path, agents=60, days=7, interval_minutes=60, seed=2)
    scenario = load_scenario(path)
    data = ModelData.from_scenario(scenario)
    first, failed = rule_keeping_roster(data)
    assert not failed
    rounded = lagrangian_bound(data, first, time_budget=10).rounded
    assert rounded is not None
    for start in (first, rounded):
        for seed in range(3):
            polished = improve_by_agent(data, start, time_budget=60, seed=seed, passes=3).shifts
            assert roster_cost(data, polished) <= roster_cost(data, start)
            assert keeps_hard_rules(data, polished)


def test_the_bound_counts_fairness(tiny_team: Path) -> None:
    """The master prices fairness: the bound rises with it, and stays below the optimum.

    The tiny team has a night worker, whose nights are the contract's peak
    whatever the roster. Each bound stays below the optimum of its own
    objective, scored by code that never saw the model.
    """
    from shiftplan.api import roster_frame
    from shiftplan.solver.bound import lagrangian_bound
    from shiftplan.solver.heuristic import rule_keeping_roster

    scenario = load_scenario(tiny_team)
    assert any(agent.contract == "nights" for agent in scenario.agents)
    requirements = compute_requirements(scenario)
    weights = scenario.file.weights
    assert weights.fairness > 0
    bounds = {}
    for fairness in (0.0, weights.fairness):
        chosen = weights.model_copy(update={"fairness": fairness})
        data = ModelData.from_scenario(scenario, requirements, weights=chosen)
        start, failed = rule_keeping_roster(data)
        assert not failed
        generation = lagrangian_bound(data, start, time_budget=30)
        assert generation.bound is not None and generation.stopped == "solved"
        bounds[fairness] = generation.bound
        outcome = solve_model(data, SolveParams(time_limit=60, workers=2, seed=1))
        assert outcome.status == "OPTIMAL" and outcome.objective is not None
        shifts = roster_frame(scenario, build_candidates(scenario), outcome.shifts)
        roster = Roster(shifts, allocate(scenario, requirements, shifts, chosen))
        score, _, _ = evaluate(scenario, requirements, roster, chosen)
        assert score == outcome.objective
        assert generation.bound <= score
    assert bounds[weights.fairness] > bounds[0.0]


def test_the_descent_counts_stable_starts(small_team: Path) -> None:
    """The descent's measure counts start times beyond one a week as the scorer does."""
    from shiftplan.api import roster_frame
    from shiftplan.solver.heuristic import roster_cost, rule_keeping_roster

    scenario = load_scenario(small_team)
    requirements = compute_requirements(scenario)
    weights = scenario.file.weights
    steady = weights.model_copy(update={"stable_starts": 0.0})
    data = ModelData.from_scenario(scenario, requirements, weights=weights)
    start, failed = rule_keeping_roster(data)
    assert not failed
    plain = ModelData.from_scenario(scenario, requirements, weights=steady)
    shifts = roster_frame(scenario, data.candidates, sorted(start))
    roster = Roster(shifts, allocate(scenario, requirements, shifts, weights))
    _, kpis, _ = evaluate(scenario, requirements, roster, weights)
    extra = kpis["terms"]["stable_starts"]
    assert extra > 0, "a first roster keeps no start time all week"
    counted = roster_cost(data, start) - roster_cost(plain, start)
    assert counted == data.coefficients.stable_starts * extra
