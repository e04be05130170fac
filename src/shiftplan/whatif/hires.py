"""Where should the next hire sit? Rank hiring markets by what the team gains.

Each candidate market gets a hypothetical agent (the chosen contract and
skills, the country's public holidays), the team is re-planned with them
(:func:`shiftplan.whatif.baseline.replan`), and the result is compared with
the same re-planning of the team without them. Candidates are ranked by
late contacts avoided; candidates within 1% of the leader's figure of each
other are one group, because a difference that small is noise, not advice.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from shiftplan.errors import ShiftplanError
from shiftplan.scenario.models import Agent, Scenario
from shiftplan.staffing.requirements import Requirements
from shiftplan.whatif.baseline import (
    DEFAULT_DETERMINISTIC_TIME,
    DEFAULT_PASSES,
    Baseline,
    Replanned,
    compute_baseline,
    replan,
    short_intervals,
    solve_deterministic,
)
from shiftplan.whatif.markets import (
    Candidate,
    Market,
    candidate_markets,
    country_holidays,
    format_offsets,
    offset_pattern,
)
from shiftplan.whatif.parallel import interrupts, ordered_map
from shiftplan.whatif.tables import contacts, hours

TIE_SHARE = 0.01
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

Report = Callable[[str], None]


def hypothetical_agent(
    scenario: Scenario,
    market: Market,
    contract: str | None = None,
    skills: tuple[str, ...] | None = None,
    suffix: str = "",
) -> Agent:
    """A new agent in ``market`` on ``contract`` with ``skills`` (defaults: first contract, all).

    Raises
    ------
    ShiftplanError
        Naming the contract or skill that the scenario does not define.
    """
    contract = contract or next(iter(scenario.contracts))
    if contract not in scenario.contracts:
        msg = f"contract '{contract}' is not one of the scenario's contracts: " + ", ".join(
            scenario.contracts
        )
        raise ShiftplanError(msg)
    all_skills = tuple(dict.fromkeys(queue.skill for queue in scenario.queues))
    chosen = skills or all_skills
    unknown = [skill for skill in chosen if skill not in all_skills]
    if unknown:
        msg = (
            f"skills: {', '.join(repr(s) for s in unknown)} is not the skill of any queue; "
            "the queues' skills are: " + ", ".join(all_skills)
        )
        raise ShiftplanError(msg)
    slug = "".join(ch for ch in market.city if ch.isalnum())
    return Agent(
        id=f"HIRE-{slug}-{market.country}{suffix}",
        name=f"New hire ({market.city}, {market.country})",
        timezone=market.timezone,
        country=market.country,
        contract=contract,
        skills=chosen,
    )


def with_agent(scenario: Scenario, agent: Agent) -> Scenario:
    """The scenario with one more agent, and their country's public holidays."""
    holidays = dict(scenario.holidays)
    holidays.setdefault(agent.country, country_holidays(scenario, agent.country))
    return scenario.model_copy(update={"agents": (*scenario.agents, agent), "holidays": holidays})


@dataclass(frozen=True)
class HireContext:
    """What every candidate's evaluation shares (sent to each process once)."""

    scenario: Scenario
    requirements: Requirements
    roster: pd.DataFrame
    reference: Replanned
    contract: str | None
    skills: tuple[str, ...] | None
    seed: int
    passes: int
    # The team's own small models, built by the first candidate a process
    # evaluates and reused by the rest (never compared or sent filled).
    models: dict[int, Any] = field(default_factory=dict, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["models"] = {}
        return state


def evaluate_hire(context: HireContext, candidate: Candidate) -> dict[str, Any]:
    """Re-plan the team with a hire in ``candidate``'s market; the figures and the reasons."""
    agent = hypothetical_agent(context.scenario, candidate.market, context.contract, context.skills)
    scenario = with_agent(context.scenario, agent)
    after = replan(
        scenario,
        context.requirements,
        context.roster,
        context.seed,
        context.passes,
        first=(len(scenario.agents) - 1,),
        models=context.models,
    )
    before = context.reference.kpis
    row: dict[str, Any] = {
        "city": candidate.market.city,
        "country": candidate.market.country,
        "timezone": candidate.market.timezone,
        "region": candidate.market.region,
        "hub": candidate.market.hub,
        "source": candidate.source,
        "same_as": ", ".join(m.label for m in candidate.same_as),
        "utc_offsets": format_offsets(candidate.offsets),
        "late_contacts_avoided": before["late_contacts"] - after.kpis["late_contacts"],
        "agent_hours_short_closed": before["agent_hours_short"] - after.kpis["agent_hours_short"],
        "nobody_on_intervals_covered": before["intervals_nobody_on"]
        - after.kpis["intervals_nobody_on"],
        "late_contacts_before": before["late_contacts"],
        "late_contacts_after": after.kpis["late_contacts"],
        "service_level_before": before["service_level"],
        "service_level_after": after.kpis["service_level"],
    }
    for queue, figures in after.kpis["queues"].items():
        row[f"{queue}_late_before"] = before["queues"][queue]["late_contacts"]
        row[f"{queue}_late_after"] = figures["late_contacts"]
    return row | _reasons(context, scenario, agent, after)


def _reasons(
    context: HireContext, scenario: Scenario, agent: Agent, after: Replanned
) -> dict[str, Any]:
    """Why this market helps: short hours covered, holidays worked, the shifts."""
    horizon = scenario.horizon
    mine = after.shifts[after.shifts["agent_id"] == agent.id]
    origin = pd.Timestamp(horizon.start_utc)
    step = horizon.interval_minutes
    working = np.zeros(horizon.intervals, dtype=bool)
    for start, end in zip(mine["start_utc"], mine["end_utc"], strict=True):
        first = int((pd.Timestamp(start) - origin).total_seconds() // 60) // step
        stop = int((pd.Timestamp(end) - origin).total_seconds() // 60) // step
        working[max(first, 0) : min(stop, horizon.intervals)] = True
    served = {queue.name for queue in scenario.queues if queue.skill in agent.skills}
    short = short_intervals(context.reference.coverage, served)
    covered = np.flatnonzero(working & short)
    stamps = [horizon.start_utc + timedelta(minutes=int(k) * step) for k in covered]
    report_zone = scenario.file.report_timezone
    team_days = _team_holidays(context.scenario)
    own = country_holidays(scenario, agent.country) if scenario.file.public_holidays else set()
    open_days = sorted(day for day in team_days if day not in own)
    worked = set(mine["local_date"])
    starts = Counter(f"{stamp:%H:%M}" for stamp in mine["start_local"])
    days = Counter(f"{stamp:%a}" for stamp in mine["start_local"])
    return {
        "short_hours_covered": len(covered) * step / 60,
        "short_window_report": _window(stamps, ZoneInfo(report_zone), step),
        "short_window_local": _window(stamps, ZoneInfo(agent.timezone), step),
        "team_holidays_open": ", ".join(
            f"{day:%a %d %b}" + (" (works)" if day in worked else "") for day in open_days
        ),
        "shifts": len(mine),
        "paid_hours": float(mine["paid_hours"].sum()),
        "local_starts": ", ".join(f"{start} x{count}" for start, count in starts.most_common()),
        "days": ", ".join(f"{day} x{days[day]}" for day in WEEKDAYS if day in days),
    }


def _team_holidays(scenario: Scenario) -> set[date]:
    """Days some of the team has off for a public holiday."""
    if not scenario.file.public_holidays:
        return set()
    countries = {agent.country for agent in scenario.agents}
    return {day for country in countries for day in scenario.holidays.get(country, ())}


def _window(stamps: list[Any], zone: ZoneInfo, step: int) -> str:
    """The local times of day most of ``stamps`` fall in, e.g. '19:00-03:00'.

    Intervals are binned by their local time of day; the longest run of
    occupied bins (going round midnight) is the window, the busiest first
    when several are equally long.
    """
    if not stamps:
        return ""
    bins = 24 * 60 // step
    counts = np.zeros(bins, dtype=np.int64)
    for stamp in stamps:
        local = stamp.astimezone(zone)
        counts[(local.hour * 60 + local.minute) // step] += 1
    if counts.all():
        return "all day"
    # Start each run just after an empty bin, so runs never wrap wrongly.
    first_empty = int(np.flatnonzero(counts == 0)[0])
    order = [(first_empty + 1 + k) % bins for k in range(bins)]
    runs: list[list[int]] = []
    current: list[int] = []
    for index in order:
        if counts[index]:
            current.append(index)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    best = max(runs, key=lambda run: (int(counts[run].sum()), len(run)))

    def clock(index: int) -> str:
        minutes = (index * step) % (24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    return f"{clock(best[0])}-{clock(best[-1] + 1)}"


def _promise(context: HireContext, candidate: Candidate) -> float:
    """Late contacts in the hours a hire there could work: the order to evaluate in.

    Cheap and only an order: when the time limit cuts the ranking short, the
    candidates left out are the least promising ones.
    """
    scenario = context.scenario
    horizon = scenario.horizon
    contract = scenario.contracts[context.contract or next(iter(scenario.contracts))]
    earliest = contract.start_window.earliest.hour * 60 + contract.start_window.earliest.minute
    latest = contract.start_window.latest.hour * 60 + contract.start_window.latest.minute
    if latest < earliest:
        latest += 24 * 60
    span = latest + int(max(contract.shift_hours) * 60) - earliest
    coverage = context.reference.coverage
    late = coverage.groupby("interval")["expected_late_contacts"].sum().sort_index().to_numpy()
    pattern = offset_pattern(candidate.market.timezone, scenario)
    minutes = np.arange(horizon.intervals) * horizon.interval_minutes
    offsets = np.array([int(offset.total_seconds() // 60) for offset in pattern])
    origin = horizon.start_utc.hour * 60 + horizon.start_utc.minute
    local = (minutes + offsets + origin) % (24 * 60)
    inside = (local - earliest) % (24 * 60) < span
    return float(late[inside].sum())


@dataclass(frozen=True)
class Group:
    """Candidates within noise of each other, named for what they cover."""

    name: str
    labels: tuple[str, ...]
    late_contacts_avoided: float


@dataclass
class HireRanking:
    """The ranked candidates, their groups, and what was cut.

    Attributes
    ----------
    frame
        One row per evaluated candidate, best first, unrounded (for
        notebooks); :meth:`table` rounds it for people.
    baseline
        What every row is compared with.
    groups
        Near-ties, best group first.
    not_evaluated
        Candidates the time limit or Ctrl-C left out.
    stopped
        ``time limit`` or ``Ctrl-C`` when the ranking is partial, else None.
    notes
        Further things the reader must know (e.g. verification cut short).
    """

    frame: pd.DataFrame
    baseline: Baseline
    groups: list[Group]
    not_evaluated: list[str] = field(default_factory=list)
    stopped: str | None = None
    notes: list[str] = field(default_factory=list)
    contract: str = ""
    skills: tuple[str, ...] = ()

    def table(self) -> pd.DataFrame:
        """The ranking for people: rounded, in words, no empty cells shown as None."""
        from shiftplan.whatif.tables import people_ranking

        return people_ranking(self)

    def report(self, top: int = 10) -> str:
        """The console report: baseline, groups, the top rows and their reasons."""
        from shiftplan.whatif.tables import ranking_report

        return ranking_report(self, top)


def rank_hires(
    scenario: Scenario,
    *,
    markets: str = "hubs",
    countries: list[str] | None = None,
    timezones: list[str] | None = None,
    contract: str | None = None,
    skills: tuple[str, ...] | None = None,
    seed: int = 0,
    passes: int = DEFAULT_PASSES,
    deterministic_time: float = DEFAULT_DETERMINISTIC_TIME,
    workers: int | None = None,
    time_limit: float | None = None,
    base: Baseline | None = None,
    report: Report | None = None,
) -> HireRanking:
    """Rank hiring markets for the next hire by the late contacts the team would avoid.

    Parameters
    ----------
    scenario
        The team as it is.
    markets, countries, timezones
        Which candidates: see :func:`shiftplan.whatif.markets.candidate_markets`.
    contract, skills
        The hire's contract and skills (first contract and every skill).
    seed, deterministic_time
        The baseline's settings, as ``shiftplan solve --seed --deterministic-time``.
    passes
        Passes over the team when re-planning with each candidate (with
        ``base``, the baseline's seed and passes are used).
    workers
        Processes evaluating candidates (None: every core). The ranking is
        the same whatever the number.
    time_limit
        Seconds for the whole ranking, baseline included (None: no limit).
        Candidates not evaluated in time are listed in ``not_evaluated``.
    base
        A baseline computed before, to reuse.
    report
        Called with a line of progress for people.

    Returns
    -------
    HireRanking
        Candidates best first, grouped into near-ties, with their reasons.
    """
    started = time.perf_counter()
    deadline = None if time_limit is None else started + time_limit
    say = report or (lambda line: None)
    candidates = candidate_markets(scenario, markets, countries, timezones)
    if not candidates:
        msg = "no candidate markets to rank"
        raise ShiftplanError(msg)
    # Check the contract and skills before the long baseline solve.
    chosen = hypothetical_agent(scenario, candidates[0].market, contract, skills)
    with interrupts() as stop:
        if base is None:
            say(
                f"Baseline: solving the team as `shiftplan solve --deterministic-time "
                f"{deterministic_time:g} --seed {seed}` does..."
            )
            base = compute_baseline(
                scenario,
                seed=seed,
                deterministic_time=deterministic_time,
                passes=passes,
                time_limit=None if time_limit is None else time_limit / 2,
                report=say,
            )
            if stop():
                # Ctrl-C during the solve: it returned its best roster so far,
                # which is not the baseline `shiftplan solve` would report.
                base = replace(base, cut="Ctrl-C")
                return HireRanking(
                    frame=_ranked([], list(base.kpis["queues"])),
                    baseline=base,
                    groups=[],
                    not_evaluated=[c.label for c in candidates],
                    stopped="Ctrl-C",
                    contract=chosen.contract,
                    skills=chosen.skills,
                )
            say(f"Baseline ready after {time.perf_counter() - started:.0f} s.")
        # The baseline's own seed and passes: candidates are re-planned
        # exactly as its reference was, whatever was passed here.
        context = HireContext(
            scenario, base.requirements, base.roster, base.reference, contract, skills,
            base.seed, base.passes,
        )  # fmt: skip
        order = sorted(range(len(candidates)), key=lambda i: (-_promise(context, candidates[i]), i))
        queued = [candidates[i] for i in order]
        ranking_started = time.perf_counter()
        say(f"Ranking {len(queued)} candidate markets...")

        def progress(done: int, total: int) -> None:
            spent = time.perf_counter() - ranking_started
            left = spent / done * (total - done)
            say(f"  candidates {done} of {total} done, about {left:.0f} s left")

        outcome = ordered_map(
            evaluate_hire,
            context,
            queued,
            workers=workers,
            deadline=deadline,
            stop=stop,
            on_result=progress,
        )
    rows = [row for row in outcome.results if row is not None]
    skipped = [c.label for c, row in zip(queued, outcome.results, strict=True) if row is None]
    frame = _ranked(rows, list(base.reference.kpis["queues"]))
    return HireRanking(
        frame=frame,
        baseline=base,
        groups=_groups(frame, scenario.file.report_timezone),
        not_evaluated=skipped,
        stopped=outcome.stopped.reason,
        contract=chosen.contract,
        skills=chosen.skills,
    )


def _ranked(rows: list[dict[str, Any]], queues: list[str]) -> pd.DataFrame:
    """Rows best first, with rank and group columns; an empty frame keeps its columns."""
    columns = [
        "rank", "group", "city", "country", "timezone", "region", "hub", "source", "same_as",
        "utc_offsets", "late_contacts_avoided", "agent_hours_short_closed",
        "nobody_on_intervals_covered", "short_hours_covered", "short_window_report",
        "short_window_local", "team_holidays_open", "shifts", "paid_hours", "local_starts",
        "days", "late_contacts_before", "late_contacts_after", "service_level_before",
        "service_level_after",
        *[f"{queue}_late_{when}" for queue in queues for when in ("before", "after")],
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=[c for c in columns if c not in ("rank", "group")])
    frame = frame.sort_values(
        ["late_contacts_avoided", "agent_hours_short_closed", "nobody_on_intervals_covered",
         "city", "country"],
        ascending=[False, False, False, True, True],
        ignore_index=True,
    )  # fmt: skip
    frame.insert(0, "rank", range(1, len(frame) + 1))
    frame.insert(1, "group", _group_numbers(frame["late_contacts_avoided"].tolist()))
    return frame[columns]


def _group_numbers(avoided: list[float]) -> list[int]:
    """Group number of each row (sorted best first): near-ties share one.

    A group starts at its best row and takes every following row within 1%
    of the leader's late contacts avoided (at least half a contact, so rows
    that change nothing are one group too).
    """
    if not avoided:
        return []
    tolerance = max(TIE_SHARE * abs(avoided[0]), 0.5)
    numbers, head, number = [], avoided[0], 1
    for value in avoided:
        if head - value > tolerance:
            number, head = number + 1, value
        numbers.append(number)
    return numbers


def _groups(frame: pd.DataFrame, report_zone: str) -> list[Group]:
    groups = []
    for _, rows in frame.groupby("group", sort=True):
        regions = list(dict.fromkeys(rows["region"]))
        area = " + ".join(regions[:3]) + (" and more" if len(regions) > 3 else "")
        window = str(rows["short_window_report"].iloc[0])
        name = f"{area}, covering {window} {report_zone}" if window else area
        labels = tuple(f"{c} ({k})" for c, k in zip(rows["city"], rows["country"], strict=True))
        groups.append(Group(name, labels, float(rows["late_contacts_avoided"].iloc[0])))
    return groups


def verify_hires(
    ranking: HireRanking, top: int, *, time_limit: float | None = None, report: Report | None = None
) -> HireRanking:
    """Re-check the top ``top`` candidates with the full deterministic solve.

    The team with each hire is solved exactly as ``shiftplan solve
    --deterministic-time T --seed S`` would solve it (see
    :func:`write_with_hire`), and compared with the baseline's solve, so
    the ``verified_*`` columns are what two separate solves report.
    """
    base = ranking.baseline
    say = report or (lambda line: None)
    started = time.perf_counter()
    frame = ranking.frame.copy()
    frame["verified_late_contacts_avoided"] = np.nan
    frame["verified_agent_hours_short_closed"] = np.nan
    notes = list(ranking.notes)
    count = min(top, len(frame))
    for row in range(count):
        left = None if time_limit is None else time_limit - (time.perf_counter() - started)
        if left is not None and left <= 1:
            notes.append(f"time limit: verified {row} of {count} candidates with the full solve")
            break
        market = _market_of(frame.iloc[row])
        say(f"Verifying {market.label} with the full solve ({row + 1} of {count})...")
        hired = with_agent(
            base.scenario,
            hypothetical_agent(base.scenario, market, ranking.contract, ranking.skills),
        )
        after = solve_deterministic(
            hired,
            seed=base.seed,
            deterministic_time=base.deterministic_time,
            requirements=base.requirements,
            time_limit=left,
        ).kpis
        frame.loc[row, "verified_late_contacts_avoided"] = (
            base.kpis["late_contacts"] - after["late_contacts"]
        )
        frame.loc[row, "verified_agent_hours_short_closed"] = (
            base.kpis["agent_hours_short"] - after["agent_hours_short"]
        )
    return HireRanking(
        frame=frame,
        baseline=base,
        groups=ranking.groups,
        not_evaluated=ranking.not_evaluated,
        stopped=ranking.stopped,
        notes=notes,
        contract=ranking.contract,
        skills=ranking.skills,
    )


def _market_of(row: pd.Series) -> Market:
    return Market(
        str(row["city"]), str(row["country"]), str(row["timezone"]), bool(row["hub"]),
        str(row["region"]),
    )  # fmt: skip


def top_market(ranking: HireRanking) -> Market:
    """The market of the best candidate."""
    if ranking.frame.empty:
        msg = "no candidate was evaluated: nothing to choose"
        raise ShiftplanError(msg)
    return _market_of(ranking.frame.iloc[0])


# --- several hires ---------------------------------------------------------------------


@dataclass(frozen=True)
class TeamContext:
    """What scoring a set of hires shares."""

    scenario: Scenario
    requirements: Requirements
    roster: pd.DataFrame
    contract: str | None
    skills: tuple[str, ...] | None
    seed: int
    passes: int


def score_hires(context: TeamContext, markets: tuple[Market, ...]) -> tuple[float, float]:
    """Late contacts and agent-hours short of the team re-planned with these hires."""
    scenario = context.scenario
    for number, market in enumerate(markets, start=1):
        agent = hypothetical_agent(
            context.scenario, market, context.contract, context.skills, suffix=f"-{number}"
        )
        scenario = with_agent(scenario, agent)
    first = tuple(range(len(context.scenario.agents), len(scenario.agents)))
    after = replan(
        scenario, context.requirements, context.roster, context.seed, context.passes, first
    )
    return after.kpis["late_contacts"], after.kpis["agent_hours_short"]


def plan_hires(
    ranking: HireRanking, count: int, *, shortlist: int = 6, workers: int | None = None
) -> pd.DataFrame:
    """Plan ``count`` hires together, and compare with picking them one by one.

    *Greedy* adds the best single hire, re-plans, and repeats. *Joint*
    starts from the greedy set and swaps one chosen market for another from
    the shortlist (the ranking's best) while the team improves, so it can
    find pairs that cover each other's blind spots, which greedy cannot.

    Returns
    -------
    pandas.DataFrame
        One row per plan (now, greedy, joint): the markets, late contacts
        and agent-hours short after hiring.
    """
    if count < 1:
        msg = f"count {count}: plan at least one hire"
        raise ShiftplanError(msg)
    base = ranking.baseline
    pool = [_market_of(row) for _, row in ranking.frame.head(max(shortlist, count)).iterrows()]
    context = TeamContext(
        base.scenario, base.requirements, base.roster, ranking.contract or None,
        ranking.skills or None, base.seed, base.passes,
    )  # fmt: skip

    def score_all(sets: list[tuple[Market, ...]]) -> list[tuple[float, float]]:
        outcome = ordered_map(score_hires, context, sets, workers=workers)
        return [score for score in outcome.results if score is not None]

    def key(markets: tuple[Market, ...]) -> tuple[str, ...]:
        return tuple(m.label for m in markets)

    greedy: tuple[Market, ...] = ()
    for _ in range(count):
        options = [(*greedy, market) for market in pool]
        scores = score_all(options)
        greedy = options[min(range(len(options)), key=lambda i: (scores[i], key(options[i])))]
    greedy_score = score_all([greedy])[0]
    joint, joint_score = greedy, greedy_score
    improved = True
    while improved:
        improved = False
        options = list(
            {
                key(option): option
                for option in (
                    tuple(sorted((*joint[:i], market, *joint[i + 1 :]), key=lambda m: m.label))
                    for i in range(len(joint))
                    for market in pool
                    if market != joint[i]
                )
            }.values()
        )
        scores = score_all(options)
        best = min(range(len(options)), key=lambda i: (scores[i], key(options[i])), default=None)
        if best is not None and scores[best] < joint_score:
            joint, joint_score = options[best], scores[best]
            improved = True
    reference = base.reference.kpis
    rows = [
        ("now", (), (reference["late_contacts"], reference["agent_hours_short"])),
        ("greedy", greedy, greedy_score),
        ("joint", tuple(sorted(joint, key=lambda m: m.label)), joint_score),
    ]
    return pd.DataFrame(
        [
            {
                "plan": plan,
                "markets": ", ".join(m.label for m in markets),
                "late_contacts": contacts(score[0]),
                "agent_hours_short": hours(score[1]),
            }
            for plan, markets, score in rows
        ]
    )


# --- writing the scenario with the hire ---------------------------------------------------


def write_with_hire(scenario: Scenario, agent: Agent, folder: Any) -> Any:
    """Write the scenario with ``agent`` added, for a separate ``shiftplan solve``.

    The YAML goes to ``folder/scenario.yaml`` with every CSV path made
    absolute, and ``folder/agents.csv`` holds the team plus the hire.
    """
    from pathlib import Path

    import yaml

    from shiftplan.atomic import write_text
    from shiftplan.reports.files import write_frame

    if scenario.path is None:
        msg = "the scenario was not loaded from a file; nothing to copy"
        raise ShiftplanError(msg)
    folder = Path(folder)
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
    write_frame(folder / "agents.csv", agents, formulas_safe=False)
    path = folder / "scenario.yaml"
    write_text(path, yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))
    return path
