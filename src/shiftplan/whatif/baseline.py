"""The one baseline every what-if compares against, and the fast re-planning.

The baseline is exactly what ``shiftplan solve SCENARIO --deterministic-time
T --seed S`` reports: the same call of :func:`shiftplan.api.solve` with the
same parameters, so a manager can reproduce it.

A full solve per variant would take minutes, so variants are re-planned the
faster way: keep the baseline's roster, plan the agents who changed first,
then pass over the team agent by agent (:mod:`shiftplan.solver.heuristic`),
with a fixed seed, a fixed number of passes and single-threaded small solves
with deterministic limits. The same re-planning of the unchanged team is the
*reference* each variant is compared with, so a figure like "late contacts
avoided" measures the change and not the re-planning; both the baseline and
the reference are printed.

This module is the only one in :mod:`shiftplan.whatif` that uses the solver.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from shiftplan.errors import ShiftplanError
from shiftplan.result import Result, Roster
from shiftplan.scenario.models import Scenario
from shiftplan.scoring import POINTS, allocate, evaluate
from shiftplan.staffing.requirements import Requirements, compute_requirements

DEFAULT_DETERMINISTIC_TIME = 0.5
DEFAULT_PASSES = 1


@dataclass(frozen=True)
class Replanned:
    """A roster re-planned the fast way, scored from the roster alone."""

    shifts: pd.DataFrame
    objective: float
    kpis: dict[str, Any]
    coverage: pd.DataFrame


@dataclass(frozen=True)
class Baseline:
    """The team's roster before any change, as ``shiftplan solve`` gives it.

    Attributes
    ----------
    scenario, requirements
        The team as it is and its staffing requirements.
    result
        The solve's result: its KPIs are the baseline's figures.
    command
        The ``shiftplan solve`` command that reproduces :attr:`result`.
    reference
        The result's roster re-planned the fast way with no change: what
        each variant is compared with.
    seed, passes, deterministic_time
        The settings of both.
    cut
        Why the solve stopped before its deterministic budget (then it no
        longer repeats exactly), or None.
    reference_what
        What the reference is, in words.
    """

    scenario: Scenario
    requirements: Requirements
    result: Result
    command: str
    reference: Replanned
    seed: int
    passes: int
    deterministic_time: float
    cut: str | None = None
    reference_what: str = "the unchanged team"

    @property
    def roster(self) -> pd.DataFrame:
        """The baseline's shifts (the roster every variant starts from)."""
        assert self.result.roster is not None
        return self.result.roster.shifts

    @property
    def kpis(self) -> dict[str, Any]:
        """The solve's KPIs."""
        return self.result.kpis

    def lines(self) -> list[str]:
        """What the baseline is, for people: the solve's figures and the reference's."""
        solved, replanned = self.kpis, self.reference.kpis
        lines = [
            f"Baseline, as `{self.command}` reports it: "
            f"{_whole(solved['late_contacts'])} late contacts, "
            f"service level {_percent(solved['service_level'])}, "
            f"{_hours(solved['agent_hours_short'])} agent-hours short, "
            f"{_hours(solved['paid_hours'])} paid hours."
        ]
        if self.cut:
            lines.append(f"  The solve was cut short ({self.cut}): it may not repeat exactly.")
        same = round(solved["late_contacts"]) == round(replanned["late_contacts"]) and round(
            solved["agent_hours_short"] * 2
        ) == round(replanned["agent_hours_short"] * 2)
        passes = "1 pass" if self.passes == 1 else f"{self.passes} passes"
        how = (
            f"Variants are re-planned the faster way: the baseline roster kept, changed "
            f"agents planned first, then {passes} agent by agent (seed {self.seed})."
        )
        if same:
            lines.append(f"  {how} Re-planning {self.reference_what} gives the same figures.")
        else:
            lines.append(
                f"  {how} Re-planning {self.reference_what} that way gives "
                f"{_whole(replanned['late_contacts'])} late contacts and "
                f"{_hours(replanned['agent_hours_short'])} agent-hours short: the figures "
                "each variant is compared with."
            )
        return lines


def solve_command(scenario: Scenario, seed: int, deterministic_time: float) -> str:
    """The ``shiftplan solve`` command line that gives the baseline."""
    path = scenario.path if scenario.path is not None else "SCENARIO"
    return f"shiftplan solve {path} --deterministic-time {deterministic_time:g} --seed {seed}"


def solve_deterministic(
    scenario: Scenario,
    *,
    seed: int,
    deterministic_time: float,
    requirements: Requirements | None = None,
    time_limit: float | None = None,
    report: Callable[[str], None] | None = None,
) -> Result:
    """Solve exactly as ``shiftplan solve --deterministic-time T --seed S`` does.

    ``time_limit`` is a wall-clock safety net (the command's budget); when
    it is reached first the roster is the best found by then. ``report``
    receives a line per phase of the solve (a callback never changes the
    roster).
    """
    from shiftplan.api import solve
    from shiftplan.solver import Progress, SolveParams, deterministic

    last = [-10.0]

    def progress(step: Progress) -> None:
        # A line per phase, and one every few seconds while CP-SAT improves.
        if report is None or (step.source == "cp-sat" and step.elapsed - last[0] < 5):
            return
        last[0] = step.elapsed
        what = "a better roster" if step.source == "cp-sat" else f"roster ready ({step.source})"
        report(f"  baseline: {what} after {step.elapsed:.0f} s")

    # The same policy `shiftplan solve --deterministic-time T --seed S` applies.
    params = deterministic(
        SolveParams(
            seed=seed,
            # Ctrl-C must reach Python (and the what-if's flag) during the
            # search too; where the signal is handled does not change the roster.
            parameters={"catch_sigint_signal": False},
            progress=progress,
        ),
        deterministic_time,
    )
    if time_limit is not None:
        params = replace(params, time_limit=max(1.0, time_limit))
    return solve(scenario, params=params, requirements=requirements)


def compute_baseline(
    scenario: Scenario,
    *,
    seed: int = 0,
    deterministic_time: float = DEFAULT_DETERMINISTIC_TIME,
    passes: int = DEFAULT_PASSES,
    time_limit: float | None = None,
    report: Callable[[str], None] | None = None,
) -> Baseline:
    """Solve the team as it is (the baseline) and re-plan it the fast way (the reference).

    Parameters
    ----------
    scenario
        The team as it is.
    seed, deterministic_time
        As ``shiftplan solve --seed S --deterministic-time T``.
    passes
        Passes over the team when variants are re-planned.
    time_limit
        Wall-clock seconds the solve may take at most (None: no limit).
    report
        Called with a line of progress for people.

    Raises
    ------
    ShiftplanError
        When the hard rules cannot all hold (``shiftplan solve`` explains why).
    """
    requirements = compute_requirements(scenario)
    started = time.perf_counter()
    result = solve_deterministic(
        scenario,
        seed=seed,
        deterministic_time=deterministic_time,
        requirements=requirements,
        time_limit=time_limit,
        report=report,
    )
    if result.roster is None:
        msg = (
            "the team has no roster that keeps every hard rule "
            f"(status {result.status}); run `shiftplan solve` to see why"
        )
        raise ShiftplanError(msg)
    if report is not None:
        seconds = time.perf_counter() - started
        report(f"  baseline: solved after {seconds:.0f} s; re-planning it the fast way...")
    cut = None
    if time_limit is not None and time.perf_counter() - started >= 0.98 * time_limit:
        cut = f"time limit {time_limit:g} s reached"
    reference = replan(scenario, requirements, result.roster.shifts, seed, passes)
    return Baseline(
        scenario=scenario,
        requirements=requirements,
        result=result,
        command=solve_command(scenario, seed, deterministic_time),
        reference=reference,
        seed=seed,
        passes=passes,
        deterministic_time=deterministic_time,
        cut=cut,
    )


def replan(
    scenario: Scenario,
    requirements: Requirements,
    start: pd.DataFrame,
    seed: int,
    passes: int,
    first: tuple[int, ...] = (),
    stop: Callable[[], bool] | None = None,
    models: dict[int, Any] | None = None,
) -> Replanned:
    """Re-plan a roster the fast, deterministic way; score it from the roster alone.

    ``start`` is matched to this scenario's candidate shifts by agent, UTC
    start and length, so it survives agents joining, leaving or changing
    contract; the agents in ``first`` (the ones who changed) are planned
    before the passes over the team. ``models`` keeps agents' own small
    models between calls for the same team (a hire is always the last agent,
    so the team's candidate shifts keep their numbers); a model whose shifts
    are numbered differently here is rebuilt.
    """
    from shiftplan.api import match_roster, roster_frame
    from shiftplan.shifts import build_candidates
    from shiftplan.solver import ModelData
    from shiftplan.solver.heuristic import improve_by_agent, rule_keeping_roster

    weights = scenario.file.weights
    candidates = build_candidates(scenario)
    data = ModelData.from_scenario(scenario, requirements, candidates, weights)
    if models is not None:
        for agent in list(models):
            # The changed agents' models belong to another variant.
            if (
                agent in first
                or agent >= len(scenario.agents)
                or not np.array_equal(models[agent].indices, candidates.of_agent(agent))
            ):
                del models[agent]
    initial = match_roster(scenario, candidates, start)
    if not initial:
        initial, failed = rule_keeping_roster(data)
        if failed:
            msg = "the hard rules cannot all hold: run `shiftplan solve` for the explanation"
            raise ShiftplanError(msg)
    descent = improve_by_agent(
        data,
        initial,
        time_budget=float("inf"),
        seed=seed,
        passes=passes,
        first=first,
        stop=stop,
        models=models,
    )
    shifts = roster_frame(scenario, candidates, sorted(descent.shifts))
    roster = Roster(shifts, allocate(scenario, requirements, shifts, weights))
    objective, kpis, coverage = evaluate(scenario, requirements, roster, weights)
    return Replanned(shifts, objective / POINTS, kpis, coverage)


def short_intervals(coverage: pd.DataFrame, queues: set[str]) -> np.ndarray:
    """Whether each interval is short (below requirement) in any of ``queues``."""
    rows = coverage[coverage["queue"].isin(queues)]
    short = rows.groupby("interval")["shortfall"].sum()
    return short.sort_index().to_numpy() > 0


def _whole(value: float | None) -> str:
    return "-" if value is None else f"{round(value):,}"


def _hours(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 2) / 2:,.1f}".removesuffix(".0")


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"
