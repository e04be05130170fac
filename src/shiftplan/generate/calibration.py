"""Calibration: volume scaled so the forecast needs a little more than the team can give.

Chat is sized with the staffing module's Erlang C; email with a trailing mean
over its response window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from shiftplan.generate.team import CONTRACTS, AgentRow, LeaveRow
from shiftplan.scenario.load import public_holidays
from shiftplan.staffing import erlang

SHRINKAGE = 0.25


MIN_FLUID_SHARE = 0.6


CHAT_SHARE = 0.66
"""Share of all contacts that arrive by chat; the rest is email."""


QUEUE_SHARES = {"chat": CHAT_SHARE, "email": 1 - CHAT_SHARE}


CHAT_AHT, CHAT_CONCURRENCY = 480.0, 2


# The staffing module's throughput of two chats at once (1.7), so that the
# calibration and the requirements the solver sees agree.
CHAT_FACTOR = erlang.concurrency_factor(CHAT_CONCURRENCY)


CHAT_SL_TARGET, CHAT_SL_SECONDS, CHAT_MAX_OCCUPANCY = 0.80, 60.0, 0.85


EMAIL_AHT, EMAIL_RESPOND_HOURS = 360.0, 4.0


TARGET_LOAD = 1.08
"""Required agent-hours over the hours the team can work after leave and public
holidays: a little short, so a roster shows gaps at peaks but is worth making."""


CONTRACTED_LOAD = (0.96, 1.08)
"""Bounds on required agent-hours over contracted hours, whatever the leave."""


@dataclass
class Calibration:
    """How the forecast's workload compares with what the team can work."""

    chat_hours: float
    """Scheduled agent-hours chat needs: Erlang C agents for the service level and
    occupancy cap, grossed up for shrinkage and rounded up per interval."""
    email_hours: float
    """Scheduled agent-hours email needs: its workload spread over the response
    window, rounded up, grossed up for shrinkage and rounded up per interval."""
    contracted_hours: float
    """The team's weekly maximum hours over the horizon."""
    available_hours: float
    """Contracted hours less leave and public holidays on working days."""

    @property
    def required_hours(self) -> float:
        """All agent-hours the forecast needs."""
        return self.chat_hours + self.email_hours


def chat_agents_needed(contacts: np.ndarray, interval_minutes: int) -> np.ndarray:
    """Agents on chat per interval for the service level and occupancy cap (Erlang C).

    A chat agent with two conversations open works through CHAT_FACTOR
    contacts in the time of one, so the effective handle time is
    AHT / CHAT_FACTOR. The agent count is the staffing module's exact Erlang C
    (:func:`shiftplan.staffing.erlang.required_agents`), the one the solver's
    requirements use.
    """
    handle = CHAT_AHT / CHAT_FACTOR
    traffic = np.asarray(contacts, dtype=float) * handle / (interval_minutes * 60)
    return erlang.required_agents(
        traffic, handle, CHAT_SL_TARGET, CHAT_SL_SECONDS, max_occupancy=CHAT_MAX_OCCUPANCY
    )


def email_agents_needed(contacts: np.ndarray, interval_minutes: int) -> np.ndarray:
    """Productive agents on email per interval (fractional).

    Email may wait EMAIL_RESPOND_HOURS, so the work of the last window of
    intervals is spread over the window: a trailing mean of the workload.
    """
    work = np.asarray(contacts, dtype=float) * EMAIL_AHT / (interval_minutes * 60)
    window = max(1, round(EMAIL_RESPOND_HOURS * 60 / interval_minutes))
    total = np.concatenate(([0.0], np.cumsum(work)))
    index = np.arange(1, len(work) + 1)
    return (total[index] - total[np.maximum(index - window, 0)]) / window


def required_agents(
    contacts: dict[str, np.ndarray], interval_minutes: int
) -> dict[str, np.ndarray]:
    """Scheduled agents per interval and queue.

    Productive agents, rounded up to whole agents, then grossed up for
    shrinkage and rounded up again.

    This is the generator's own estimate for calibration; the staffing module
    is the authority on requirements.
    """
    raw = {
        "chat": chat_agents_needed(contacts["chat"], interval_minutes).astype(float),
        "email": np.ceil(email_agents_needed(contacts["email"], interval_minutes) - 1e-9),
    }
    return {queue: np.ceil(agents / (1 - SHRINKAGE) - 1e-9) for queue, agents in raw.items()}


def required_hours(contacts: dict[str, np.ndarray], interval_minutes: int) -> tuple[float, float]:
    """Agent-hours on shift (shrinkage included) that chat and email need."""
    needed = required_agents(contacts, interval_minutes)
    hours = interval_minutes / 60
    return float(needed["chat"].sum()) * hours, float(needed["email"].sum()) * hours


def calibrate(
    expected: dict[str, np.ndarray],
    noise: dict[str, np.ndarray],
    interval_minutes: int,
    target_hours: float,
) -> float:
    """Total contacts (before the chat/email split) that need ``target_hours``."""
    shares = QUEUE_SHARES
    # First guess from the linear part of the load, then a few fixed-point steps.
    per_contact = (
        (CHAT_SHARE * CHAT_AHT / CHAT_FACTOR / CHAT_MAX_OCCUPANCY + (1 - CHAT_SHARE) * EMAIL_AHT)
        / 3600
        / (1 - SHRINKAGE)
    )
    fluid = target_hours / per_contact
    total = fluid
    for _ in range(12):
        loads = {queue: total * shares[queue] * expected[queue] * noise[queue] for queue in shares}
        hours = sum(required_hours(loads, interval_minutes))
        if abs(hours / target_hours - 1) < 1e-4:
            break
        total *= target_hours / hours
    # A small team cannot staff every interval of a 24/7 grid even once, so
    # the fixed point above drives its volume to almost nothing. Keep at
    # least 60% of the fluid estimate (the bundled example sits at 61%), so a
    # small team gets a busy week with real gaps rather than an empty one.
    return max(total, MIN_FLUID_SHARE * fluid)


def available_hours(
    team: Sequence[AgentRow], leave: Sequence[LeaveRow], start: date, days: int
) -> float:
    """Contracted hours less a day's credit per weekday of leave or public holiday."""
    last = start + timedelta(days=days - 1)
    # The scenario loader's lookup, so a generated team loses the very days
    # off that loading the scenario later gives it.
    holidays = {
        country: public_holidays(country, start, last)
        for country in sorted({agent.country for agent in team})
    }
    total = 0.0
    for agent in team:
        contract = CONTRACTS[agent.contract]
        off = set(holidays[agent.country])
        for row in leave:
            if row.agent_id == agent.id:
                off |= {
                    row.first_day + timedelta(days=offset)
                    for offset in range((row.last_day - row.first_day).days + 1)
                }
        weekdays_off = sum(1 for day in off if day.weekday() < 5)
        total += contract.hours_per_week.max * days / 7
        total -= weekdays_off * contract.credit_minutes_per_day_off / 60
    return total
