"""Does ``shiftplan solve`` end on time? Wall time against --time-limit on generated teams.

Generates teams of N agents, 10 zones, D days, runs ``shiftplan solve`` on each as a
subprocess (the whole command: loading, staffing, candidates, every solver phase and
writing the roster), and prints the wall time, its ratio to the limit, the objective,
bound and gap from summary.json, the command's peak memory, and the rounds column
generation ran and why it stopped (read from the ``--log`` output). The target is a
wall time within 2% of the limit (or 1 s, whichever is larger). Figures only; nothing
is asserted.

    python benchmarks/bench_time_limit.py --agents 500 1000 --time-limit 60
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_one(
    agents: int, days: int, time_limit: float, seed: int, report: bool
) -> dict[str, object]:
    """Generate one team, solve it through the CLI, and return the figures."""
    from shiftplan.generate import generate_scenario

    with tempfile.TemporaryDirectory() as folder:
        path = generate_scenario(Path(folder), agents=agents, days=days, timezones=10, seed=seed)
        out = Path(folder) / "out"
        command = [
            sys.executable, "-m", "shiftplan", "solve", str(path), "--out", str(out),
            "--time-limit", str(time_limit), "--seed", str(seed), "--quiet", "--log",
            "--report" if report else "--no-report",
        ]  # fmt: skip
        started = time.perf_counter()
        with (Path(folder) / "output.txt").open("w") as output:
            child = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
            # wait4 gives this child's own peak memory (RUSAGE_CHILDREN is the
            # largest of every child so far).
            _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        summary_path = out / "summary.json"
        summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
        stopped = re.search(
            r"column generation stopped after (\d+) rounds: (.*)",
            (Path(folder) / "output.txt").read_text(errors="replace"),
        )
    allowed = max(0.02 * time_limit, 1.0)
    return {
        "agents": agents,
        "days": days,
        "time_limit_s": time_limit,
        "wall_s": round(wall, 1),
        "overrun_ratio": round(wall / time_limit, 3),
        "within_target": wall <= time_limit + allowed,
        "exit_code": os.waitstatus_to_exitcode(status),
        "objective": summary.get("objective"),
        "bound": summary.get("bound"),
        "gap": summary.get("gap"),
        "peak_memory_mb": round(usage.ru_maxrss / 1024),
        "bound_rounds": int(stopped[1]) if stopped else None,
        "bound_stopped": stopped[2].strip() if stopped else None,
    }


def main() -> None:
    """Print one JSON line per team size and time limit."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, nargs="+", default=[500, 1000])
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--time-limit", type=float, nargs="+", default=[60.0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--report", action="store_true", help="Also write report.html.")
    arguments = parser.parse_args()
    for agents in arguments.agents:
        for time_limit in arguments.time_limit:
            figures = run_one(agents, arguments.days, time_limit, arguments.seed, arguments.report)
            print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
