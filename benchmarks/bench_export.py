"""Export time of a generated 500-agent, 28-day roster in xlsx, ics and csv.

The roster is the solver's first rule-keeping roster (agent by agent, no
search), which is as large as a real one. Prints seconds per format, the
number of shifts and files, and the time to read the workbook back. Figures
only; nothing is asserted.

    python benchmarks/bench_export.py [--agents 500] [--days 28]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import shiftplan
from shiftplan.api import roster_frame
from shiftplan.export import export_roster
from shiftplan.generate import generate_scenario
from shiftplan.result import Roster
from shiftplan.scoring import allocate, evaluate, weights_for
from shiftplan.shifts import build_candidates
from shiftplan.solver import ModelData
from shiftplan.solver.heuristic import rule_keeping_roster
from shiftplan.staffing.requirements import compute_requirements


def main() -> None:
    """Generate, roster quickly, export in each format and print the times."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agents", type=int, default=500)
    parser.add_argument("--days", type=int, default=28)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = generate_scenario(Path(folder), agents=args.agents, days=args.days, timezones=10)
        scenario = shiftplan.load_scenario(path)
        started = time.perf_counter()
        requirements = compute_requirements(scenario)
        candidates = build_candidates(scenario)
        weights = weights_for("late-contacts", scenario.file.weights)
        data = ModelData(scenario, requirements, candidates, weights)
        chosen, failed = rule_keeping_roster(data)
        shifts = roster_frame(scenario, candidates, sorted(chosen))
        roster = Roster(shifts, allocate(scenario, requirements, shifts, weights))
        _, _, coverage = evaluate(scenario, requirements, roster, weights)
        print(
            f"roster: {len(shifts)} shifts of {args.agents} agents over {args.days} days "
            f"({len(failed)} agents without a week) in {time.perf_counter() - started:.1f} s"
        )
        out = Path(folder) / "out"
        total = cpu_total = 0.0
        for kind in ("xlsx", "ics", "csv"):
            began, cpu = time.perf_counter(), time.process_time()
            written = export_roster(scenario, shifts, out, kind, coverage=coverage)
            seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
            total += seconds
            cpu_total += cpu
            target = written[kind]
            files = len(list(target.iterdir())) if target.is_dir() else 1
            print(f"export {kind}: {seconds:.1f} s wall, {cpu:.1f} s CPU ({files} file(s))")
        # On a shared machine the wall clock includes waiting for a core; the
        # CPU time is what the export itself costs.
        print(
            f"export, all three formats: {total:.1f} s wall, {cpu_total:.1f} s CPU "
            "(target: under 15 s)"
        )
        began = time.perf_counter()
        back = shiftplan.read_roster(out / "roster.xlsx", scenario)
        print(f"read roster.xlsx back: {time.perf_counter() - began:.1f} s, {len(back)} shifts")


if __name__ == "__main__":
    main()
