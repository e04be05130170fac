"""Time of the example's default hire ranking, and whether it repeats exactly.

    python benchmarks/bench_whatif.py [--workers 2] [--markets hubs] [--check-repeat]

Prints the baseline time (the deterministic solve ``shiftplan solve`` runs,
plus the fast re-planning of the unchanged team), the ranking time, the
total (what ``shiftplan whatif hire scenarios/example.yaml`` spends), the
machine's load while it ran, the top groups, and, with ``--check-repeat``,
whether a second ranking with one process is identical.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pandas as pd

import shiftplan
from shiftplan.whatif import compute_baseline, rank_hires

EXAMPLE = Path(__file__).resolve().parent.parent / "scenarios" / "example.yaml"


def main() -> None:
    """Rank the example's default candidates and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=0, help="processes (0: every core)")
    parser.add_argument("--markets", default="hubs", help="team, hubs or all")
    parser.add_argument("--check-repeat", action="store_true")
    args = parser.parse_args()
    scenario = shiftplan.load_scenario(EXAMPLE)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    base = compute_baseline(scenario)
    base_seconds = time.perf_counter() - started
    started = time.perf_counter()
    ranking = rank_hires(scenario, markets=args.markets, base=base, workers=args.workers or None)
    seconds = time.perf_counter() - started
    count = len(ranking.frame)
    cpu = os.times()
    load_after = os.getloadavg()[0]
    busy = max(load_before, load_after) > (os.cpu_count() or 1)
    verdict = "above the core count: a loaded machine" if busy else "an idle machine"
    print(f"machine: {os.cpu_count()} cores, load average {load_before:.1f} before and "
          f"{load_after:.1f} after ({verdict})")  # fmt: skip
    print(f"baseline (solve + re-planning): {base_seconds:.1f} s, "
          f"late contacts {round(base.kpis['late_contacts'])}")  # fmt: skip
    total = base_seconds + seconds
    print(f"ranked {count} candidate markets in {seconds:.1f} s ({count / seconds:.2f} per s); "
          f"default ranking total {total:.1f} s (target under 60 s on 2 cores)")  # fmt: skip
    # CPU seconds do not grow with the load the way wall-clock seconds do.
    workers_cpu = cpu.children_user + cpu.children_system
    print(f"CPU time: {cpu.user + cpu.system:.1f} s in this process (the solve's threads "
          f"included), {workers_cpu:.1f} s in worker processes")  # fmt: skip
    for number, group in enumerate(ranking.groups[:3], start=1):
        print(f"  {number}. {group.name}: {', '.join(group.labels)} "
              f"({round(group.late_contacts_avoided)} late contacts avoided)")  # fmt: skip
    if args.check_repeat:
        again = rank_hires(scenario, markets=args.markets, base=base, workers=1)
        same = pd.DataFrame.equals(again.frame, ranking.frame)
        print(f"second ranking with one process identical: {same}")


if __name__ == "__main__":
    main()
