"""The conductor: the phases of a solve, from a first roster to CP-SAT.

A quick solve of each agent's hard rules gives a roster that keeps every
rule; coordinate descent (:mod:`~shiftplan.solver.heuristic`) improves it;
column generation (:mod:`~shiftplan.solver.bound`) proves a lower bound and
offers a second starting point to polish; CP-SAT
(:mod:`~shiftplan.solver.cpmodel`) improves the best roster and proves its
own bound.
"""

from __future__ import annotations

import time
from typing import Any

from shiftplan.scoring import POINTS
from shiftplan.solver.bound import lagrangian_bound
from shiftplan.solver.cpmodel import build, keeps_hard_rules, search
from shiftplan.solver.data import ModelData
from shiftplan.solver.day_program import warm_up
from shiftplan.solver.heuristic import improve_by_agent, roster_cost, rule_keeping_roster
from shiftplan.solver.runtime import StopRequest
from shiftplan.solver.types import ModelOutcome, SolveParams
from shiftplan.status import Progress, SolveStatus

#: Seconds it takes to build the whole CP-SAT model, per candidate shift (about
#: 6 s for the 94,000 candidates of 500 agents x 28 days on a loaded 2-core
#: machine). CP-SAT then needs about as long again to load it.
BUILD_SECONDS_PER_CANDIDATE = 6e-5

#: Below this many seconds left after building its model, CP-SAT is not started.
MIN_SEARCH_SECONDS = 0.5


def solve_model(data: ModelData, params: SolveParams) -> ModelOutcome:
    """Find a first roster quickly, then let CP-SAT improve it and prove a bound.

    Without a hint, a quick solve of the hard rules alone gives a roster
    that keeps every rule, and coordinate descent over agents
    (:mod:`shiftplan.solver.heuristic`) turns it into a good one within a
    fraction of the time limit. CP-SAT then starts from that roster. If
    CP-SAT finds nothing better in time, the heuristic's roster is returned
    with CP-SAT's bound. Ctrl-C at any point returns the best roster so far.
    """
    started = time.perf_counter()
    # Column generation's day programs compile (or load) while the first
    # roster and the descent run.
    warm_up()

    def announce(source: str, bound: float | None = None) -> None:
        """A progress line for a phase's result (no objective yet)."""
        if params.progress is not None:
            params.progress(Progress(time.perf_counter() - started, None, bound, source))

    with StopRequest() as stop:
        models: dict[int, Any] = {}
        hint = params.hint_shifts
        if not hint:
            hint, failed = rule_keeping_roster(data, models)
            if failed:
                elapsed = time.perf_counter() - started
                impossible = any(status == SolveStatus.INFEASIBLE for _, status in failed)
                status = SolveStatus.INFEASIBLE if impossible else SolveStatus.UNKNOWN
                return ModelOutcome(status, [], None, None, elapsed)
            announce("all rules kept, demand not yet")
        if params.heuristic_share > 0:
            # A deterministic run bounds the descent by passes, never by the clock.
            # On a very large team the first roster may have used most of
            # the limit: the descent never runs past the limit's end.
            budget = (
                float("inf")
                if params.deterministic_limit is not None
                else min(
                    params.time_limit * params.heuristic_share,
                    started + params.time_limit - time.perf_counter(),
                )
            )
            hint = improve_by_agent(
                data, hint, budget, seed=params.seed, passes=20, stop=stop, models=models
            ).shifts
            announce("heuristic")
        if params.hint_shifts and not keeps_hard_rules(data, hint):
            # A roster from elsewhere (last cycle's, or edited by hand) may
            # break a rule the heuristic did not get to repair in time.
            hint, _ = rule_keeping_roster(data, models)
        lower = None
        mass = None
        skip_cp_sat = False
        bound_ends = started + params.time_limit * (params.heuristic_share + params.bound_share)
        # Past its end already (a first roster of thousands of agents can take
        # that long), the bound's set-up alone would overrun the limit.
        in_time = time.perf_counter() < bound_ends
        if params.bound_share > 0 and params.deterministic_limit is None and not stop() and in_time:
            # Time the heuristic did not need goes to the bound: its phase
            # ends at a share of the whole time limit, not after one.
            shares = params.heuristic_share + params.bound_share
            budget = started + params.time_limit * shares - time.perf_counter()

            reported = [-float("inf")]

            def report_bound(bound: int) -> None:
                # One line every few seconds: the bound rises at every round.
                if time.perf_counter() - reported[0] >= 5.0:
                    reported[0] = time.perf_counter()
                    announce("bound", bound / POINTS)

            generation = lagrangian_bound(data, hint, budget, models, stop, on_bound=report_bound)
            lower = generation.bound
            mass = generation.mass
            # The integer master's roster, or else the relaxation's favourite
            # schedule per agent, is a second starting point, often in a
            # better valley than the first.
            found = [r for r in (generation.integer, generation.rounded) if r is not None]
            if found and not stop():
                second = min(found, key=lambda roster: roster_cost(data, roster))
                budget = started + params.time_limit * (shares + params.polish_share)
                polished = improve_by_agent(
                    data, second, budget - time.perf_counter(),
                    seed=params.seed, passes=20, stop=stop, models=models,
                ).shifts  # fmt: skip
                if roster_cost(data, polished) < roster_cost(data, hint):
                    hint = polished
                    announce("relaxation")
            # CP-SAT's last share is worth it only if building and loading
            # the model leave it time to search; on large teams they would
            # take longer than the share itself (and CP-SAT, given a second
            # or two, overruns it further), so the descent keeps the time.
            building = BUILD_SECONDS_PER_CANDIDATE * len(data.candidates)
            cp_sat_time = params.time_limit * params.cp_sat_share
            skip_cp_sat = cp_sat_time < 2 * building
            if not stop():
                # On large teams neither descent has converged by now, and
                # CP-SAT cannot even reload the roster in the time left: let
                # the descent go on until a pass changes nothing (at once on
                # small teams, which leaves CP-SAT its time).
                budget = started + params.time_limit - (0 if skip_cp_sat else cp_sat_time)
                hint = improve_by_agent(
                    data, hint, budget - time.perf_counter(),
                    seed=params.seed + 1, passes=20, stop=stop, models=models,
                ).shifts  # fmt: skip
        if params.deterministic_limit is None and not skip_cp_sat:
            # With less time left than building the model takes (phases
            # before it overran on a very large team), CP-SAT cannot help.
            left = started + params.time_limit - time.perf_counter()
            skip_cp_sat = left < BUILD_SECONDS_PER_CANDIDATE * len(data.candidates)
        if not stop() and not skip_cp_sat:
            model, variables, objective = build(data)
            if lower is not None:
                # A proven bound as a constraint: CP-SAT proves optimality the
                # moment it meets it, and its relaxation starts there.
                model.add(objective >= lower)
            # A build slower than estimated may leave CP-SAT no time at all.
            left = started + params.time_limit - time.perf_counter()
            skip_cp_sat = params.deterministic_limit is None and left < MIN_SEARCH_SECONDS
        if stop() or skip_cp_sat:
            # Ctrl-C, or no time for CP-SAT: the roster so far, and the bound
            # column generation proved before it, if it got that far.
            elapsed = time.perf_counter() - started
            # Every term of the objective is a cost, so 0 bounds it from
            # below even when column generation stopped early.
            bound = None if lower is None else max(lower, 0)
            return ModelOutcome(
                SolveStatus.FEASIBLE, sorted(hint), None, bound, elapsed, sorted(hint)
            )
        return search(params, model, variables, hint, started, stop, lower, mass)
