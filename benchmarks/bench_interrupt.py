"""Ctrl-C on CP-SAT's worker threads: how many interrupted solves keep their roster.

    python benchmarks/bench_interrupt.py [--runs 100] [--agents 8] [--days 7]

Each run starts ``shiftplan solve`` on a small generated team, waits until
the search has started its worker threads, sends SIGINT to one of them (not
to the main thread: that case used to abort the process) and checks the
output folder: exit code 130, the complete set of files summary.json lists,
``interrupted: true``, and a roster that keeps every hard rule. Prints the
count of good runs and the time from the signal to the exit.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from interrupting import can_signal_threads, interrupt_solve, output_set_problems
from shiftplan.generate import generate_scenario


def main() -> None:
    """Interrupt ``--runs`` solves and print how many wrote a complete, valid set."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--agents", type=int, default=8)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args()
    if not can_signal_threads():
        sys.exit("needs Linux on x86-64 or arm64 (tgkill)")
    with tempfile.TemporaryDirectory() as folder:
        scenario = generate_scenario(
            Path(folder) / "team", agents=args.agents, days=args.days, interval_minutes=60
        )
        good, waits = 0, []
        for run in range(args.runs):
            out = Path(folder) / "out"
            # Alternate the thread: the newest (a search worker) or another one.
            command = ["solve", str(scenario), "--out", str(out), "--quiet"]
            ended = interrupt_solve(
                [*command, "--time-limit", str(args.time_limit)],
                min_threads=6,
                pick=-1 if run % 2 == 0 else 1,
            )
            seconds = ended.seconds_to_exit
            problems = [] if ended.thread is not None else ["ended before the signal"]
            if ended.returncode != 130:
                problems.append(f"exit {ended.returncode}: {ended.stderr.strip()[-300:]}")
            if out.is_dir():
                problems += output_set_problems(out, scenario)
                if not json.loads((out / "summary.json").read_text())["interrupted"]:
                    problems.append("summary.json does not say interrupted")
            else:
                problems.append("no output folder")
            good += not problems
            waits.append(seconds)
            print(
                f"run {run + 1:3d}: {'ok' if not problems else '; '.join(problems)}"
                f"  (signal after {ended.seconds_to_signal:.1f} s, exit {seconds:.1f} s later)",
                flush=True,
            )
    print(f"{good} of {args.runs} interrupted runs wrote a complete, valid output set")
    print(
        f"seconds from the signal to the exit: median {sorted(waits)[len(waits) // 2]:.1f}, "
        f"max {max(waits):.1f}"
    )


if __name__ == "__main__":
    main()
