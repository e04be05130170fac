"""``consecutive days``: longest run of working days, shortest runs of work and rest."""

from __future__ import annotations

from datetime import date, timedelta

from shiftplan.scenario.models import Agent, Contract, Scenario
from shiftplan.validate.words import day_span


def _runs(days: list[date], worked: set[date]) -> list[tuple[bool, date, date]]:
    """Maximal runs of consecutive days that are all worked or all off."""
    runs: list[tuple[bool, date, date]] = []
    for day in days:
        state = day in worked
        if runs and runs[-1][0] == state and runs[-1][2] + timedelta(days=1) == day:
            runs[-1] = (state, runs[-1][1], day)
        else:
            runs.append((state, day, day))
    return runs


def run_problems(
    scenario: Scenario,
    agent: Agent,
    contract: Contract,
    worked: set[date],
    first_day: date,
    last_day: date,
) -> list[str]:
    """Rule 11: longest run (previous cycle included), shortest runs inside the cycle."""
    problems: list[str] = []
    before = {
        previous.local_date
        for previous in scenario.previous_shifts
        if previous.agent_id == agent.id and previous.local_date < first_day
    }
    every = sorted(worked | before)
    for state, start, end in _runs(every, worked | before):
        length = (end - start).days + 1
        if state and end >= first_day and length > contract.max_consecutive_days:
            carried = " (counting the previous cycle)" if start < first_day else ""
            problems.append(
                f"works {length} days in a row, {start}..{end}{carried}; "
                f"at most {contract.max_consecutive_days} allowed"
            )
    cycle = [first_day + timedelta(days=k) for k in range((last_day - first_day).days + 1)]
    for state, start, end in _runs(cycle, worked):
        if start == first_day or end == last_day:
            continue
        length = (end - start).days + 1
        if state and length < contract.min_consecutive_days:
            problems.append(
                f"works only {length} day(s) in a row, {day_span(start, end)}; "
                f"at least {contract.min_consecutive_days} required"
            )
        if not state and length < contract.min_consecutive_days_off:
            problems.append(
                f"only {length} day(s) off in a row, {day_span(start, end)}; "
                f"at least {contract.min_consecutive_days_off} required"
            )
    return problems
