"""What-if: hiring advice follows the short hours, repeats exactly, and names one baseline."""

from __future__ import annotations

import json
import os
import signal
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from scenario_factory import REMOVE, grid_starts, stamp, write_tiny_scenario
from shiftplan import load_scenario
from shiftplan.cli import app
from shiftplan.result import Roster
from shiftplan.validate import assert_valid
from shiftplan.whatif import (
    Baseline,
    HireRanking,
    candidate_markets,
    compute_baseline,
    hypothetical_agent,
    parse_market,
    rank_hires,
    replan,
    with_agent,
)
from shiftplan.whatif.markets import zone_countries

# The baseline's deterministic time in these tests: small, the solve is tiny.
DETERMINISTIC = 0.2


def _team(zones: list[tuple[str, str]], per_zone: int = 2) -> list[dict[str, object]]:
    return [
        {"id": f"{country}{n}", "name": f"Agent {country}{n}", "timezone": zone,
         "country": country, "contract": "day", "skills": "chat;email"}
        for zone, country in zones
        for n in range(1, per_zone + 1)
    ]  # fmt: skip


def _forecast(busy_utc_hours: range, team_utc_hours: range) -> list[dict[str, object]]:
    """Chat and email contacts: heavy in ``busy_utc_hours``, light where the team works."""
    rows: list[dict[str, object]] = []
    for queue, scale in (("chat", 1.0), ("email", 0.5)):
        for moment in grid_starts():
            contacts = 0
            if moment.hour in busy_utc_hours:
                contacts = 14
            elif moment.hour in team_utc_hours:
                contacts = 6
            rows.append(
                {"queue": queue, "interval_start": stamp(moment), "contacts": int(contacts * scale)}
            )
    return rows


# Each case: a team, the UTC hours its customers write in while nobody can
# serve them, and the regions whose daytime those hours are.
REGION_CASES = {
    "asia-pacific": (
        [("Europe/Berlin", "DE")], range(1, 7), range(8, 15), {"Asia-Pacific"}
    ),
    "americas": (
        [("Europe/Berlin", "DE")], range(17, 22), range(8, 15), {"Americas"}
    ),
    "europe-africa": (
        [("America/Toronto", "CA"), ("Asia/Tokyo", "JP")], range(8, 12), range(14, 20),
        {"Europe", "Africa", "Middle East"},
    ),
}  # fmt: skip


def _region_scenario(folder: Path, case: str) -> Path:
    zones, busy, team_hours, _ = REGION_CASES[case]
    return write_tiny_scenario(
        folder,
        settings={"name": f"Short in {case} daytime", "time_off": REMOVE},
        agents=_team(zones),
        forecast=_forecast(busy, team_hours),
    )


@pytest.fixture(scope="module")
def berlin_team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Berlin team whose customers also write in during Asia-Pacific daytime.

    Small enough (2 agents, 7 days, 60-minute grid) for many re-plannings.
    """
    return _region_scenario(tmp_path_factory.mktemp("berlin"), "asia-pacific")


@pytest.fixture(scope="module")
def berlin_baseline(berlin_team: Path) -> Baseline:
    """The Berlin team's baseline, solved once for the tests that only rank."""
    return compute_baseline(load_scenario(berlin_team), deterministic_time=DETERMINISTIC)


@pytest.mark.parametrize("case", list(REGION_CASES))
def test_top_group_is_in_the_region_whose_daytime_is_short(
    case: str, tmp_path: Path, berlin_team: Path, berlin_baseline: Baseline
) -> None:
    if case == "asia-pacific":  # the Berlin team's case: reuse its baseline
        scenario, base = load_scenario(berlin_team), berlin_baseline
    else:
        scenario = load_scenario(_region_scenario(tmp_path, case))
        base = compute_baseline(scenario, deterministic_time=DETERMINISTIC)
    ranking = rank_hires(scenario, base=base, workers=2)
    expected = REGION_CASES[case][3]
    top = ranking.frame[ranking.frame["group"] == 1]
    assert set(top["region"]) <= expected, ranking.frame[["city", "region", "group"]].head(8)
    assert top["late_contacts_avoided"].iloc[0] > 0
    assert ranking.groups[0].name.startswith(tuple(expected))
    # The reasons: the short hours it works are inside the busy UTC hours.
    assert top["short_hours_covered"].iloc[0] > 0
    assert top["short_window_report"].iloc[0]


def test_no_default_candidate_is_uninhabited(berlin_team: Path) -> None:
    scenario = load_scenario(berlin_team)
    for markets in ("team", "hubs", "all"):
        for candidate in candidate_markets(scenario, markets):
            for market in (candidate.market, *candidate.same_as):
                assert market.timezone in zone_countries(), market
                assert not market.timezone.startswith(("Etc/", "Antarctica/")), market
                assert market.timezone not in ("Pacific/Midway", "America/Adak"), market
                assert len(market.country) == 2 and market.city


def test_candidates_are_distinct_offsets_and_holidays(berlin_team: Path) -> None:
    scenario = load_scenario(berlin_team)
    candidates = candidate_markets(scenario, "all")
    keys = {(c.offsets, c.holidays, c.market.timezone) for c in candidates}
    assert len(keys) == len(candidates)
    labels = [c.label for c in candidates]
    assert labels[0] == "Berlin (DE)"  # the team's own city first
    manila = next(c for c in candidates if c.label == "Manila (PH)")
    assert "Cebu (PH)" in [m.label for m in manila.same_as]
    # The hire gets the country's holidays: Good Friday 2027 in the Philippines.
    assert datetime(2027, 3, 26).date() in manila.holidays
    only = candidate_markets(scenario, countries=["PH", "NZ"])
    assert {c.market.country for c in only} == {"PH", "NZ"}


def test_timezones_need_a_country_where_the_zone_has_none() -> None:
    assert parse_market("Asia/Manila").country == "PH"
    assert parse_market("Etc/GMT-8:PH").country == "PH"
    from shiftplan.errors import ShiftplanError

    with pytest.raises(ShiftplanError, match="timezone 'Etc/GMT-8' is not the zone of any"):
        parse_market("Etc/GMT-8")
    with pytest.raises(ShiftplanError, match="'Asia/Manilla' is not an IANA time zone"):
        parse_market("Asia/Manilla")
    with pytest.raises(ShiftplanError, match="country 'XX'"):
        parse_market("Asia/Manila:XX")


def test_ranking_identical_with_one_and_two_processes(
    berlin_team: Path, berlin_baseline: Baseline
) -> None:
    scenario = load_scenario(berlin_team)
    once = rank_hires(scenario, base=berlin_baseline, workers=1)
    twice = rank_hires(scenario, base=berlin_baseline, workers=2)
    pd.testing.assert_frame_equal(once.frame, twice.frame)
    assert once.groups == twice.groups
    assert len(once.frame) == len(candidate_markets(scenario))


def test_baseline_equals_solve_with_the_same_settings(
    berlin_team: Path, berlin_baseline: Baseline, tmp_path: Path
) -> None:
    solved = CliRunner().invoke(
        app,
        ["solve", str(berlin_team), "--out", str(tmp_path / "out"), "--deterministic-time",
         str(DETERMINISTIC), "--seed", "0", "--quiet"],
    )  # fmt: skip
    assert solved.exit_code == 0, solved.output
    kpis = json.loads((tmp_path / "out" / "summary.json").read_text())["kpis"]
    for key in ("late_contacts", "agent_hours_short", "paid_hours", "service_level"):
        assert berlin_baseline.kpis[key] == kpis[key], key
    assert berlin_baseline.command.endswith(f"--deterministic-time {DETERMINISTIC:g} --seed 0")
    line = berlin_baseline.lines()[0]
    assert f"{round(kpis['late_contacts']):,} late contacts" in line


def test_hired_roster_keeps_every_rule(berlin_team: Path, berlin_baseline: Baseline) -> None:
    scenario = load_scenario(berlin_team)
    assert berlin_baseline.result.roster is not None
    assert_valid(scenario, berlin_baseline.result.roster.to_csv_frame())
    hired = with_agent(scenario, hypothetical_agent(scenario, parse_market("Asia/Manila")))
    after = replan(
        hired, berlin_baseline.requirements, berlin_baseline.roster, 0, 1,
        first=(len(hired.agents) - 1,),
    )  # fmt: skip
    assert_valid(hired, Roster(after.shifts, {}).to_csv_frame())
    assert (after.shifts["agent_id"] == hired.agents[-1].id).any()


def test_time_limit_and_ctrl_c_keep_the_ranking_so_far(
    berlin_team: Path, berlin_baseline: Baseline
) -> None:
    scenario = load_scenario(berlin_team)
    cut = rank_hires(scenario, base=berlin_baseline, workers=1, time_limit=0)
    assert cut.stopped == "time limit" and cut.frame.empty
    assert len(cut.not_evaluated) == len(candidate_markets(scenario))
    assert "Stopped by time limit: 0 of" in cut.report()

    def press_ctrl_c(line: str) -> None:
        # A real SIGINT, as a terminal sends it, after the second candidate.
        if "candidates 2 of" in line:
            os.kill(os.getpid(), signal.SIGINT)

    stopped = rank_hires(scenario, base=berlin_baseline, workers=1, report=press_ctrl_c)
    assert stopped.stopped == "Ctrl-C"
    assert len(stopped.frame) == 2 and stopped.not_evaluated
    assert "Stopped by Ctrl-C: 2 of" in stopped.report()


def _check_people_text(text: str) -> None:
    for word in ("None", "nan", "NaN"):
        assert word not in text


def test_cli_hire_prints_the_baseline_and_writes_a_rounded_ranking_and_a_chart(
    berlin_team: Path, berlin_baseline: Baseline, tmp_path: Path
) -> None:
    out = tmp_path / "ranking.csv"
    saved_dir = tmp_path / "with_hire"
    result = CliRunner().invoke(
        app,
        ["whatif", "hire", str(berlin_team), "--timezones", "Asia/Manila,Europe/Lisbon:PT",
         "--deterministic-time", str(DETERMINISTIC), "--workers", "1", "--verify", "1",
         "--save-scenario", str(saved_dir), "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    _check_people_text(result.stdout)
    # The one baseline, with the command that reproduces it.
    assert berlin_baseline.lines()[0] in result.stdout
    assert "--deterministic-time 0.2 --seed 0" in result.stdout
    assert "Why (top 3):" in result.stdout and "Europe/Berlin" in result.stdout
    ranking = pd.read_csv(out, keep_default_na=False)
    assert list(ranking["rank"]) == [1, 2]
    assert ranking.loc[0, "market"] == "Manila (PH)"
    assert all(float(value) * 2 == int(float(value) * 2) for value in ranking["paid_hours"])
    assert all(isinstance(value, int | float) for value in ranking["late_contacts_avoided"])
    assert (tmp_path / "ranking.png").stat().st_size > 10_000
    # The verified figure is what two separate solves report; the row not
    # verified is blank, not None.
    assert ranking.loc[1, "verified_late_contacts_avoided"] == ""
    separate = CliRunner().invoke(app, ["solve", str(saved_dir / "scenario.yaml"), "--out",
                                        str(tmp_path / "out"), "--deterministic-time",
                                        str(DETERMINISTIC), "--seed", "0", "--quiet"])  # fmt: skip
    assert separate.exit_code == 0, separate.output
    after = json.loads((tmp_path / "out" / "summary.json").read_text())["kpis"]["late_contacts"]
    verified = int(ranking.loc[0, "verified_late_contacts_avoided"])
    assert round(berlin_baseline.kpis["late_contacts"] - after) == verified


def test_cli_hire_errors_name_the_field_and_value(berlin_team: Path, tmp_path: Path) -> None:
    out = tmp_path / "ranking.csv"
    bad = CliRunner().invoke(
        app, ["whatif", "hire", str(berlin_team), "--timezones", "Asia/Manilla", "--out", str(out)]
    )
    assert bad.exit_code == 2
    assert "timezone: 'Asia/Manilla' is not an IANA time zone" in bad.output
    assert "Asia/Manila" in bad.output
    contract = CliRunner().invoke(
        app, ["whatif", "hire", str(berlin_team), "--contract", "nights", "--out", str(out)]
    )
    assert contract.exit_code == 2
    assert "contract 'nights' is not one of the scenario's contracts: day" in contract.output
    assert not out.exists()


def test_volume_leave_and_contract_print_the_baseline_and_rounded_tables(
    berlin_team: Path,
) -> None:
    runner = CliRunner()
    common = ["--deterministic-time", str(DETERMINISTIC)]
    more = runner.invoke(app, ["whatif", "volume", str(berlin_team), "--change", "+30%", *common])
    assert more.exit_code == 0, more.output
    assert "Baseline, as `shiftplan solve" in more.stdout
    assert "late contacts" in more.stdout and "paid hours" in more.stdout
    _check_people_text(more.stdout)
    leave = runner.invoke(
        app,
        ["whatif", "leave", str(berlin_team), "--agent", "DE1", "--markets", "team",
         "--workers", "1", *common],
    )  # fmt: skip
    assert leave.exit_code == 0, leave.output
    assert "Agent DE1 leaves" in leave.stdout and "Berlin (DE)" in leave.stdout
    _check_people_text(leave.stdout)
    bad = runner.invoke(app, ["whatif", "leave", str(berlin_team), "--agent", "NOPE", *common])
    assert bad.exit_code == 2 and "agent id 'NOPE' is not in the scenario's agents" in bad.output
    queue = runner.invoke(
        app, ["whatif", "volume", str(berlin_team), "--change", "+5%", "--queue", "phone"]
    )
    assert queue.exit_code == 2 and "queue 'phone' is not one of" in queue.output


def test_changes_move_the_figures_the_right_way(
    berlin_team: Path, berlin_baseline: Baseline
) -> None:
    from shiftplan.whatif import change_contract, change_volume

    scenario = load_scenario(berlin_team)
    busier = change_volume(scenario, 0.5, base=berlin_baseline)
    assert busier.after["late_contacts"] > berlin_baseline.reference.kpis["late_contacts"]
    fewer = change_contract(scenario, "DE1", "day", base=berlin_baseline)
    table = fewer.table()
    assert set(table.columns) == {"queue", "figure", "before", "after", "change"}
    assert (table["figure"] == "paid hours").any()


def test_joint_plan_is_never_worse_than_greedy(
    berlin_team: Path, berlin_baseline: Baseline
) -> None:
    from shiftplan.whatif import plan_hires

    scenario = load_scenario(berlin_team)
    ranking = rank_hires(
        scenario, timezones=["Asia/Manila", "Europe/Lisbon", "America/Toronto"],
        base=berlin_baseline, workers=1,
    )  # fmt: skip
    plans = plan_hires(ranking, 2, shortlist=3, workers=1)
    greedy = plans[plans["plan"] == "greedy"].iloc[0]
    joint = plans[plans["plan"] == "joint"].iloc[0]
    now = plans[plans["plan"] == "now"].iloc[0]
    assert (joint["late_contacts"], joint["agent_hours_short"]) <= (
        greedy["late_contacts"], greedy["agent_hours_short"])  # fmt: skip
    assert greedy["late_contacts"] < now["late_contacts"]


def test_ranking_chart_draws_on_a_given_axes(berlin_team: Path, berlin_baseline: Baseline) -> None:
    import matplotlib
    from matplotlib.figure import Figure

    from shiftplan.plotting import plot_ranking

    backend = matplotlib.get_backend()
    scenario = load_scenario(berlin_team)
    ranking: HireRanking = rank_hires(scenario, base=berlin_baseline, markets="team", workers=1)
    figure = plot_ranking(ranking)
    assert isinstance(figure, Figure)
    assert figure.axes[0].get_title().startswith("Best next hire:")
    mine = Figure()
    ax = mine.add_subplot()
    assert plot_ranking(ranking, ax=ax) is mine
    assert len(ax.patches) == len(ranking.frame)
    assert matplotlib.get_backend() == backend
