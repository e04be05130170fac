"""``weekends off``: whole local weekends, within one Mon-Sun week, without a shift."""

from __future__ import annotations

from datetime import date, timedelta

from shiftplan.scenario.models import Agent, Contract


def weekend_problem(
    agent: Agent, contract: Contract, worked: set[date], first_day: date, last_day: date
) -> str | None:
    """Rule 12: whole weekends off, each weekend within one Mon-Sun week of the cycle."""
    if contract.min_weekends_off == 0:
        return None
    monday = first_day - timedelta(days=first_day.weekday())
    whole = 0
    off: list[date] = []
    while monday <= last_day:
        weekend = [monday + timedelta(days=weekday) for weekday in sorted(set(agent.weekend))]
        if weekend and all(first_day <= day <= last_day for day in weekend):
            whole += 1
            if not any(day in worked for day in weekend):
                off.append(weekend[0])
        monday += timedelta(days=7)
    if len(off) >= contract.min_weekends_off:
        return None
    listed = ", ".join(f"weekend starting {day}" for day in off) or "none"
    return (
        f"{len(off)} of {whole} whole weekend(s) in the cycle off ({listed}); "
        f"at least {contract.min_weekends_off} required"
    )
