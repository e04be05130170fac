"""A fast first roster: improve one agent at a time against everyone else's shifts.

CP-SAT on the whole team proves bounds and polishes, but on two cores it is
slow to find good rosters for large teams. This heuristic is coordinate
descent over agents: remove one agent, price every interval by how much one
more agent of the agent's skills would save there (the marginal cost drop of
the best queue it serves, given the others' allocation), and solve that
agent's own small CP-SAT model under all of their hard rules to pick the
week that saves most. Repeat over the team in a seeded random order. Each
step can only keep or improve the agent's contribution as priced, so it
climbs quickly; the full model then starts from the result.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from shiftplan.scoring import allocate_counts
from shiftplan.scoring.allocation import convex_costs
from shiftplan.solver.agent_model import AgentModel, build_agent_model
from shiftplan.solver.constraints.requests import request_values
from shiftplan.solver.constraints.stable_starts import extra_starts
from shiftplan.solver.cover_ledger import CoverLedger
from shiftplan.solver.data import ModelData
from shiftplan.solver.runtime import run, small_solver
from shiftplan.solver.types import LONG_HORIZON_DAYS

#: Helper threads that solve agents' first weeks while the next models are built.
QUICK_THREADS = 2


@dataclass(frozen=True)
class Descent:
    """The roster the descent ended with, and whether Ctrl-C ended it."""

    shifts: frozenset[int]
    interrupted: bool


def rule_keeping_roster(
    data: ModelData, models: dict[int, AgentModel] | None = None
) -> tuple[frozenset[int], list[tuple[int, str]]]:
    """A roster that keeps every hard rule, agent by agent, ignoring demand.

    Every hard rule concerns one agent alone, so the team's roster is the
    union of each agent's own feasible week: hundreds of millisecond solves
    instead of one large one, which on a busy machine could run out of time
    before finding anything. Returns the shifts and the agents for whom no
    week was found, each with CP-SAT's status (INFEASIBLE: their own rules
    admit none).

    This roster is the answer of last resort, so it is finished whatever the
    time limit: the phases after it get what time is left, or none.
    """
    models = {} if models is None else models
    local = threading.local()

    def quick_week(agent_model: AgentModel) -> tuple[Any, list[int]]:
        solver = getattr(local, "solver", None)
        if solver is None:
            solver = local.solver = _quick_solver()
        status = run(solver, agent_model.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return status, agent_model.variables.extract_shifts(solver)
        return status, []

    # Building a model is Python (it holds the GIL), solving it is CP-SAT
    # (which releases it): while one agent's week is solved in a helper
    # thread the next agent's model is built, which halves the time of this
    # phase on large teams (5,000 agents: about 27 s building, 23 s solving).
    # Each solve is single-threaded with the same limits, so the roster is
    # the same as one solve after the other.
    with ThreadPoolExecutor(max_workers=QUICK_THREADS) as pool:
        futures: list[Future[tuple[Any, list[int]]]] = []
        for agent in range(len(data.agents)):
            if agent not in models:
                models[agent] = build_agent_model(data, agent)
            futures.append(pool.submit(quick_week, models[agent]))
        weeks = [future.result() for future in futures]
    shifts: list[int] = []
    failed: list[tuple[int, str]] = []
    for agent, (status, week) in enumerate(weeks):
        agent_model = models[agent]
        if status == cp_model.UNKNOWN:
            # A long horizon with a narrow window of total hours (Curtois
            # Instance21: 182 days, 920-936 h) can defeat one worker's search
            # for many seconds; CP-SAT's portfolio finds such a week in about one.
            solver = _portfolio_solver()
            status = run(solver, agent_model.model)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                week = agent_model.variables.extract_shifts(solver)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            shifts.extend(int(agent_model.indices[i]) for i in week)
        else:
            failed.append((agent, status.name))
    return frozenset(shifts), failed


def _quick_solver() -> cp_model.CpSolver:
    """One worker, short limits, tuned to find any week rather than prove anything.

    There is no objective, so the search only has to find one schedule.
    Quick restarts without the LP relaxation (the portfolio's
    ``quick_restart_no_lp`` worker, the one that found these weeks first)
    and no presolve do that fastest: on Curtois Instance21 (182 days) the
    default worker ran out of its limits on most agents after 1-4 s where
    this one finds a week in about 0.1 s; on Instance24 (364 days, 32 shift
    types) presolve alone took 1.7 s of the 1.9 s, and without it a week
    takes about 0.35 s.
    """
    quick = small_solver()
    quick.parameters.search_branching = cp_model.PORTFOLIO_WITH_QUICK_RESTART_SEARCH
    quick.parameters.linearization_level = 0
    quick.parameters.cp_model_presolve = False
    # One that takes longer goes to the portfolio.
    quick.parameters.max_time_in_seconds = 2.0
    quick.parameters.max_deterministic_time = 0.5
    return quick


def _portfolio_solver() -> cp_model.CpSolver:
    """CP-SAT's parallel portfolio for an agent's week that one worker did not find."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 8
    solver.parameters.max_time_in_seconds = 30.0
    solver.parameters.catch_sigint_signal = False
    return solver


def improve_by_agent(
    data: ModelData,
    start: frozenset[int],
    time_budget: float,
    seed: int = 0,
    passes: int = 3,
    first: tuple[int, ...] = (),
    stop: Callable[[], bool] | None = None,
    models: dict[int, AgentModel] | None = None,
) -> Descent:
    """Coordinate descent from roster ``start``; returns the improved roster.

    Parameters
    ----------
    data
        The model inputs (all agents).
    start
        Candidate indices of a roster that keeps every hard rule.
    time_budget
        Wall-clock seconds to spend at most.
    seed
        Order in which agents are visited.
    passes
        Passes over the whole team at most.
    first
        Agents to visit before the first pass (a new hire joins the roster).
    stop
        Polled between agents; True ends the descent (Ctrl-C).
    models
        Agents' own models built before (by :func:`rule_keeping_roster`).

    With a time budget that is not reached, the result depends on the
    inputs and the seed alone: every small solve is single-threaded and
    limited in deterministic time, so what-if rankings repeat exactly.
    """
    deadline = time.perf_counter() + time_budget
    candidates = data.candidates
    intervals = data.intervals
    classes = [served for served, _ in data.skill_classes]
    class_of_agent = data.class_of_agent
    queues = [queue.name for queue in data.scenario.queues]
    coefs = data.coefficients
    costs = data.queue_costs
    required_total = data.required_total
    wishes = request_values(data)
    chosen = {agent: [] for agent in range(len(data.agents))}  # type: dict[int, list[int]]
    for shift in start:
        chosen[int(candidates.agent[shift])].append(int(shift))
    on = data.on_by_class(start)
    cover = CoverLedger(data, start)

    def place(shifts: list[int], sign: int) -> NDArray[np.bool_]:
        touched = np.zeros(intervals, dtype=bool)
        for shift in shifts:
            c = class_of_agent[candidates.agent[shift]]
            first, stop = int(candidates.first[shift]), int(candidates.stop[shift])
            if c >= 0:
                on[c, first:stop] += sign
            touched[first:stop] = True
        return touched

    # Checked once: the allocations below read parts of the same tables.
    convex = convex_costs(costs.values())
    staff = allocate_counts(classes, on, costs, convex=convex)

    def reallocate(touched: NDArray[np.bool_]) -> None:
        columns = np.flatnonzero(touched)
        if len(columns) == 0:
            return
        # No queue gets more agents than are on shift: the tables' columns past
        # that are not copied (a 2,000-agent table is over a thousand wide).
        most = int(on[:, columns].sum(axis=0).max()) + 1
        part = allocate_counts(
            classes,
            on[:, columns],
            {q: costs[q][columns, :most] for q in queues},
            convex=convex,
        )
        for queue in queues:
            staff[queue][columns] = part[queue]

    # Stable starts are the agent's own: one more start time in a week
    # costs the same whatever the others do.
    starts = coefs.stable_starts  # 0 when the term is off

    def roster_now(mine: list[int]) -> int:
        """:func:`roster_cost` now, less what the others' requests and start times cost."""
        extra = starts * extra_starts(data, mine) if starts else 0
        return _cost(data, on, staff) + cover.cost() - int(wishes[mine].sum()) + extra

    rng = np.random.default_rng(seed)
    models = {} if models is None else models
    solver = small_solver()
    longest = solver.parameters.max_time_in_seconds
    long_horizon = data.days >= LONG_HORIZON_DAYS
    columns = np.arange(intervals)
    orders = [list(first)] + [rng.permutation(len(data.agents)).tolist() for _ in range(passes)]
    interrupted = False
    try:
        for order in orders:
            changed = False
            for agent in order:
                if time.perf_counter() > deadline:
                    return Descent(frozenset(s for v in chosen.values() for s in v), False)
                if stop is not None and stop():
                    return Descent(frozenset(s for v in chosen.values() for s in v), True)
                served = class_of_agent[agent]
                if served < 0 and not cover.count.size:
                    continue
                before = roster_now(chosen[agent])
                reallocate(place(chosen[agent], -1))
                cover.place(chosen[agent], -1)
                gain = np.zeros(intervals, dtype=np.int64)
                for queue in classes[served] if served >= 0 else ():
                    table = costs[queue]
                    last = table.shape[1] - 1
                    now = table[columns, np.minimum(staff[queue], last)]
                    after = table[columns, np.minimum(staff[queue] + 1, last)]
                    gain = np.maximum(gain, now - after)
                if coefs.overstaffing and served >= 0:
                    # One more agent where the team already meets the total
                    # requirement is overstaffing.
                    crowded = on.sum(axis=0) >= required_total
                    gain = gain - coefs.overstaffing * crowded
                prefix = np.concatenate([[0], np.cumsum(gain)])
                if agent not in models:
                    models[agent] = build_agent_model(data, agent)
                agent_model = models[agent]
                indices = agent_model.indices
                values = prefix[candidates.stop[indices]] - prefix[candidates.first[indices]]
                values = values + wishes[indices] + cover.values(indices)
                current = set(chosen[agent])
                # Twice the value plus one for a shift already held: ties keep
                # the roster as it is, so the search does not wander.
                held = np.isin(indices, list(current))
                # One weighted sum built in C++, the same objective as a sum of
                # terms built one by one in Python.
                agent_model.model.maximize(
                    cp_model.LinearExpr.weighted_sum(
                        agent_model.variables.shift, (2 * values + held).tolist()
                    )
                )
                if deadline < float("inf"):
                    # One agent's solve on a long horizon can take seconds
                    # (Curtois Instance24: 364 days); it must not run past the
                    # descent's end, which the loop only checks between agents.
                    left = deadline - time.perf_counter()
                    solver.parameters.max_time_in_seconds = min(longest, max(left, 0.05))
                if long_horizon:
                    _long_horizon_step(solver, agent_model, held)
                status = run(solver, agent_model.model)
                if long_horizon:
                    # The models are shared with the bound's pricing, which
                    # must not start from this agent's old week.
                    agent_model.model.clear_hints()
                previous = chosen[agent]
                if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                    chosen[agent] = [
                        int(indices[i]) for i in agent_model.variables.extract_shifts(solver)
                    ]
                reallocate(place(chosen[agent], 1))
                cover.place(chosen[agent], 1)
                if set(chosen[agent]) != current:
                    # The prices see one agent more on its best queue, not the
                    # reallocation around it, so a week that looked better can
                    # cost more: keep the old one then, and the descent never
                    # makes the roster worse.
                    if roster_now(chosen[agent]) > before:
                        reallocate(place(chosen[agent], -1) | place(previous, 1))
                        cover.place(chosen[agent], -1)
                        cover.place(previous, 1)
                        chosen[agent] = previous
                    else:
                        changed = True
            if not changed and order is not orders[0]:
                break
    except KeyboardInterrupt:
        # Ctrl-C: every agent still holds a week that keeps its rules (a week
        # is replaced only after its new one is solved), so the roster so far
        # is a valid answer.
        interrupted = True
    return Descent(frozenset(s for v in chosen.values() for s in v), interrupted)


def _long_horizon_step(
    solver: cp_model.CpSolver, agent_model: AgentModel, held: NDArray[np.bool_]
) -> None:
    """Set up one descent step on a long horizon: a short solve from the agent's week.

    On a quarter or more the default small solve (presolve, LP, up to 2 s of
    deterministic time) spends seconds per agent proving a week optimal: on
    Curtois Instance21 (182 days) it visited 8 agents in 30 s and on
    Instance24 (364 days) next to none. Started from the agent's current
    week as a hint, without presolve and with a deterministic limit growing
    with the model (0.1 for 1,000 shifts, at most 0.3), one step returns an
    improved week, or the same one, in a fraction of a second; many quick
    steps did far better than few exact ones (Instance21 after 30 s: cost
    54,000-66,000 against 304,000; Instance24 after 40 s: 1.05 million
    against 1.55 million, nothing before). Without the LP relaxation,
    models over 3,000 shifts find the hint at all within that limit.
    """
    shifts = len(agent_model.indices)
    solver.parameters.cp_model_presolve = False
    solver.parameters.max_deterministic_time = min(0.3, max(0.1, shifts / 20_000))
    solver.parameters.linearization_level = 0 if shifts > 3_000 else 1
    model = agent_model.model
    model.clear_hints()
    for var, on_now in zip(agent_model.variables.shift, held.tolist(), strict=True):
        model.add_hint(var, on_now)


def optimal_staff(data: ModelData, shifts: frozenset[int]) -> dict[str, NDArray[np.int64]]:
    """The best allocation of a roster's agents to queues, per interval."""
    classes = [served for served, _ in data.skill_classes]
    return allocate_counts(classes, data.on_by_class(shifts), data.queue_costs)


def roster_cost(data: ModelData, shifts: frozenset[int]) -> int:
    """What the descent minimises, to compare two rosters of the same team.

    Late contacts (or shortfall) at the optimal allocation, overstaffing,
    shift cover, requests (less what the roster's shifts earn from them; the constant of
    all requests is left out) and stable starts. Fairness is not counted.
    """
    total = _cost(data, data.on_by_class(shifts), optimal_staff(data, shifts))
    total += CoverLedger(data, shifts).cost()
    wishes = request_values(data)
    total -= int(sum(int(wishes[s]) for s in shifts))
    if data.coefficients.active("stable_starts"):
        by_agent: dict[int, list[int]] = {}
        for shift in shifts:
            by_agent.setdefault(int(data.candidates.agent[shift]), []).append(int(shift))
        extra = sum(extra_starts(data, mine) for mine in by_agent.values())
        total += data.coefficients.stable_starts * extra
    return total


def _cost(data: ModelData, on: NDArray[np.int64], staff: dict[str, NDArray[np.int64]]) -> int:
    """Late contacts (or shortfall) of an allocation, and overstaffing of the agents on shift.

    ``on`` is agents on shift per class and interval, ``staff`` their
    allocation to queues.
    """
    costs = data.queue_costs
    rows = np.arange(data.intervals)
    total = 0
    for queue, table in costs.items():
        last = table.shape[1] - 1
        total += int(np.sum(table[rows, np.minimum(staff[queue], last)]))
    if data.coefficients.overstaffing:
        over = np.maximum(on.sum(axis=0) - data.required_total, 0)
        total += data.coefficients.overstaffing * int(np.sum(over))
    return total
