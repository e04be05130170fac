"""Run a sweep: every variant re-rostered, its KPIs one row of a frame.

Each variant is rostered from scratch by the agent-by-agent heuristic of
:mod:`shiftplan.solver.heuristic` with a fixed seed and number of passes;
its small CP-SAT solves are single-threaded with a deterministic work limit.
So a variant's row depends only on the scenario, the variant and the code,
never on which worker ran it or how many there were: the same rows come back
from one process, a local pool, a ``LocalCluster`` or a remote cluster.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from shiftplan.errors import ShiftplanError
from shiftplan.executor import Backend, map_tasks
from shiftplan.scenario.models import Scenario
from shiftplan.sweep.cache import ResultCache, code_version, scenario_fingerprint, variant_key
from shiftplan.sweep.grid import Grid, Variant, load_grid, make_grid, percent
from shiftplan.sweep.hires import add_hires, ranked_team_zones


@dataclass(frozen=True)
class SweepContext:
    """What every variant shares: the scenario and how to roster it."""

    scenario: Scenario
    hire_zones: tuple[str, ...]
    hire_contract: str | None
    seed: int
    passes: int


@dataclass(frozen=True)
class VariantDone:
    """One finished variant, as :func:`iter_sweep` reports it."""

    index: int
    row: dict[str, Any]
    cached: bool


def apply_variant(context: SweepContext, variant: Variant) -> Scenario:
    """The scenario as the variant changes it."""
    scenario = context.scenario
    forecast = scenario.forecast.copy()
    forecast["contacts"] = forecast["contacts"] * (1 + variant.volume)
    for queue, change in variant.queue_volume:
        rows = forecast["queue"] == queue
        forecast.loc[rows, "contacts"] = forecast.loc[rows, "contacts"] * (1 + change)
    update: dict[str, Any] = {"forecast": forecast}
    if variant.shrinkage is not None:
        update["file"] = scenario.file.model_copy(update={"shrinkage": variant.shrinkage})
    moves = dict(variant.contracts)
    if moves:
        update["agents"] = tuple(
            agent.model_copy(update={"contract": moves[agent.id]}) if agent.id in moves else agent
            for agent in scenario.agents
        )
    changed = scenario.model_copy(update=update)
    if variant.hires:
        changed = add_hires(changed, variant.hires, context.hire_zones, context.hire_contract)
    return changed


def roster_variant(variant: Variant, context: SweepContext) -> tuple[Scenario, pd.DataFrame, dict]:
    """Roster one variant deterministically; its scenario, roster and KPIs."""
    from shiftplan.api import roster_frame
    from shiftplan.result import Roster
    from shiftplan.scoring import allocate, evaluate
    from shiftplan.shifts import build_candidates
    from shiftplan.solver import ModelData
    from shiftplan.solver.heuristic import improve_by_agent, rule_keeping_roster
    from shiftplan.staffing.requirements import compute_requirements

    scenario = apply_variant(context, variant)
    weights = scenario.file.weights
    requirements = compute_requirements(scenario)
    candidates = build_candidates(scenario)
    data = ModelData(scenario, requirements, candidates, weights)
    models: dict[int, Any] = {}
    initial, failed = rule_keeping_roster(data, models)
    if failed:
        names = ", ".join(scenario.agents[agent].id for agent, _ in failed[:5])
        msg = f"the hard rules cannot all hold for {names}: run `shiftplan solve` on this variant"
        raise ShiftplanError(msg)
    descent = improve_by_agent(
        data, initial, time_budget=math.inf, seed=context.seed, passes=context.passes, models=models
    )
    shifts = roster_frame(scenario, candidates, sorted(descent.shifts))
    roster = Roster(shifts, allocate(scenario, requirements, shifts, weights))
    _, kpis, _ = evaluate(scenario, requirements, roster, weights)
    return scenario, shifts, kpis


def variant_figures(variant: Variant, context: SweepContext) -> dict[str, Any]:
    """The KPIs of one variant, rounded to what they mean (the task each worker runs)."""
    _, _, kpis = roster_variant(variant, context)
    figures: dict[str, Any] = {"service_level_pct": _pct(kpis["service_level"])}
    for queue, numbers in kpis["queues"].items():
        figures[f"{queue}_service_level_pct"] = _pct(numbers["service_level"])
    figures["late_contacts"] = round(kpis["late_contacts"])
    for queue, numbers in kpis["queues"].items():
        figures[f"{queue}_late_contacts"] = round(numbers["late_contacts"])
    figures["agent_hours_short"] = _half(kpis["agent_hours_short"])
    figures["intervals_nobody_on"] = int(kpis["intervals_nobody_on"])
    figures["paid_hours"] = _half(kpis["paid_hours"])
    return figures


def _figures_with_code(variant: Variant, context: SweepContext) -> tuple[str, dict[str, Any]]:
    """The worker's code version with the figures, so a mixed cluster is caught."""
    return code_version(), variant_figures(variant, context)


def _pct(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def _half(hours: float) -> float:
    return round(hours * 2) / 2


def _axis_columns(grid: Grid, variant: Variant) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    if grid.volume:
        columns["volume_change_pct"] = round(variant.volume * 100, 1)
    if grid.queue_volume:
        columns["queue_volume"] = "; ".join(
            f"{queue} {percent(change)}" for queue, change in variant.queue_volume
        )
    if grid.shrinkage:
        columns["shrinkage_pct"] = (
            None if variant.shrinkage is None else round(variant.shrinkage * 100, 1)
        )
    if grid.hires:
        columns["hires"] = variant.hires
        zones = [grid.hire_zones[n % len(grid.hire_zones)] for n in range(variant.hires)]
        columns["hire_zones"] = "; ".join(zones)
    if grid.contracts:
        columns["contract_moves"] = "; ".join(
            f"{agent} to {contract}" for agent, contract in variant.contracts
        )
    return columns


def as_grid(grid: Grid | dict[str, Any] | str | Path) -> Grid:
    """A grid from a Grid, a mapping of axes to values, or a grid YAML file."""
    if isinstance(grid, Grid):
        return grid
    if isinstance(grid, str | Path):
        return load_grid(Path(grid))
    return make_grid(**grid)


def with_hire_zones(scenario: Scenario, grid: Grid, workers: int | None = None) -> Grid:
    """The grid checked against the scenario, with zones for its hires.

    When the grid has hires but names no zones, the hiring what-if ranks the
    team's own zones once (this takes a while on a large team) and the hires
    go to the best of them in turn.
    """
    grid.check(scenario)
    most = max(grid.hires, default=0)
    if most == 0 or grid.hire_zones:
        return grid
    zones = ranked_team_zones(scenario, grid.hire_contract, workers, top=most)
    return replace(grid, hire_zones=zones)


def iter_sweep(
    scenario: Scenario,
    grid: Grid | dict[str, Any] | str | Path,
    *,
    client: Any = None,
    address: str | None = None,
    workers: int | None = None,
    backend: Backend = "auto",
    cache: Path | None = None,
    seed: int = 0,
    passes: int = 3,
) -> Iterator[VariantDone]:
    """Run a sweep and yield each variant's row as it finishes (cached ones first).

    Takes the arguments of :func:`sweep`; see there. The first item arrives
    only after the grid was checked against the scenario, so bad input
    raises a :class:`~shiftplan.errors.ShiftplanError` before anything runs.
    """
    grid = with_hire_zones(scenario, as_grid(grid), workers)
    variants = grid.variants()
    hire_zones = grid.hire_zones
    context = SweepContext(scenario, hire_zones, grid.hire_contract, seed, passes)
    fingerprint = scenario_fingerprint(scenario)
    settings = {
        "seed": seed,
        "passes": passes,
        "hire_zones": list(hire_zones),
        "hire_contract": grid.hire_contract,
    }
    keys = [variant_key(fingerprint, variant.as_key(), settings) for variant in variants]
    store = ResultCache(cache)

    def row(index: int, figures: dict[str, Any] | None, error: str | None) -> dict[str, Any]:
        variant = variants[index]
        return {
            "variant": index + 1,
            "label": variant.label(),
            **_axis_columns(grid, variant),
            "status": "failed" if error else "done",
            **(figures or {}),
            "error": error or "",
            "key": keys[index],
        }

    pending = []
    for index, key in enumerate(keys):
        stored = store.get(key)
        if stored is None:
            pending.append(index)
        else:
            yield VariantDone(index, row(index, stored, None), cached=True)
    outcomes = map_tasks(
        _figures_with_code,
        [variants[index] for index in pending],
        context,
        client=client,
        address=address,
        workers=workers,
        backend=backend,
    )
    for outcome in outcomes:
        index = pending[outcome.index]
        figures, error = None, outcome.error
        if outcome.value is not None:
            worker_code, figures = outcome.value
            if worker_code != code_version():
                # Figures from other code would be cached as this code's.
                figures = None
                error = (
                    f"the worker runs other shiftplan code ({worker_code}, here "
                    f"{code_version()}): install the same version on every worker"
                )
            else:
                store.put(keys[index], figures)
        yield VariantDone(index, row(index, figures, error), cached=False)


def sweep_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows in variant order, failed ones with empty figures (never 'nan' in a CSV)."""
    ordered_rows: list[dict[str, Any]] = sorted(rows, key=lambda row: int(row["variant"]))
    frame = pd.DataFrame(ordered_rows)
    ordered = [column for column in frame.columns if column not in ("error", "key")]
    frame = frame[[*ordered, "error", "key"]]
    for column in frame.columns:
        if column.endswith(("_pct", "_short", "_hours")):
            frame[column] = frame[column].astype("Float64")
        elif column.endswith(("_contacts", "_on")) or column in ("variant", "hires"):
            frame[column] = frame[column].astype("Int64")
    return frame


def sweep(
    scenario: Scenario | str | Path,
    grid: Grid | dict[str, Any] | str | Path,
    client: Any = None,
    *,
    address: str | None = None,
    workers: int | None = None,
    backend: Backend = "auto",
    cache: Path | None = None,
    seed: int = 0,
    passes: int = 3,
) -> pd.DataFrame:
    """Re-roster every variant of a grid and return one row of KPIs per variant.

    Parameters
    ----------
    scenario
        A loaded scenario or the path of its YAML file.
    grid
        A :class:`~shiftplan.sweep.grid.Grid`, a mapping such as
        ``{"volume": ["-10%", "+20%"], "shrinkage": [0.2, 0.3]}``, or the path
        of a grid YAML file.
    client
        A ``distributed.Client`` to run on (left open).
    address
        The scheduler of an existing Dask cluster, e.g. ``tcp://host:8786``.
    workers
        Processes of the ``LocalCluster`` or local pool (default: all cores).
    backend
        ``auto`` (Dask when installed), ``dask`` or ``processes``. The rows
        are the same with every backend and number of workers.
    cache
        A folder of finished variants; those found there are not re-run.
    seed, passes
        The rostering heuristic's seed and passes over the team.

    Returns
    -------
    pandas.DataFrame
        One row per variant in grid order: its number, label and axis values,
        ``status`` (``done`` or ``failed``), service level per queue (%),
        late contacts, agent-hours short, intervals with nobody on, paid
        hours, the error of a failed variant, and its cache key.
    """
    from shiftplan.scenario.load import load_scenario

    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    done = iter_sweep(
        scenario,
        grid,
        client=client,
        address=address,
        workers=workers,
        backend=backend,
        cache=cache,
        seed=seed,
        passes=passes,
    )
    return sweep_frame([item.row for item in done])
