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
from pathlib import Path
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
from shiftplan.solver.heuristic import improve_by_agent, rule_keeping_roster
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
    roster: pd.DataFrame
    kpis: dict[str, Any]
    objective: float


def _roster(
    scenario: Scenario,
    requirements: Requirements,
    start: pd.DataFrame | None,
    seed: int,
    passes: int,
    first: tuple[int, ...] = (),
) -> tuple[pd.DataFrame, float, dict[str, Any]]:
    """Roster a scenario with the deterministic heuristic; score it from the roster.

    ``start`` is a roster to begin from, matched to this scenario's
    candidates by agent, UTC start and length, so it survives agents joining,
    leaving or changing contract; agents in ``first`` are re-planned first.
    """
    from shiftplan.api import match_roster, roster_frame

    candidates = build_candidates(scenario)
    data = ModelData(scenario, requirements, candidates, scenario.file.weights)
    initial = None if start is None else match_roster(scenario, candidates, start)
    if initial is None:
        initial, failed = rule_keeping_roster(data)
        if failed:
            msg = "the hard rules cannot all hold: run `shiftplan solve` for the explanation"
            raise ShiftplanError(msg)
    shifts = improve_by_agent(
        data, initial, time_budget=float("inf"), seed=seed, passes=passes, first=first
    ).shifts
    frame = roster_frame(scenario, candidates, sorted(shifts))
    roster = Roster(frame, allocate(scenario, requirements, frame, scenario.file.weights))
    objective, kpis, _ = evaluate(scenario, requirements, roster, scenario.file.weights)
    return frame, objective / POINTS, kpis


def baseline(scenario: Scenario, seed: int = 0, passes: int = 30) -> Baseline:
    """Roster the team as it is, passing over it until no agent changes."""
    requirements = compute_requirements(scenario)
    roster, objective, kpis = _roster(scenario, requirements, None, seed, passes)
    return Baseline(scenario, requirements, roster, kpis, objective)


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
    roster, objective, kpis = _roster(
        scenario, base.requirements, base.roster, seed, passes, first=(newcomer,)
    )
    return _compare(base, kpis, objective) | _describe_hire(scenario, agent, roster)


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


def _describe_hire(scenario: Scenario, agent: Agent, shifts: pd.DataFrame) -> dict[str, Any]:
    horizon = scenario.horizon
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


# --- several hires, and other questions ---------------------------------------------


def _score_team(base: Baseline, agents: list[Agent], seed: int, passes: int) -> dict[str, Any]:
    """Re-roster the baseline team plus ``agents``; the KPIs of the result."""
    scenario = base.scenario
    for agent in agents:
        scenario = with_agent(scenario, agent)
    first = tuple(range(len(base.scenario.agents), len(scenario.agents)))
    _, objective, kpis = _roster(scenario, base.requirements, base.roster, seed, passes, first)
    kpis["objective"] = objective
    return kpis


def _score_sets(args: tuple[Baseline, list[Agent], int, int]) -> tuple[float, float]:
    base, agents, seed, passes = args
    kpis = _score_team(base, agents, seed, passes)
    return kpis["late_contacts"], kpis["agent_hours_short"]


def plan_hires(
    scenario: Scenario,
    count: int,
    *,
    timezones: list[str] | None = None,
    contract: str | None = None,
    skills: tuple[str, ...] | None = None,
    seed: int = 0,
    passes: int = 2,
    shortlist: int = 6,
    workers: int | None = None,
) -> pd.DataFrame:
    """Plan ``count`` hires together, and compare with picking them one by one.

    *Greedy* adds the best single hire, re-rosters, and repeats. *Joint*
    starts from the greedy set and swaps one chosen zone for another from
    the shortlist while the re-rostered team improves, so it can find pairs
    that cover each other's blind spots, which greedy cannot. Both are
    re-rostered with the same deterministic heuristic.

    Returns
    -------
    pandas.DataFrame
        One row per plan (greedy, joint): the zones and the late contacts
        and agent-hours short after hiring.
    """
    if count < 1:
        raise ShiftplanError("--count must be at least 1")
    base = baseline(scenario, seed=seed)
    ranking = rank_hires(
        scenario,
        timezones=timezones,
        contract=contract,
        skills=skills,
        seed=seed,
        passes=passes,
        workers=workers,
        base=base,
    )
    pool = ranking["timezone"].head(max(shortlist, count)).tolist()
    agent_of = {zone: hypothetical_agent(scenario, zone, contract, skills) for zone in pool}

    def hires(zones: list[str]) -> list[Agent]:
        # Two hires in one zone need distinct ids.
        return [
            agent_of[zone].model_copy(update={"id": f"{agent_of[zone].id}-{n}"})
            for n, zone in enumerate(zones, start=1)
        ]

    def score_all(sets: list[list[str]]) -> list[tuple[float, float]]:
        jobs = [(base, hires(zones), seed, passes) for zones in sets]
        processes = min(workers or os.cpu_count() or 1, len(jobs))
        if processes > 1:
            with ProcessPoolExecutor(max_workers=processes) as executor:
                return list(executor.map(_score_sets, jobs))
        return [_score_sets(job) for job in jobs]

    greedy: list[str] = []
    for _ in range(count):
        options = [[*greedy, zone] for zone in pool]
        scores = score_all(options)
        greedy = options[min(range(len(options)), key=lambda i: (scores[i], options[i]))]
    greedy_score = score_all([greedy])[0]
    joint, joint_score = list(greedy), greedy_score
    improved = True
    while improved:
        improved = False
        options = [
            sorted([*joint[:i], zone, *joint[i + 1 :]])
            for i in range(len(joint))
            for zone in pool
            if zone != joint[i]
        ]
        unique = [list(o) for o in dict.fromkeys(tuple(o) for o in options)]
        scores = score_all(unique)
        options = unique
        best = min(range(len(options)), key=lambda i: (scores[i], options[i]), default=None)
        if best is not None and scores[best] < joint_score:
            joint, joint_score = list(options[best]), scores[best]
            improved = True
    before = (base.kpis["late_contacts"], base.kpis["agent_hours_short"])
    rows = [
        {"plan": "now", "zones": "", "late_contacts": before[0], "agent_hours_short": before[1]},
        {
            "plan": "greedy",
            "zones": ", ".join(greedy),
            "late_contacts": greedy_score[0],
            "agent_hours_short": greedy_score[1],
        },
        {
            "plan": "joint",
            "zones": ", ".join(sorted(joint)),
            "late_contacts": joint_score[0],
            "agent_hours_short": joint_score[1],
        },
    ]
    return pd.DataFrame(rows)


def before_after(base: Baseline, kpis: dict[str, Any]) -> pd.DataFrame:
    """A before/after table of the headline KPIs, overall and per queue."""
    rows = []
    for key in (
        "late_contacts",
        "service_level",
        "agent_hours_short",
        "intervals_nobody_on",
        "covered_share",
        "paid_hours",
    ):
        rows.append({"queue": "all", "kpi": key, "before": base.kpis[key], "after": kpis[key]})
    for queue, figures in kpis["queues"].items():
        for key in ("late_contacts", "service_level", "agent_hours_short"):
            rows.append(
                {
                    "queue": queue,
                    "kpi": key,
                    "before": base.kpis["queues"][queue][key],
                    "after": figures[key],
                }
            )
    frame = pd.DataFrame(rows)
    frame["change"] = [
        None if b is None or a is None else round(a - b, 4)
        for b, a in zip(frame["before"], frame["after"], strict=True)
    ]
    return frame


def change_volume(
    scenario: Scenario, change: float, queue: str | None = None, seed: int = 0, passes: int = 3
) -> pd.DataFrame:
    """Before/after KPIs when contacts change by ``change`` (0.2 = +20%)."""
    if change <= -1:
        raise ShiftplanError("--change must be above -100%")
    names = [q.name for q in scenario.queues]
    if queue is not None and queue not in names:
        raise ShiftplanError(f"--queue: unknown queue '{queue}'; queues: {', '.join(names)}")
    base = baseline(scenario, seed=seed)
    forecast = scenario.forecast.copy()
    rows = forecast["queue"] == queue if queue else slice(None)
    forecast.loc[rows, "contacts"] = forecast.loc[rows, "contacts"] * (1 + change)
    changed = scenario.model_copy(update={"forecast": forecast})
    requirements = compute_requirements(changed)
    _, _, kpis = _roster(changed, requirements, base.roster, seed, passes)
    return before_after(base, kpis)


def agent_leaves(
    scenario: Scenario,
    agent_id: str,
    seed: int = 0,
    passes: int = 3,
    workers: int | None = None,
    timezones: list[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What breaks when an agent leaves, and which zone would replace them best.

    Returns the before/after table and a hire ranking for the team without
    the agent (same contract and skills as the leaver).
    """
    leaver = _find_agent(scenario, agent_id)
    base = baseline(scenario, seed=seed)
    remaining = scenario.with_agents(tuple(a for a in scenario.agents if a.id != agent_id))
    _, _, kpis = _roster(remaining, base.requirements, base.roster, seed, passes)
    ranking = rank_hires(
        remaining,
        timezones=timezones,
        contract=leaver.contract,
        skills=leaver.skills,
        seed=seed,
        workers=workers,
    )
    return before_after(base, kpis), ranking


def change_contract(
    scenario: Scenario, agent_id: str, contract: str, seed: int = 0, passes: int = 3
) -> pd.DataFrame:
    """Before/after KPIs when one agent moves to another contract."""
    agent = _find_agent(scenario, agent_id)
    if contract not in scenario.contracts:
        raise ShiftplanError(
            f"--contract: unknown contract '{contract}'; the scenario defines: "
            + ", ".join(scenario.contracts)
        )
    base = baseline(scenario, seed=seed)
    index = scenario.agents.index(agent)
    moved = agent.model_copy(update={"contract": contract})
    changed = scenario.with_agents(tuple(moved if a.id == agent_id else a for a in scenario.agents))
    # The agent's shifts under the old contract may break the new one: keep
    # the rest of the roster and plan this agent first.
    others = base.roster[base.roster["agent_id"] != agent_id]
    _, _, kpis = _roster(changed, base.requirements, others, seed, passes, first=(index,))
    return before_after(base, kpis)


def _find_agent(scenario: Scenario, agent_id: str) -> Agent:
    for agent in scenario.agents:
        if agent.id == agent_id:
            return agent
    raise ShiftplanError(f"--agent: no agent with id '{agent_id}' in the agents file")


# --- checking a ranking with the full solver ----------------------------------------


def verify_hires(
    scenario: Scenario,
    ranking: pd.DataFrame,
    top: int,
    *,
    contract: str | None = None,
    skills: tuple[str, ...] | None = None,
    seed: int = 0,
    deterministic_time: float = 5.0,
) -> pd.DataFrame:
    """Re-check the top zones with the full solve, deterministically.

    The ranking uses the fast heuristic from the baseline roster. Here the
    baseline team and the team with each of the ``top`` hires are solved the
    way ``shiftplan solve --deterministic-time T --seed S`` solves them, so
    the ``verified_*`` columns are exactly what that command reports for a
    scenario with the hire added (see :func:`write_with_hire`).
    """
    from shiftplan.api import solve
    from shiftplan.solver import SolveParams, deterministic

    params = deterministic(SolveParams(seed=seed), deterministic_time)
    before = solve(scenario, params=params).kpis
    ranking = ranking.copy()
    for column in ("verified_late_contacts_avoided", "verified_agent_hours_short_closed"):
        ranking[column] = pd.Series([None] * len(ranking), dtype=object)
    for row in range(min(top, len(ranking))):
        zone = str(ranking.loc[row, "timezone"])
        hired = with_agent(scenario, hypothetical_agent(scenario, zone, contract, skills))
        after = solve(hired, params=params).kpis
        ranking.loc[row, "verified_late_contacts_avoided"] = round(
            before["late_contacts"] - after["late_contacts"], 2
        )
        ranking.loc[row, "verified_agent_hours_short_closed"] = round(
            before["agent_hours_short"] - after["agent_hours_short"], 2
        )
    return ranking


def write_with_hire(scenario: Scenario, agent: Agent, folder: Path) -> Path:
    """Write the scenario with ``agent`` added, for a separate ``shiftplan solve``.

    The YAML goes to ``folder/scenario.yaml`` with every CSV path made
    absolute, and ``folder/agents.csv`` holds the team plus the hire.
    """
    import yaml

    from shiftplan.reports.files import write_atomic, write_frame

    if scenario.path is None:
        raise ShiftplanError("the scenario was not loaded from a file; nothing to copy")
    source = scenario.path.resolve()
    spec = yaml.safe_load(source.read_text(encoding="utf-8-sig"))
    for key in ("forecast", "time_off", "previous_roster", "requests"):
        if spec.get(key):
            spec[key] = str((source.parent / spec[key]).resolve())
    agents = pd.read_csv(source.parent / spec["agents"], dtype=str, keep_default_na=False)
    row = dict.fromkeys(agents.columns, "")
    row.update({"id": agent.id, "name": agent.name, "timezone": agent.timezone,
                "country": agent.country, "contract": agent.contract,
                "skills": ";".join(agent.skills)})  # fmt: skip
    agents = pd.concat([agents, pd.DataFrame([row])], ignore_index=True)
    spec["agents"] = "agents.csv"
    spec["name"] = f"{spec['name']} + {agent.name}"
    write_frame(folder / "agents.csv", agents)
    path = folder / "scenario.yaml"
    write_atomic(path, yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))
    return path
