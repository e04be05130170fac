"""Roster engine at scale: generated teams of N agents, 10 zones, 28 days, 30-minute grid.

Prints, per size: candidate shifts, time to the first roster that keeps every rule,
time to the heuristic's roster, objective, bound and gap at the time limit, and peak
memory (each size runs in its own process so the memory figure is its own). Figures
only; nothing is asserted. ``wall_s`` is the whole ``shiftplan.solve`` call (staffing,
candidates, every phase and the scoring), to compare with the limit.

The documented runs (README, "Benchmarks"):

    python benchmarks/bench_solve.py --agents 50 200 500 --time-limit 120
    python benchmarks/bench_solve.py --agents 1000 --time-limit 60
    python benchmarks/bench_solve.py --agents 2000 --time-limit 300
    python benchmarks/bench_solve.py --agents 5000 --time-limit 600

5,000 agents need about 10 minutes and 1.5 GB; run it alone on the machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_one(agents: int, days: int, time_limit: float, seed: int) -> dict[str, object]:
    """Generate and solve one team; return the figures."""
    import shiftplan
    from shiftplan.generate import generate_scenario
    from shiftplan.shifts import build_candidates
    from shiftplan.solver import Progress

    with tempfile.TemporaryDirectory() as folder:
        path = generate_scenario(Path(folder), agents=agents, days=days, timezones=10, seed=seed)
        scenario = shiftplan.load_scenario(path)
    started = time.perf_counter()
    events: dict[str, float] = {}

    def progress(update: Progress) -> None:
        events.setdefault(update.source, time.perf_counter() - started)

    result = shiftplan.solve(
        scenario, params=shiftplan.SolveParams(time_limit=time_limit, seed=seed, progress=progress)
    )
    wall = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "agents": agents,
        "candidates": len(build_candidates(scenario)),
        "status": result.status,
        "first_roster_s": round(min(events.values()), 1) if events else None,
        "heuristic_roster_s": round(events["heuristic"], 1) if "heuristic" in events else None,
        "objective": result.objective,
        "bound": result.bound,
        "gap": round(result.gap, 4) if result.gap is not None else None,
        "runtime_s": round(result.runtime, 1),
        "wall_s": round(wall, 1),
        "peak_memory_mb": round(peak_mb),
    }


def run_pyworkforce(agents: int, days: int, time_limit: float, seed: int) -> dict[str, object]:
    """pyworkforce's MinHoursRoster on the closest problem it can express.

    It knows no time zones, intervals or queues: three 8-hour UTC shifts a
    day, a hard head-count per shift and day (our peak requirement inside the
    shift), a minimum of contracted hours, a maximum of resting days, leave
    as banned shifts, and no morning shift after a night shift.
    """
    import numpy as np
    from pyworkforce.rostering.binary_programming import MinHoursRoster

    import shiftplan
    from shiftplan.generate import generate_scenario

    with tempfile.TemporaryDirectory() as folder:
        path = generate_scenario(Path(folder), agents=agents, days=days, timezones=10, seed=seed)
        scenario = shiftplan.load_scenario(path)
    requirements = shiftplan.compute_requirements(scenario)
    per_interval = requirements.frame.groupby("interval")["required"].sum().to_numpy()
    per_shift = per_interval.reshape(days, 3, -1).max(axis=2)
    names = ["Night", "Morning", "Afternoon"]
    ids = [agent.id for agent in scenario.agents]
    banned = [
        {"resource": agent.id, "shift": name, "day": (day - scenario.horizon.start).days}
        for agent in scenario.agents
        for day in scenario.days_off(agent)
        if 0 <= (day - scenario.horizon.start).days < days
        for name in names
    ]
    roster = MinHoursRoster(
        num_days=days, resources=ids, shifts=names, shifts_hours=[8, 8, 8],
        min_working_hours=int(20 * days / 7), banned_shifts=banned,
        max_resting=days - 2 * days // 7 - days // 7,
        required_resources={name: [int(v) for v in per_shift[:, i]]
                            for i, name in enumerate(names)},
        non_sequential_shifts=[{"origin": "Night", "destination": "Morning"}],
        max_search_time=time_limit, num_search_workers=2,
    )  # fmt: skip
    started = time.perf_counter()
    solution = roster.solve()
    return {
        "tool": "pyworkforce MinHoursRoster",
        "agents": agents,
        "status": solution.get("status"),
        "runtime_s": round(time.perf_counter() - started, 1),
        "cost": solution.get("cost"),
        "required_head_count": int(np.sum(per_shift)),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    """Run each size in a child process and print one line per size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agents", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--pyworkforce",
        action="store_true",
        help="also run pyworkforce's MinHoursRoster (if installed)",
    )
    parser.add_argument("--pwf-one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(args.one, args.days, args.time_limit, args.seed)))
        return
    if args.pwf_one is not None:
        print(json.dumps(run_pyworkforce(args.pwf_one, args.days, args.time_limit, args.seed)))
        return
    for agents in args.agents:
        command = [
            sys.executable,
            __file__,
            "--one",
            str(agents),
            "--days",
            str(args.days),
            "--time-limit",
            str(args.time_limit),
            "--seed",
            str(args.seed),
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        print(output.strip().splitlines()[-1], flush=True)
        if args.pyworkforce:
            command[command.index("--one")] = "--pwf-one"
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            lines = done.stdout.strip().splitlines()
            print(
                lines[-1] if lines else f"pyworkforce failed: {done.stderr.strip()[-300:]}",
                flush=True,
            )


if __name__ == "__main__":
    main()
