"""An independent check of a roster against a scenario's hard labour rules.

This module knows nothing about the solver. It reads a roster (a DataFrame or
a ``roster.csv``) and re-derives every hard rule from its plain meaning, in
each agent's own local calendar and in elapsed time, with :mod:`zoneinfo`
only. It deliberately imports nothing from the solver, the shift catalogue
or the staffing code, so that a bug there shows up here as a violation.

Rules checked (the ``rule`` field of a :class:`Violation`):

``known agent``
    The agent exists in the scenario and the roster's time zone is theirs.
``consistent times``
    ``end_utc - start_utc`` equals ``paid_hours``; ``start_local``/``end_local``
    are the same instants as ``start_utc``/``end_utc`` and carry the zone's
    real UTC offset; the local start date is ``local_date`` (the next day for
    the after-midnight part of a start window that crosses midnight).
``shift length``
    ``paid_hours`` is one of the contract's ``shift_hours``.
``start window``
    The local start time lies in the contract's window, on its step grid.
``one shift per day``
    At most one shift per agent and ``local_date``.
``time off``
    No shift on a day of leave or (when enabled) a public holiday.
``minimum rest``
    Elapsed time between consecutive shifts, previous cycle included.
``weekly hours`` / ``weekly days``
    Per 7-day block of local dates from the horizon start, leave credited.
``total hours``
    Paid hours plus credits over the cycle, when the contract sets them.
``consecutive days``
    Longest run of working days (previous cycle included); shortest runs of
    working days and of days off strictly inside the cycle.
``weekends off``
    Whole local weekends (within one Mon-Sun week) without a shift.
``inside cycle``
    Every ``local_date`` lies in the cycle.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from shiftplan.scenario.models import Agent, Scenario
from shiftplan.validate.candidates import (
    allowed_length,
    cycle_problem,
    time_off_problem,
    time_problems,
    window_problem,
)
from shiftplan.validate.consecutive_days import run_problems
from shiftplan.validate.daily_rest import rest_problems
from shiftplan.validate.one_shift_per_day import one_shift_per_day_problems
from shiftplan.validate.rows import (
    VALIDATED_COLUMNS,
    RosterShift,
    Violation,
    parse_rows,
    read_frame,
    require_columns,
)
from shiftplan.validate.shift_types import shift_type_problems
from shiftplan.validate.weekends import weekend_problem
from shiftplan.validate.weekly_hours import block_problems, total_hours_problem

RULES = (
    "known agent",
    "consistent times",
    "shift length",
    "start window",
    "one shift per day",
    "time off",
    "minimum rest",
    "weekly hours",
    "weekly days",
    "total hours",
    "consecutive days",
    "weekends off",
    "inside cycle",
    "shift types",
)


def validate_roster(scenario: Scenario, roster: pd.DataFrame | str | Path) -> list[Violation]:
    """Check a roster against every hard rule of the scenario.

    Parameters
    ----------
    scenario
        The resolved scenario (see :func:`shiftplan.scenario.load.load_scenario`).
    roster
        One row per shift, as a DataFrame or the path of a ``roster.csv``.

    Returns
    -------
    list[Violation]
        Every broken rule; empty when the roster is valid.

    Raises
    ------
    ValueError
        When the roster lacks one of the columns in :data:`VALIDATED_COLUMNS`.
    """
    frame = read_frame(roster, scenario)
    require_columns(frame, VALIDATED_COLUMNS)
    violations: list[Violation] = []
    shifts = parse_rows(frame, violations)
    agents = {agent.id: agent for agent in scenario.agents}

    by_agent: dict[str, list[RosterShift]] = defaultdict(list)
    unknown: dict[str, int] = defaultdict(int)
    for shift in shifts:
        if shift.agent_id in agents:
            by_agent[shift.agent_id].append(shift)
        else:
            unknown[shift.agent_id] += 1
    for agent_id, count in unknown.items():
        violations.append(
            Violation(
                agent_id,
                "known agent",
                f"agent_id '{agent_id}' is not an agent of the scenario ({count} shift(s))",
            )
        )
    for agent in scenario.agents:
        violations.extend(_check_agent(scenario, agent, by_agent.get(agent.id, [])))
    return violations


def assert_valid(scenario: Scenario, roster: pd.DataFrame | str | Path) -> None:
    """Raise AssertionError listing every violation, if there is any (for tests)."""
    violations = validate_roster(scenario, roster)
    if violations:
        lines = "\n".join(f"  - {violation}" for violation in violations)
        msg = f"the roster breaks {len(violations)} rule(s):\n{lines}"
        raise AssertionError(msg)


def _check_agent(scenario: Scenario, agent: Agent, shifts: list[RosterShift]) -> list[Violation]:
    contract = scenario.contracts[agent.contract]
    zone = ZoneInfo(agent.timezone)
    horizon = scenario.horizon
    first_day = horizon.start
    last_day = horizon.start + timedelta(days=horizon.days - 1)
    days_off = scenario.days_off(agent)
    found: list[Violation] = []

    def report(rule: str, detail: str) -> None:
        found.append(Violation(agent.id, rule, detail))

    # 1. known agent: the zone written in the roster is the agent's.
    wrong_zones = sorted({shift.timezone for shift in shifts if shift.timezone != agent.timezone})
    if wrong_zones:
        rows = sum(shift.timezone != agent.timezone for shift in shifts)
        report(
            "known agent",
            f"timezone column says {', '.join(repr(z) for z in wrong_zones)} on {rows} shift(s) "
            f"but the agent's zone is '{agent.timezone}'",
        )

    for shift in shifts:
        for detail in time_problems(shift, zone, contract):
            report("consistent times", f"{shift.label()}: {detail}")
        if not allowed_length(shift.paid_hours, contract):
            report(
                "shift length",
                f"{shift.label()}: paid_hours {shift.paid_hours:g} is not one of the "
                f"contract's shift lengths {[float(h) for h in contract.shift_hours]}",
            )
        start_problem = window_problem(shift.start_local, contract)
        if start_problem:
            report("start window", f"{shift.label()}: {start_problem}")
        leave = time_off_problem(shift, days_off)
        if leave:
            report("time off", leave)
        outside = cycle_problem(shift, first_day, last_day)
        if outside:
            report("inside cycle", outside)

    for detail in one_shift_per_day_problems(shifts):
        report("one shift per day", detail)

    for detail in rest_problems(scenario, agent, contract, shifts):
        report("minimum rest", detail)

    inside = [shift for shift in shifts if first_day <= shift.local_date <= last_day]
    worked = {shift.local_date for shift in inside}
    credits_total = 0
    for block_start in range(0, horizon.days, 7):
        block = [
            first_day + timedelta(days=k)
            for k in range(block_start, min(block_start + 7, horizon.days))
        ]
        rule_detail, credit = block_problems(block, agent, contract, inside, days_off)
        credits_total += credit
        for rule, detail in rule_detail:
            report(rule, detail)

    total_problem = total_hours_problem(contract, inside, credits_total)
    if total_problem:
        report("total hours", total_problem)

    for detail in run_problems(scenario, agent, contract, worked, first_day, last_day):
        report("consecutive days", detail)

    weekends = weekend_problem(agent, contract, worked, first_day, last_day)
    if weekends:
        report("weekends off", weekends)
    for detail in shift_type_problems(contract, shifts):
        report("shift types", detail)
    return found
