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

import argparse
import csv
import io
import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays as holidays_lib
import numpy as np

from shiftplan.atomic import write_text

# --- what the generated scenario contains ---------------------------------------------

EXAMPLE_START = date(2027, 3, 22)
EXAMPLE_AGENTS = 40
EXAMPLE_DAYS = 28
EXAMPLE_SEED = 7
EXAMPLE_TIMEZONES = 9
EXAMPLE_SLUG = "example"
REPORT_TIMEZONE = "America/Toronto"

SHRINKAGE = 0.25
MIN_FLUID_SHARE = 0.6
CHAT_SHARE = 0.66
"""Share of all contacts that arrive by chat; the rest is email."""
QUEUE_SHARES = {"chat": CHAT_SHARE, "email": 1 - CHAT_SHARE}
CHAT_AHT, CHAT_CONCURRENCY, CHAT_FACTOR = 480.0, 2, 1.7
CHAT_SL_TARGET, CHAT_SL_SECONDS, CHAT_MAX_OCCUPANCY = 0.80, 60.0, 0.85
EMAIL_AHT, EMAIL_RESPOND_HOURS = 360.0, 4.0
PART_TIME_SHARE = 0.15
SKILL_MIX = (("chat;email", 0.72), ("chat", 0.16), ("email", 0.12))
TARGET_LOAD = 1.08
"""Required agent-hours over the hours the team can work after leave and public
holidays: a little short, so a roster shows gaps at peaks but is worth making."""
CONTRACTED_LOAD = (0.96, 1.08)
"""Bounds on required agent-hours over contracted hours, whatever the leave."""


@dataclass(frozen=True)
class Site:
    """A place the team works from."""

    zone: str
    country: str
    weight: float
    """Relative head count."""
    night_share: float
    """Share of the site's agents on the night contract."""
    priority: int
    """Sites are kept in this order when fewer time zones are asked for."""


# West to east: agent ids run in this order. Head counts follow where the work is
# once night shifts are counted: Manila and Kolkata nights (21:00-23:00 local
# starts) work the Americas' afternoon, so the Asian sites are the largest.
SITES: tuple[Site, ...] = (
    Site("America/Vancouver", "CA", 4, 0.0, 8),
    Site("America/Mexico_City", "MX", 4, 0.0, 10),
    Site("America/Toronto", "CA", 5, 0.0, 1),
    Site("America/Sao_Paulo", "BR", 3, 0.0, 4),
    Site("Europe/Dublin", "IE", 4, 0.0, 7),
    Site("Africa/Lagos", "NG", 3, 0.0, 9),
    Site("Europe/Berlin", "DE", 4, 0.0, 2),
    Site("Asia/Kolkata", "IN", 6, 0.4, 6),
    Site("Asia/Manila", "PH", 7, 0.6, 3),
    Site("Australia/Sydney", "AU", 4, 0.0, 5),
)
MAX_TIMEZONES = len(SITES)

# A few common first names and surnames per country, comma-separated: enough for
# unique names in teams of a few hundred.
_NAME_LISTS: dict[str, tuple[str, str]] = {
    "CA": (
        (
            "Liam, Olivia, Noah, Emma, Ethan, Chloé, Lucas, Sophie, Jacob, Amélie, Owen, "
            "Maya, Nathan, Léa, Gabriel, Hannah"
        ),
        (
            "Tremblay, Smith, Roy, Gagnon, Brown, Wilson, MacDonald, Côté, Martin, Campbell, "
            "Lee, Bouchard, Taylor, Anderson, Gauthier, Singh"
        ),
    ),
    "MX": (
        (
            "Santiago, Sofía, Mateo, Valentina, Diego, Ximena, Emiliano, Regina, Leonardo, "
            "Camila, Alejandro, Fernanda, Daniel, Mariana, Andrés, Renata"
        ),
        (
            "Hernández, García, Martínez, López, González, Pérez, Rodríguez, Sánchez, "
            "Ramírez, Flores, Torres, Rivera, Gómez, Díaz, Cruz, Morales"
        ),
    ),
    "BR": (
        (
            "João, Maria, Pedro, Ana, Lucas, Juliana, Gabriel, Beatriz, Rafael, Camila, "
            "Mateus, Larissa, Thiago, Fernanda, Bruno, Letícia"
        ),
        (
            "Silva, Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, "
            "Gomes, Costa, Ribeiro, Martins, Carvalho, Almeida, Barbosa"
        ),
    ),
    "IE": (
        (
            "Seán, Aoife, Conor, Niamh, Cian, Saoirse, Oisín, Ciara, Darragh, Róisín, Eoin, "
            "Siobhán, Patrick, Orla, Ciarán, Méabh"
        ),
        (
            "Murphy, Kelly, O'Sullivan, Walsh, O'Brien, Byrne, Ryan, O'Connor, O'Neill, "
            "Doyle, McCarthy, Gallagher, Kennedy, Lynch, Quinn, Brennan"
        ),
    ),
    "NG": (
        (
            "Chinedu, Adaeze, Oluwaseun, Ngozi, Emeka, Funmilayo, Tunde, Chiamaka, Ibrahim, "
            "Aisha, Obinna, Yetunde, Segun, Amaka, Musa, Folake"
        ),
        (
            "Okafor, Adeyemi, Okonkwo, Balogun, Eze, Abubakar, Nwosu, Adebayo, Olawale, "
            "Chukwu, Bello, Ogunleye, Nwachukwu, Afolabi, Usman, Ibekwe"
        ),
    ),
    "DE": (
        (
            "Lukas, Anna, Leon, Lena, Felix, Marie, Jonas, Sophie, Maximilian, Laura, Paul, "
            "Julia, Tobias, Katharina, Niklas, Hannah"
        ),
        (
            "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, "
            "Hoffmann, Koch, Richter, Klein, Wolf, Schröder, Neumann"
        ),
    ),
    "IN": (
        (
            "Aarav, Priya, Rohan, Ananya, Arjun, Kavya, Vikram, Sneha, Rahul, Divya, Karthik, "
            "Pooja, Aditya, Meera, Siddharth, Lakshmi"
        ),
        (
            "Sharma, Patel, Iyer, Reddy, Nair, Gupta, Singh, Menon, Rao, Kumar, Das, Joshi, "
            "Mehta, Pillai, Banerjee, Chatterjee"
        ),
    ),
    "PH": (
        (
            "Juan, Maria, Jose, Angelica, Mark, Kristine, John Paul, Mary Grace, Carlo, "
            "Patricia, Miguel, Jasmine, Rafael, Camille, Paolo, Bea"
        ),
        (
            "Santos, Reyes, Cruz, Bautista, Garcia, Mendoza, Ramos, Aquino, Villanueva, Dela "
            "Cruz, Castillo, Fernandez, Navarro, Torres, Domingo, Pascual"
        ),
    ),
    "AU": (
        (
            "Jack, Charlotte, William, Olivia, Thomas, Amelia, James, Isla, Oliver, Mia, "
            "Lachlan, Grace, Cooper, Ruby, Harrison, Zoe"
        ),
        (
            "Smith, Jones, Williams, Brown, Wilson, Taylor, Nguyen, Johnson, Martin, White, "
            "Anderson, Walker, Thompson, Kelly, Ryan, Harris"
        ),
    ),
}
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    country: (tuple(firsts.split(", ")), tuple(lasts.split(", ")))
    for country, (firsts, lasts) in _NAME_LISTS.items()
}


@dataclass(frozen=True)
class Region:
    """Where customers write in from: a share of volume over a few zones."""

    name: str
    share: float
    zones: tuple[tuple[str, float], ...]


REGIONS: tuple[Region, ...] = (
    Region(
        "Americas",
        0.45,
        (
            ("America/New_York", 0.50),
            ("America/Chicago", 0.20),
            ("America/Los_Angeles", 0.18),
            ("America/Sao_Paulo", 0.12),
        ),
    ),
    Region("EMEA", 0.35, (("Europe/London", 0.40), ("Europe/Paris", 0.45), ("Asia/Dubai", 0.15))),
    Region(
        "APAC", 0.20, (("Australia/Sydney", 0.45), ("Asia/Singapore", 0.35), ("Asia/Tokyo", 0.20))
    ),
)

# Volume by customers' local weekday (Monday first): weekends at 32-40 % of a weekday.
CHAT_WEEKDAY = (1.10, 1.04, 1.00, 0.98, 0.92, 0.40, 0.36)
EMAIL_WEEKDAY = (1.16, 1.05, 1.00, 0.97, 0.90, 0.32, 0.35)


@dataclass(frozen=True)
class ContractSpec:
    """A contract as the generator writes it to the YAML file."""

    name: str
    hours_per_week: tuple[float, float]
    shift_hours: tuple[float, ...]
    days_per_week: tuple[int, int]
    start_window: tuple[str, str]
    max_consecutive_days: int
    start_step_minutes: int = 60
    min_rest_hours: float = 11

    @property
    def credit_hours_per_day_off(self) -> float:
        """Hours a weekday of leave or holiday is worth (as in the scenario model)."""
        return self.hours_per_week[1] / max(self.days_per_week[1], 1)


CONTRACTS: tuple[ContractSpec, ...] = (
    ContractSpec("full-time", (40, 40), (8,), (5, 5), ("07:00", "12:00"), 6),
    ContractSpec("part-time", (20, 30), (4, 6), (4, 5), ("08:00", "16:00"), 6),
    ContractSpec("nights", (40, 40), (8,), (5, 5), ("21:00", "23:00"), 5),
)
_CONTRACT = {contract.name: contract for contract in CONTRACTS}

LEAVE_REASONS = ("annual leave", "annual leave", "annual leave", "training", "family leave")


# --- the generated rows ---------------------------------------------------------------


@dataclass(frozen=True)
class AgentRow:
    """One row of agents.csv."""

    id: str
    name: str
    timezone: str
    country: str
    contract: str
    skills: str


@dataclass(frozen=True)
class LeaveRow:
    """One row of time_off.csv."""

    agent_id: str
    first_day: date
    last_day: date
    reason: str


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


# --- building a scenario --------------------------------------------------------------


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
    team = _make_team(rng, agents, sites)
    leave = _make_time_off(rng, team, start, days)
    expected = _expected_contacts(start, days, interval_minutes)
    noise = {queue: _noise(rng, days, interval_minutes) for queue in ("chat", "email")}
    available = _available_hours(team, leave, start, days)
    contracted = sum(_CONTRACT[a.contract].hours_per_week[1] for a in team) * days / 7
    low, high = (bound * contracted for bound in CONTRACTED_LOAD)
    target = min(max(TARGET_LOAD * available, low), high)
    scale = _calibrate(expected, noise, interval_minutes, target)
    contacts = {
        queue: rng.poisson(scale * share * expected[queue] * noise[queue]).astype(np.int64)
        for queue, share in QUEUE_SHARES.items()
    }
    chat_hours, email_hours = _required_hours(contacts, interval_minutes)
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


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), each >= 1 if possible."""
    count = len(weights)
    floor = 1 if total >= count else 0
    share = np.asarray(weights, dtype=float)
    quota = floor + share / share.sum() * (total - floor * count)
    counts = np.floor(quota).astype(int)
    remainder = quota - counts
    # Stable order: largest remainder first, ties to the earlier site.
    order = sorted(range(count), key=lambda index: (-remainder[index], index))
    for index in order[: total - int(counts.sum())]:
        counts[index] += 1
    return [int(value) for value in counts]


def _make_team(rng: np.random.Generator, size: int, sites: Sequence[Site]) -> list[AgentRow]:
    counts = _apportion(size, [site.weight for site in sites])
    contracts: list[str] = []
    zones: list[Site] = []
    for site, count in zip(sites, counts, strict=True):
        nights = round(count * site.night_share)
        contracts += ["nights"] * nights + ["full-time"] * (count - nights)
        zones += [site] * count
    day_workers = [index for index, contract in enumerate(contracts) if contract != "nights"]
    part_timers = min(round(size * PART_TIME_SHARE), len(day_workers))
    for index in rng.choice(day_workers, size=part_timers, replace=False):
        contracts[int(index)] = "part-time"
    labels = [label for label, _ in SKILL_MIX]
    weights = np.asarray([weight for _, weight in SKILL_MIX])
    skills = [labels[int(i)] for i in rng.choice(len(labels), size=size, p=weights)]
    if not any("chat" in s for s in skills) or not any("email" in s for s in skills):
        skills[0] = "chat;email"
    names = _make_names(rng, [site.country for site in zones])
    width = max(3, len(str(size)))
    team: list[AgentRow] = []
    for index in range(size):
        team.append(
            AgentRow(
                id=f"A{index + 1:0{width}d}",
                name=names[index],
                timezone=zones[index].zone,
                country=zones[index].country,
                contract=contracts[index],
                skills=skills[index],
            )
        )
    # Mix contracts within each site so that ids do not give them away.
    return _shuffle_within_sites(rng, team)


def _shuffle_within_sites(rng: np.random.Generator, team: list[AgentRow]) -> list[AgentRow]:
    """Mix the contracts and skills of each site's agents, keeping ids in order."""
    result: list[AgentRow] = []
    position = 0
    while position < len(team):
        end = position
        while end < len(team) and team[end].timezone == team[position].timezone:
            end += 1
        block = team[position:end]
        order = rng.permutation(len(block))
        for slot, source in zip(block, order, strict=True):
            other = block[int(source)]
            result.append(
                AgentRow(
                    slot.id, slot.name, slot.timezone, slot.country, other.contract, other.skills
                )
            )
        position = end
    return result


def _make_names(rng: np.random.Generator, countries: Sequence[str]) -> list[str]:
    """A name per agent from their country's lists, unique while the lists last.

    First names and surnames are shuffled once per country and paired so that
    a site repeats neither until it has more agents than either list.
    """
    names: list[str] = []
    used: set[str] = set()
    orders: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    taken: dict[str, int] = {}
    for country in countries:
        firsts, lasts = NAMES[country]
        if country not in orders:
            orders[country] = (rng.permutation(len(firsts)), rng.permutation(len(lasts)))
        first_order, last_order = orders[country]
        name = ""
        while taken.get(country, 0) < len(firsts) * len(lasts):
            k = taken.get(country, 0)
            taken[country] = k + 1
            first = firsts[int(first_order[k % len(firsts)])]
            last = lasts[int(last_order[(k + k // len(firsts)) % len(lasts)])]
            name = f"{first} {last}"
            if name not in used:
                break
        if not name or name in used:  # a very large site: reuse names, ids stay unique
            first = firsts[int(rng.integers(0, len(firsts)))]
            name = f"{first} {lasts[int(rng.integers(0, len(lasts)))]}"
        used.add(name)
        names.append(name)
    return names


def _make_time_off(
    rng: np.random.Generator, team: Sequence[AgentRow], start: date, days: int
) -> list[LeaveRow]:
    """A few blocks of 2-7 days of leave, for different agents, inside the horizon."""
    rows = min(len(team), max(1, round(len(team) * 0.14) + int(rng.integers(0, 3))))
    chosen = rng.choice(len(team), size=rows, replace=False)
    leave: list[LeaveRow] = []
    for index in chosen:
        length = min(int(rng.integers(2, 8)), days)
        first = int(rng.integers(0, days - length + 1))
        reason = LEAVE_REASONS[int(rng.integers(0, len(LEAVE_REASONS)))]
        leave.append(
            LeaveRow(
                agent_id=team[int(index)].id,
                first_day=start + timedelta(days=first),
                last_day=start + timedelta(days=first + length - 1),
                reason=reason,
            )
        )
    return sorted(leave, key=lambda row: (row.first_day, row.agent_id))


# --- the forecast -----------------------------------------------------------------------


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _daily_curve(hour: np.ndarray, queue: str) -> np.ndarray:
    """Relative volume by customers' local hour: business hours, a lunch dip, evenings."""
    if queue == "chat":
        open_hours = _logistic((hour - 8.0) / 0.75) * _logistic((18.5 - hour) / 1.25)
        morning = 1 + 0.10 * np.exp(-(((hour - 10.5) / 1.5) ** 2))
        lunch = 1 - 0.10 * np.exp(-(((hour - 12.75) / 0.9) ** 2))
        evening = 0.12 * np.exp(-(((hour - 20.5) / 1.5) ** 2))
        return 0.04 + 0.96 * open_hours * morning * lunch + evening
    open_hours = _logistic((hour - 7.5) / 1.0) * _logistic((17.5 - hour) / 1.75)
    morning = 1 + 0.20 * np.exp(-(((hour - 9.0) / 1.25) ** 2))
    evening = 0.15 * np.exp(-(((hour - 21.0) / 2.0) ** 2))
    return 0.08 + 0.92 * open_hours * morning + evening


def _local_hours(zone: str, stamps: Sequence[datetime]) -> tuple[np.ndarray, np.ndarray]:
    """Local hour of day (fractional) and weekday of UTC instants in ``zone``."""
    tz = ZoneInfo(zone)
    hours = np.empty(len(stamps))
    weekdays = np.empty(len(stamps), dtype=np.int64)
    for index, stamp in enumerate(stamps):
        local = stamp.astimezone(tz)
        hours[index] = local.hour + local.minute / 60 + local.second / 3600
        weekdays[index] = local.weekday()
    return hours, weekdays


def _expected_contacts(start: date, days: int, interval_minutes: int) -> dict[str, np.ndarray]:
    """Expected contacts per interval for each queue, before scaling: total 1 per queue.

    Each region contributes its share of the volume, shaped by the daily curve
    and the weekday pattern *in its customers' local time*, so clocks changing
    in one region move only that region's curve on the UTC grid.
    """
    count = days * 24 * 60 // interval_minutes
    origin = datetime(start.year, start.month, start.day, tzinfo=UTC)
    step = timedelta(minutes=interval_minutes)
    midpoints = [origin + step * index + step / 2 for index in range(count)]
    local = {zone: _local_hours(zone, midpoints) for region in REGIONS for zone, _ in region.zones}
    result: dict[str, np.ndarray] = {}
    for queue, weekday_factor in (("chat", CHAT_WEEKDAY), ("email", EMAIL_WEEKDAY)):
        factors = np.asarray(weekday_factor)
        total = np.zeros(count)
        for region in REGIONS:
            curve = np.zeros(count)
            for zone, weight in region.zones:
                hours, weekdays = local[zone]
                curve += weight * _daily_curve(hours, queue) * factors[weekdays]
            total += region.share * curve / curve.sum()
        result[queue] = total / total.sum()
    return result


def _noise(rng: np.random.Generator, days: int, interval_minutes: int) -> np.ndarray:
    """Mild multiplicative noise: a factor per UTC day and one per interval."""
    per_day = 24 * 60 // interval_minutes
    daily = rng.lognormal(mean=0.0, sigma=0.05, size=days)
    spot = rng.lognormal(mean=0.0, sigma=0.06, size=days * per_day)
    return np.repeat(daily, per_day) * spot


# --- calibration ------------------------------------------------------------------------


def chat_agents_needed(contacts: np.ndarray, interval_minutes: int) -> np.ndarray:
    """Agents on chat per interval for the service level and occupancy cap (Erlang C).

    A chat agent with two conversations open works through CHAT_FACTOR
    contacts in the time of one, so the effective handle time is
    AHT / CHAT_FACTOR. This is the generator's own estimate for calibration;
    the staffing module is the authority on requirements.
    """
    handle = CHAT_AHT / CHAT_FACTOR
    traffic = np.asarray(contacts, dtype=float) * handle / (interval_minutes * 60)
    need = np.zeros(traffic.shape, dtype=np.int64)
    pending = traffic > 0
    blocking = np.ones(traffic.shape)
    agents = 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        while pending.any():
            agents += 1
            blocking = traffic * blocking / (agents + traffic * blocking)
            waiting = agents * blocking / (agents - traffic * (1 - blocking))
            level = 1 - waiting * np.exp(-(agents - traffic) * CHAT_SL_SECONDS / handle)
            done = (
                pending
                & (agents > traffic)
                & (agents * CHAT_MAX_OCCUPANCY >= traffic)
                & (level >= CHAT_SL_TARGET)
            )
            need[done] = agents
            pending &= ~done
    return need


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


def _required_hours(contacts: dict[str, np.ndarray], interval_minutes: int) -> tuple[float, float]:
    """Agent-hours on shift (shrinkage included) that chat and email need."""
    needed = required_agents(contacts, interval_minutes)
    hours = interval_minutes / 60
    return float(needed["chat"].sum()) * hours, float(needed["email"].sum()) * hours


def _calibrate(
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
        hours = sum(_required_hours(loads, interval_minutes))
        if abs(hours / target_hours - 1) < 1e-4:
            break
        total *= target_hours / hours
    # A small team cannot staff every interval of a 24/7 grid even once, so
    # the fixed point above drives its volume to almost nothing. Keep at
    # least 60% of the fluid estimate (the bundled example sits at 61%), so a
    # small team gets a busy week with real gaps rather than an empty one.
    return max(total, MIN_FLUID_SHARE * fluid)


def _available_hours(
    team: Sequence[AgentRow], leave: Sequence[LeaveRow], start: date, days: int
) -> float:
    """Contracted hours less a day's credit per weekday of leave or public holiday."""
    last = start + timedelta(days=days - 1)
    years = list(range(start.year, last.year + 1))
    holidays: dict[str, set[date]] = {}
    for country in sorted({agent.country for agent in team}):
        table = holidays_lib.country_holidays(country, years=years)
        holidays[country] = {day for day in table if start <= day <= last}
    total = 0.0
    for agent in team:
        contract = _CONTRACT[agent.contract]
        off = set(holidays[agent.country])
        for row in leave:
            if row.agent_id == agent.id:
                off |= {
                    row.first_day + timedelta(days=offset)
                    for offset in range((row.last_day - row.first_day).days + 1)
                }
        weekdays_off = sum(1 for day in off if day.weekday() < 5)
        total += contract.hours_per_week[1] * days / 7
        total -= weekdays_off * contract.credit_hours_per_day_off
    return total


# --- writing files ------------------------------------------------------------------------


def generate_scenario(
    out_dir: Path,
    *,
    agents: int = EXAMPLE_AGENTS,
    days: int = EXAMPLE_DAYS,
    start: date = EXAMPLE_START,
    interval_minutes: int = 30,
    seed: int = EXAMPLE_SEED,
    timezones: int = EXAMPLE_TIMEZONES,
    name: str | None = None,
    data_dir: Path | None = None,
    slug: str | None = None,
) -> Path:
    """Generate a scenario and write its YAML file and CSV files.

    Parameters
    ----------
    out_dir
        Folder for the YAML file, created if needed.
    agents
        Team size.
    days
        Length of the horizon in days.
    start
        First day of the horizon.
    interval_minutes
        Length of one interval of the UTC grid: 15, 30 or 60.
    seed
        Seed of numpy's ``default_rng``; the same arguments write the same bytes.
    timezones
        Number of time zones the team works in, 1 to 10. Nine gives the
        example's sites; ten adds Mexico City.
    name
        The scenario's display name; a descriptive default when omitted.
    data_dir
        Folder for agents.csv, forecast.csv and time_off.csv; ``out_dir`` when
        omitted. The YAML file refers to them by relative path.
    slug
        File name of the YAML file without ``.yaml``: by default ``example``
        for the example's arguments, else derived from ``name`` or the sizes.

    Returns
    -------
    Path
        The YAML file written.
    """
    scenario = build_scenario(
        agents=agents,
        days=days,
        start=start,
        interval_minutes=interval_minutes,
        seed=seed,
        timezones=timezones,
        name=name,
    )
    if slug is None:
        slug = default_slug(agents, days, start, interval_minutes, seed, timezones, name)
    return write_scenario(scenario, Path(out_dir), data_dir=data_dir, slug=slug)


def write_scenario(
    scenario: GeneratedScenario, out_dir: Path, *, data_dir: Path | None = None, slug: str
) -> Path:
    """Write a built scenario: ``out_dir/<slug>.yaml`` and the CSVs in ``data_dir``."""
    data_dir = out_dir if data_dir is None else Path(data_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "forecast": data_dir / "forecast.csv",
        "agents": data_dir / "agents.csv",
        "time_off": data_dir / "time_off.csv",
    }
    relative = {
        key: os.path.relpath(path.resolve(), out_dir.resolve()).replace(os.sep, "/")
        for key, path in files.items()
    }
    write_text(files["agents"], _agents_csv(scenario.agents))
    write_text(files["time_off"], _time_off_csv(scenario.time_off))
    write_text(files["forecast"], _forecast_csv(scenario))
    yaml_path = out_dir / f"{slug}.yaml"
    write_text(yaml_path, _scenario_yaml(scenario, relative, slug))
    return yaml_path


def default_slug(
    agents: int,
    days: int,
    start: date,
    interval_minutes: int,
    seed: int,
    timezones: int,
    name: str | None,
) -> str:
    """The YAML file name: from ``name``, ``example`` for the example, else the sizes."""
    if name is not None:
        return _slugify(name)
    example = (EXAMPLE_AGENTS, EXAMPLE_DAYS, EXAMPLE_START, 30, EXAMPLE_SEED, EXAMPLE_TIMEZONES)
    if (agents, days, start, interval_minutes, seed, timezones) == example:
        return EXAMPLE_SLUG
    return f"team{agents}-{days}d-{timezones}tz-seed{seed}"


def _slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "scenario"


def _csv_text(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _agents_csv(team: Sequence[AgentRow]) -> str:
    return _csv_text(
        ("id", "name", "timezone", "country", "contract", "skills"),
        [(a.id, a.name, a.timezone, a.country, a.contract, a.skills) for a in team],
    )


def _time_off_csv(leave: Sequence[LeaveRow]) -> str:
    return _csv_text(
        ("agent_id", "first_day", "last_day", "reason"),
        [(r.agent_id, r.first_day.isoformat(), r.last_day.isoformat(), r.reason) for r in leave],
    )


def _forecast_csv(scenario: GeneratedScenario) -> str:
    origin = datetime(scenario.start.year, scenario.start.month, scenario.start.day, tzinfo=UTC)
    step = timedelta(minutes=scenario.interval_minutes)
    stamps = [
        (origin + step * index).strftime("%Y-%m-%dT%H:%M:%SZ")
        for index in range(scenario.intervals)
    ]
    lines = ["queue,interval_start,contacts"]
    for queue in ("chat", "email"):
        counts = scenario.contacts[queue].tolist()
        lines += [f"{queue},{stamp},{count}" for stamp, count in zip(stamps, counts, strict=True)]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _contract_yaml(contract: ContractSpec, weekends_off: int) -> list[str]:
    low, high = contract.hours_per_week
    fewest, most = contract.days_per_week
    earliest, latest = contract.start_window
    lengths = ", ".join(_number(length) for length in contract.shift_hours)
    return [
        f"  {contract.name}:",
        f"    hours_per_week: {{min: {_number(low)}, max: {_number(high)}}}",
        f"    shift_hours: [{lengths}]",
        f"    days_per_week: {{min: {fewest}, max: {most}}}",
        f"    start_window: {{earliest: {_quote(earliest)}, latest: {_quote(latest)}}}",
        f"    start_step_minutes: {contract.start_step_minutes}",
        f"    min_rest_hours: {_number(contract.min_rest_hours)}",
        f"    max_consecutive_days: {contract.max_consecutive_days}",
        f"    min_weekends_off: {weekends_off}",
    ]


def describe(scenario: GeneratedScenario) -> list[str]:
    """A few lines on the team, the volume and the calibration."""
    team = scenario.agents
    contract_counts = {c.name: sum(a.contract == c.name for a in team) for c in CONTRACTS}
    zone_counts = {s.zone: sum(a.timezone == s.zone for a in team) for s in scenario.sites}
    chat = int(scenario.contacts["chat"].sum())
    email = int(scenario.contacts["email"].sum())
    cal = scenario.calibration
    leave_days = sum((row.last_day - row.first_day).days + 1 for row in scenario.time_off)
    return [
        f"{len(team)} agents in {len(zone_counts)} time zones: "
        + ", ".join(f"{zone} {count}" for zone, count in zone_counts.items()),
        "contracts: " + ", ".join(f"{name} {count}" for name, count in contract_counts.items()),
        f"time off: {len(scenario.time_off)} blocks, {leave_days} days",
        f"contacts: chat {chat}, email {email} ({chat / max(chat + email, 1):.0%} chat)",
        f"required agent-hours (shrinkage {SHRINKAGE:.0%} included): {cal.required_hours:.0f} "
        f"(chat {cal.chat_hours:.0f}, email {cal.email_hours:.0f})",
        f"team hours: {cal.contracted_hours:.0f} contracted, {cal.available_hours:.0f} after "
        f"leave and public holidays; required/contracted "
        f"{_share(cal.required_hours, cal.contracted_hours)}, required/available "
        f"{_share(cal.required_hours, cal.available_hours)}",
    ]


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if whole > 0 else "n/a (no hours)"


def _scenario_yaml(scenario: GeneratedScenario, paths: dict[str, str], slug: str) -> str:
    command = (
        "python -m shiftplan.generate --example"
        if slug == EXAMPLE_SLUG
        else "python -m shiftplan.generate"
    )
    zones = {agent.timezone for agent in scenario.agents}
    report_zone = REPORT_TIMEZONE if REPORT_TIMEZONE in zones else scenario.agents[0].timezone
    weekends_off = min(1, scenario.days // 7)
    lines = [
        f"# Synthetic scenario written by `{command}` (seed {scenario.seed}).",
        "# Regenerating with the same arguments writes the same bytes.",
        *(f"#   {line}" for line in describe(scenario)),
        f"name: {_quote(scenario.name)}",
        f"horizon: {{start: {scenario.start.isoformat()}, days: {scenario.days}, "
        f"interval_minutes: {scenario.interval_minutes}}}",
        f"report_timezone: {report_zone}",
        "queues:",
        f"  - {{name: chat, kind: realtime, aht_seconds: {_number(CHAT_AHT)}, "
        f"concurrency: {CHAT_CONCURRENCY}, service_level: {{target: {_number(CHAT_SL_TARGET)}, "
        f"answer_within_seconds: {_number(CHAT_SL_SECONDS)}}}, "
        f"max_occupancy: {_number(CHAT_MAX_OCCUPANCY)}, skill: chat}}",
        f"  - {{name: email, kind: deferred, aht_seconds: {_number(EMAIL_AHT)}, "
        f"respond_within_hours: {_number(EMAIL_RESPOND_HOURS)}, skill: email}}",
        f"shrinkage: {_number(SHRINKAGE)}",
        f"forecast: {_quote(paths['forecast'])}",
        "contracts:",
    ]
    for contract in CONTRACTS:
        lines += _contract_yaml(contract, weekends_off)
    lines += [
        f"agents: {_quote(paths['agents'])}",
        f"time_off: {_quote(paths['time_off'])}",
        "public_holidays: true",
    ]
    return "\n".join(lines) + "\n"


# --- command line -------------------------------------------------------------------------


def find_repo_root(start: Path | None = None) -> Path:
    """The project folder (holding pyproject.toml and scenarios/) above the module or cwd."""
    candidates = [Path(__file__).resolve().parent, (start or Path.cwd()).resolve()]
    for candidate in candidates:
        for folder in (candidate, *candidate.parents):
            if (folder / "pyproject.toml").is_file() and (folder / "src" / "shiftplan").is_dir():
                return folder
    msg = (
        "cannot find the shiftplan repository (pyproject.toml next to src/shiftplan); "
        "run from inside it or use --out"
    )
    raise FileNotFoundError(msg)


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m shiftplan.generate",
        description="Write a seeded synthetic follow-the-sun support scenario.",
    )
    parser.add_argument(
        "--example",
        action="store_true",
        help="regenerate the bundled example: scenarios/example.yaml and data/example/*.csv "
        "in the repository",
    )
    parser.add_argument("--agents", type=int, default=EXAMPLE_AGENTS, help="team size")
    parser.add_argument("--days", type=int, default=EXAMPLE_DAYS, help="horizon length")
    parser.add_argument(
        "--start", type=date.fromisoformat, default=EXAMPLE_START, help="first day, YYYY-MM-DD"
    )
    parser.add_argument(
        "--interval", type=int, default=30, choices=(15, 30, 60), help="grid interval in minutes"
    )
    parser.add_argument("--seed", type=int, default=EXAMPLE_SEED, help="random seed")
    parser.add_argument(
        "--timezones",
        type=int,
        default=EXAMPLE_TIMEZONES,
        choices=range(1, MAX_TIMEZONES + 1),
        metavar=f"1..{MAX_TIMEZONES}",
        help="number of time zones the team works in (10 adds Mexico City)",
    )
    parser.add_argument("--out", type=Path, help="folder for the YAML file")
    parser.add_argument("--data-dir", type=Path, help="folder for the CSV files (default: --out)")
    parser.add_argument("--name", help="the scenario's display name")
    parser.add_argument("--slug", help="YAML file name without .yaml")
    args = parser.parse_args(argv)
    if args.example:
        sizes = (args.agents, args.days, args.start, args.interval, args.seed, args.timezones)
        example = (EXAMPLE_AGENTS, EXAMPLE_DAYS, EXAMPLE_START, 30, EXAMPLE_SEED, EXAMPLE_TIMEZONES)
        if args.out or args.data_dir or args.slug or args.name or sizes != example:
            parser.error("--example regenerates the bundled example as it is; give no other option")
    if not args.example and args.out is None:
        parser.error("give --out DIR, or --example to regenerate the bundled example")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m shiftplan.generate``."""
    args = _parse_args(argv)
    if args.example:
        root = find_repo_root()
        out_dir, data_dir, slug = root / "scenarios", root / "data" / "example", EXAMPLE_SLUG
    else:
        out_dir, data_dir, slug = args.out, args.data_dir, args.slug
    scenario = build_scenario(
        agents=args.agents,
        days=args.days,
        start=args.start,
        interval_minutes=args.interval,
        seed=args.seed,
        timezones=args.timezones,
        name=args.name,
    )
    if slug is None:
        slug = default_slug(
            args.agents,
            args.days,
            args.start,
            args.interval,
            args.seed,
            args.timezones,
            args.name,
        )
    path = write_scenario(scenario, out_dir, data_dir=data_dir, slug=slug)
    print(f"wrote {path}")
    for line in describe(scenario):
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
