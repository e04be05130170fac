"""Candidate shifts sit on the UTC grid by each agent's real local calendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from shiftplan.shifts import local_start_utc, night_minutes


def test_berlin_nine_am_moves_an_hour_earlier_in_utc_after_the_eu_change() -> None:
    before = local_start_utc("Europe/Berlin", date(2027, 3, 26), 9 * 60)
    after = local_start_utc("Europe/Berlin", date(2027, 3, 29), 9 * 60)
    assert before is not None and after is not None
    assert (before.hour, after.hour) == (8, 7)


def test_sydney_and_new_york_changes() -> None:
    # Sydney leaves summer time on 2027-04-04: 09:00 moves from 22:00 to 23:00 UTC.
    assert local_start_utc("Australia/Sydney", date(2027, 4, 2), 540).hour == 22  # type: ignore[union-attr]
    assert local_start_utc("Australia/Sydney", date(2027, 4, 5), 540).hour == 23  # type: ignore[union-attr]
    # New York starts summer time on 2027-03-14: 09:00 moves from 14:00 to 13:00 UTC.
    assert local_start_utc("America/New_York", date(2027, 3, 12), 540).hour == 14  # type: ignore[union-attr]
    assert local_start_utc("America/New_York", date(2027, 3, 15), 540).hour == 13  # type: ignore[union-attr]


def test_a_start_inside_the_spring_gap_does_not_exist() -> None:
    assert local_start_utc("Europe/Berlin", date(2027, 3, 28), 2 * 60 + 30) is None


def test_night_shift_on_the_dst_night_keeps_its_elapsed_length() -> None:
    start = local_start_utc("Europe/Berlin", date(2027, 3, 27), 22 * 60)
    assert start is not None
    # 22:00 CET is 21:00 UTC; eight elapsed hours end 05:00 UTC = 07:00 CEST.
    assert start.hour == 21
    assert night_minutes(22 * 60, 8 * 60) >= 180


def test_night_definition_counts_hours_between_22_and_6() -> None:
    assert night_minutes(9 * 60, 8 * 60) == 0
    assert night_minutes(20 * 60, 8 * 60) == 360
    assert night_minutes(23 * 60, 8 * 60) == 420


def test_each_agents_candidates_are_the_indices_naming_that_agent(tiny_scenario_dir: Path) -> None:
    """of_agent reads a cached index: the same indices, in order, as scanning every candidate."""
    import numpy as np

    from shiftplan.scenario.load import load_scenario
    from shiftplan.shifts import build_candidates

    candidates = build_candidates(load_scenario(tiny_scenario_dir))
    # Shuffled rows: the index must not rely on the candidates being grouped by agent.
    shuffled = candidates.subset(np.random.default_rng(0).permutation(len(candidates)))
    agents = int(candidates.agent.max()) + 1
    for table in (candidates, shuffled):
        for agent in range(-1, agents + 1):
            assert table.of_agent(agent).tolist() == np.flatnonzero(table.agent == agent).tolist()
