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

from collections.abc import Iterable
from itertools import combinations
from typing import Any

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
    classes: list[frozenset[str]],
    on: IntArray,
    costs: dict[str, IntArray],
    *,
    convex: bool | None = None,
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
    convex
        Whether every row of ``costs`` is convex and never rises
        (:func:`convex_costs`); None: checked here. A caller that allocates
        parts of the same tables many times checks once.

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
    # No queue gets more agents than are on shift: columns past that never count.
    most = int(on.sum(axis=0).max()) + 1 if intervals else 1
    tables = [costs[queue][:, :most] for queue in queues]
    if convex is None:
        convex = convex_costs(tables)
    if len(queues) <= 2 and convex and intervals:
        _merge_steps(tables, capacity, member, level, used)
    else:
        # Each queue's gain of one more agent, cost[t, n] - cost[t, n + 1] (0
        # from the table's last column on).
        gain_tables = [
            np.concatenate([table[:, :-1] - table[:, 1:], np.zeros((len(table), 1), np.int64)], 1)
            for table in tables
        ]
        _greedy_steps(gain_tables, capacity, member, level, used)
    return {queue: level[index] for index, queue in enumerate(queues)}


def convex_costs(tables: Iterable[IntArray]) -> bool:
    """Whether each row of each cost table never rises and is convex.

    That is: every agent more saves something or nothing, and no more than
    the agent before.
    """
    return all(
        bool(np.all(np.diff(table, axis=1) <= 0) and np.all(np.diff(table, n=2, axis=1) >= 0))
        for table in tables
    )


def _greedy_steps(
    gain_tables: list[IntArray],
    capacity: IntArray,
    member: NDArray[np.bool_],
    level: IntArray,
    used: IntArray,
) -> None:
    """Hand out agents one at a time, to the queue that gains most (ties: the first).

    ``level`` (staff per queue and interval) and ``used`` (staff per subset of
    queues) are updated in place.
    """
    intervals = level.shape[1]
    columns = np.arange(intervals)
    # The gain tables laid end to end, so that one lookup reads every queue's
    # gain: this loop runs once per agent on shift, so its number of NumPy
    # calls, not their size, is what it costs.
    lasts = np.array([[gains.shape[1] - 1] for gains in gain_tables], dtype=np.int64)
    flat = np.concatenate([gains.astype(np.int64).ravel() for gains in gain_tables])
    sizes = np.array([gains.size for gains in gain_tables], dtype=np.int64)
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


def _merge_steps(
    tables: list[IntArray],
    capacity: IntArray,
    member: NDArray[np.bool_],
    level: IntArray,
    used: IntArray,
) -> None:
    """What :func:`_greedy_steps` gives, for one or two queues with convex costs, in a few steps.

    With convex costs each queue's gains fall as it gets agents, so handing
    out agents one at a time takes them in the order of a merge of the
    queues' gain lists (larger first, the first queue on ties), skipping a
    queue once a subset of queues it belongs to is full. Each step here goes
    straight to the next subset that fills up (or to the last positive
    gain), found by binary search in the sorted lists, so an interval takes
    at most four steps instead of one per agent on shift: that loop was most
    of the descent's time on 2,000 agents.
    """
    queues = level.shape[0]
    lasts = [table.shape[1] - 1 for table in tables]
    # A convex row falls while it gains and is flat after: its gains are the
    # entries above its last one.
    positive = np.array([(table > table[:, -1:]).sum(axis=1) for table in tables], dtype=np.int64)
    never = np.iinfo(np.int64).max
    sizes = member.sum(axis=1)

    def gain(queue: int, where: IntArray, n: IntArray) -> IntArray:
        table, last = tables[queue], lasts[queue]
        return table[where, np.minimum(n, last)] - table[where, np.minimum(n + 1, last)]

    while True:
        room = capacity - used
        blocked = np.array([((room <= 0) & member[:, [q]]).any(axis=0) for q in range(queues)])
        left = np.where(blocked, 0, np.maximum(positive - level, 0))
        live = left > 0
        # One live queue: every step counts in each subset it belongs to.
        touched = (member.astype(np.int64) @ live.astype(np.int64)) > 0
        steps = np.minimum(np.where(touched, room, never).min(axis=0), left.sum(axis=0))
        take = np.zeros_like(level)
        if queues == 1:
            take[0] = steps
        else:
            take[0] = np.where(live[1], 0, steps)
            take[1] = np.where(live[0], 0, steps)
            both = np.flatnonzero(live[0] & live[1])
            if len(both):
                # Two live queues: a subset holding both fills after its room
                # in steps; one holding a single queue when that queue's
                # room-th gain comes up in the merge.
                fills = [left[0, both] + left[1, both]]
                for row in range(len(member)):
                    mine = room[row, both]
                    if sizes[row] == 2:
                        fills.append(mine)
                    else:
                        queue = int(np.flatnonzero(member[row])[0])
                        fills.append(
                            _merge_position(gain, both, level[:, both], left[:, both], queue, mine)
                        )
                steps[both] = np.minimum.reduce(fills)
                take[0, both] = _first_of_merge(
                    gain, both, level[:, both], left[:, both], steps[both]
                )
                take[1, both] = steps[both] - take[0, both]
        if not (steps > 0).any():
            return
        level += take
        used += member.astype(np.int64) @ take


def _merge_position(
    gain: Any, where: IntArray, level: IntArray, left: IntArray, queue: int, count: IntArray
) -> IntArray:
    """Steps of the merge of two falling gain lists until ``queue`` has had ``count`` of them.

    Never (the largest integer) when its list has fewer than ``count`` left.
    """
    other = 1 - queue
    reach = count <= left[queue]
    mine = gain(queue, where, level[queue] + np.maximum(count, 1) - 1)
    # The other list's gains that come first: larger ones, and equal ones
    # when the other is the first queue.
    low = np.zeros_like(count)
    high = left[other].copy()
    while (low < high).any():
        searching = low < high
        middle = np.where(searching, (low + high + 1) // 2, np.maximum(low, 1))
        theirs = gain(other, where, level[other] + middle - 1)
        ahead = (theirs > mine) | ((theirs == mine) & (other == 0))
        low = np.where(searching & ahead, middle, low)
        high = np.where(searching & ~ahead, middle - 1, high)
    return np.where(reach, count + low, np.iinfo(np.int64).max)


def _first_of_merge(
    gain: Any, where: IntArray, level: IntArray, left: IntArray, steps: IntArray
) -> IntArray:
    """How many of the first ``steps`` of the merge of two falling gain lists come from the first.

    The merge takes the larger gain first and the first list's on ties, so
    the answer is the largest ``j`` whose ``j``-th gain of the first list
    comes before the ``(steps - j + 1)``-th of the second.
    """
    low = np.maximum(0, steps - left[1])
    high = np.minimum(steps, left[0])
    while (low < high).any():
        searching = low < high
        middle = np.where(searching, (low + high + 1) // 2, np.maximum(low, 1))
        ours = gain(0, where, level[0] + middle - 1)
        rank = steps - middle
        theirs = np.where(rank < left[1], gain(1, where, level[1] + rank), np.iinfo(np.int64).min)
        first = ours >= theirs
        low = np.where(searching & first, middle, low)
        high = np.where(searching & ~first, middle - 1, high)
    return low
