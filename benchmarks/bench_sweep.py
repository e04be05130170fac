"""Variants per minute of a sweep with 1 and 2 workers, and what the cluster costs.

    python benchmarks/bench_sweep.py [--volume=-10%,0%,+10%,+20%] [--shrinkage 0.2,0.3]

Runs the same grid on the example scenario four ways, without the cache:
plain local processes with 1 and 2 workers, and a Dask LocalCluster with 1
and 2 workers (cluster start-up included, as a user waits for it). Prints
variants per minute for each, the 2-worker/1-worker ratio, the cluster's
overhead against plain processes, and whether all four gave the same rows.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

import shiftplan
from shiftplan.sweep import make_grid
from shiftplan.sweep.grid import split_values

EXAMPLE = Path(__file__).resolve().parent.parent / "scenarios" / "example.yaml"


def main() -> None:
    """Sweep the grid four ways and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", type=Path, default=EXAMPLE)
    parser.add_argument("--volume", default="-10%,0%,+10%,+20%")
    parser.add_argument("--shrinkage", default="0.2,0.3")
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    scenario = shiftplan.load_scenario(args.scenario)
    grid = make_grid(volume=split_values(args.volume), shrinkage=split_values(args.shrinkage))
    count = len(grid.variants())
    print(f"{scenario.name}: {count} variants, {args.passes} passes each")
    seconds: dict[tuple[str, int], float] = {}
    frames: dict[tuple[str, int], pd.DataFrame] = {}
    for backend in ("processes", "dask"):
        for workers in (1, 2):
            started = time.perf_counter()
            frames[backend, workers] = shiftplan.sweep(
                scenario, grid, backend=backend, workers=workers, passes=args.passes
            )
            seconds[backend, workers] = time.perf_counter() - started
            rate = count / seconds[backend, workers] * 60
            print(
                f"{backend:>9} x{workers}: {seconds[backend, workers]:6.1f} s, "
                f"{rate:5.1f} variants per minute"
            )
    for backend in ("processes", "dask"):
        ratio = seconds[backend, 1] / seconds[backend, 2]
        print(f"{backend}: 2 workers run {ratio:.2f}x as many variants per minute as 1")
    for workers in (1, 2):
        extra = seconds["dask", workers] - seconds["processes", workers]
        share = extra / seconds["processes", workers]
        print(
            f"LocalCluster overhead with {workers} worker(s): {extra:+.1f} s "
            f"({share:+.0%}) against plain processes"
        )
    first = frames["processes", 1]
    same = all(frame.equals(first) for frame in frames.values())
    print(f"all four runs gave the same rows: {same}")


if __name__ == "__main__":
    main()
