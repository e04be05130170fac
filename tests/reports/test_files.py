"""Reports for managers: gap windows and their causes, headline, denied requests, files.

Each figure is checked against an independent recount: coverage from
roster.csv by the validator, holidays from the `holidays` package itself.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import holidays as holidays_lib
import numpy as np
import pandas as pd

from shiftplan.reports.gaps import GAP_COLUMNS
from shiftplan.reports.headline import headline
from shiftplan.reports.requests import denied_requests
from shiftplan.reports.words import hours, percent, window_text
from shiftplan.result import Roster
from shiftplan.scenario.models import Weights
from shiftplan.scoring.kpis import evaluate
from shiftplan.staffing.requirements import compute_requirements
from shiftplan.validate import assert_valid, recount_coverage, validate_roster

Solved = tuple[Any, Any, Path]


def test_the_solved_roster_keeps_every_rule(solved_tiny: Solved) -> None:
    scenario, _, out = solved_tiny
    assert_valid(scenario, out / "roster.csv")


def test_nobody_on_in_coverage_csv_matches_a_recount_from_roster_csv(solved_tiny: Solved) -> None:
    scenario, _, out = solved_tiny
    roster = pd.read_csv(out / "roster.csv")
    coverage = pd.read_csv(out / "coverage.csv")
    on = recount_coverage(scenario, roster)
    for queue in scenario.queues:
        counts = on[queue.skill].to_numpy()
        rows = coverage[coverage["queue"] == queue.name]
        expected = (rows["required"].to_numpy() > 0) & (counts == 0)
        assert list(rows["nobody_on"]) == list(expected), queue.name
    assert coverage["nobody_on"].any(), "the tiny team leaves some hours empty"


def test_gap_windows_stay_within_one_report_day_and_add_up(solved_tiny: Solved) -> None:
    scenario, _, out = solved_tiny
    gaps = pd.read_csv(out / "gaps.csv", keep_default_na=False)
    coverage = pd.read_csv(out / "coverage.csv")
    assert tuple(gaps.columns) == GAP_COLUMNS
    zone = scenario.report_zone
    for row in gaps.itertuples():
        start = pd.Timestamp(row.start_utc).tz_convert(zone)
        last = (pd.Timestamp(row.end_utc) - pd.Timedelta(minutes=1)).tz_convert(zone)
        assert start.date() == last.date(), row
        assert row.weekday == f"{start:%a}"
        assert row.hours <= 24
        assert row.cause and row.causes.startswith(row.cause)
    step = scenario.horizon.interval_minutes / 60
    for queue, rows in gaps.groupby("queue"):
        short = coverage.loc[coverage["queue"] == queue, "shortfall"].sum() * step
        assert rows["agent_hours_short"].sum() == short
    # Nobody-online windows come first.
    flags = list(gaps["nobody_on"])
    assert flags == sorted(flags, reverse=True)
    assert any(flags)


def test_holiday_causes_name_the_countries_and_holidays_of_those_days(
    solved_tiny: Solved,
) -> None:
    scenario, _, out = solved_tiny
    gaps = pd.read_csv(out / "gaps.csv", keep_default_na=False)
    named = gaps[gaps["causes"].str.contains("public holiday:")]
    assert len(named), "Easter 2027 falls in the tiny scenario"
    tables = {
        country: holidays_lib.country_holidays(country, years=[2027])
        for country in ("AU", "DE", "PH", "US")
    }
    for row in named.itertuples():
        text = row.causes.split("public holiday: ")[1].split(" agent-hours)")[0]
        first = pd.Timestamp(row.start_utc).date()
        days = [date.fromordinal(first.toordinal() + k) for k in (-1, 0, 1)]
        pairs = re.findall(r"([^,(]+?) \(([A-Z]{2}(?:, [A-Z]{2})*)\)", text)
        assert pairs, text
        for name, countries in pairs:
            for country in countries.split(", "):
                names = {str(tables[country].get(day)) for day in days}
                assert name.strip() in names, (name, country, row.start_utc)
                assert any(day in scenario.holidays[country] for day in days)


def test_headline_figures_are_the_coverage_sums(solved_tiny: Solved) -> None:
    scenario, result, out = solved_tiny
    coverage = pd.read_csv(out / "coverage.csv")
    roster = pd.read_csv(out / "roster.csv")
    head = headline(scenario, coverage, float(roster["paid_hours"].sum()))
    step = scenario.horizon.interval_minutes / 60
    assert head.required_hours == coverage["required"].sum() * step
    assert head.short_hours == coverage["shortfall"].sum() * step
    assert head.paid_hours == result.kpis["paid_hours"]
    chat = next(q for q in head.queues if q.queue == "chat")
    rows = coverage[coverage["queue"] == "chat"]
    level = 1 - rows["expected_late_contacts"].sum() / rows["contacts"].sum()
    assert abs((chat.service_level or 0) - level) < 1e-3
    assert chat.target == 0.8
    text = "\n".join(head.sentences())
    assert f"{hours(head.required_hours)} agent-hours" in text
    assert f"chat: {percent(chat.service_level)} answered within 60 s (target 80%)" in text
    for word in ("objective", "bound", "FEASIBLE", "None", "nan"):
        assert word not in text


def test_denied_requests_say_which_and_why(solved_tiny: Solved) -> None:
    scenario, result, _ = solved_tiny
    denied = denied_requests(scenario, result.roster.to_csv_frame())
    reasons = dict(zip(denied["agent_id"], denied["reason"], strict=True))
    assert reasons["US1"] == "the day is time off"
    assert reasons["PH1"] == "the day is public holiday"
    assert set(denied["date"]) >= {"Wed 2027-03-24", "Fri 2027-03-26"}


def test_a_denied_day_off_names_the_rule_that_forbids_it(solved_tiny: Solved) -> None:
    scenario, result, _ = solved_tiny
    shifts = result.roster.to_csv_frame()
    agent = scenario.agent(shifts["agent_id"].iloc[0])
    day = date.fromisoformat(shifts["local_date"].iloc[0])
    contract = scenario.contracts[agent.contract]

    def with_min_days(days: int) -> Any:
        """The scenario where the contract asks for at least ``days`` days a week."""
        tighter = contract.model_copy(
            update={"days_per_week": contract.days_per_week.model_copy(update={"min": days})}
        )
        spec = scenario.file.model_copy(update={"contracts": {agent.contract: tighter}})
        wish = type(scenario.requests[0])(agent_id=agent.id, day=day, kind="off", weight=1)
        return scenario.model_copy(update={"file": spec, "requests": (wish,)})

    # The most days a week the roster still keeps: a day off more breaks the rule.
    days = max(
        d
        for d in range(1, contract.days_per_week.max + 1)
        if not validate_roster(with_min_days(d), shifts)
    )
    denied = denied_requests(with_min_days(days), shifts)
    assert list(denied["reason"]) == ["a rule: weekly days"]
    assert list(denied["wish"]) == ["not to work a shift"]


def test_weekends_worked_and_weekend_shifts_are_counted_apart(solved_tiny: Solved) -> None:
    scenario, result, _ = solved_tiny
    shifts = result.roster.shifts
    requirements = compute_requirements(scenario)
    _, kpis, _ = evaluate(scenario, requirements, Roster(shifts, {}), Weights())
    for person in kpis["agents"]:
        mine = shifts[shifts["agent_id"] == person["agent_id"]]
        weekend = [stamp for stamp in mine["start_local"] if stamp.weekday() >= 5]
        assert person["weekend_shifts"] == len(weekend)
        assert person["weekends_worked"] == len({stamp.isocalendar()[1] for stamp in weekend})
        assert person["weekends_worked"] <= person["weekend_shifts"]


def test_summary_json_names_the_scenario_and_keeps_the_solver_figures(
    solved_tiny: Solved,
) -> None:
    scenario, result, out = solved_tiny
    summary = json.loads((out / "summary.json").read_text())
    assert Path(summary["scenario_file"]) == scenario.path.resolve()
    assert summary["status"] == result.status
    assert summary["objective"] == result.objective
    assert summary["headline"][0].startswith("The forecast needs")
    assert {row["agent_id"] for row in summary["requests_not_met"]} >= {"US1", "PH1"}


def test_words_round_to_what_numbers_mean() -> None:
    assert hours(5795.26) == "5,795.5"
    assert hours(12.0) == "12"
    assert percent(0.8974) == "90%"
    assert percent(float("nan")) == "no contacts"
    text = window_text("2027-03-26T04:00Z", "2027-03-26T07:00Z", _zone("America/Toronto"))
    assert text == "Fri 2027-03-26 00:00-03:00 EDT (Fri 04:00-07:00 UTC)"
    text = window_text("2027-03-26T03:00Z", "2027-03-26T04:00Z", _zone("America/Toronto"))
    assert text == "Thu 2027-03-25 23:00-24:00 EDT (Fri 03:00-04:00 UTC)"


def _zone(name: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def test_result_summary_speaks_plainly(solved_tiny: Solved) -> None:
    _, result, _ = solved_tiny
    text = result.summary()
    assert text.startswith("Roster: ")
    assert "Service level" in text
    assert "None" not in text and "nan" not in text
    assert np.isfinite(result.objective)
