"""The synthetic scenario generator and the bundled example it writes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import yaml

from shiftplan.generate import generate_scenario
from shiftplan.scenario.load import load_scenario
from shiftplan.scenario.models import Scenario

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "example.yaml"


def _load(path: Path) -> Scenario:
    return load_scenario(path)


@pytest.fixture(scope="module")
def example() -> Scenario:
    return _load(EXAMPLE)


def _queue_contacts(scenario: Scenario, queue: str) -> np.ndarray:
    rows = scenario.forecast[scenario.forecast["queue"] == queue]
    contacts = np.zeros(scenario.horizon.intervals)
    contacts[rows["interval"].to_numpy()] = rows["contacts"].to_numpy()
    return contacts


# --- the bundled example --------------------------------------------------------------


def test_example_loads_with_the_expected_horizon(example: Scenario) -> None:
    assert example.horizon.start == date(2027, 3, 22)
    assert example.horizon.days == 28
    assert example.horizon.interval_minutes == 30
    assert 35 <= len(example.agents) <= 45
    assert {queue.name for queue in example.queues} == {"chat", "email"}
    assert set(example.contracts) == {"full-time", "part-time", "nights"}


def test_example_yaml_quotes_times_of_day() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert 'earliest: "07:00"' in text
    raw = yaml.safe_load(text)
    windows = [contract["start_window"] for contract in raw["contracts"].values()]
    assert all(isinstance(value, str) for window in windows for value in window.values())
    assert raw["forecast"] == "../data/example/forecast.csv"


def test_example_team_spans_zones_and_continents(example: Scenario) -> None:
    zones = {agent.timezone for agent in example.agents}
    continents = {zone.split("/")[0] for zone in zones}
    assert len(zones) >= 8
    assert len(continents) >= 4
    contracts = [agent.contract for agent in example.agents]
    assert contracts.count("full-time") > len(contracts) / 2
    assert contracts.count("part-time") >= 1
    assert contracts.count("nights") >= 1
    # Night agents sit where a 21:00-23:00 start lands in the Americas' day.
    assert {a.timezone for a in example.agents if a.contract == "nights"} <= {
        "Asia/Manila",
        "Asia/Kolkata",
    }
    skills = [agent.skills for agent in example.agents]
    assert skills.count(("chat", "email")) > len(skills) / 2
    assert ("chat",) in skills
    assert ("email",) in skills


def test_example_volume_split_and_weekly_pattern(example: Scenario) -> None:
    chat = _queue_contacts(example, "chat")
    email = _queue_contacts(example, "email")
    assert np.all(chat == np.round(chat))
    assert 0.60 <= chat.sum() / (chat.sum() + email.sum()) <= 0.72
    per_day = (chat + email).reshape(example.horizon.days, -1).sum(axis=1)
    weekdays = np.array([day.weekday() for day in example.horizon.days_list])
    weekend = per_day[weekdays >= 5].mean()
    working = per_day[weekdays < 5].mean()
    assert weekend < 0.6 * working


def test_example_horizon_holds_the_eu_and_sydney_clock_changes(example: Scenario) -> None:
    horizon = example.horizon
    first = horizon.start_utc
    last = first + timedelta(days=horizon.days)
    berlin, sydney = ZoneInfo("Europe/Berlin"), ZoneInfo("Australia/Sydney")
    assert first.astimezone(berlin).utcoffset() != last.astimezone(berlin).utcoffset()
    assert first.astimezone(sydney).utcoffset() != last.astimezone(sydney).utcoffset()
    eu_change = datetime.combine(date(2027, 3, 28), time(1), tzinfo=ZoneInfo("UTC"))
    assert first < eu_change < last


def test_example_business_hours_follow_daylight_saving(example: Scenario) -> None:
    # EMEA's morning ramp moves an hour earlier in UTC once Europe is on summer time.
    chat = _queue_contacts(example, "chat").reshape(example.horizon.days, 48)
    before = chat[1:5].mean(axis=0)  # Tue-Fri, 23-26 March, winter time
    after = chat[8:12].mean(axis=0)  # Tue-Fri, 30 March - 2 April, summer time
    assert after[12:16].sum() > 1.1 * before[12:16].sum()  # 06:00-08:00 UTC


def test_example_time_off_is_a_few_blocks_inside_the_horizon(example: Scenario) -> None:
    assert 5 <= len(example.time_off) <= 8
    last = example.horizon.days_list[-1]
    for leave in example.time_off:
        assert example.horizon.start <= leave.first_day <= leave.last_day <= last
        assert 2 <= (leave.last_day - leave.first_day).days + 1 <= 7


# --- other sizes ----------------------------------------------------------------------


def test_benchmark_size_generates_and_loads(tmp_path: Path) -> None:
    path = generate_scenario(tmp_path, agents=200, days=14, timezones=10, seed=3)
    scenario = _load(path)
    assert len(scenario.agents) == 200
    assert len({agent.timezone for agent in scenario.agents}) == 10
    assert len({agent.name for agent in scenario.agents}) == 200
    assert scenario.horizon.days == 14
    assert len(scenario.forecast) == 2 * scenario.horizon.intervals


@pytest.mark.parametrize(
    ("argument", "value"),
    [("agents", 0), ("days", 0), ("interval_minutes", 20), ("timezones", 11)],
)
def test_bad_arguments_are_rejected(tmp_path: Path, argument: str, value: int) -> None:
    with pytest.raises(ValueError, match=argument):
        generate_scenario(tmp_path, **{argument: value})  # type: ignore[arg-type]
