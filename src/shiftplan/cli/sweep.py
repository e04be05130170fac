"""``shiftplan sweep``: every combination of volume, shrinkage, hires and contracts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from shiftplan.cli.app import ScenarioArg, app, input_errors, load_or_exit

EXIT_INTERRUPTED = 130


@app.command("sweep")
def sweep_command(
    scenario: ScenarioArg,
    volume: Annotated[
        str | None, typer.Option(help="Contact volume changes, e.g. --volume=-10%,0%,+20%.")
    ] = None,
    shrinkage: Annotated[str | None, typer.Option(help="Shrinkages, e.g. 0.2,0.3.")] = None,
    hires: Annotated[str | None, typer.Option(help="Numbers of new agents, e.g. 0,1,2.")] = None,
    hire_zones: Annotated[
        str | None,
        typer.Option(help="Zones the hires live in, in turn (default: the team's best zones)."),
    ] = None,
    grid: Annotated[
        Path | None,
        typer.Option(help="Grid YAML: axes, per-queue volume, contract moves."),
    ] = None,
    out: Annotated[Path, typer.Option(help="One row per variant.")] = Path("out/sweep.csv"),
    plot: Annotated[
        Path | None, typer.Option(help="Also save service level against paid hours (PNG).")
    ] = None,
    address: Annotated[
        str | None, typer.Option(help="A running Dask scheduler, e.g. tcp://host:8786.")
    ] = None,
    workers: Annotated[
        int, typer.Option(help="Local worker processes (0: all cores); not with --address.")
    ] = 0,
    dask: Annotated[
        bool,
        typer.Option(help="Run on Dask (a LocalCluster unless --address); --no-dask: processes."),
    ] = True,
    cache: Annotated[
        Path | None,
        typer.Option(help="Folder of finished variants (default: beside --out)."),
    ] = None,
    use_cache: Annotated[
        bool, typer.Option("--use-cache/--no-cache", help="Skip variants already finished.")
    ] = True,
    passes: Annotated[int, typer.Option(help="Rostering passes over the team.")] = 3,
    seed: Annotated[int, typer.Option(help="Seed of the deterministic rostering.")] = 0,
) -> None:
    """Re-roster every combination of the axes; one row of KPIs per variant."""
    from shiftplan.executor import Backend, dask_available
    from shiftplan.reports.files import write_frame
    from shiftplan.sweep import iter_sweep, sweep_frame, with_hire_zones
    from shiftplan.sweep.grid import combine, load_grid, make_grid, split_values

    loaded = load_or_exit(scenario)
    with input_errors():
        given = make_grid(
            volume=split_values(volume or ""),
            shrinkage=split_values(shrinkage or ""),
            hires=split_values(hires or ""),
            hire_zones=split_values(hire_zones or ""),
            source="command line, option",
        )
        chosen = combine(load_grid(grid), given) if grid is not None else given
        chosen.check(loaded)
        if max(chosen.hires, default=0) and not chosen.hire_zones:
            typer.echo("Ranking the team's zones for the hires (hiring what-if)...", err=True)
            chosen = with_hire_zones(loaded, chosen, workers or None)
            typer.echo(f"Hires go to: {', '.join(chosen.hire_zones)}, in turn.", err=True)
    if not dask and address is not None:
        typer.echo("--address needs Dask; drop --no-dask", err=True)
        raise typer.Exit(2)
    # Without Dask installed, a local sweep falls back to processes: the same rows.
    local_only = not dask or (address is None and not dask_available())
    backend: Backend = "processes" if local_only else "dask"
    size = f"{workers} worker{'s' if workers != 1 else ''}" if workers else "a worker per core"
    where = address or (
        f"a Dask LocalCluster with {size}" if backend == "dask" else f"local processes, {size}"
    )
    folder = (cache or out.with_name(f"{out.stem}.cache")) if use_cache else None
    total = len(chosen.variants())
    plural = "s" if total != 1 else ""
    typer.echo(f"Sweeping {total} variant{plural} of {loaded.name} on {where}.", err=True)
    rows: list[dict[str, Any]] = []
    cached = 0
    try:
        with (
            input_errors(),
            typer.progressbar(length=total, label="Rostering variants", file=sys.stderr) as bar,
        ):
            for item in iter_sweep(
                loaded,
                chosen,
                address=address,
                workers=workers or None,
                backend=backend,
                cache=folder,
                seed=seed,
                passes=passes,
            ):
                rows.append(item.row)
                cached += item.cached
                bar.update(1)
    except KeyboardInterrupt:
        if rows:
            write_frame(out, sweep_frame(rows))
        typer.echo(
            f"\nInterrupted: {len(rows)} of {total} variants written to {out}; "
            "run again to do the rest (finished variants are kept).",
            err=True,
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if cached:
        typer.echo(f"{cached} of {total} variants were already finished (cache).", err=True)
    frame = sweep_frame(rows)
    write_frame(out, frame)
    _print_table(frame)
    if plot is not None:
        from shiftplan.plotting import plot_sweep

        _save_figure(plot, plot_sweep(frame))
        typer.echo(f"Wrote {plot}")
    typer.echo(f"Wrote {out}")


def _save_figure(path: Path, figure: Any) -> None:
    """Save a PNG beside ``path`` and rename it, so nobody sees half a picture."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        figure.savefig(temporary, format="png", dpi=120)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def _print_table(frame: Any) -> None:
    """The headline figures per variant, then the failures."""
    shown = frame.rename(
        columns={
            "service_level_pct": "service level %",
            "late_contacts": "late contacts",
            "agent_hours_short": "hours short",
            "intervals_nobody_on": "nobody on",
            "paid_hours": "paid hours",
        }
    )
    columns = ["variant", "label", "status"] + [
        name
        for name in ("service level %", "late contacts", "hours short", "nobody on", "paid hours")
        if name in shown.columns
    ]
    typer.echo(shown[columns].to_string(index=False, na_rep=""))
    failed = frame[frame["status"] == "failed"]
    for _, row in failed.iterrows():
        typer.echo(f"variant {row['variant']} ({row['label']}) failed: {row['error']}", err=True)
