"""Denied requests: which wishes the roster did not meet, and why.

The reason comes from the independent validator, not the solver: the roster
is changed to grant the wish (a shift removed for a day-off wish; a shift
added, or moved within the week, for a wish to work) and checked against
every hard rule. If no such change keeps the rules, a rule denied the wish;
otherwise the change was possible and cost more coverage than the wish's
weight.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pandas as pd

from shiftplan.reports.words import day_text
from shiftplan.scenario.models import Agent, Request, Scenario
from shiftplan.scoring import shift_type_of
from shiftplan.shifts import local_start_utc
from shiftplan.validate import validate_roster

REQUEST_COLUMNS = ("agent_id", "agent_name", "date", "wish", "weight", "reason")


def denied_requests(scenario: Scenario, shifts: pd.DataFrame) -> pd.DataFrame:
    """The requests the roster does not meet, with the reason for each.

    Parameters
    ----------
    scenario
        The scenario with its requests.
    shifts
        The roster (``Roster.to_csv_frame()`` or roster.csv rows).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`REQUEST_COLUMNS`; ``date`` with its weekday.
    """
    rows = []
    frame = _as_text(shifts)
    for request in scenario.requests:
        agent = scenario.agent(request.agent_id)
        mine = frame[frame["agent_id"] == agent.id]
        that_day = mine[mine["local_date"] == request.day.isoformat()]
        if request.shift_type is not None:
            that_day = that_day[
                [
                    _type_of(scenario, agent, start, paid) == request.shift_type
                    for start, paid in zip(
                        that_day["start_local"], that_day["paid_hours"], strict=True
                    )
                ]
            ]
        granted = len(that_day) == 0 if request.kind == "off" else len(that_day) > 0
        if granted:
            continue
        rows.append(
            {
                "agent_id": agent.id,
                "agent_name": agent.name,
                "date": day_text(request.day),
                "wish": _wish(request),
                "weight": request.weight,
                "reason": _reason(scenario, agent, request, mine, that_day),
            }
        )
    return pd.DataFrame(rows, columns=list(REQUEST_COLUMNS))


def _wish(request: Request) -> str:
    what = f"{request.shift_type} shift" if request.shift_type else "a shift"
    return f"to work {what}" if request.kind == "on" else f"not to work {what}"


def _as_text(shifts: pd.DataFrame) -> pd.DataFrame:
    frame = shifts.copy()
    frame["local_date"] = [str(day)[:10] for day in frame["local_date"]]
    return frame


def _type_of(scenario: Scenario, agent: Agent, start_local: object, paid: object) -> str | None:
    """The contract's shift type a shift is (by local start and length), if any."""
    start = pd.Timestamp(str(start_local))
    minute = start.hour * 60 + start.minute
    return shift_type_of(scenario.contracts[agent.contract], minute, round(float(str(paid)) * 60))


def _reason(
    scenario: Scenario,
    agent: Agent,
    request: Request,
    mine: pd.DataFrame,
    that_day: pd.DataFrame,
) -> str:
    off = scenario.days_off(agent).get(request.day)
    if request.kind == "on" and off is not None:
        return f"the day is {off}"
    alone = scenario.model_copy(update={"agents": (agent,)})
    if request.kind == "off":
        attempts = [mine.drop(index=that_day.index)]
    else:
        attempts = _with_shift(scenario, agent, request, mine)
    broken: Counter[str] = Counter()
    for attempt in attempts:
        violations = validate_roster(alone, attempt.reset_index(drop=True))
        if not violations:
            return "coverage: granting it cost more than the wish's weight"
        broken.update({violation.rule for violation in violations})
    if not broken:
        return "no allowed shift that day"
    rule = broken.most_common(1)[0][0]
    return f"a rule: {rule}"


def _with_shift(
    scenario: Scenario, agent: Agent, request: Request, mine: pd.DataFrame
) -> list[pd.DataFrame]:
    """The agent's shifts with one allowed shift added on the day, alone or moved there.

    Moving means dropping another shift of the same 7-day block, which keeps
    weekly hours and days where the contract fixes them.
    """
    contract = scenario.contracts[agent.contract]
    block = (request.day - scenario.horizon.start).days // 7
    same_block = [
        index
        for index, day in zip(mine.index, mine["local_date"], strict=True)
        if (date.fromisoformat(day) - scenario.horizon.start).days // 7 == block
    ]
    attempts = []
    for kind, minute, length in contract.shapes():
        if request.shift_type is not None and (
            kind < 0 or contract.shift_types[kind].name != request.shift_type
        ):
            continue
        start = local_start_utc(agent.timezone, request.day, minute)
        if start is None:
            continue
        end = start + timedelta(minutes=length)
        row = {
            "agent_id": agent.id,
            "agent_name": agent.name,
            "timezone": agent.timezone,
            "local_date": request.day.isoformat(),
            "start_local": start.astimezone(agent.zone).isoformat(),
            "end_local": end.astimezone(agent.zone).isoformat(),
            "start_utc": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end_utc": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "paid_hours": length / 60,
        }
        added = pd.concat([mine, pd.DataFrame([row])], ignore_index=False)
        attempts.append(added)
        attempts.extend(added.drop(index=[index]) for index in same_block)
    return attempts
