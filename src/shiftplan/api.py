"""The public pipeline: scenario -> requirements -> candidates -> model -> result."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from shiftplan.result import ROSTER_COLUMNS, Result, Roster
from shiftplan.scenario.load import load_scenario
from shiftplan.scenario.models import Scenario, Weights
from shiftplan.scoring import POINTS, allocate, evaluate, gap_share, weights_for
from shiftplan.shifts import CandidateShifts, build_candidates
from shiftplan.solver import ModelData, SolveParams, StopRequest, explain_infeasible, solve_model
from shiftplan.staffing.requirements import Requirements, compute_requirements
from shiftplan.status import SolveStatus


def solve(
    scenario: Scenario | str | Path,
    *,
    objective: str = "late-contacts",
    weights: Weights | None = None,
    params: SolveParams | None = None,
    initial_roster: Roster | pd.DataFrame | None = None,
    requirements: Requirements | None = None,
) -> Result:
    """Build the roster that loses the least service under every labour rule.

    Parameters
    ----------
    scenario
        A loaded scenario or the path of its YAML file.
    objective
        ``late-contacts`` (expected late contacts from the service curves) or
        ``shortfall`` (missing agent-intervals against the requirement).
    weights
        Objective weights; the scenario's when None.
    params
        Solver parameters (time limit, workers, seed, pass-through CP-SAT).
    initial_roster
        A roster to start the search from (hints), e.g. last cycle's.
    requirements
        Precomputed requirements (what-if analysis reuses them).

    Returns
    -------
    Result
        With a roster when one was found (even with coverage gaps); status
        ``INFEASIBLE`` and an explanation when the hard rules cannot hold;
        ``interrupted`` when Ctrl-C stopped it early (the roster is then the
        best found so far).

    Raises
    ------
    shiftplan.locks.LockError
        When ``params.locked`` holds a shift that breaks a hard rule by itself.
    shiftplan.roster_io.RosterError
        When ``params.locked`` is a file with a cell that cannot be read.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    # Ctrl-C from here on stops the current phase, which returns the best
    # roster it holds; the result says it was interrupted.
    with StopRequest() as stop:
        result = _solve(scenario, objective, weights, params, initial_roster, requirements)
    return replace(result, interrupted=stop()) if stop() else result


def _solve(
    scenario: Scenario,
    objective: str,
    weights: Weights | None,
    params: SolveParams | None,
    initial_roster: Roster | pd.DataFrame | None,
    requirements: Requirements | None,
) -> Result:
    params = params or SolveParams()
    started = time.perf_counter()
    if scenario.head_count_only:
        params = params.for_head_count(scenario.horizon.days, len(scenario.agents))
    chosen_weights = weights_for(objective, weights or scenario.file.weights)
    requirements = requirements or compute_requirements(scenario)
    candidates = build_candidates(scenario)
    if params.locked is not None:
        from shiftplan.locks import apply_locks, locked_shifts

        frame = locked_shifts(scenario, params.locked, params.lock_until)
        candidates = apply_locks(scenario, candidates, frame, params.lock_until)
    data = ModelData.from_scenario(scenario, requirements, candidates, chosen_weights)
    if initial_roster is not None:
        hints = match_roster(scenario, candidates, initial_roster)
        params = replace(params, hint_shifts=hints)
    if not params.is_deterministic:
        # The time limit bounds the whole solve: staffing, candidates and
        # reading the hint included, and the scoring of the rosters after it.
        spent = time.perf_counter() - started + scoring_seconds(len(candidates))
        params = replace(params, time_limit=max(1.0, params.time_limit - spent))
    outcome = solve_model(data, params)
    if not outcome.status.found_roster:
        explanation = explain_infeasible(data) if outcome.status == SolveStatus.INFEASIBLE else []
        if outcome.status == SolveStatus.UNKNOWN:
            explanation = ["no roster found within the time limit; allow more time"]
        return Result(outcome.status, None, None, None, outcome.runtime, explanation=explanation)
    rosters = [outcome.shifts]
    if (
        outcome.heuristic_shifts is not None
        and outcome.status != SolveStatus.OPTIMAL
        and sorted(outcome.heuristic_shifts) != sorted(outcome.shifts)
    ):
        # Scoring takes seconds on large teams; when CP-SAT did not run, the
        # two rosters are one.
        rosters.append(outcome.heuristic_shifts)
    scored = []
    for chosen in rosters:
        shifts = roster_frame(scenario, candidates, chosen)
        roster = Roster(shifts, allocate(scenario, requirements, shifts, chosen_weights))
        scored.append((*evaluate(scenario, requirements, roster, chosen_weights), roster))
    # CP-SAT may end the time limit still behind the roster it started from;
    # the manager gets whichever scores better.
    score, kpis, coverage, roster = min(scored, key=lambda item: item[0])
    bound = None if outcome.bound is None else min(outcome.bound, score) / POINTS
    value = score / POINTS
    return Result(
        status=outcome.status,
        objective=value,
        bound=bound,
        gap=None if bound is None else gap_share(value, bound),
        runtime=outcome.runtime,
        roster=roster,
        kpis=kpis,
        coverage=coverage,
    )


def scoring_seconds(candidates: int) -> float:
    """Seconds kept at the end of a solve to score its rosters and write them.

    About 1.5 s for the 94,000 candidate shifts of 500 agents x 28 days on a
    loaded 2-core machine; a small team needs a fraction of a second.
    """
    return 0.1 + 1.5e-5 * candidates


def roster_frame(
    scenario: Scenario, candidates: CandidateShifts, chosen: list[int]
) -> pd.DataFrame:
    """The chosen candidate shifts as roster rows, in local time and UTC."""
    if not chosen:
        return pd.DataFrame(columns=list(ROSTER_COLUMNS))
    # Column by column, not row by row: a roster of 5,000 agents has 86,000
    # shifts, and a Timestamp per cell took seconds of the time limit.
    picked = np.asarray(chosen, dtype=np.int64)
    agent = candidates.agent[picked]
    order = np.lexsort((candidates.start[picked], agent))
    picked, agent = picked[order], agent[order]
    origin = pd.Timestamp(scenario.horizon.start_utc)
    start = origin + pd.to_timedelta(candidates.start[picked], unit="min")
    end = start + pd.to_timedelta(candidates.length[picked], unit="min")
    agents = scenario.agents
    zones = np.array([agents[int(a)].timezone for a in agent], dtype=object)
    start_local = np.empty(len(picked), dtype=object)
    end_local = np.empty(len(picked), dtype=object)
    for zone in dict.fromkeys(zones.tolist()):
        mine = zones == zone
        start_local[mine] = list(start[mine].tz_convert(zone))
        end_local[mine] = list(end[mine].tz_convert(zone))
    days = pd.Timestamp(scenario.horizon.start) + pd.to_timedelta(candidates.day[picked], unit="D")
    return pd.DataFrame(
        {
            "agent_id": [agents[int(a)].id for a in agent],
            "agent_name": [agents[int(a)].name for a in agent],
            "timezone": zones.tolist(),
            "local_date": [stamp.date() for stamp in days],
            "start_local": start_local,
            "end_local": end_local,
            "start_utc": start,
            "end_utc": end,
            "paid_hours": candidates.length[picked] / 60,
        },
        columns=list(ROSTER_COLUMNS),
    )


def match_roster(
    scenario: Scenario, candidates: CandidateShifts, roster: Roster | pd.DataFrame
) -> frozenset[int]:
    """Candidate indices of a roster's shifts (same agent, UTC start and length)."""
    frame = roster.shifts if isinstance(roster, Roster) else roster
    origin = pd.Timestamp(scenario.horizon.start_utc)
    index_of = {agent.id: i for i, agent in enumerate(scenario.agents)}
    lookup = {
        (int(a), int(s), int(n)): i
        for i, (a, s, n) in enumerate(
            zip(candidates.agent, candidates.start, candidates.length, strict=True)
        )
    }
    found = set()
    for agent_id, start, end in zip(
        frame["agent_id"], frame["start_utc"], frame["end_utc"], strict=True
    ):
        start_ts, end_ts = pd.Timestamp(start), pd.Timestamp(end)
        if agent_id not in index_of:
            continue
        key = (
            index_of[agent_id],
            int((start_ts - origin).total_seconds() // 60),
            int((end_ts - start_ts).total_seconds() // 60),
        )
        if key in lookup:
            found.add(lookup[key])
    return frozenset(found)
