"""A lower bound by column generation: how good could any roster be.

CP-SAT's own bound on large teams stays far below the rosters it finds,
because the linear relaxation of "shift variables per agent" lets every agent
be a fraction of every start time. Dantzig-Wolfe decomposition fixes that:
each agent's column is a whole schedule that keeps all of that agent's hard
rules (every hard rule concerns one agent), and a master linear program
mixes schedules, splits agents among queues (Hall's condition) and prices
late contacts and overstaffing exactly as the CP-SAT model does.

**Master** (:mod:`~shiftplan.solver.master`). One HiGHS model, kept
between iterations: new schedules are appended as columns and the primal
simplex restarts from the last basis (rebuilding the LP from scratch each
time cost minutes on 500 agents). The convex late-contact curve is a chain
of bounded segment columns rather than cut rows, which keeps the basis
small. Schedules touch only the rows of their skill class (agents on shift
per class and interval), not every subset of queues.

**Pricing.** Each agent's own small CP-SAT model (the one the heuristic
uses) picks the schedule worth most at the interval prices, in two threads
(CP-SAT releases the GIL while it solves), or a compiled dynamic program
over the agent's days where its rules allow
(:mod:`~shiftplan.solver.day_program`): exact, and 3-30 times faster on
any horizon (``benchmarks/bench_pricing.py``). Agents of one type (identical
own models) share schedules and one convexity row, and are priced once.
The schedules CP-SAT finds on its way to the best one are columns too
when their reduced cost is negative: they cost nothing more to find, and
where pricing is the slow half (Curtois Instance9: 36 agents, 1.5 s a
round) they bring the master to its optimum in far fewer rounds.
Schedules the master leaves unused for a few rounds are deleted, which
keeps the simplex fast.

**Bound.** For *any* interval prices ``y`` the Lagrangian function
``L(y)`` = (the master without schedules, priced at ``y``) + (each agent's
best schedule at ``y``) is a lower bound on every roster's objective. We
evaluate it exactly: the first part is the dual objective of the static rows
and bounded columns, computed from ``y`` after clipping each dual to its
feasible sign, the second part is CP-SAT's proven bound of each pricing
model. So the bound never relies on the master being solved to optimality,
and the prices can be *smoothed* (Wentges): pricing at a mix of the best
prices so far and the master's latest prices damps the oscillation that
makes plain column generation tail off. Smoothing is for the tail: until
the bound is positive the master's own prices bring it down faster.

Requests are a cost per shift in the master. Fairness (a contract's
busiest agent's nights and weekends) couples agents, so the master holds
each contract's peak as a column and asks it to be at least the nights
(weekend shifts) of each agent type's mix of schedules: the busiest agent
works at least the average of any type. Its duals price night and weekend
shifts, so pricing costs no more. Stable starts are left out (a cost, so
the bound stays valid): charged in pricing they made each pricing solve
twice as slow on the example team (0.23 s a round against 0.11 s), and its
bound at the default limit rose no more than without them.

**A roster from the relaxation.** The last master's weights give each
agent one of its type's schedules (largest remainder). Every schedule keeps
its agent's rules, so that is a roster; the caller polishes it with the
descent. It is checked before it is handed on (:func:`rule_breakers`):
on a team too large for CP-SAT it may be what is published, and a pricing
error (the day program once priced a forbidden weekend) would pass unseen.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from shiftplan.scoring import POINTS
from shiftplan.solver.agent_model import AgentModel, build_agent_model, keeps_own_rules
from shiftplan.solver.branching import branch_and_price
from shiftplan.solver.constraints.requests import request_values
from shiftplan.solver.cover_ledger import CoverLedger
from shiftplan.solver.data import ModelData
from shiftplan.solver.day_program import ProgramPricer, compiled, pricer, warm_up
from shiftplan.solver.master import IDLE_ROUNDS, Pricer, RestrictedMaster
from shiftplan.solver.runtime import run, small_solver

logger = logging.getLogger(__name__)

PRICE_SCALE = 1000.0
"""Prices (in late-contact points) are rounded to 1/1000 point for the integer pricing models."""

SMOOTHING = 0.8
"""Weight of the best prices so far in the prices the agents are priced at."""

CONVERGED = 1e-4
"""Stop once the bound is this close (relative) to the master's value: the last
hundredths of a percent took 90 rounds on a 30-agent team, time CP-SAT uses better."""

IDLE_ROUNDS_SLOW_MASTER = 1
"""The same, while the master is the slow half: every column slows the simplex (500 agents at
120 s: 26 rounds instead of 16, gap 1.47% instead of 2.04%; 2,000 agents at 300 s: 1.25%
instead of 2.20%)."""

POOL = 8
"""Schedules kept from each pricing solve besides the best: the last ones CP-SAT found before it.
Only while pricing is the slow half of a round: where the master is (interval demand, the
example team) more columns only slow it down. With head-count demand alone, always: the
master is small, and deciding by the clock made where column generation ended, and so the
dive's roster, depend on which half of a round happened to be slower (Curtois Instance8 at
60 s: 1,304 or about 1,400 from run to run; always 1,304-1,305 kept from the first round)."""

OVERRUN = 1.25
"""A pricing round is given up once, at its pace so far, it would take this many times the
time left before the deadline. The pace is the share of last round's pricing time done (the
slowest types go first), or of the types priced in a first round."""

SETTLED = 0.05
"""The integer master runs only once the bound is this close (relative) to the master's value."""

INTEGER_SHARE = 0.25
"""Share of the time budget for the integer master, at most, when there is one (head-count
demand alone); the relaxation stops in time for it."""

DIVE_SHARE = 0.05
"""Share of the time budget kept for the dive (:meth:`RestrictedMaster.dive`) when the
relaxation is too unsettled for the integer master (head-count demand alone)."""

PRICED_DIVE_SHARE = 0.75
"""Share of what is left of column generation's time, once the relaxation is settled, for the
dive that prices as it fixes (:meth:`RestrictedMaster.dive`); the integer master starts from
its roster in the rest. At most :data:`PRICED_DIVE_CAP` of the whole time budget."""

INTEGER_RESERVE = 0.1
"""Share of column generation's time budget kept from branch and price for the integer master."""

BRANCH_PATIENCE = 30.0
"""Branch and price (:mod:`~shiftplan.solver.branching`) stops after this many nodes per agent
without a cheaper roster. Counted in nodes, a run ends where the same run ends, on a busy
machine too (counted in seconds, one Instance1 run of the tests ended elsewhere than the run
before it). On Curtois Instance7 at 60 s the tree found its three rosters at nodes 19-55,
84-198 and 179-293, and Instance8's at 49, 81 and 126: at 30 a node an agent (600 and 900) it
stops only where it has stalled for many times that."""

PRICED_DIVE_CAP = 0.6
"""The dive that prices takes at most this share of column generation's time budget: on a
team whose relaxation is solved early the rest is CP-SAT's (Curtois Instance12, 60
employees: the dive to its end took 131 of the 175 s left, and CP-SAT, which finds the
optimum there, started too late to)."""


@dataclass(frozen=True)
class ColumnGeneration:
    """What column generation proved and found.

    Attributes
    ----------
    bound
        A valid lower bound on the objective in micro-points, at least 0
        (every term is a cost), or None when none was proved (late contacts
        not in the objective, or no pricing round finished in time): the
        Lagrangian bound, or the integer master's own where every schedule
        that could be in a cheaper roster was in it (:func:`columns_within`),
        rounded up to whole points where every cost is whole.
    rounded
        A roster that keeps every hard rule: each agent's schedule with the
        largest weight in the last master solution (None if no master was
        solved, or if it broke a rule: see :func:`rule_breakers`).
    master
        The last master's value in micro-points: what the schedules found so
        far could achieve if agents could be split between them.
    rounds
        Pricing rounds completed.
    integer
        The best roster of whole schedules among those generated (the
        restricted master solved in integers: price and branch), or else
        the roster the dive ended at (:meth:`RestrictedMaster.dive`), or
        None when neither was found in time.
    mass
        For every candidate shift, how much of its agent the last master
        solution puts on schedules that hold it (0 to 1), or None when no
        master was solved. Where it is near 1 (or a day's shifts add up to
        near 0) the relaxation has made up its mind; the search around it
        (:mod:`shiftplan.solver.neighbourhood`) fixes those days.
    stopped
        Why the relaxation stopped: ``"solved"`` (nothing left to price, or
        the bound met the master), ``"time"`` (its share of the time was
        up, or no round would finish in what was left of it),
        ``"interrupted"``, ``"master failed: <HiGHS status>"``, or
        ``"nothing to bound"`` (no late contacts or head-count cover
        priced, or no agents).
    """

    bound: int | None
    rounded: frozenset[int] | None
    master: int | None
    rounds: int
    integer: frozenset[int] | None = None
    mass: NDArray[np.float64] | None = None
    stopped: str = "solved"


def lagrangian_bound(
    data: ModelData,
    start: frozenset[int],
    time_budget: float,
    models: dict[int, Any] | None = None,
    stop: Callable[[], bool] | None = None,
    smoothing: float = SMOOTHING,
    on_bound: Callable[[int], None] | None = None,
) -> ColumnGeneration:
    """Column generation from roster ``start`` within ``time_budget`` seconds.

    Parameters
    ----------
    data
        The model inputs.
    start
        A roster that keeps every hard rule; its agents' schedules are the
        first columns.
    time_budget
        Wall-clock seconds.
    models
        Agents' own models built before, reused for pricing.
    stop
        Polled between agents (Ctrl-C).
    smoothing
        Weight in [0, 1) of the best prices so far when pricing, once the
        bound is positive; before that, agents are priced at the master's
        own prices.
    on_bound
        Called with every improved bound (micro-points), for live progress.
    """
    if not prices_demand(data) or not data.agents:
        return ColumnGeneration(None, None, None, 0, stopped="nothing to bound")
    deadline = time.perf_counter() + time_budget
    # With head-count demand alone the relaxation stops early enough to leave
    # the integer master its share (see RestrictedMaster.integer_roster).
    integer_share = INTEGER_SHARE if data.scenario.head_count_only else 0.0
    relaxed_by = deadline - integer_share * time_budget
    models = {} if models is None else models
    master = RestrictedMaster(data, agent_types(data, models))
    schedules: list[list[int]] = [[] for _ in data.agents]
    for shift in start:
        schedules[int(data.candidates.agent[shift])].append(int(shift))
    for group, members in enumerate(master.groups):
        seen: set[tuple[int, ...]] = set()
        for agent in members:
            column = tuple(sorted(master.to_representative(agent, schedules[agent])))
            if column not in seen:
                seen.add(column)
                master.add_column(group, list(column))
    solvers = (pricing_solver(), pricing_solver())
    # Agents whose rules a day program holds are priced by it, the others by
    # CP-SAT. Compiled, the program is 3-30 times faster than CP-SAT on any
    # horizon (benchmarks/bench_pricing.py); in NumPy it had lost to CP-SAT
    # below 8 weeks, where CP-SAT's two threads priced faster. Until it is
    # compiled (the first run after installing), CP-SAT prices.
    warm_up()
    programs: dict[int, ProgramPricer | None] | None = None
    best: float | None = None
    center: NDArray[np.float64] | None = None
    rounds = 0
    value: float | None = None
    # With head-count demand alone the master is small (a row per shift type
    # and day) and pricing is the slow half: runners-up from the first round,
    # decided once, not by the clock. Otherwise by the clock, after each
    # round (see POOL).
    fixed_pool = data.scenario.head_count_only
    keep = POOL if fixed_pool else 0
    stopped = "interrupted"  # unless the loop ends for a reason of its own

    def proven(lagrangian: float) -> int:
        """The bound in micro-points."""
        return int(np.floor(lagrangian * POINTS))

    while not (stop is not None and stop()):
        if time.perf_counter() >= relaxed_by:
            if integer_share == 0 or _settled(best, value):
                stopped = "time"
                break
            # Far from its end, the relaxation's schedules do not fit together
            # into whole rosters (Curtois Instance9: the integer master found
            # 1,610-2,008 where the master was at 440-530): its time goes to
            # the relaxation instead, whose shift mass steers CP-SAT, and
            # a dive turns it into whole schedules at the end.
            relaxed_by, integer_share = deadline - DIVE_SHARE * time_budget, 0.0
            logger.debug(
                "relaxation unsettled (bound %s, master %s): no integer master", best, value
            )
        began = time.perf_counter()
        solved = master.solve(relaxed_by - began)
        solving = time.perf_counter() - began
        if solved is None:
            if time.perf_counter() < relaxed_by:
                stopped = f"master failed: {master.status}"
                break  # not for want of time
            continue
        value, duals = solved
        if best is not None and best >= value - CONVERGED * max(1.0, abs(value)):
            stopped = "solved"
            break  # the relaxation is solved: what is left goes to the search
        # Smoothing damps the tail; before the bound proves anything the
        # master's own prices get there faster (Curtois Instance19, 90 s:
        # master at 4,339 unsmoothed against 6,773 at 0.8, bound negative both).
        # (The centre is set with the best bound: one implies the other.)
        mix = smoothing if best is not None and best > 0 else 0.0
        if programs is None and compiled():
            programs = {}
        added = 0
        timed_out = False
        while True:
            prices = duals if center is None else mix * center + (1 - mix) * duals
            began = time.perf_counter()
            priced = price_all(
                data, master, prices, duals, models, solvers, relaxed_by, stop, keep, programs
            )
            if not fixed_pool:
                # Runners-up only while pricing is the slow half (see POOL).
                keep = POOL if time.perf_counter() - began > solving else 0
                master.idle_rounds = IDLE_ROUNDS if keep else IDLE_ROUNDS_SLOW_MASTER
            timed_out = priced is None
            if priced is None:
                break
            lower, columns = priced
            rounds += 1
            if best is None or lower > best:
                best, center = lower, prices
                # Early rounds prove less than nothing: every term is a cost.
                if on_bound is not None and proven(best) > 0:
                    on_bound(proven(best))
            for group, shifts in columns:
                master.add_column(group, shifts)
            added = len(columns)
            if added or mix == 0.0:
                break
            # Mispricing: the smoothed prices found nothing the master lacks;
            # move towards the master's own prices.
            mix = mix / 2 if mix > 0.05 else 0.0
        logger.debug(
            "round %d: master %.1f, bound %s, %d new schedules, master solved in %.2f s",
            rounds, value, None if best is None else f"{best:.1f}", added, solving,
        )  # fmt: skip
        if added == 0 and not timed_out:
            stopped = "solved"
            break  # nothing left to price: the relaxation is solved
        if timed_out and time.perf_counter() < relaxed_by and not (stop is not None and stop()):
            # Given up early: a round cannot finish before the relaxation's
            # end. Without an integer master to wait for (or with an
            # unsettled relaxation, which gets the master's time) another
            # round would not finish either.
            if integer_share == 0 or _settled(best, value):
                stopped = "time"
                break
            relaxed_by, integer_share = deadline - DIVE_SHARE * time_budget, 0.0
            logger.debug("a round would not end in time, relaxation unsettled: no integer master")
    logger.debug("column generation stopped after %d rounds: %s", rounds, stopped)
    rounded = master.rounded() if master.solved else None
    # Read before the integer master turns the linear program into a MIP.
    mass = master.shift_mass() if master.solved else None
    integer = None
    if integer_share > 0 and master.solved and not (stop is not None and stop()):
        integer, best = _whole_rosters(
            master, models, solvers, programs, value, best, center, deadline, time_budget, stop
        )
    elif data.scenario.head_count_only and master.solved and not (stop is not None and stop()):
        # The integer master gave its share back (the relaxation was unsettled).
        dived = master.dive(deadline)
        integer = None if dived is None else master.roster_of(dived)
        if dived is not None and logger.isEnabledFor(logging.DEBUG):
            # value_of copies HiGHS's LP: only when it is logged.
            logger.debug("dive without pricing: %.1f", master.value_of(dived))
    # Every column keeps its agent's rules by construction; a roster that
    # does not would mean a pricing error, and on a large team (no time for
    # CP-SAT) the roster handed on may be the one published. Checked, not
    # trusted: it costs one fixed solve per distinct schedule.
    # (Not after Ctrl-C: the caller does not use them then, and an
    # interrupted check would read as a broken rule.)
    if not (stop is not None and stop()):
        if rounded is not None and rule_breakers(master, rounded, models):
            rounded = None
        if integer is not None and rule_breakers(master, integer, models):
            integer = None
    if best is not None:
        # The bound sums large floating-point terms; give up a hair of it
        # (a millionth of their size) so rounding error cannot overstate it.
        best -= 1e-6 * (abs(best) + abs(master.constant))
        if master.step:
            # Every roster costs the constant plus whole points (up to a
            # tolerance far above rounding error and far below a point).
            best = master.constant + math.ceil(best - master.constant - 1e-4)
    return ColumnGeneration(
        bound=None if best is None else max(0, proven(best)),
        rounded=rounded,
        master=None if value is None else int(np.ceil(value * POINTS)),
        rounds=rounds,
        integer=integer,
        mass=mass,
        stopped=stopped,
    )


NEAR_BEST = 150
"""Each type's best schedules near its best, at most, that join the integer master. On
Curtois Instance5 the integer master found 1,146 over column generation's and the dives'
schedules, 1,143 (the optimum) with 150 more a type, and ran out of time with 400."""

PROOF_COLUMNS = 10_000
"""Schedules, at most, listed to prove the integer master's bound for every roster (Curtois
Instance5: 6,825 within 1.4 of their best, 5,297 of them new, and the integer master over
them proved 1,143 optimal in 28 s; Instance6: more than 35,000 at its best, ties of
degenerate prices)."""


def columns_within(
    master: RestrictedMaster,
    prices: NDArray[np.float64],
    slack: float,
    programs: dict[int, ProgramPricer | None],
    deadline: float,
    most: int,
    in_all: int | None = None,
) -> tuple[list[tuple[int, list[int]]], bool]:
    """Each type's ``most`` best schedules at ``prices`` of those at most ``slack`` below its best.

    At any prices the Lagrangian bound L proves that a roster costs at
    least L plus, for each agent, how much less its schedule is worth than
    its type's best at them. So a roster dearer than L by at most ``slack``
    holds only such schedules, and the best of them are where the integer
    master looks for a roster cheaper than the one it has. The second value
    says whether they are all of them (at most ``in_all`` over the types):
    with every one in the master, its integer bound is a bound on every
    roster. Types priced by CP-SAT, or not reached by the ``deadline``,
    have none listed.
    """
    found: list[tuple[int, list[int]]] = []
    complete = True
    for group, members in enumerate(master.groups):
        if in_all is not None and not complete:
            break  # a proof needs them all
        program = programs.get(group)
        room = most if in_all is None else min(most, in_all - len(found))
        if program is None or room <= 0 or time.perf_counter() > deadline:
            complete = False
            continue
        agent = members[0]
        indices = master.data.candidates.of_agent(agent)
        values = master.shift_values(indices, agent, prices)
        listed = program.within(values, slack, room, deadline)
        if listed is None:
            complete = False
            continue
        schedules, whole = listed
        complete = complete and whole
        found.extend((group, indices[positions].tolist()) for positions in schedules)
    return found, complete


def _whole_rosters(
    master: RestrictedMaster,
    models: dict[int, Any],
    solvers: tuple[cp_model.CpSolver, ...],
    programs: dict[int, ProgramPricer | None] | None,
    value: float | None,
    best: float | None,
    center: NDArray[np.float64] | None,
    deadline: float,
    time_budget: float,
    stop: Callable[[], bool] | None,
) -> tuple[frozenset[int] | None, float | None]:
    """Whole schedules from a settled relaxation: dives, then the integer master; and the bound.

    The first dive prices as it fixes (:meth:`RestrictedMaster.dive`), and
    branch and price on who works which shift
    (:func:`~shiftplan.solver.branching.branch_and_price`) follows it while it
    finds cheaper rosters: where it searches its whole tree, the roster is
    proved optimal and its cost is the bound, and the integer master is not
    needed. Otherwise each type's best schedules near its best at the prices
    of the bound ``best`` (found at ``center``) join the master; the integer
    master starts from the cheapest roster so far. Where every schedule that could be in a cheaper
    roster than the integer master's is in the master, the integer master's
    own bound holds for every roster (:func:`columns_within`) and replaces
    ``best`` when higher. Returns the roster (None if no dive ended) and the
    bound.
    """
    data = master.data
    until = time.perf_counter() + min(
        PRICED_DIVE_SHARE * (deadline - time.perf_counter()), PRICED_DIVE_CAP * time_budget
    )

    def priced_until(ends: float) -> Pricer:
        """The types asked for priced at the master's duals, until ``ends``."""

        def priced(
            duals: NDArray[np.float64], types: frozenset[int]
        ) -> list[tuple[int, list[int]]] | None:
            found = price_all(
                data, master, duals, duals, models, solvers, ends, stop, 0, programs, types
            )
            return None if found is None else found[1]

        return priced

    # One dive is one draw (Instance8: 1,304-1,608 over six from one
    # master): after the first, branch and price looks for a cheaper
    # roster, and perhaps proves one optimal. A dive at the relaxation's
    # value cannot be beaten.
    dived: NDArray[np.float64] | None = None
    cheapest = math.inf
    proved = False
    began = time.perf_counter()
    found = master.dive(until, priced_until(until), fix=0.0)
    if found is not None and _whole(found[len(master.cost) :]):
        dived, cheapest = found, master.value_of(found)
        took = time.perf_counter() - began
        logger.debug("priced dive: %.1f in %.1f s", cheapest, took)
        # The tree's deadline is the integer master's too (on Curtois 7-9 the
        # integer master found nothing the dives had not), less a share.
        ends = deadline - INTEGER_RESERVE * time_budget
        # A tree that could not fit one more dive like the first one would
        # only take the integer master's time (Instance15: 100 s a dive).
        fits = ends - time.perf_counter() >= took
        interrupted = stop is not None and stop()
        if value is not None and cheapest > value + 1e-6 * abs(value) and fits and not interrupted:
            agents = sum(len(members) for members in master.groups)
            tree = branch_and_price(
                master, ends, priced_until(ends), cheapest, patience=BRANCH_PATIENCE * agents
            )
            rosters = zip(tree.costs, tree.found_at, strict=True)
            logger.debug(
                "branch and price: %s, %d nodes (%d cut, %d searches), bound %.2f, rosters at %s",
                tree.stopped, tree.nodes, tree.cut, tree.searches, tree.bound,
                ", ".join(f"{cost:.1f} (node {node})" for cost, node in rosters) or "none cheaper",
            )  # fmt: skip
            if tree.values is not None:
                dived, cheapest = tree.values, tree.cost
            if best is not None:
                # Searched through, nothing beats the roster by a step: its
                # cost is the bound; otherwise the last whole search's.
                proved = tree.stopped == "proved"
                best = max(best, cheapest if proved else tree.bound)
    logger.debug(
        "priced dives: %s, %d schedules, %.1f s left",
        "unfinished" if dived is None else f"cheapest {cheapest:.1f}",
        len(master.owner),
        deadline - time.perf_counter(),
    )
    if dived is None:
        return None, best
    if proved:
        return master.roster_of(dived), best
    near: list[tuple[int, list[int]]] = []
    if center is not None and best is not None and programs is not None:
        # Where the integer master looks for a cheaper roster than the dive's.
        near, _ = columns_within(master, center, cheapest - best, programs, until, NEAR_BEST)
    added = master.add_new(near)
    logger.debug("near-best schedules: %d new of %d", added, len(near))
    # Without the dive's roster to start from, HiGHS's branch and bound over
    # thousands of schedules overran its limit by 72 s (Instance12) and found
    # nothing good.
    left = deadline - time.perf_counter()
    integer = master.integer_roster(min(left, INTEGER_SHARE * time_budget), dived, stop)
    start = dived if integer is None else np.asarray(master.highs.getSolution().col_value)
    held = master.value_of(start)
    logger.debug(
        "integer master: %s, %.1f (bound %s), %.1f s left",
        master.highs.modelStatusToString(master.highs.getModelStatus()),
        held,
        master.integer_bound,
        deadline - time.perf_counter(),
    )
    stopped = stop is not None and stop()
    if center is not None and best is not None and programs is not None and not stopped:
        # The roster at hand, on the lattice of whole points where costs are
        # whole: a fairness peak in the master is its type's average, so
        # its value may fall between two.
        if master.step:
            held = master.constant + math.floor(held - master.constant + 1e-6)
        # A cheaper roster holds only schedules worth at most this much less
        # than their type's best at ``center``; the others cost ``held`` or more.
        reach = held - master.step - best
        every, whole = columns_within(
            master, center, reach, programs, deadline, PROOF_COLUMNS, PROOF_COLUMNS
        )
        missing = master.add_new(every) if whole else None
        logger.debug(
            "every schedule within %.2f of its best: %s, %s missing",
            reach,
            len(every) if whole else "too many",
            missing,
        )
        if missing:
            # Every one of them in the master: its integer bound is everyone's.
            seconds = deadline - time.perf_counter()
            integer = master.integer_roster(seconds, start, stop) or integer
            logger.debug(
                "integer master over them: %s, bound %s",
                master.highs.modelStatusToString(master.highs.getModelStatus()),
                master.integer_bound,
            )
        if missing is not None and master.integer_bound is not None:
            best = max(best, min(master.integer_bound, held))
    if integer is None:
        integer = master.roster_of(dived)
    return integer, best


def rule_breakers(
    master: RestrictedMaster, roster: frozenset[int], models: dict[int, Any]
) -> list[int]:
    """The agents whose schedules in ``roster`` break one of their hard rules.

    Each distinct schedule of a type is checked once, on the type's first
    agent's own model (:func:`~shiftplan.solver.agent_model.keeps_own_rules`).
    """
    data = master.data
    mine: dict[int, list[int]] = {agent: [] for agent in range(len(data.agents))}
    for shift in roster:
        mine[int(data.candidates.agent[shift])].append(int(shift))
    verdicts: dict[tuple[int, tuple[int, ...]], bool] = {}
    breakers = []
    for agent, shifts in mine.items():
        group = master.group_of(agent)
        first = master.groups[group][0]
        key = (group, tuple(sorted(master.to_representative(agent, shifts))))
        if key not in verdicts:
            if first not in models:
                models[first] = build_agent_model(data, first)
            verdicts[key] = keeps_own_rules(models[first], key[1])
        if not verdicts[key]:
            breakers.append(agent)
    if breakers:
        names = ", ".join(data.agents[agent].id for agent in breakers[:10])
        more = f" and {len(breakers) - 10} more" if len(breakers) > 10 else ""
        logger.warning("column generation's roster breaks the rules of %s%s: not used", names, more)
    return breakers


def _whole(weights: NDArray[np.float64]) -> bool:
    """Whether every schedule's weight is a whole number of agents."""
    return bool(np.all(np.abs(weights - np.round(weights)) <= 1e-6))


def _settled(bound: float | None, value: float | None) -> bool:
    """Whether the bound is within :data:`SETTLED` of the master's value."""
    if bound is None or value is None:
        return False
    return bound >= value - SETTLED * max(1.0, abs(value))


def pricing_solver() -> cp_model.CpSolver:
    """The single-threaded solver that prices an agent, with CP-SAT's full linear relaxation.

    A pricing model maximises prices over a schedule whose rules are mostly
    linear (minutes, shifts per type, weekends), so the LP relaxation of
    ``linearization_level=2`` (cuts included) bounds it tightly and proves
    the optimum early. On Curtois Instance17 (56 days, 35-36 shifts a
    schedule) one agent's pricing took 4.5-8.5 s at the default level and
    0.06-0.3 s at this one; a round of 33 agents 55 s against 5 s, and a
    run of 100 s proved a bound of 5,192 (best known 5,746) instead of 0.
    On the example team (interval demand) both levels take 0.15 s a round.
    """
    solver = small_solver()
    solver.parameters.linearization_level = 2
    return solver


def price_all(
    data: ModelData,
    master: RestrictedMaster,
    prices: NDArray[np.float64],
    duals: NDArray[np.float64],
    models: dict[int, Any],
    solvers: tuple[cp_model.CpSolver, ...],
    deadline: float,
    stop: Callable[[], bool] | None,
    keep: int = POOL,
    programs: dict[int, ProgramPricer | None] | None = None,
    only: frozenset[int] | None = None,
) -> tuple[float, list[tuple[int, list[int]]]] | None:
    """Price every agent; the Lagrangian bound at ``prices`` and the new columns.

    A column is new when its reduced cost at the master's own ``duals`` is
    negative: each agent's best schedule, and up to ``keep`` runners-up.
    With ``programs`` (a cache per type, filled here), a type whose rules a
    :class:`~shiftplan.solver.day_program.ProgramPricer` holds is priced by it
    (exactly; its runners-up are the best walks that turn off the best one),
    the others by CP-SAT; without, all by CP-SAT.
    Returns None when the round was given up: the deadline passed, ``stop``
    said so, or its pace showed it could not end in time (:data:`OVERRUN`).
    With ``only``, just those types are priced (the dive's free agents) and
    the bound is -inf: it needs every type's best schedule.
    """
    lower = master.static_value(prices)
    convexity = master.convexity_duals(duals)
    columns: list[tuple[int, list[int]]] = []

    def price(group: int, solver: cp_model.CpSolver) -> tuple[int, list[list[int]], float] | None:
        if time.perf_counter() > deadline or (stop is not None and stop()):
            return None
        agent = master.groups[group][0]
        began = time.perf_counter()
        if programs is not None:
            if group not in programs:
                programs[group] = pricer(data, agent)
            program = programs[group]
            if program is not None:
                indices = data.candidates.of_agent(agent)
                values = master.shift_values(indices, agent, prices)
                best = program.best(values, keep)
                # None: a shift-type maximum it left out was broken; and a
                # type with no schedule at all (worth -inf) is for CP-SAT to explain.
                if best is not None and math.isfinite(best[1]):
                    master.pricing_seconds[group] = time.perf_counter() - began
                    positions, worth, others = best
                    schedules = [indices[shifts].tolist() for shifts in [positions, *others]]
                    return group, schedules, worth
        if agent not in models:
            models[agent] = build_agent_model(data, agent)
        values = master.shift_values(models[agent].indices, agent, prices)
        chosen, ceiling, found = price_schedule(data, models[agent], values, solver, keep)
        master.pricing_seconds[group] = time.perf_counter() - began
        return group, [chosen, *found], ceiling

    # CP-SAT releases the GIL while it solves, so one thread per solver keeps
    # both cores busy. Each thread takes the next type from one queue: with a
    # fixed half each, one core waited for the other (Curtois Instance9: 21 of
    # 53 core-seconds of pricing idle in 60 s). Results are kept by type, so
    # the columns come out in the same order whichever thread priced them.
    # The types that took longest last round go first, so that no slow one
    # is left to run alone at the end (Instance9: one type takes 1 s of a
    # round's 1.4 s).
    count = len(master.groups)
    results: list[tuple[int, list[list[int]], float] | None] = [None] * count
    expected = master.pricing_seconds.copy()
    order = np.argsort(-expected, kind="stable").tolist()
    if only is not None:
        order = [group for group in order if group in only]
    waiting = iter(order)
    pending = expected[order]
    lock = threading.Lock()
    began = time.perf_counter()
    finished = 0
    done = 0.0  # last round's seconds of the types finished
    given_up = False

    def hopeless() -> bool:
        """Whether, at the pace so far, the round would end far past the deadline."""
        if finished < 2 * len(solvers):
            return False
        # Slowest first: the share of last round's time done, not of the
        # types, or the first (slowest) types would make it look hopeless.
        share = done / pending.sum() if pending.all() else finished / len(order)
        elapsed = time.perf_counter() - began
        return elapsed > share * OVERRUN * (deadline - began)

    def work(solver: cp_model.CpSolver) -> None:
        nonlocal finished, done, given_up
        while True:
            with lock:
                group = None if given_up else next(waiting, None)
                # A round that cannot end in time is given up as soon as that
                # is clear, not at the deadline: on 364 days (Curtois
                # Instance22) one round would take longer than the whole
                # phase, and the time is the descent's (see OVERRUN).
                if group is not None and hopeless():
                    given_up, group = True, None
            if group is None:
                return
            try:
                result = price(group, solver)
            except BaseException:
                with lock:
                    given_up = True  # the other thread stops after its type
                raise
            with lock:
                if result is None:
                    given_up = True
                    return
                results[group] = result
                finished += 1
                done += float(expected[group])

    with ThreadPoolExecutor(max_workers=len(solvers)) as pool:
        futures = [pool.submit(work, solver) for solver in solvers]
        try:
            for future in futures:
                future.result()
        except BaseException:
            # An error in one thread, or Ctrl-C here: the other stops too.
            with lock:
                given_up = True
            raise
    if given_up:
        return None
    if only is not None:
        lower = -math.inf
    for result in results:
        if result is None:
            assert only is not None  # every type was priced
            continue
        group, schedules, ceiling = result
        # Every agent of the type works its best schedule at most.
        lower -= len(master.groups[group]) * ceiling
        seen: set[tuple[int, ...]] = set()
        for shifts in schedules:
            key = tuple(sorted(shifts))
            if key in seen:
                continue
            seen.add(key)
            if master.worth(shifts, master.groups[group][0], duals) + convexity[group] > 1e-6:
                columns.append((group, shifts))
    return lower, columns


def prices_demand(data: ModelData) -> bool:
    """Whether the master has demand to price: late contacts, or head-count per shift type."""
    cover = data.coefficients.active("shift_cover") and bool(data.scenario.shift_cover)
    return data.coefficients.late_contacts > 0 or cover


def agent_types(data: ModelData, models: dict[int, Any]) -> list[list[int]]:
    """Agents grouped by type: their own models are identical and cover the same intervals.

    Agents of one type (same contract, zone, country, skills, leave and
    carry-in) have the same schedules, so the master needs one convexity row
    for all of them (right-hand side: how many) and pricing solves one model
    instead of one each. Identity is read off the models themselves, rules
    and all, so no attribute can be forgotten. On a generated 500-agent team
    there are 127 types.
    """
    groups: dict[tuple[int, str, bytes, bytes, bytes, bytes], list[int]] = {}
    cover_rows = CoverLedger(data, ()).row
    wishes = request_values(data)
    for agent in range(len(data.agents)):
        kind = int(data.class_of_agent[agent])
        if kind < 0 and not data.scenario.shift_cover:
            # Serves no queue and there is no head-count demand: nothing to price.
            continue
        if agent not in models:
            models[agent] = build_agent_model(data, agent)
        original = models[agent].model.proto
        proto = type(original)()
        proto.copy_from(original)
        # The objective and hints are what the last solve asked, not the rules.
        proto.clear_objective()
        proto.clear_floating_point_objective()
        proto.clear_solution_hint()
        indices = models[agent].indices
        key = (
            kind,
            str(proto),
            data.candidates.first[indices].tobytes(),
            data.candidates.stop[indices].tobytes(),
            # Head-count rows and requests are per shift: same rows, same wishes.
            cover_rows[indices].tobytes(),
            wishes[indices].tobytes(),
        )
        groups.setdefault(key, []).append(agent)
    return list(groups.values())


class _Found(cp_model.CpSolverSolutionCallback):
    """The schedules CP-SAT finds while it prices, as positions in the agent's model."""

    def __init__(self, shifts: list[cp_model.IntVar]) -> None:
        super().__init__()
        self.shifts = shifts
        self.found: list[list[int]] = []

    def on_solution_callback(self) -> None:
        self.found.append([i for i, var in enumerate(self.shifts) if self.boolean_value(var)])


def price_schedule(
    data: ModelData,
    agent_model: AgentModel,
    values: NDArray[np.float64],
    solver: cp_model.CpSolver,
    keep: int = POOL,
) -> tuple[list[int], float, list[list[int]]]:
    """The agent's schedule worth most at these shift values, a proven ceiling, and runners-up.

    ``values`` holds what each of the agent's candidates is worth (position
    ``i``: candidate ``agent_model.indices[i]``). The ceiling is at least
    what any schedule of this agent is worth at the exact values: CP-SAT's
    objective bound on the rounded values, plus half a rounding step for
    every shift the schedule may hold. The runners-up are the last ``keep``
    schedules CP-SAT found before the best one, each keeping every rule of
    the agent (candidate indices, like the best).
    """
    indices = agent_model.indices
    agent_model.model.maximize(
        sum(
            round(float(value) * PRICE_SCALE) * agent_model.variables.x(i)
            for i, value in enumerate(values)
        )
    )
    found = _Found(agent_model.variables.shift)
    status = run(solver, agent_model.model, found if keep > 0 else None)
    slack = 0.5 * data.days / PRICE_SCALE
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # Nothing proved in time: a schedule is worth at most its positive shifts.
        return [], float(np.sum(np.maximum(values, 0.0))) + slack, []
    picked = agent_model.variables.extract_shifts(solver)
    chosen = [int(indices[i]) for i in picked]
    runners_up = [[int(indices[i]) for i in shifts] for shifts in found.found[-keep - 1 : -1]]
    return chosen, float(solver.best_objective_bound) / PRICE_SCALE + slack, runners_up
