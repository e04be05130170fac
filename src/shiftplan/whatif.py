"""What-if analysis: where should the next hire sit, and what if things change?

Every answer comes from re-rostering, not from a rule of thumb: the team is
rostered once (the baseline), then each variant is rostered again starting
from the baseline's shifts, and the before/after KPIs are compared.

Rostering here uses the agent-by-agent heuristic of
:mod:`shiftplan.solver.heuristic` with a fixed number of passes and a fixed
seed, and every small solve is single-threaded with a deterministic work
limit. So a ranking is the same on every run and every machine, whatever the
number of processes that evaluate the candidates in parallel.
"""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from shiftplan.errors import ShiftplanError
from shiftplan.kpis import allocate, evaluate
from shiftplan.objective import POINTS
from shiftplan.result import Roster
from shiftplan.scenario.load import public_holidays, timezone_problem
from shiftplan.scenario.models import Agent, Scenario
from shiftplan.shifts import build_candidates
from shiftplan.solver import ModelData
from shiftplan.solver.cpmodel import hard_rules_roster
from shiftplan.solver.heuristic import improve_by_agent
from shiftplan.staffing.requirements import Requirements, compute_requirements

# Well-known cities first: when several zones share an offset pattern, the
# recruiter sees the one they would advertise a job in.
PREFERRED_ZONES = (
    "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York",
    "America/Mexico_City", "America/Bogota", "America/Halifax", "America/St_Johns",
    "America/Sao_Paulo", "America/Argentina/Buenos_Aires", "Europe/London", "Europe/Dublin",
    "Europe/Berlin", "Africa/Lagos", "Africa/Johannesburg", "Africa/Cairo", "Africa/Nairobi",
    "Europe/Istanbul", "Asia/Dubai", "Asia/Tehran", "Asia/Karachi", "Asia/Kolkata",
    "Asia/Kathmandu", "Asia/Dhaka", "Asia/Yangon", "Asia/Bangkok", "Asia/Jakarta",
    "Asia/Manila", "Asia/Singapore", "Asia/Shanghai", "Asia/Tokyo", "Asia/Seoul",
    "Australia/Perth", "Australia/Darwin", "Australia/Adelaide", "Australia/Brisbane",
    "Australia/Sydney", "Pacific/Auckland", "Pacific/Honolulu", "America/Anchorage",
)  # fmt: skip


@cache
def zone_countries() -> dict[str, str]:
    """Country code of each zone in the IANA zone.tab shipped by `tzdata`."""
    text = resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text(encoding="utf-8")
    countries = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            countries[parts[2]] = parts[0]
    return countries


def offsets_over(zone: str, first: datetime, days: int) -> tuple[timedelta, ...]:
    """The zone's distinct UTC offsets over the horizon, in order of appearance."""
    found: list[timedelta] = []
    for day in range(days + 1):
        offset = (first + timedelta(days=day)).astimezone(ZoneInfo(zone)).utcoffset()
        if offset is not None and offset not in found:
            found.append(offset)
    return tuple(found)


def format_offsets(offsets: tuple[timedelta, ...]) -> str:
    """'+05:30' or '+01:00/+02:00' for a zone that changes clocks."""
    parts = []
    for offset in offsets:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        parts.append(f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}")
    return "/".join(parts)


def default_zones(scenario: Scenario) -> list[str]:
    """One representative zone per distinct offset pattern over the horizon.

    Zones are grouped by the UTC offsets they use during the cycle, so
    Kolkata (+05:30) and Kathmandu (+05:45) are both tried, and so are
    Berlin (+01:00/+02:00 across the EU change) and Lagos (+01:00).
    """
    horizon = scenario.horizon
    groups: dict[tuple[timedelta, ...], str] = {}
    ranked = [*PREFERRED_ZONES, *sorted(zone_countries())]
    for zone in ranked:
        if zone not in zone_countries() and zone not in PREFERRED_ZONES:
            continue
        pattern = offsets_over(zone, horizon.start_utc, horizon.days)
        groups.setdefault(pattern, zone)
    return sorted(groups.values(), key=lambda z: offsets_over(z, horizon.start_utc, 1)[0])


@dataclass(frozen=True)
class Baseline:
    """The team's roster before any change, and its score."""

    scenario: Scenario
    requirements: Requirements
    shifts: frozenset[int]
    kpis: dict[str, Any]
    objective: float


def _roster(
    scenario: Scenario,
    requirements: Requirements,
    start: frozenset[int] | None,
    seed: int,
    passes: int,
    first: tuple[int, ...] = (),
) -> tuple[frozenset[int], float, dict[str, Any]]:
    """Roster a scenario with the deterministic heuristic; score it from the roster."""
    from shiftplan.api import roster_frame

    candidates = build_candidates(scenario)
    data = ModelData(scenario, requirements, candidates, scenario.file.weights)
    if start is None:
        start = hard_rules_roster(data, 60.0)
        if start is None:
            msg = "the hard rules cannot all hold: run `shiftplan solve` for the explanation"
            raise ShiftplanError(msg)
    shifts = improve_by_agent(
        data, start, time_budget=float("inf"), seed=seed, passes=passes, first=first
    )
    frame = roster_frame(scenario, candidates, sorted(shifts))
    roster = Roster(frame, allocate(scenario, requirements, frame, scenario.file.weights))
    objective, kpis, _ = evaluate(scenario, requirements, roster, scenario.file.weights)
    kpis["hire_shifts"] = frame
    return shifts, objective / POINTS, kpis


def baseline(scenario: Scenario, seed: int = 0, passes: int = 30) -> Baseline:
    """Roster the team as it is, passing over it until no agent changes."""
    requirements = compute_requirements(scenario)
    shifts, objective, kpis = _roster(scenario, requirements, None, seed, passes)
    return Baseline(scenario, requirements, shifts, kpis, objective)


def hypothetical_agent(
    scenario: Scenario, zone: str, contract: str | None, skills: tuple[str, ...] | None
) -> Agent:
    """A new agent in ``zone`` on ``contract`` with ``skills`` (defaults: first contract, all)."""
    issue = timezone_problem(zone)
    if issue is not None:
        raise ShiftplanError(f"--timezones: {issue[0]}" + (f"; {issue[1]}" if issue[1] else ""))
    contract = contract or next(iter(scenario.contracts))
    if contract not in scenario.contracts:
        msg = f"--contract: unknown contract '{contract}'; the scenario defines: " + ", ".join(
            scenario.contracts
        )
        raise ShiftplanError(msg)
    all_skills = tuple(dict.fromkeys(queue.skill for queue in scenario.queues))
    chosen = skills or all_skills
    unknown = [skill for skill in chosen if skill not in all_skills]
    if unknown:
        msg = f"--skills: {', '.join(unknown)} not used by any queue; queues use: " + ", ".join(
            all_skills
        )
        raise ShiftplanError(msg)
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    return Agent(
        id=f"HIRE-{city.replace(' ', '')}",
        name=f"New hire ({city})",
        timezone=zone,
        country=zone_countries().get(zone, "XX"),
        contract=contract,
        skills=chosen,
    )


def with_agent(scenario: Scenario, agent: Agent) -> Scenario:
    """The scenario with one more agent (and their country's holidays)."""
    holidays = dict(scenario.holidays)
    if agent.country not in holidays:
        try:
            holidays[agent.country] = public_holidays(
                agent.country, scenario.horizon.start, scenario.horizon.days_list[-1]
            )
        except NotImplementedError:
            holidays[agent.country] = frozenset()
    return scenario.model_copy(update={"agents": (*scenario.agents, agent), "holidays": holidays})


def _evaluate_hire(args: tuple[Baseline, Agent, int, int]) -> dict[str, Any]:
    base, agent, seed, passes = args
    scenario = with_agent(base.scenario, agent)
    newcomer = len(scenario.agents) - 1
    _, objective, kpis = _roster(
        scenario, base.requirements, base.shifts, seed, passes, first=(newcomer,)
    )
    return _compare(base, kpis, objective) | _describe_hire(scenario, agent, kpis)


def _compare(base: Baseline, kpis: dict[str, Any], objective: float) -> dict[str, Any]:
    before = base.kpis
    row: dict[str, Any] = {
        "late_contacts_avoided": round(before["late_contacts"] - kpis["late_contacts"], 2),
        "agent_hours_short_closed": round(
            before["agent_hours_short"] - kpis["agent_hours_short"], 2
        ),
        "nobody_on_intervals_covered": before["intervals_nobody_on"] - kpis["intervals_nobody_on"],
        "objective_before": round(base.objective, 3),
        "objective_after": round(objective, 3),
        "service_level_before": before["service_level"],
        "service_level_after": kpis["service_level"],
    }
    for queue, figures in kpis["queues"].items():
        row[f"{queue}_late_before"] = before["queues"][queue]["late_contacts"]
        row[f"{queue}_late_after"] = figures["late_contacts"]
        row[f"{queue}_sl_before"] = before["queues"][queue]["service_level"]
        row[f"{queue}_sl_after"] = figures["service_level"]
    return row


def _describe_hire(scenario: Scenario, agent: Agent, kpis: dict[str, Any]) -> dict[str, Any]:
    horizon = scenario.horizon
    shifts = kpis["hire_shifts"]
    mine = shifts[shifts["agent_id"] == agent.id]
    starts = Counter(f"{stamp:%H:%M}" for stamp in mine["start_local"])
    days = Counter(f"{stamp:%a}" for stamp in mine["start_local"])
    order = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    return {
        "timezone": agent.timezone,
        "city": agent.timezone.rsplit("/", 1)[-1].replace("_", " "),
        "country": agent.country,
        "utc_offsets": format_offsets(
            offsets_over(agent.timezone, horizon.start_utc, horizon.days)
        ),
        "shifts": len(mine),
        "local_starts": ", ".join(f"{start} x{count}" for start, count in starts.most_common()),
        "days": ", ".join(f"{day} x{days[day]}" for day in order if day in days),
    }


def rank_hires(
    scenario: Scenario,
    *,
    timezones: list[str] | None = None,
    contract: str | None = None,
    skills: tuple[str, ...] | None = None,
    seed: int = 0,
    passes: int = 2,
    workers: int | None = None,
    base: Baseline | None = None,
) -> pd.DataFrame:
    """Rank home time zones for the next hire by what the re-rostered team gains.

    Parameters
    ----------
    scenario
        The team as it is.
    timezones
        Zones to try; by default one per distinct UTC offset pattern.
    contract, skills
        The hire's contract and skills (first contract and every skill).
    seed, passes
        The deterministic heuristic's seed and passes over the team.
    workers
        Processes evaluating candidates (default: all cores). Does not
        change the result.
    base
        A baseline computed before, to reuse.

    Returns
    -------
    pandas.DataFrame
        One row per zone, best first: by expected late contacts avoided,
        then agent-hours of shortfall closed, then intervals with nobody on
        that now have someone; before/after KPIs per queue and the shifts
        the hire would work.
    """
    base = base or baseline(scenario, seed=seed)
    zones = timezones or default_zones(scenario)
    agents = [hypothetical_agent(scenario, zone, contract, skills) for zone in zones]
    jobs = [(base, agent, seed, passes) for agent in agents]
    processes = workers or os.cpu_count() or 1
    if processes > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=min(processes, len(jobs))) as pool:
            rows = list(pool.map(_evaluate_hire, jobs))
    else:
        rows = [_evaluate_hire(job) for job in jobs]
    frame = pd.DataFrame(rows)
    frame = frame.sort_values(
        [
            "late_contacts_avoided",
            "agent_hours_short_closed",
            "nobody_on_intervals_covered",
            "timezone",
        ],
        ascending=[False, False, False, True],
        ignore_index=True,
    )
    frame.insert(0, "rank", range(1, len(frame) + 1))
    leading = [
        "rank",
        "timezone",
        "city",
        "country",
        "utc_offsets",
        "late_contacts_avoided",
        "agent_hours_short_closed",
        "nobody_on_intervals_covered",
        "shifts",
        "local_starts",
        "days",
    ]
    return frame[leading + [c for c in frame.columns if c not in leading]]
