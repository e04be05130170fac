"""Demand as head-count per shift type and day ("3 on Early"), next to or instead of queues."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scenario_factory import REMOVE, write_csv, write_tiny_scenario
from shiftplan import ScenarioError, SolveParams, compute_requirements, load_scenario, solve
from shiftplan.api import roster_frame
from shiftplan.cli import EXIT_BAD_INPUT, app
from shiftplan.result import Roster
from shiftplan.scoring import allocate, evaluate
from shiftplan.scoring.cover import shift_cover_frame
from shiftplan.shifts import build_candidates
from shiftplan.solver import ModelData, solve_model
from shiftplan.validate import assert_valid

TYPES = {
    "hours_per_week": {"min": 0, "max": 40},
    "shift_hours": [8],
    "days_per_week": {"min": 0, "max": 5},
    "start_window": {"earliest": "06:00", "latest": "14:00"},
    "start_step_minutes": 60,
    "min_rest_hours": 11,
    "max_consecutive_days": 5,
    "shift_types": [
        {"name": "Early", "start": "06:00", "hours": 8},
        {"name": "Late", "start": "14:00", "hours": 8},
    ],
}


def cover_rows(early: int, late: int) -> list[dict[str, object]]:
    """Early and Late every day of the tiny week, under weight 10, over weight 1."""
    days = [f"2027-03-{day}" for day in range(22, 29)]
    return [
        {"date": day, "shift_type": kind, "required": need, "under_weight": 10, "over_weight": 1}
        for day in days
        for kind, need in (("Early", early), ("Late", late))
    ]


def cover_scenario(directory: Path, rows: list[dict[str, object]], *, queues: bool) -> Path:
    """The tiny team on Early/Late shifts with a shift-cover file, with or without queues."""
    settings: dict[str, object] = {
        "contracts": {"day": TYPES},
        "demand": "shift_cover.csv",
        "weights": {"fairness": 0, "stable_starts": 0},
        # Good Friday falls inside the week; the test's arithmetic wants every day.
        "public_holidays": False,
    }
    if not queues:
        settings.update({"queues": REMOVE, "forecast": REMOVE})
    path = write_tiny_scenario(directory, settings=settings)
    write_csv(directory / "shift_cover.csv", rows)
    return path


def test_cover_only_scenario_solves_and_recounts_to_the_solvers_objective(tmp_path: Path) -> None:
    """No queues, no forecast: the head-counts are the demand; the score adds up."""
    scenario = load_scenario(cover_scenario(tmp_path, cover_rows(1, 1), queues=False))
    assert not scenario.queues and len(scenario.shift_cover) == 14
    requirements = compute_requirements(scenario)
    candidates = build_candidates(scenario)
    data = ModelData(scenario, requirements, candidates, scenario.file.weights)
    params = SolveParams(time_limit=20, workers=2, seed=1, heuristic_share=0, bound_share=0)
    outcome = solve_model(data, params)
    assert outcome.status == "OPTIMAL"
    shifts = roster_frame(scenario, candidates, outcome.shifts)
    assert_valid(scenario, shifts)
    roster = Roster(shifts, allocate(scenario, requirements, shifts, scenario.file.weights))
    score, kpis, _ = evaluate(scenario, requirements, roster, scenario.file.weights)
    # Recomputed from the roster alone, by code that never saw the model.
    assert score == outcome.objective
    cover = shift_cover_frame(scenario, shifts)
    # Four agents, at most five days each, on leave two of them: 14 people-shifts
    # wanted, 18 possible, so nobody is short, and extra people cost, so nobody
    # is above the head-count either.
    assert cover["short"].sum() == 0 and cover["extra"].sum() == 0
    assert kpis["shift_cover"] == {"people_short": 0, "people_extra": 0, "shifts_short": 0}
    assert "service_level" not in kpis


def test_cover_next_to_queues_is_priced_by_its_weights(tmp_path: Path) -> None:
    """With queues too, a shortfall on a shift type costs its under weight per person."""
    scenario = load_scenario(cover_scenario(tmp_path, cover_rows(3, 3), queues=True))
    result = solve(scenario, params=SolveParams(time_limit=10, workers=2, seed=1))
    assert result.roster is not None
    assert_valid(scenario, result.roster.to_csv_frame())
    cover = shift_cover_frame(scenario, result.roster.shifts)
    # Six people a day wanted from a team of four: shortfalls are certain.
    assert cover["short"].sum() > 0
    expected = 10 * int(cover["short"].sum()) + int(cover["extra"].sum())
    assert result.kpis["objective_by_term"]["shift_cover"] == pytest.approx(expected)


def test_solve_cli_writes_shift_cover_file(tmp_path: Path) -> None:
    path = cover_scenario(tmp_path, cover_rows(1, 1), queues=False)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["solve", str(path), "--out", str(out), "--time-limit", "5", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert "Shift cover: short by 0 people" in result.output
    assert "None" not in result.output
    written = (out / "shift_cover.csv").read_text().splitlines()
    assert written[0] == "date,weekday,shift_type,required,scheduled,short,extra"
    assert written[1].startswith("2027-03-22,Mon,Early,1,")
    assert not (out / "coverage.png").exists()


def test_bad_shift_cover_rows_are_named(tmp_path: Path) -> None:
    rows = cover_rows(1, 1)
    rows[0] = {**rows[0], "shift_type": "Erly"}
    rows[1] = {**rows[1], "required": "2.5"}
    rows[2] = {**rows[2], "date": "2027-04-30"}
    rows[3] = {**rows[3], "over_weight": "-1"}
    rows[5] = dict(rows[4])
    with pytest.raises(ScenarioError) as caught:
        load_scenario(cover_scenario(tmp_path, rows, queues=False))
    text = str(caught.value)
    assert "shift_cover.csv row 2" in text and "did you mean 'Early'?" in text
    assert "row 3" in text and "whole number" in text
    assert "2027-04-30 lies outside the horizon" in text
    assert "row 5" in text and "over_weight" in text
    assert "listed twice" in text and "row 6 has it too" in text


def test_scenario_needs_some_demand(tmp_path: Path) -> None:
    path = write_tiny_scenario(tmp_path, settings={"queues": REMOVE, "forecast": REMOVE})
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == EXIT_BAD_INPUT
    assert "needs queues with a forecast, or demand" in result.output


def test_descent_prices_shift_cover_exactly(tmp_path: Path) -> None:
    """The agent-by-agent descent sees head-counts: it fills short shifts and never worsens."""
    from shiftplan.solver.heuristic import improve_by_agent, roster_cost, rule_keeping_roster

    scenario = load_scenario(cover_scenario(tmp_path, cover_rows(2, 1), queues=False))
    requirements = compute_requirements(scenario)
    candidates = build_candidates(scenario)
    data = ModelData(scenario, requirements, candidates, scenario.file.weights)
    start, failed = rule_keeping_roster(data)
    assert not failed
    descent = improve_by_agent(data, start, time_budget=60, seed=1, passes=20)
    assert roster_cost(data, descent.shifts) <= roster_cost(data, start)
    shifts = roster_frame(scenario, candidates, sorted(descent.shifts))
    assert_valid(scenario, shifts)
    roster = Roster(shifts, allocate(scenario, requirements, shifts, scenario.file.weights))
    score, kpis, _ = evaluate(scenario, requirements, roster, scenario.file.weights)
    # Without requests the descent's cost is the whole objective, recounted.
    assert roster_cost(data, descent.shifts) == score
    # 21 people-shifts wanted, 18 possible: at least 3 short, and the descent
    # leaves nobody idle who could fill a short shift.
    assert kpis["shift_cover"]["people_short"] >= 3
    assert kpis["shift_cover"]["people_short"] <= 5


@pytest.mark.parametrize("queues", [False, True])
def test_column_generation_bound_prices_head_counts(tmp_path: Path, queues: bool) -> None:
    """The bound prices head-count rows, alone or next to queues, and never passes the optimum."""
    from shiftplan.solver.bound import lagrangian_bound
    from shiftplan.solver.heuristic import roster_cost, rule_keeping_roster

    scenario = load_scenario(cover_scenario(tmp_path, cover_rows(2, 1), queues=queues))
    requirements = compute_requirements(scenario)
    candidates = build_candidates(scenario)
    data = ModelData(scenario, requirements, candidates, scenario.file.weights)
    params = SolveParams(time_limit=30, workers=2, seed=1, heuristic_share=0, bound_share=0)
    outcome = solve_model(data, params)
    # Proven optimal in seconds here, but a CI run once ended FEASIBLE at 30 s;
    # its objective still bounds the optimum from above, which is what is used.
    assert outcome.status in ("OPTIMAL", "FEASIBLE") and outcome.objective is not None
    assert_valid(scenario, roster_frame(scenario, candidates, outcome.shifts))
    start, failed = rule_keeping_roster(data)
    assert not failed
    generation = lagrangian_bound(data, start, time_budget=20)
    # 21 people-shifts wanted and 18 possible: at least 3 short at weight 10,
    # which the bound must see (less the hair it gives up against rounding).
    assert generation.bound is not None
    assert 0.999 * 3 * 10 * 1000 * data.coefficients.shift_cover <= generation.bound
    assert generation.bound <= outcome.objective
    if queues:
        # The integer master is for head-count demand alone (see integer_roster).
        assert generation.integer is None
        return
    assert generation.integer is not None
    assert_valid(scenario, roster_frame(scenario, candidates, sorted(generation.integer)))
    if outcome.status == "OPTIMAL":
        assert roster_cost(data, generation.integer) >= roster_cost(data, frozenset(outcome.shifts))
