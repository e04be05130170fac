"""Time to rank hire zones on the example scenario, and that the ranking repeats.

    python benchmarks/bench_whatif.py [--zones 24] [--workers 2]

Prints the baseline time, the ranking time, zones per second, the top five,
and whether a second run with one process gives the identical ranking.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

import shiftplan
from shiftplan.whatif import baseline, default_zones, rank_hires

EXAMPLE = Path(__file__).resolve().parent.parent / "scenarios" / "example.yaml"


def main() -> None:
    """Rank zones twice (all processes, then one) and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--zones", type=int, default=24)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--check-repeat", action="store_true")
    args = parser.parse_args()
    scenario = shiftplan.load_scenario(EXAMPLE)
    zones = default_zones(scenario)
    step = max(1, len(zones) // args.zones)
    zones = zones[::step][: args.zones]
    started = time.perf_counter()
    base = baseline(scenario)
    base_seconds = time.perf_counter() - started
    started = time.perf_counter()
    ranking = rank_hires(scenario, timezones=zones, base=base, workers=args.workers or None)
    seconds = time.perf_counter() - started
    print(f"baseline roster: {base_seconds:.1f} s (late contacts {base.kpis['late_contacts']})")
    print(
        f"ranked {len(zones)} zones in {seconds:.1f} s ({len(zones) / seconds:.2f} zones/s), "
        f"total {base_seconds + seconds:.1f} s"
    )
    columns = [
        "rank",
        "timezone",
        "utc_offsets",
        "late_contacts_avoided",
        "agent_hours_short_closed",
        "nobody_on_intervals_covered",
    ]
    print(ranking[columns].head(5).to_string(index=False))
    if args.check_repeat:
        again = rank_hires(scenario, timezones=zones, base=baseline(scenario), workers=1)
        same = again.equals(ranking) or pd.DataFrame.equals(again, ranking)
        print(f"second run with one process identical: {same}")


if __name__ == "__main__":
    main()
