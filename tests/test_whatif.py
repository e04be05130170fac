"""What-if hire: the ranking follows the hole in coverage and repeats exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from shiftplan import load_scenario
from shiftplan.cli import app
from shiftplan.generate import generate_scenario
from shiftplan.validate import assert_valid
from shiftplan.whatif import baseline, default_zones, hypothetical_agent, rank_hires, with_agent


@pytest.fixture(scope="module")
def americas_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A team with nobody in Asia-Pacific: a hole during APAC business hours.

    The generated team's agents in Asia and Australia move to Toronto, so
    the Americas and EMEA stay covered and only APAC daytime is empty.
    """
    folder = tmp_path_factory.mktemp("americas")
    path = generate_scenario(folder, agents=12, days=7, interval_minutes=60, seed=5)
    agents_file = next(folder.rglob("agents.csv"))
    agents = pd.read_csv(agents_file, dtype=str)
    apac = agents["timezone"].str.startswith(("Asia/", "Australia/"))
    agents.loc[apac, "timezone"] = "America/Toronto"
    agents.loc[apac, "country"] = "CA"
    agents.loc[agents["contract"] == "nights", "contract"] = "full-time"
    agents.to_csv(agents_file, index=False)
    return path


def test_top_zone_is_where_the_hole_is_daytime(americas_only: Path) -> None:
    scenario = load_scenario(americas_only)
    zones = ["America/Toronto", "Europe/Berlin", "Asia/Manila", "Asia/Kolkata"]
    ranking = rank_hires(scenario, timezones=zones, workers=1)
    assert ranking["timezone"].iloc[0] in ("Asia/Manila", "Asia/Kolkata")
    assert ranking["late_contacts_avoided"].iloc[0] > 0


def test_ranking_repeats_exactly_whatever_the_processes(americas_only: Path) -> None:
    scenario = load_scenario(americas_only)
    zones = ["Asia/Manila", "Europe/Berlin", "America/Vancouver"]
    base = baseline(scenario)
    once = rank_hires(scenario, timezones=zones, workers=1, base=base)
    twice = rank_hires(scenario, timezones=zones, workers=2, base=base)
    pd.testing.assert_frame_equal(once, twice)


def test_hired_roster_keeps_every_rule(americas_only: Path) -> None:
    from shiftplan.result import Roster
    from shiftplan.whatif import _roster

    scenario = load_scenario(americas_only)
    base = baseline(scenario)
    assert_valid(scenario, Roster(base.roster, {}).to_csv_frame())
    hired = with_agent(scenario, hypothetical_agent(scenario, "Asia/Manila", None, None))
    roster, _, _ = _roster(
        hired, base.requirements, base.roster, 0, 2, first=(len(hired.agents) - 1,)
    )
    assert_valid(hired, Roster(roster, {}).to_csv_frame())
    assert (roster["agent_id"] == hired.agents[-1].id).any()


def test_default_zones_keep_half_hour_and_quarter_hour_offsets(americas_only: Path) -> None:
    zones = default_zones(load_scenario(americas_only))
    assert "Asia/Kolkata" in zones and "Asia/Kathmandu" in zones
    assert len(zones) == len(set(zones)) >= 24


def test_cli_whatif_hire_writes_ranking(americas_only: Path, tmp_path: Path) -> None:
    out = tmp_path / "ranking.csv"
    result = CliRunner().invoke(
        app,
        [
            "whatif",
            "hire",
            str(americas_only),
            "--timezones",
            "Asia/Manila,Europe/Berlin",
            "--workers",
            "1",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    ranking = pd.read_csv(out)
    assert list(ranking["rank"]) == [1, 2]
    bad = CliRunner().invoke(
        app,
        ["whatif", "hire", str(americas_only), "--timezones", "Asia/Manilla", "--out", str(out)],
    )
    assert bad.exit_code == 2
    assert "Asia/Manila" in bad.output


def test_volume_leave_and_contract_report_before_and_after(americas_only: Path) -> None:
    runner = CliRunner()
    more = runner.invoke(app, ["whatif", "volume", str(americas_only), "--change", "+30%"])
    assert more.exit_code == 0, more.output
    assert "late_contacts" in more.output
    scenario = load_scenario(americas_only)
    from shiftplan.whatif import agent_leaves, change_contract, change_volume

    busier = change_volume(scenario, 0.3)
    late = busier[(busier["queue"] == "all") & (busier["kpi"] == "late_contacts")]
    assert float(late["after"].iloc[0]) > float(late["before"].iloc[0])
    leaver = scenario.agents[0].id
    table, ranking = agent_leaves(scenario, leaver, timezones=["Asia/Manila"], workers=1)
    paid = table[(table["queue"] == "all") & (table["kpi"] == "paid_hours")]
    assert float(paid["after"].iloc[0]) < float(paid["before"].iloc[0])
    assert ranking["timezone"].tolist() == ["Asia/Manila"]
    part_timer = change_contract(scenario, leaver, "part-time")
    paid = part_timer[(part_timer["queue"] == "all") & (part_timer["kpi"] == "paid_hours")]
    assert float(paid["after"].iloc[0]) < float(paid["before"].iloc[0])
    bad = runner.invoke(app, ["whatif", "leave", str(americas_only), "--agent", "NOPE"])
    assert bad.exit_code == 2 and "NOPE" in bad.output


def test_joint_plan_is_never_worse_than_greedy(americas_only: Path) -> None:
    from shiftplan.whatif import plan_hires

    plans = plan_hires(load_scenario(americas_only), 2, timezones=["Asia/Manila", "Europe/Berlin",
                       "Asia/Kolkata"], workers=1, shortlist=3)  # fmt: skip
    greedy = plans[plans["plan"] == "greedy"].iloc[0]
    joint = plans[plans["plan"] == "joint"].iloc[0]
    now = plans[plans["plan"] == "now"].iloc[0]
    assert (joint["late_contacts"], joint["agent_hours_short"]) <= (
        greedy["late_contacts"], greedy["agent_hours_short"])  # fmt: skip
    assert greedy["late_contacts"] < now["late_contacts"]


def test_verified_improvement_matches_a_separate_solve(americas_only: Path, tmp_path: Path) -> None:
    from shiftplan import SolveParams, solve

    out = tmp_path / "ranking.csv"
    saved_dir = tmp_path / "with_hire"
    arguments = ["whatif", "hire", str(americas_only), "--timezones",
                 "Asia/Manila,Europe/Berlin", "--workers", "1", "--verify", "1",
                 "--deterministic-time", "2", "--save-scenario", str(saved_dir),
                 "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    ranking = pd.read_csv(out)
    verified = float(ranking.loc[0, "verified_late_contacts_avoided"])
    params = SolveParams(time_limit=3600, seed=0, deterministic_limit=2)
    before = solve(load_scenario(americas_only), params=params).kpis["late_contacts"]
    separate = CliRunner().invoke(app, ["solve", str(saved_dir / "scenario.yaml"), "--out",
                                        str(tmp_path / "out"), "--deterministic-time", "2",
                                        "--seed", "0", "--quiet"])  # fmt: skip
    assert separate.exit_code == 0, separate.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    after = summary["kpis"]["late_contacts"]
    assert round(before - after, 2) == pytest.approx(verified)
