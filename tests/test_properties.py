"""Property tests: on random small scenarios every roster keeps every hard rule.

Contracts, zones and leave are drawn at random, including start windows that
cross midnight, zones with half- and quarter-hour offsets and the DST changes
of Berlin, New York and Sydney. Whatever the draw, a produced roster must pass
the independent validator, and an impossible one must say which agent.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scenario_factory import default_settings, write_tiny_scenario
from shiftplan import ScenarioError, SolveParams, load_scenario, solve
from shiftplan.validate import assert_valid

ZONES = [
    ("Europe/Berlin", "DE"),
    ("America/New_York", "US"),
    ("Australia/Sydney", "AU"),
    ("Asia/Kolkata", "IN"),
    ("Asia/Kathmandu", "NP"),
    ("America/Sao_Paulo", "BR"),
]

contracts = st.fixed_dictionaries(
    {
        "earliest": st.integers(0, 23),
        "width": st.integers(0, 4),
        "shift_hours": st.sampled_from([[4], [8], [6, 8], [10], [12]]),
        "min_rest_hours": st.integers(8, 13),
        "max_consecutive_days": st.integers(2, 7),
        "days": st.tuples(st.integers(0, 5), st.integers(0, 2)),
        "min_weekends_off": st.integers(0, 1),
    }
)


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    contract=contracts,
    team=st.lists(st.sampled_from(ZONES), min_size=1, max_size=4),
    leave=st.one_of(st.none(), st.tuples(st.integers(0, 6), st.integers(0, 3))),
)
def test_random_scenarios_give_valid_rosters_or_name_the_clash(
    contract: dict, team: list[tuple[str, str]], leave: tuple[int, int] | None
) -> None:
    low_days, extra_days = contract["days"]
    longest = max(contract["shift_hours"])
    latest = (contract["earliest"] + contract["width"]) % 24
    spec = default_settings()
    spec["contracts"] = {
        "random": {
            "hours_per_week": {"min": 0, "max": longest * (low_days + extra_days)},
            "shift_hours": contract["shift_hours"],
            "days_per_week": {"min": low_days, "max": low_days + extra_days},
            "start_window": {
                "earliest": f"{contract['earliest']:02d}:00",
                "latest": f"{latest:02d}:00",
            },
            "start_step_minutes": 60,
            "min_rest_hours": contract["min_rest_hours"],
            "max_consecutive_days": contract["max_consecutive_days"],
            "min_weekends_off": contract["min_weekends_off"],
        }
    }
    agents = [
        {"id": f"A{index}", "name": f"Agent {index}", "timezone": zone, "country": country,
         "contract": "random", "skills": "chat;email"}
        for index, (zone, country) in enumerate(team)
    ]  # fmt: skip
    time_off = []
    if leave is not None:
        first = 22 + leave[0]
        last = min(first + leave[1], 28)
        time_off = [{"agent_id": "A0", "first_day": f"2027-03-{first:02d}",
                     "last_day": f"2027-03-{last:02d}"}]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        path = write_tiny_scenario(Path(folder), settings=spec, agents=agents, time_off=time_off)
        try:
            scenario = load_scenario(path)
        except ScenarioError:
            assume(False)
            return
    result = solve(scenario, params=SolveParams(time_limit=5, workers=2, seed=0))
    if result.roster is not None:
        assert_valid(scenario, result.roster.to_csv_frame())
    else:
        assert result.status == "INFEASIBLE", result.status
        assert any("agent A" in line for line in result.explanation), result.explanation
