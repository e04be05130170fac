"""Tests for shiftplan.staffing.deferred (taut-string staffing of deferred work)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from shiftplan.staffing import deferred


def _corridor(work: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    arrived = np.concatenate([[0.0], np.cumsum(work)])
    due = arrived[np.maximum(np.arange(work.size + 1) - k + 1, 0)]
    return due, arrived


def _lp_min_peak(work: np.ndarray, k: int, horizon: str) -> float:
    """Minimal peak of any deadline-meeting plan (same edge rule), by LP."""
    size = work.size
    due, arrived = _corridor(work, k)
    if horizon == "clear":
        due[-1] = arrived[-1]  # everything that arrived is finished by the end
    cum = np.tril(np.ones((size, size)))  # row t-1 sums u_0..u_{t-1} = U(t)
    rows, bounds = [], []
    for t in range(1, size + 1):
        row = np.append(cum[t - 1], 0.0)
        if t < size or horizon == "clear":
            rows.append(row)
            bounds.append(arrived[t])
        rows.append(-row)
        bounds.append(-due[t])
    for i in range(size):
        row = np.zeros(size + 1)
        row[i], row[-1] = 1.0, -1.0
        rows.append(row)
        bounds.append(0.0)
    objective = np.zeros(size + 1)
    objective[-1] = 1.0
    res = linprog(objective, A_ub=np.array(rows), b_ub=np.array(bounds), method="highs")
    assert res.status == 0
    return float(res.fun)


# --------------------------------------------------------------------------- #
# worked examples
# --------------------------------------------------------------------------- #


def test_burst_is_spread_flat_over_its_window() -> None:
    """8 intervals' worth of email arrives at once, 8-interval window.

    Hand computation: W jumps to 8 at t = 1 and D reaches 8 at t = 8, so the
    shortest path from (0, 0) to (8, 8) is the straight line of slope 1: one
    agent in each of the 8 intervals, nothing afterwards.
    """
    interval = 900.0
    work = np.zeros(16)
    work[0] = 8 * interval
    plan = deferred.deferred_workload(work, interval, 8)
    np.testing.assert_allclose(plan, [1.0] * 8 + [0.0] * 8)
    late, done = deferred.simulate_backlog(work, np.ceil(plan) * interval, 8)
    assert late.max() == 0.0
    np.testing.assert_allclose(done, plan * interval)


def test_hand_example_two_bursts() -> None:
    """Bursts of 6 at t=0 and 2 at t=3 (units of one interval's work), k = 3.

    The first burst is due by t=3, so 2 per interval in intervals 0-2; the
    second is due by t=6 and must not start before interval 3: 2/3 per
    interval in 3-5. Staffing at arrival would peak at 6.
    """
    work = np.array([6.0, 0, 0, 2, 0, 0, 0])
    plan = deferred.deferred_workload(work, 1.0, 3)
    np.testing.assert_allclose(plan, [2, 2, 2, 2 / 3, 2 / 3, 2 / 3, 0])


def test_window_of_one_is_staffing_at_arrival() -> None:
    work = np.array([3.0, 0.0, 7.5, 1.0, 0.0, 2.0])
    np.testing.assert_allclose(deferred.deferred_workload(work, 2.0, 1), work / 2.0)


def test_horizon_edge_rules() -> None:
    """Work arriving in the last interval with k = 2 is due after the horizon."""
    work = np.array([0.0, 0.0, 0.0, 4.0])
    backlog = deferred.deferred_workload(work, 1.0, 2)
    clear = deferred.deferred_workload(work, 1.0, 2, horizon="clear")
    np.testing.assert_allclose(backlog, [0, 0, 0, 0])  # may stay in backlog at the end
    np.testing.assert_allclose(clear, [0, 0, 0, 4])  # finished before the horizon ends
    late, done = deferred.simulate_backlog(work, 0.0, 2)
    assert late.sum() == 0.0  # its deadline is past the horizon: not late (yet)
    assert done.sum() == 0.0


def test_simulate_backlog_hand_example() -> None:
    """10 s arriving at once, 5 s capacity per interval.

    With k = 1 half of it misses its deadline (and is worked in the next
    interval anyway); with k = 2 it all makes it.
    """
    work = np.array([10.0, 0.0, 0.0])
    late, done = deferred.simulate_backlog(work, 5.0, 1)
    np.testing.assert_allclose(late, [5, 0, 0])
    np.testing.assert_allclose(done, [5, 5, 0])
    late, done = deferred.simulate_backlog(work, 5.0, 2)
    np.testing.assert_allclose(late, [0, 0, 0])
    # FIFO: later arrivals queue behind earlier ones
    late, _ = deferred.simulate_backlog(np.array([4.0, 4.0, 0.0]), 4.0, 1)
    np.testing.assert_allclose(late, [0, 0, 0])
    late, _ = deferred.simulate_backlog(np.array([6.0, 4.0, 0.0, 0.0]), 4.0, 1)
    np.testing.assert_allclose(late, [2, 2, 0, 0])


def test_validation() -> None:
    with pytest.raises(ValueError):
        deferred.deferred_workload([1.0, -1.0], 900, 2)
    with pytest.raises(ValueError):
        deferred.deferred_workload([1.0], 900, 0)
    with pytest.raises(ValueError):
        deferred.deferred_workload([1.0], 0.0, 2)
    with pytest.raises(ValueError):
        deferred.deferred_workload([[1.0]], 900, 2)
    assert deferred.deferred_workload([], 900, 4).shape == (0,)


def test_year_of_intervals_is_fast_and_clears() -> None:
    rng = np.random.default_rng(7)
    size = 35_040
    day = np.sin(np.linspace(0, 2 * np.pi * size / 96, size)) ** 2
    work = rng.poisson(20 * day + 1) * 300.0
    plan = deferred.deferred_workload(work, 900.0, 16)
    late, _ = deferred.simulate_backlog(work, np.ceil(plan) * 900.0, 16)
    assert late.max() <= 1e-9 * work.sum()
    assert plan.max() <= work.max() / 900.0
    assert plan.sum() * 900.0 == pytest.approx(work[: size - 15].sum(), rel=1e-12)


# --------------------------------------------------------------------------- #
# property tests
# --------------------------------------------------------------------------- #

_work = st.lists(
    st.one_of(
        st.just(0.0),
        st.floats(min_value=0.0, max_value=5_000.0),
        st.integers(min_value=0, max_value=20).map(lambda x: x * 900.0),
    ),
    min_size=1,
    max_size=24,
)
_window = st.integers(min_value=1, max_value=10)
_horizon = st.sampled_from(["backlog", "clear"])


@settings(max_examples=120, deadline=None)
@given(work=_work, k=_window, horizon=_horizon)
def test_taut_string_is_feasible_and_optimal(work: list[float], k: int, horizon: str) -> None:
    interval = 900.0
    w = np.array(work)
    plan = deferred.deferred_workload(w, interval, k, horizon=horizon)  # type: ignore[arg-type]
    assert plan.shape == w.shape
    assert (plan >= 0).all()
    due, arrived = _corridor(w, k)
    done = np.concatenate([[0.0], np.cumsum(plan * interval)])
    tol = 1e-9 * max(1.0, arrived[-1])
    size = w.size
    assert (done[1:size] <= arrived[1:size] + tol).all()
    assert (done >= due - tol).all()
    # totals: every second of work due inside the horizon (or all of it) is done
    expected_total = arrived[-1] if horizon == "clear" else due[-1]
    assert done[-1] == pytest.approx(expected_total, abs=tol)

    # rounding up leaves no late work under FIFO
    late, _ = deferred.simulate_backlog(w, np.ceil(plan) * interval, k)
    assert late.max() <= tol

    # peak no higher than staffing at arrival, and equal to the LP min-max
    assert plan.max() <= w.max() / interval + 1e-9
    lp = _lp_min_peak(w / interval, k, horizon)
    assert plan.max() == pytest.approx(lp, abs=1e-6 * max(1.0, lp))

    # Taut-string certificate (optimal for every convex cost): the slope may
    # only rise where the string touches the ceiling W and only fall where
    # it touches the floor D.
    slope_tol = 1e-9 * max(1.0, plan.max())
    for t in range(1, size):
        if plan[t] > plan[t - 1] + slope_tol:
            assert done[t] == pytest.approx(arrived[t], abs=tol)
        elif plan[t] < plan[t - 1] - slope_tol:
            assert done[t] == pytest.approx(due[t], abs=tol)


@settings(max_examples=60, deadline=None)
@given(work=_work, k=_window, data=st.data())
def test_taut_string_beats_other_feasible_plans(
    work: list[float], k: int, data: st.DataObject
) -> None:
    """Any other feasible plan has a peak and a sum of squares at least as large."""
    w = np.array(work)
    plan = deferred.deferred_workload(w, 1.0, k)
    due, arrived = _corridor(w, k)
    # Build a random feasible plan: each interval does a random amount between
    # what is needed to meet the deadline and what has arrived.
    other = np.zeros(w.size)
    done = 0.0
    for t in range(w.size):
        need = max(due[t + 1] - done, 0.0)
        room = max(arrived[t + 1] - done, need) if t + 1 < w.size else need
        frac = data.draw(st.floats(min_value=0.0, max_value=1.0))
        other[t] = need + frac * (room - need)
        done += other[t]
    assert plan.max() <= other.max() + 1e-9 * max(1.0, other.max())
    assert (plan**2).sum() <= (other**2).sum() * (1 + 1e-9) + 1e-9
