"""Same command, same roster: deterministic rosters of two source trees, compared.

Runs ``shiftplan solve SCENARIO --deterministic-time T --seed S`` with each
source tree first on ``PYTHONPATH`` and prints, per scenario and tree, the
wall time and the SHA-256 of roster.csv, then whether the trees agree. Use it
to show that a refactoring leaves rosters unchanged, e.g. against the tree of
an older commit (``git archive <commit> | tar -x -C /tmp/old``)::

    python benchmarks/bench_deterministic.py scenarios/example.yaml \\
        --trees /tmp/old/src src --deterministic-time 2 --seed 1

Without ``--trees`` it compares this tree with itself (two runs: the same
roster on every run). Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def roster_hash(tree: Path, scenario: Path, work_units: float, seed: int) -> tuple[str, float]:
    """Solve with ``tree`` on the path; the roster's SHA-256 and the wall seconds."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        environment = {**os.environ, "PYTHONPATH": str(tree.resolve())}
        command = [
            *(sys.executable, "-m", "shiftplan", "solve", str(scenario), "--out", str(out)),
            *("--deterministic-time", f"{work_units:g}", "--seed", str(seed), "--quiet"),
        ]
        started = time.perf_counter()
        subprocess.run(command, env=environment, check=True, capture_output=True)
        elapsed = time.perf_counter() - started
        return hashlib.sha256((out / "roster.csv").read_bytes()).hexdigest(), elapsed


def main() -> None:
    """Compare the trees on every scenario given and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="+", type=Path)
    here = Path(__file__).resolve().parents[1] / "src"
    parser.add_argument("--trees", nargs="+", type=Path, default=[here, here])
    parser.add_argument("--deterministic-time", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for scenario in args.scenarios:
        hashes = []
        for tree in args.trees:
            digest, elapsed = roster_hash(tree, scenario, args.deterministic_time, args.seed)
            hashes.append(digest)
            print(f"{scenario}  {tree}  {elapsed:7.1f} s  roster sha256 {digest[:16]}")
        verdict = "identical" if len(set(hashes)) == 1 else "DIFFERENT"
        print(f"{scenario}: rosters {verdict} across {len(hashes)} runs")


if __name__ == "__main__":
    main()
