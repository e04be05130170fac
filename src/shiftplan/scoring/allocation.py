"""Split the agents on shift among queues at least cost, every interval at once.

Each queue's cost in an interval (late contacts, and shortfall when weighted)
is convex and non-increasing in the agents on it, and the staff vectors that
agents can realise given their skills form a polymatroid (Hall's condition:
for every set S of queues, the staff of S is at most the agents on shift who
serve some queue of S). On a polymatroid with separable convex costs,
handing out one agent at a time to the queue that gains most is optimal
(Federgruen and Groenevelt, 1986), so this greedy gives the best allocation.
It runs vectorised over all intervals; one step per agent on shift.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]


def queue_costs(
    late: dict[str, IntArray],
    required: dict[str, IntArray],
    late_coefficient: int,
    shortfall_coefficient: int,
) -> dict[str, IntArray]:
    """Integer cost table per queue: ``cost[t, n]`` with ``n`` agents on it."""
    costs = {}
    for queue, table in late.items():
        levels = np.arange(table.shape[1])[None, :]
        short = np.maximum(required[queue][:, None] - levels, 0)
        costs[queue] = late_coefficient * table + shortfall_coefficient * short
    return costs


def allocate_counts(
    classes: list[frozenset[str]], on: IntArray, costs: dict[str, IntArray]
) -> dict[str, IntArray]:
    """Best staff per queue and interval for the agents on shift.

    Parameters
    ----------
    classes
        For each skill class, the queues its agents serve.
    on
        Agents on shift, shape (classes, intervals).
    costs
        Per queue, the convex cost table ``cost[t, n]`` (constant past its
        last column).

    Returns
    -------
    dict
        Agents assigned to each queue per interval.
    """
    queues = list(costs)
    if not queues:
        # Demand as head-count per shift type only: nothing to allocate.
        return {}
    intervals = on.shape[1] if on.ndim == 2 else 0
    level = np.zeros((len(queues), intervals), dtype=np.int64)
    subsets = [
        frozenset(subset)
        for size in range(1, len(queues) + 1)
        for subset in combinations(queues, size)
    ]
    capacity = np.array(
        [
            on[[i for i, served in enumerate(classes) if served & subset]].sum(axis=0)
            if any(served & subset for served in classes)
            else np.zeros(intervals, np.int64)
            for subset in subsets
        ],
        dtype=np.int64,
    ).reshape(len(subsets), intervals)
    member = np.array([[queue in subset for queue in queues] for subset in subsets], dtype=bool)
    used = np.zeros((len(subsets), intervals), dtype=np.int64)
    columns = np.arange(intervals)
    # Each queue's gain of one more agent, cost[t, n] - cost[t, n + 1] (0 from
    # the table's last column on), laid end to end so that one lookup reads
    # every queue's gain: this loop runs once per agent on shift, so its
    # number of NumPy calls, not their size, is what it costs.
    tables = [costs[queue] for queue in queues]
    lasts = np.array([[table.shape[1] - 1] for table in tables], dtype=np.int64)
    flat = np.concatenate(
        [
            np.concatenate([table[:, :-1] - table[:, 1:], np.zeros((len(table), 1), np.int64)], 1)
            .astype(np.int64)
            .ravel()
            for table in tables
        ]
    )
    sizes = np.array([table.shape[0] * table.shape[1] for table in tables], dtype=np.int64)
    starts = (np.cumsum(sizes) - sizes)[:, None]
    rows = starts + columns[None, :] * (lasts + 1)
    # blocks[q, s]: queue q is in subset s, whose being full blocks it.
    blocks = member.T[:, :, None]
    while True:
        gains = flat[rows + np.minimum(level, lasts)]
        full = used >= capacity
        if full.any():
            gains[(blocks & full[None]).any(axis=1)] = 0
        best = np.argmax(gains, axis=0)
        active = gains[best, columns] > 0
        if not active.any():
            break
        level[best[active], columns[active]] += 1
        used[:, columns[active]] += member[:, best[active]]
    return {queue: level[index] for index, queue in enumerate(queues)}
