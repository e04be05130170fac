"""Splitting agents on shift among queues: the greedy split is the best split."""

from __future__ import annotations

from itertools import product

import numpy as np
from numpy.typing import NDArray

from shiftplan.scoring import allocate_counts, queue_costs

QUEUES = ("chat", "email")
CLASSES = [frozenset({"chat"}), frozenset({"email"}), frozenset({"chat", "email"})]


def convex_table(rng: np.random.Generator, intervals: int, width: int) -> NDArray[np.int64]:
    """A random cost table, falling and convex in the staff: each agent saves less."""
    savings = -np.sort(-rng.integers(0, 50, size=(intervals, width - 1)), axis=1)
    start = rng.integers(100, 200, size=(intervals, 1))
    return np.concatenate([start, start - np.cumsum(savings, axis=1)], axis=1)


def best_cost(on: NDArray[np.int64], costs: dict[str, NDArray[np.int64]], t: int) -> int:
    """The cheapest split of interval ``t`` by trying every one."""
    agents = [served for served, count in zip(CLASSES, on[:, t], strict=True) for _ in range(count)]
    best = None
    for choice in product(*(sorted(served) for served in agents)):
        total = 0
        for queue, table in costs.items():
            staff = min(choice.count(queue), table.shape[1] - 1)
            total += int(table[t, staff])
        best = total if best is None else min(best, total)
    return best if best is not None else sum(int(table[t, 0]) for table in costs.values())


def test_the_split_is_as_cheap_as_the_best_by_enumeration() -> None:
    """On 200 random intervals with up to six agents, no split is cheaper."""
    rng = np.random.default_rng(11)
    intervals = 200
    costs = {queue: convex_table(rng, intervals, 5) for queue in QUEUES}
    on = rng.integers(0, 3, size=(len(CLASSES), intervals)).astype(np.int64)
    staff = allocate_counts(CLASSES, on, costs)
    for t in range(intervals):
        assert staff["chat"][t] <= on[0, t] + on[2, t]
        assert staff["email"][t] <= on[1, t] + on[2, t]
        assert staff["chat"][t] + staff["email"][t] <= on[:, t].sum()
        got = sum(int(costs[q][t, min(staff[q][t], 4)]) for q in QUEUES)
        assert got == best_cost(on, costs, t)


def test_queue_costs_add_the_shortfall_below_the_requirement() -> None:
    """Late contacts times their coefficient, plus each missing agent's price."""
    late = {"chat": np.array([[30, 10, 0]], dtype=np.int64)}
    required = {"chat": np.array([2], dtype=np.int64)}
    costs = queue_costs(late, required, late_coefficient=2, shortfall_coefficient=100)
    assert costs["chat"].tolist() == [[60 + 200, 20 + 100, 0]]


def test_the_merge_split_is_the_one_at_a_time_split() -> None:
    """One or two queues with convex costs take the merge; it splits exactly as agent by agent.

    ``convex=False`` forces the one-at-a-time loop. Ties between the queues
    (small savings, many equal) and subsets that fill are both common here.
    """
    rng = np.random.default_rng(5)
    for queues in (QUEUES[:1], QUEUES):
        classes = [c for c in CLASSES if c <= frozenset(queues)]
        for _ in range(30):
            intervals = int(rng.integers(1, 25))
            costs = {q: convex_table(rng, intervals, int(rng.integers(2, 30))) for q in queues}
            on = rng.integers(0, 15, size=(len(classes), intervals)).astype(np.int64)
            merged = allocate_counts(classes, on, costs)
            stepped = allocate_counts(classes, on, costs, convex=False)
            assert all(merged[q].tolist() == stepped[q].tolist() for q in queues)
