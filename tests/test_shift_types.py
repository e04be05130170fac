"""Named shift types, per-agent limits, forbidden successions and requests.

These are the general rules public nurse-rostering benchmarks use; the engine
must keep them as hard rules (types, limits, successions) and price requests.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scenario_factory import default_agents, write_tiny_scenario
from shiftplan import ScenarioError, SolveParams, compute_requirements, load_scenario, solve
from shiftplan.result import Roster
from shiftplan.scoring import allocate, evaluate
from shiftplan.validate import assert_valid, validate_roster

TYPED = {
    "contracts": {
        "day": {
            "hours_per_week": {"min": 16, "max": 40},
            "shift_hours": [8],
            "days_per_week": {"min": 2, "max": 5},
            "start_window": {"earliest": "06:00", "latest": "22:00"},
            "start_step_minutes": 60,
            "min_rest_hours": 8,
            "max_consecutive_days": 6,
            "shift_types": [
                {"name": "D", "start": "06:00", "hours": 8},
                {"name": "E", "start": "14:00", "hours": 8},
                {"name": "N", "start": "22:00", "hours": 8},
            ],
            "max_shifts": {"N": 1},
            "forbidden_successions": [["N", "D"], ["E", "D"]],
        }
    }
}


def typed_scenario(directory: Path, requests: list[dict[str, object]] | None = None) -> Path:
    path = write_tiny_scenario(directory, settings=TYPED)
    if requests is not None:
        pd.DataFrame(requests).to_csv(directory / "requests.csv", index=False)
        text = path.read_text() + "requests: requests.csv\n"
        path.write_text(text)
    return path


def test_roster_uses_only_shift_types_and_keeps_their_rules(tmp_path: Path) -> None:
    scenario = load_scenario(typed_scenario(tmp_path))
    result = solve(scenario, params=SolveParams(time_limit=20, workers=2, seed=1))
    assert result.roster is not None
    assert_valid(scenario, result.roster.to_csv_frame())
    starts = {f"{stamp:%H:%M}" for stamp in result.roster.shifts["start_local"]}
    assert starts <= {"06:00", "14:00", "22:00"}
    nights = result.roster.shifts["start_local"].map(lambda s: s.hour == 22)
    assert (result.roster.shifts[nights].groupby("agent_id").size() <= 1).all()


def test_requests_are_priced_and_recounted(tmp_path: Path) -> None:
    agent = default_agents()[0]["id"]
    requests = [
        {"agent_id": agent, "date": "2027-03-23", "kind": "off", "weight": 50, "shift_type": ""},
        {"agent_id": agent, "date": "2027-03-24", "kind": "on", "weight": 50, "shift_type": "E"},
    ]
    scenario = load_scenario(typed_scenario(tmp_path, requests))
    assert len(scenario.requests) == 2
    result = solve(scenario, params=SolveParams(time_limit=20, workers=2, seed=1))
    assert result.roster is not None
    shifts = result.roster.shifts
    mine = shifts[shifts["agent_id"] == agent]
    days = {
        str(day): f"{start:%H:%M}"
        for day, start in zip(mine["local_date"], mine["start_local"], strict=True)
    }
    # Heavy requests are honoured: off on the 23rd, the 14:00 shift on the 24th.
    assert "2027-03-23" not in days
    assert days.get("2027-03-24") == "14:00"
    assert result.kpis["terms"]["requests"] == 0
    requirements = compute_requirements(scenario)
    flipped = shifts[~((shifts["agent_id"] == agent)
                       & (shifts["local_date"].astype(str) == "2027-03-24"))]  # fmt: skip
    roster = Roster(flipped, allocate(scenario, requirements, flipped, scenario.file.weights))
    _, kpis, _ = evaluate(scenario, requirements, roster, scenario.file.weights)
    assert kpis["terms"]["requests"] == 50_000


def test_validator_flags_shift_type_rules(tmp_path: Path) -> None:
    scenario = load_scenario(typed_scenario(tmp_path))
    result = solve(scenario, params=SolveParams(time_limit=10, workers=2, seed=1))
    assert result.roster is not None
    frame = result.roster.to_csv_frame()
    agent = scenario.agents[0]
    zone = agent.timezone

    def row(day: str, clock: str) -> dict[str, object]:
        start = pd.Timestamp(f"{day} {clock}").tz_localize(zone)
        end = start + pd.Timedelta(hours=8)
        return {"agent_id": agent.id, "agent_name": agent.name, "timezone": zone,
                "local_date": day, "start_local": start.isoformat(),
                "end_local": end.isoformat(),
                "start_utc": start.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ"),
                "end_utc": end.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ"),
                "paid_hours": 8.0}  # fmt: skip

    mine = pd.DataFrame([row("2027-03-22", "22:00"), row("2027-03-24", "22:00")])
    others = frame[frame["agent_id"] != agent.id]
    found = validate_roster(scenario, pd.concat([others, mine], ignore_index=True))
    assert any(v.rule == "shift types" and "more than 1" in v.detail for v in found)


def test_bad_types_and_requests_are_named(tmp_path: Path) -> None:
    broken = {"contracts": {"day": {**TYPED["contracts"]["day"], "max_shifts": {"X": 1}}}}
    path = write_tiny_scenario(tmp_path / "a", settings=broken)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert "'X' is not a shift type" in str(caught.value)
    requests = [{"agent_id": "nobody", "date": "2027-03-23", "kind": "maybe", "weight": -1,
                 "shift_type": ""}]  # fmt: skip
    with pytest.raises(ScenarioError) as caught:
        load_scenario(typed_scenario(tmp_path / "b", requests))
    text = str(caught.value)
    assert "unknown agent 'nobody'" in text and "kind must be" in text and "weight" in text
    assert "requests.csv row 2" in text
