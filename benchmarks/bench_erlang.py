"""Benchmark: Erlang C required agents for a year of 15-minute intervals.

Run with ``python benchmarks/bench_erlang.py``. It

1. builds 10 queues x 365 days x 96 intervals = 350,400 intervals of seeded,
   realistic volumes (daily double-hump curve shifted per queue for
   follow-the-sun time zones, weekly and seasonal factors, Poisson noise) with
   per-queue AHT, service-level target, threshold and occupancy cap;
2. times :func:`shiftplan.staffing.erlang.required_agents` on all of them in
   one vectorised call (best of 3) and prints wall time and intervals/second;
3. if ``pyworkforce`` is importable, runs its ``ErlangC.required_positions``
   on a random sample of the same intervals, prints how many raw agent counts
   disagree (with examples and which answer is the true minimum), and the
   per-interval speed ratio.

It prints figures and never asserts timings.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

try:
    from shiftplan.staffing import erlang
except ModuleNotFoundError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from shiftplan.staffing import erlang

SEED = 20240601
INTERVAL_MINUTES = 15
DAYS = 365
QUEUES = 10
SAMPLE = 2_000


def make_year(seed: int = SEED) -> dict[str, np.ndarray]:
    """Seeded volumes and queue parameters, one row per (queue, interval)."""
    rng = np.random.default_rng(seed)
    per_day = 24 * 60 // INTERVAL_MINUTES
    size = DAYS * per_day
    hours = (np.arange(size) % per_day) * INTERVAL_MINUTES / 60.0
    day = np.arange(size) // per_day
    weekday = day % 7
    weekly = np.select([weekday == 5, weekday == 6], [0.55, 0.35], 1.0)
    seasonal = 1.0 + 0.15 * np.sin(2 * np.pi * day / 365.0)
    columns: dict[str, list[np.ndarray]] = {
        k: [] for k in ("contacts", "aht", "target", "within", "occ", "queue")
    }
    for q in range(QUEUES):
        shift = rng.uniform(0, 24)  # the queue's local business hours
        local = (hours - shift) % 24
        shape = (
            0.03
            + np.exp(-(((local - 10.5) / 2.0) ** 2))
            + 0.8 * np.exp(-(((local - 15.0) / 2.5) ** 2))
        )
        peak = rng.uniform(15, 350)  # contacts per interval at the daily peak
        expected = peak * shape * weekly * seasonal
        columns["contacts"].append(rng.poisson(expected).astype(np.float64))
        target, within = [(0.8, 20.0), (0.9, 30.0), (0.8, 60.0), (0.7, 120.0)][q % 4]
        columns["aht"].append(np.full(size, rng.uniform(150, 600)))
        columns["target"].append(np.full(size, target))
        columns["within"].append(np.full(size, within))
        columns["occ"].append(np.full(size, rng.choice([0.85, 0.9, 0.95, 1.0])))
        columns["queue"].append(np.full(size, q))
    data = {k: np.concatenate(v) for k, v in columns.items()}
    data["traffic"] = data["contacts"] * data["aht"] / (INTERVAL_MINUTES * 60.0)
    return data


def best_of(runs: int, func: Any) -> tuple[float, Any]:
    best, result = np.inf, None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    data = make_year()
    total = data["traffic"].size
    print(
        f"{QUEUES} queues x {DAYS} days x {24 * 60 // INTERVAL_MINUTES} intervals"
        f" = {total:,} intervals; traffic mean {data['traffic'].mean():.1f},"
        f" max {data['traffic'].max():.1f} Erlangs"
    )

    def ours_all() -> np.ndarray:
        return erlang.required_agents(
            data["traffic"], data["aht"], data["target"], data["within"], data["occ"]
        )

    seconds, agents = best_of(3, ours_all)
    print(
        f"shiftplan required_agents: {seconds:.3f} s for {total:,} intervals"
        f" = {total / seconds:,.0f} intervals/s ({seconds / total * 1e6:.2f} us/interval);"
        f" agents max {agents.max()}, total {agents.sum():,}"
    )

    sample_t0 = time.perf_counter()
    one_queue = data["queue"] == 0
    erlang.required_agents_erlang_a(
        data["traffic"][one_queue],
        data["aht"][one_queue],
        180.0,
        data["target"][one_queue],
        data["within"][one_queue],
        data["occ"][one_queue],
    )
    ea_seconds = time.perf_counter() - sample_t0
    print(
        f"(for scale) required_agents_erlang_a, patience 180 s, one queue:"
        f" {ea_seconds:.2f} s for {int(one_queue.sum()):,} intervals"
    )

    try:
        from pyworkforce.queuing import ErlangC
    except ImportError:
        print("pyworkforce not importable: skipping the comparison (pip install pyworkforce)")
        return

    rng = np.random.default_rng(SEED + 1)
    busy = np.flatnonzero(data["contacts"] > 0)  # pyworkforce rejects 0 transactions
    pick = rng.choice(busy, size=min(SAMPLE, busy.size), replace=False)

    def theirs() -> list[int]:
        out = []
        for i in pick:
            model = ErlangC(
                transactions=float(data["contacts"][i]),
                aht=float(data["aht"][i]) / 60.0,
                asa=float(data["within"][i]) / 60.0,
                interval=INTERVAL_MINUTES,
                shrinkage=0.0,
            )
            res = model.required_positions(
                service_level=float(data["target"][i]), max_occupancy=float(data["occ"][i])
            )
            out.append(int(res["raw_positions"]))
        return out

    their_seconds, their_agents_list = best_of(1, theirs)
    their_agents = np.array(their_agents_list)
    sample_seconds, sample_agents = best_of(
        3,
        lambda: erlang.required_agents(
            data["traffic"][pick],
            data["aht"][pick],
            data["target"][pick],
            data["within"][pick],
            data["occ"][pick],
        ),
    )
    assert (sample_agents == agents[pick]).all()
    ours = agents[pick]
    differ = np.flatnonzero(ours != their_agents)
    print(f"pyworkforce ErlangC on a random sample of {pick.size:,} busy intervals:")
    print(f"  disagreements in raw agents: {differ.size} of {pick.size}")
    for j in differ[:10]:
        i = pick[j]
        a, aht, tgt, t, occ = (data[k][i] for k in ("traffic", "aht", "target", "within", "occ"))
        ok = [
            bool(n > a and a / n <= occ and erlang.service_level(n, a, aht, t) >= tgt)
            for n in (ours[j] - 1, ours[j], their_agents[j])
        ]
        print(
            f"  A={a:.4f} E, AHT={aht:.1f}s, {tgt:.0%} in {t:.0f}s, max occ {occ}:"
            f" ours {ours[j]}, pyworkforce {their_agents[j]};"
            f" meets target at ours-1/ours/theirs: {ok}"
        )
    per_ours = seconds / total
    per_ours_sample = sample_seconds / pick.size
    per_theirs = their_seconds / pick.size
    print(
        f"  pyworkforce: {their_seconds:.3f} s = {per_theirs * 1e6:.1f} us/interval;"
        f" ours: {per_ours * 1e6:.2f} us/interval (full year),"
        f" {per_ours_sample * 1e6:.2f} us/interval (same {pick.size:,}-interval sample)"
    )
    print(
        f"  speed ratio per interval (theirs / ours): {per_theirs / per_ours:,.0f}x (full year),"
        f" {per_theirs / per_ours_sample:,.0f}x (sample)"
    )


if __name__ == "__main__":
    main()
