"""From forecast volume to required agents per UTC interval, and what staff buys.

This is the layer between the scenario and the roster engine. It turns each
queue's forecast into:

* a requirements frame, one row per (interval, queue): contacts, traffic, the
  raw (productive) agents the queueing maths asks for, the scheduled agents
  after shrinkage, and the service that raw number buys;
* service curves for the roster engine: per queue and interval, the
  expected late contacts as a function of the agents scheduled on it.

Late contacts are measured in integer *milli-contacts* so the CP-SAT model and
the reports compute exactly the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from shiftplan.scenario.models import Queue, Scenario
from shiftplan.staffing import deferred, erlang

MILLI = 1000


def effective_aht(queue: Queue) -> float:
    """Handle time per contact seen by the queueing model.

    An agent who handles several chats at once finishes them faster in
    aggregate but not ``concurrency`` times faster: customers wait while the
    agent types elsewhere. We divide handle time by a concurrency factor
    (industry tables: 2 chats 1.7, 3 chats 2.5), which keeps the Erlang
    model's one-server-per-agent structure and is what WFM suites document.
    """
    if queue.concurrency_factor is not None:
        return queue.aht_seconds / queue.concurrency_factor
    return queue.aht_seconds / erlang.concurrency_factor(queue.concurrency)


def window_intervals(queue: Queue, interval_minutes: int) -> int:
    """Number of whole intervals inside a deferred queue's response window."""
    assert queue.respond_within_hours is not None
    return max(1, math.floor(queue.respond_within_hours * 60 / interval_minutes + 1e-9))


def queue_requirements(
    contacts: NDArray[np.float64], queue: Queue, shrinkage: float, interval_minutes: int
) -> pd.DataFrame:
    """Required agents for one queue over consecutive intervals (vectorised).

    Parameters
    ----------
    contacts
        Forecast contacts per interval, in time order.
    queue
        The queue's handling time and service promise.
    shrinkage
        Share of paid time not available for contacts.
    interval_minutes
        Length of one interval.

    Returns
    -------
    pandas.DataFrame
        Columns ``contacts, traffic, agents_raw, required, p_wait,
        service_level, asa_seconds, occupancy, workload``. ``agents_raw`` is
        productive agents; ``required`` is scheduled agents,
        ``ceil(agents_raw / (1 - shrinkage))``. Service figures are at
        ``agents_raw``. ``workload`` is the fractional productive staff.
    """
    seconds = interval_minutes * 60.0
    contacts = np.asarray(contacts, dtype=float)
    if queue.kind == "deferred":
        work = contacts * queue.aht_seconds
        window = window_intervals(queue, interval_minutes)
        workload = deferred.deferred_workload(work, seconds, window)
        raw = np.ceil(workload - 1e-9).astype(np.int64)
        traffic = work / seconds
        frame = pd.DataFrame(
            {
                "contacts": contacts,
                "traffic": traffic,
                "agents_raw": raw,
                "p_wait": np.nan,
                "service_level": np.where(contacts > 0, 1.0, np.nan),
                "asa_seconds": np.nan,
                "occupancy": np.divide(workload, raw, out=np.zeros_like(workload), where=raw > 0),
                "workload": workload,
            }
        )
    else:
        assert queue.service_level is not None
        aht = effective_aht(queue)
        target = queue.service_level.target
        within = queue.service_level.answer_within_seconds
        traffic = contacts * aht / seconds
        if queue.patience_seconds is not None:
            raw = erlang.required_agents_erlang_a(
                traffic, aht, queue.patience_seconds, target, within, queue.max_occupancy
            )
            metrics = erlang.erlang_a_metrics(raw, traffic, aht, queue.patience_seconds, within)
            p_wait, level, asa = metrics.p_wait, metrics.service_level, metrics.asa
        else:
            raw = erlang.required_agents(traffic, aht, target, within, queue.max_occupancy)
            p_wait = erlang.erlang_c(raw, traffic)
            level = erlang.service_level(raw, traffic, aht, within)
            asa = erlang.average_speed_of_answer(raw, traffic, aht)
        quiet = raw == 0
        frame = pd.DataFrame(
            {
                "contacts": contacts,
                "traffic": traffic,
                "agents_raw": raw.astype(np.int64),
                "p_wait": np.where(quiet, np.nan, p_wait),
                "service_level": np.where(quiet, np.nan, level),
                "asa_seconds": np.where(quiet, np.nan, asa),
                "occupancy": np.where(quiet, np.nan, erlang.occupancy(raw, traffic)),
                "workload": traffic,
            }
        )
    frame.insert(
        3, "required", np.ceil(frame["agents_raw"] / (1.0 - shrinkage) - 1e-9).astype(np.int64)
    )
    return frame


def requirements_frame(scenario: Scenario) -> pd.DataFrame:
    """Requirements of every queue of a scenario, one row per (interval, queue)."""
    horizon = scenario.horizon
    step = pd.Timedelta(minutes=horizon.interval_minutes)
    starts = pd.Timestamp(horizon.start_utc) + step * np.arange(horizon.intervals)
    parts = []
    for queue in scenario.queues:
        contacts = _contacts(scenario, queue.name)
        frame = queue_requirements(
            contacts, queue, scenario.file.shrinkage, horizon.interval_minutes
        )
        frame.insert(0, "queue", queue.name)
        frame.insert(0, "interval_start_utc", starts)
        frame.insert(0, "interval", np.arange(horizon.intervals))
        parts.append(frame)
    if not parts:
        # Demand as head-count per shift type only: no interval requirements.
        columns = ["interval", "interval_start_utc", "queue", "contacts", "workload", "required"]
        return pd.DataFrame({column: [] for column in columns})
    return pd.concat(parts, ignore_index=True).sort_values(
        ["interval", "queue"], ignore_index=True, kind="stable"
    )


def _contacts(scenario: Scenario, queue: str) -> NDArray[np.float64]:
    rows = scenario.forecast[scenario.forecast["queue"] == queue]
    contacts = np.zeros(scenario.horizon.intervals)
    contacts[rows["interval"].to_numpy()] = rows["contacts"].to_numpy()
    return contacts


@dataclass(frozen=True)
class ServiceCurve:
    """Expected late milli-contacts of a queue per interval and staff.

    ``late[t, n]`` is for ``n`` agents *scheduled* on the queue in interval
    ``t``; beyond the last column the value stays at the last column's.
    Each row is convex and non-increasing in ``n``, so a missing agent at a
    peak costs more than one at a quiet hour, and CP-SAT can model it exactly
    with one linear cut per segment.
    """

    queue: str
    late: NDArray[np.int64]

    def value(self, interval: int, agents: int) -> int:
        """Late milli-contacts with ``agents`` scheduled in ``interval``."""
        row = self.late[interval]
        return int(row[min(agents, len(row) - 1)])


def realtime_curve(
    contacts: NDArray[np.float64],
    queue: Queue,
    shrinkage: float,
    interval_minutes: int,
    required: NDArray[np.int64],
) -> ServiceCurve:
    """Build the convex late-contacts curve of a realtime queue.

    With ``m`` productive agents the Erlang model gives a service level and so
    ``contacts * (1 - SL(m))`` late contacts. Below the stable staffing level
    Erlang answers "all late", a cliff that would make the roster engine
    prefer leaving an interval empty to half-staffing it. We replace that
    part by its lower convex envelope, which is the fluid view of an
    overloaded queue (k% of the needed staff answers about k% of the
    contacts), keep Erlang where it is convex, and evaluate at fractional
    productive staff ``n * (1 - shrinkage)`` by linear interpolation.
    """
    seconds = interval_minutes * 60.0
    aht = effective_aht(queue)
    assert queue.service_level is not None
    within = queue.service_level.answer_within_seconds
    traffic = contacts * aht / seconds
    most_scheduled = max(2, int(np.max(required, initial=0)) * 2 + 4)
    most_productive = math.ceil(most_scheduled * (1 - shrinkage)) + 1
    if queue.patience_seconds is not None:
        servers = np.arange(most_productive + 1)[None, :].repeat(len(traffic), axis=0)
        levels = erlang.erlang_a_metrics(
            servers, traffic[:, None], aht, queue.patience_seconds, within
        ).service_level
    else:
        levels = erlang.service_level_table(traffic, aht, within, most_productive)
    late = contacts[:, None] * (1.0 - np.nan_to_num(levels, nan=0.0))
    late = _lower_envelope(late)
    staff = np.arange(most_scheduled + 1) * (1.0 - shrinkage)
    low = np.minimum(np.floor(staff).astype(np.int64), most_productive - 1)
    frac = staff - low
    values = late[:, low] * (1 - frac) + late[:, low + 1] * frac
    return ServiceCurve(queue=queue.name, late=_convex_integer_table(values))


def _convex_integer_table(values: NDArray[np.float64]) -> NDArray[np.int64]:
    """Late contacts per staff level as milli-contacts, exactly convex per row.

    Rounding each value could break convexity by a milli-contact; rounding
    the slopes instead is monotone, so the integer table stays convex and
    the CP-SAT cuts reproduce it exactly.
    """
    slopes = np.round(np.diff(values * MILLI, axis=1)).astype(np.int64)
    slopes = np.maximum.accumulate(np.minimum(slopes, 0), axis=1)
    start = np.round(values[:, :1] * MILLI).astype(np.int64)
    return np.maximum(np.concatenate([start, start + np.cumsum(slopes, axis=1)], axis=1), 0)


def _lower_envelope(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """Lower convex envelope of each row, sampled at the same integer points."""
    result = np.empty_like(values)
    xs = np.arange(values.shape[1], dtype=float)
    for row_index, row in enumerate(values):
        hull: list[int] = []
        for point in range(len(row)):
            while len(hull) >= 2:
                a, b = hull[-2], hull[-1]
                # Drop b when it lies on or above the chord from a to point.
                if (row[b] - row[a]) * (point - a) >= (row[point] - row[a]) * (b - a):
                    hull.pop()
                else:
                    break
            hull.append(point)
        result[row_index] = np.interp(xs, xs[hull], row[hull])
    return result


def deferred_curve(
    workload: NDArray[np.float64],
    queue: Queue,
    shrinkage: float,
    interval_minutes: int,
    required: NDArray[np.int64],
) -> ServiceCurve:
    """Late contacts of a deferred queue per interval and scheduled staff.

    The requirement already spreads each interval's work across its
    response window (the taut string of :mod:`shiftplan.staffing.deferred`),
    so ``workload[t]`` productive agents in interval ``t`` answer every
    contact on time. Each productive agent-interval short of that plan leaves
    ``interval / AHT`` contacts unanswered within their window: a linear,
    hence convex, cost. (A full backlog model in CP-SAT, which moves work
    freely inside the window, was two orders of magnitude slower to solve.)
    """
    seconds = interval_minutes * 60.0
    most_scheduled = max(2, int(np.max(required, initial=0)) * 2 + 4)
    staff = np.arange(most_scheduled + 1) * (1.0 - shrinkage)
    missing = np.maximum(workload[:, None] - staff[None, :], 0.0)
    return ServiceCurve(
        queue=queue.name, late=_convex_integer_table(missing * seconds / queue.aht_seconds)
    )


@dataclass(frozen=True)
class Requirements:
    """Everything the roster engine needs to know about demand."""

    frame: pd.DataFrame
    curves: dict[str, ServiceCurve]

    def required(self, queue: str) -> NDArray[np.int64]:
        """Scheduled agents required per interval for one queue."""
        rows = self.frame[self.frame["queue"] == queue]
        return rows["required"].to_numpy(dtype=np.int64)


def compute_requirements(scenario: Scenario) -> Requirements:
    """Requirements frame and service curves of every queue of a scenario.

    Parameters
    ----------
    scenario
        A loaded scenario.

    Returns
    -------
    Requirements
        ``frame`` has one row per (interval, queue); see
        :func:`queue_requirements` for its columns.
    """
    frame = requirements_frame(scenario)
    curves: dict[str, ServiceCurve] = {}
    shrinkage = scenario.file.shrinkage
    minutes = scenario.horizon.interval_minutes
    for queue in scenario.queues:
        rows = frame[frame["queue"] == queue.name]
        required = rows["required"].to_numpy(dtype=np.int64)
        if queue.kind == "realtime":
            contacts = rows["contacts"].to_numpy(dtype=float)
            curves[queue.name] = realtime_curve(contacts, queue, shrinkage, minutes, required)
        else:
            workload = rows["workload"].to_numpy(dtype=float)
            curves[queue.name] = deferred_curve(workload, queue, shrinkage, minutes, required)
    return Requirements(frame=frame, curves=curves)
