"""Time of `shiftplan report` on a 500-agent, 28-day solve (target: under 10 s).

    python benchmarks/bench_report.py [--agents 500] [--days 28] [--time-limit 60]

Generates a team (10 time zones, 30-minute grid), solves it once, writes the
output folder without a report, then times `shiftplan report OUT_DIR` as a
command (a fresh process, imports included) and `build_report` in-process.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import shiftplan
from shiftplan.generate import generate_scenario
from shiftplan.reports.files import write_result
from shiftplan.reports.html import build_report


def main() -> None:
    """Solve once, then time the report three ways and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agents", type=int, default=500)
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
        root = Path(folder)
        path = generate_scenario(
            root / "scenario", agents=args.agents, days=args.days, timezones=10, seed=1
        )
        scenario = shiftplan.load_scenario(path)
        started = time.perf_counter()
        result = shiftplan.solve(
            scenario, params=shiftplan.SolveParams(time_limit=args.time_limit, seed=1)
        )
        solve_seconds = time.perf_counter() - started
        out = root / "out"
        started = time.perf_counter()
        write_result(scenario, result, out, report=False)
        files_seconds = time.perf_counter() - started
        shifts = len(result.to_frame())
        print(f"team: {args.agents} agents, {args.days} days, {shifts:,} shifts")
        print(
            f"solve: {solve_seconds:.1f} s; output files without the report: {files_seconds:.1f} s"
        )

        started = time.perf_counter()
        cpu = time.process_time()
        page = build_report(out, scenario)
        print(
            f"build_report in-process: {time.perf_counter() - started:.1f} s wall, "
            f"{time.process_time() - cpu:.1f} s CPU"
        )

        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "shiftplan", "report", str(out)], check=True, capture_output=True
        )
        command_seconds = time.perf_counter() - started
        size = (out / "report.html").stat().st_size
        print(f"`shiftplan report` command: {command_seconds:.1f} s (target < 10 s)")
        print(f"report.html: {size / 1e6:.1f} MB ({len(page) / 1e6:.1f} MB in-process)")


if __name__ == "__main__":
    main()
