"""Seeded synthetic scenarios: a follow-the-sun support team and its contacts.

Everything here is made up, but made up with care, so that the examples,
tests and benchmarks look like a real support operation:

* a team spread over up to ten time zones on five continents, with names
  from each country, mostly full-time agents, some part-timers and a few
  night-shift agents in Manila and Kolkata whose evenings are the Americas'
  business day;
* a contact forecast on the UTC grid built from customers' business hours in
  three regions (Americas, EMEA, APAC). Each region's curve is evaluated in
  its customers' own time zones with :mod:`zoneinfo`, so the curve moves by
  an hour when Europe, North America or Australia change their clocks;
* volume scaled so that the hours the forecast needs are a little more than
  the hours the team can give, which makes a roster show real gaps at peaks.

The output is a function of the arguments alone: numpy's ``default_rng(seed)``
drives every random choice, and files are written atomically, so running the
generator twice writes byte-identical files.

Regenerate the bundled example (``scenarios/example.yaml`` and
``data/example/*.csv``) with::

    python -m shiftplan.generate --example

and make a benchmark team with, e.g.::

    python -m shiftplan.generate --agents 200 --days 14 --timezones 10 --out out/bench200
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from shiftplan.generate.calibration import (
    CONTRACTED_LOAD,
    QUEUE_SHARES,
    TARGET_LOAD,
    Calibration,
    available_hours,
    calibrate,
    required_hours,
)
from shiftplan.generate.forecast import contact_noise, expected_contacts
from shiftplan.generate.team import (
    CONTRACTS,
    MAX_TIMEZONES,
    SITES,
    AgentRow,
    LeaveRow,
    Site,
    make_team,
    make_time_off,
)

EXAMPLE_START = date(2027, 3, 22)


EXAMPLE_AGENTS = 40


EXAMPLE_DAYS = 28


EXAMPLE_SEED = 7


EXAMPLE_TIMEZONES = 9


EXAMPLE_SLUG = "example"


REPORT_TIMEZONE = "America/Toronto"


@dataclass
class GeneratedScenario:
    """Everything the generator decided, before it is written to files."""

    name: str
    start: date
    days: int
    interval_minutes: int
    seed: int
    agents: list[AgentRow]
    time_off: list[LeaveRow]
    contacts: dict[str, np.ndarray]
    """Contacts per queue, one integer per interval of the UTC grid."""
    calibration: Calibration
    sites: list[Site] = field(default_factory=list)

    @property
    def intervals(self) -> int:
        """Number of intervals on the UTC grid."""
        return self.days * 24 * 60 // self.interval_minutes


def build_scenario(
    *,
    agents: int = EXAMPLE_AGENTS,
    days: int = EXAMPLE_DAYS,
    start: date = EXAMPLE_START,
    interval_minutes: int = 30,
    seed: int = EXAMPLE_SEED,
    timezones: int = EXAMPLE_TIMEZONES,
    name: str | None = None,
) -> GeneratedScenario:
    """Decide the team, its leave and the forecast, without writing anything.

    Parameters are those of :func:`generate_scenario`.
    """
    _check_arguments(agents, days, interval_minutes, timezones)
    rng = np.random.default_rng(seed)
    sites = sorted(sorted(SITES, key=lambda site: site.priority)[:timezones], key=SITES.index)
    team = make_team(rng, agents, sites)
    leave = make_time_off(rng, team, start, days)
    expected = expected_contacts(start, days, interval_minutes)
    noise = {queue: contact_noise(rng, days, interval_minutes) for queue in ("chat", "email")}
    available = available_hours(team, leave, start, days)
    contracted = sum(CONTRACTS[a.contract].hours_per_week.max for a in team) * days / 7
    low, high = (bound * contracted for bound in CONTRACTED_LOAD)
    target = min(max(TARGET_LOAD * available, low), high)
    scale = calibrate(expected, noise, interval_minutes, target)
    contacts = {
        queue: rng.poisson(scale * share * expected[queue] * noise[queue]).astype(np.int64)
        for queue, share in QUEUE_SHARES.items()
    }
    chat_hours, email_hours = required_hours(contacts, interval_minutes)
    if name is None:
        period = f"{days // 7}-week" if days % 7 == 0 else f"{days}-day"
        company = "Example Co" if agents == EXAMPLE_AGENTS else f"Example Co ({agents} agents)"
        name = f"{company}, {period} rota from {start.isoformat()}"
    return GeneratedScenario(
        name=name,
        start=start,
        days=days,
        interval_minutes=interval_minutes,
        seed=seed,
        agents=team,
        time_off=leave,
        contacts=contacts,
        calibration=Calibration(chat_hours, email_hours, contracted, available),
        sites=list(sites),
    )


def _check_arguments(agents: int, days: int, interval_minutes: int, timezones: int) -> None:
    if agents < 1:
        msg = f"agents must be at least 1, not {agents}"
        raise ValueError(msg)
    if not 1 <= days <= 371:
        msg = f"days must be between 1 and 371, not {days}"
        raise ValueError(msg)
    if interval_minutes not in (15, 30, 60):
        msg = f"interval_minutes must be 15, 30 or 60, not {interval_minutes}"
        raise ValueError(msg)
    if not 1 <= timezones <= MAX_TIMEZONES:
        msg = f"timezones must be between 1 and {MAX_TIMEZONES}, not {timezones}"
        raise ValueError(msg)
