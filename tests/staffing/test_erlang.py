"""Tests for shiftplan.staffing.erlang (Erlang B / C / A)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftplan.staffing import erlang

# --------------------------------------------------------------------------- #
# independent scalar references (plain Python, different formulas)
# --------------------------------------------------------------------------- #


def _log_erlang_b(n: int, a: float) -> float:
    """log B(n, A) from the Poisson form, summed in log space (no recursion)."""
    logs = [k * math.log(a) - math.lgamma(k + 1) for k in range(n + 1)]
    top = max(logs)
    return logs[-1] - (top + math.log(sum(math.exp(v - top) for v in logs)))


def _scalar_sl(n: int, a: float, aht: float, t: float) -> float:
    if a == 0:
        return 1.0
    if n <= a:
        return 0.0
    b = math.exp(_log_erlang_b(n, a))
    c = n * b / (n - a * (1 - b))
    return 1 - c * math.exp(-(n - a) * t / aht)


def _scalar_required(a: float, aht: float, target: float, t: float, occ: float) -> int:
    """Brute force: first n meeting the criteria, one scalar at a time."""
    if a == 0:
        return 0
    n = 0
    b = 1.0
    while True:
        n += 1
        b = a * b / (n + a * b)
        if n <= a or a / n > occ:
            continue
        c = n * b / (n - a * (1 - b))
        if 1 - c * math.exp(-(n - a) * t / aht) >= target:
            return n


def _erlang_a_reference(
    n: int, a: float, aht: float, patience: float, t: float, states: int = 160
) -> dict[str, float]:
    """Dense truncated CTMC + matrix exponential of the tagged customer.

    Independent of the series/incomplete-beta route used by the module: the
    stationary law is normalised over ``states`` explicit states and the
    tagged customer's "answered by T" probability comes from ``expm``.
    """
    mu, theta, lam = 1 / aht, 1 / patience, a / aht
    logp = np.zeros(states + 1)
    for k in range(1, states + 1):
        logp[k] = logp[k - 1] + math.log(lam / (min(k, n) * mu + max(k - n, 0) * theta))
    p = np.exp(logp - logp.max())
    p /= p.sum()
    ahead = states - n
    size = ahead + 1
    q = np.zeros((size + 2, size + 2))  # states 0..ahead, served, abandoned
    served, gone = size, size + 1
    for i in range(size):
        move = n * mu + i * theta
        if i == 0:
            q[i, served] = n * mu
        else:
            q[i, i - 1] = move
        q[i, gone] = theta
        q[i, i] = -(move + theta)
    by_t = scipy.linalg.expm(q * t)[:size, served]
    fundamental = np.linalg.inv(-q[:size, :size])
    rate_in = q[:size, served]
    p_served_given = fundamental @ rate_in
    wait_served_given = fundamental @ p_served_given  # E[W 1{answered} | i]
    queue = p[n:]
    p_served = p[:n].sum() + queue @ p_served_given
    return {
        "p_wait": float(queue.sum()),
        "p_abandon": float(1 - p_served),
        "service_level": float(p[:n].sum() + queue @ by_t),
        "asa": float((queue @ wait_served_given) / p_served),
        "mean_queue": float(queue @ np.arange(size)),
    }


# --------------------------------------------------------------------------- #
# published worked examples
# --------------------------------------------------------------------------- #


def test_classic_erlang_c_example() -> None:
    """Call Centre Helper, "Erlang C Formula - Made Simple" (also pyworkforce's test).

    100 calls in 30 minutes, AHT 180 s, 80 % answered within 20 s ->
    14 agents, SL 88.84 %, P(wait) 17.41 %, ASA 7.84 s, occupancy 71.4 %;
    capping occupancy at 70 % -> 15 agents.
    """
    traffic = 100 * 180 / 1800
    n = erlang.required_agents(traffic, 180, 0.8, 20)
    assert int(n) == 14
    assert round(float(erlang.service_level(14, traffic, 180, 20)), 4) == 0.8884
    assert round(float(erlang.erlang_c(14, traffic)), 4) == 0.1741
    assert round(float(erlang.average_speed_of_answer(14, traffic, 180)), 2) == 7.84
    assert round(float(erlang.occupancy(14, traffic)), 3) == 0.714
    assert int(erlang.required_agents(traffic, 180, 0.8, 20, max_occupancy=0.70)) == 15
    # 13 agents really is not enough.
    assert float(erlang.service_level(13, traffic, 180, 20)) < 0.8


def _max_traffic(servers: int, p_wait: float) -> float:
    lo, hi = 0.0, float(servers)
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if float(erlang.erlang_c(servers, mid)) <= p_wait else (lo, mid)
    return lo


def test_vr_erlang_c_calculator_example() -> None:
    """Worked example of VR's "Erlang C calculator".

    Source: http://personal.telefonica.terra.es/web/vr/erlang/eng/mcerlc.htm

    600 calls per hour of 120 s = 20 Erlangs. For a delay probability of at
    most 15 % the circuits needed are 26, with an average delay of about
    3 seconds per call; 30 circuits reduce the delay probability to 2.5 %,
    and 30 circuits at 15 % delay can carry 23.6 Erlangs.
    """
    traffic = 600 * 120 / 3600
    c = erlang.erlang_c(np.arange(1, 40), traffic)
    assert int(np.argmax(c <= 0.15)) + 1 == 26
    assert round(float(erlang.average_speed_of_answer(26, traffic, 120))) == 3
    assert round(float(erlang.erlang_c(30, traffic)) * 100, 1) == 2.5
    assert round(_max_traffic(30, 0.15), 1) == 23.6


def test_westbay_erlang_b_example() -> None:
    """Westbay Traffic Calculators manual, "How much traffic can a trunk group handle?".

    15 lines at 1 % blocking carry at most 8.108 Erlangs.
    """
    lo, hi = 0.0, 15.0
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if float(erlang.erlang_b(15, mid)) <= 0.01 else (lo, mid)
    assert round(lo, 3) == 8.108


# --------------------------------------------------------------------------- #
# basic behaviour
# --------------------------------------------------------------------------- #


def test_erlang_b_edge_values() -> None:
    assert float(erlang.erlang_b(0, 5.0)) == 1.0
    assert float(erlang.erlang_b(0, 0.0)) == 1.0
    assert float(erlang.erlang_b(3, 0.0)) == 0.0
    assert float(erlang.erlang_b(1, 2.0)) == pytest.approx(2.0 / 3.0)
    # broadcasting keeps shapes and matches element-wise evaluation
    servers = np.array([[0, 1, 5], [7, 2, 9]])
    traffic = np.array([3.0, 0.5, 4.0])
    out = erlang.erlang_b(servers, traffic)
    assert out.shape == (2, 3)
    for (i, j), value in np.ndenumerate(out):
        assert value == pytest.approx(
            math.exp(_log_erlang_b(int(servers[i, j]), float(traffic[j])))
        )


def test_unstable_and_idle_conventions() -> None:
    assert float(erlang.erlang_c(5, 5.0)) == 1.0
    assert float(erlang.erlang_c(4, 5.0)) == 1.0
    assert float(erlang.service_level(5, 5.0, 180, 20)) == 0.0
    assert math.isinf(float(erlang.average_speed_of_answer(5, 5.0, 180)))
    assert float(erlang.occupancy(4, 5.0)) == 1.0
    assert float(erlang.occupancy(0, 5.0)) == 1.0
    # no traffic: nothing waits, whatever the staffing
    assert float(erlang.erlang_c(0, 0.0)) == 0.0
    assert float(erlang.service_level(0, 0.0, 180, 20)) == 1.0
    assert float(erlang.average_speed_of_answer(0, 0.0, 180)) == 0.0
    assert float(erlang.occupancy(0, 0.0)) == 0.0
    assert int(erlang.required_agents(0.0, 180, 0.8, 20)) == 0


def test_input_validation() -> None:
    with pytest.raises(ValueError):
        erlang.erlang_b(2.5, 1.0)
    with pytest.raises(ValueError):
        erlang.erlang_b(-1, 1.0)
    with pytest.raises(ValueError):
        erlang.erlang_c(2, -1.0)
    with pytest.raises(ValueError):
        erlang.required_agents(1.0, 0.0, 0.8, 20)
    with pytest.raises(ValueError):
        erlang.required_agents(1.0, 180, 1.2, 20)
    with pytest.raises(ValueError):
        erlang.required_agents(1.0, 180, 0.8, 20, max_occupancy=0.0)
    with pytest.raises(ValueError):
        erlang.required_agents(float("nan"), 180, 0.8, 20)
    with pytest.raises(ValueError):
        erlang.required_agents_erlang_a(1.0, 180, 60, 1.0, 20)


def test_required_agents_target_one_terminates() -> None:
    n = int(erlang.required_agents(10.0, 180, 1.0, 20))
    assert float(erlang.service_level(n, 10.0, 180, 20)) == 1.0
    assert float(erlang.service_level(n - 1, 10.0, 180, 20)) < 1.0


def test_service_level_table_matches_pointwise() -> None:
    traffic = np.array([0.0, 0.4, 3.7, 12.0, 25.5])
    aht = np.array([180.0, 300.0, 240.0, 90.0, 600.0])
    table = erlang.service_level_table(traffic, aht, 20, 40)
    assert table.shape == (5, 41)
    servers = np.arange(41)
    expected = erlang.service_level(servers[None, :], traffic[:, None], aht[:, None], 20)
    np.testing.assert_allclose(table, expected, rtol=0, atol=1e-14)
    assert (np.diff(table, axis=1) >= -1e-12).all()


def test_concurrency_factor() -> None:
    assert [erlang.concurrency_factor(c) for c in range(1, 6)] == [1.0, 1.7, 2.5, 2.9, 3.5]
    assert erlang.concurrency_factor(6) == pytest.approx(4.1)
    assert erlang.concurrency_factor(8) == pytest.approx(5.3)
    with pytest.raises(ValueError):
        erlang.concurrency_factor(0)
    with pytest.raises(TypeError):
        erlang.concurrency_factor(2.0)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- #
# large traffic
# --------------------------------------------------------------------------- #


def test_stable_at_800_erlangs() -> None:
    """Hundreds of Erlangs: no overflow, and agreement with a log-space reference."""
    traffic = 800.0
    for n in (700, 800, 801, 830, 900, 1000):
        expected = math.exp(_log_erlang_b(n, traffic))
        assert float(erlang.erlang_b(n, traffic)) == pytest.approx(expected, rel=1e-9)
    n = int(erlang.required_agents(traffic, 300, 0.8, 20))
    assert _scalar_sl(n, traffic, 300, 20) >= 0.8 > _scalar_sl(n - 1, traffic, 300, 20)
    assert 800 < n < 860
    table = erlang.service_level_table(np.array([traffic]), 300, 20, 900)
    assert np.isfinite(table).all()
    assert table[0, n] == pytest.approx(_scalar_sl(n, traffic, 300, 20), abs=1e-10)
    # thousands of Erlangs too
    big = int(erlang.required_agents(5000.0, 300, 0.9, 30))
    assert _scalar_sl(big, 5000.0, 300, 30) >= 0.9 > _scalar_sl(big - 1, 5000.0, 300, 30)


# --------------------------------------------------------------------------- #
# property tests
# --------------------------------------------------------------------------- #

_traffic = st.floats(min_value=0.0, max_value=300.0, allow_nan=False)
_aht = st.floats(min_value=10.0, max_value=1200.0)
_target = st.floats(min_value=0.0, max_value=0.99)
_within = st.floats(min_value=0.0, max_value=300.0)
_occ = st.floats(min_value=0.5, max_value=1.0)


@settings(max_examples=150, deadline=None)
@given(a=_traffic, aht=_aht, target=_target, within=_within, occ=_occ)
def test_required_agents_is_the_smallest(
    a: float, aht: float, target: float, within: float, occ: float
) -> None:
    n = int(erlang.required_agents(a, aht, target, within, occ))
    if a == 0:
        assert n == 0
        return
    assert n > a
    assert a / n <= occ
    assert float(erlang.service_level(n, a, aht, within)) >= target
    m = n - 1
    fails = m <= a or a / m > occ or float(erlang.service_level(m, a, aht, within)) < target
    assert fails


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(_traffic, _aht, _target, _within, _occ), min_size=1, max_size=25))
def test_required_agents_vectorised_equals_scalar_loop(
    rows: list[tuple[float, float, float, float, float]],
) -> None:
    a, aht, target, within, occ = (np.array(col) for col in zip(*rows, strict=True))
    vectorised = erlang.required_agents(a, aht, target, within, occ)
    scalar = [_scalar_required(*row) for row in rows]
    assert vectorised.tolist() == scalar
    one_by_one = [int(erlang.required_agents(*row)) for row in rows]
    assert one_by_one == scalar


# --------------------------------------------------------------------------- #
# Erlang A
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("n", "a", "aht", "patience", "within"),
    [
        (14, 10.0, 180.0, 120.0, 20.0),
        (5, 8.0, 300.0, 60.0, 30.0),  # overloaded: only abandonment keeps it stable
        (20, 15.0, 200.0, 1000.0, 60.0),
        (3, 2.5, 100.0, 50.0, 0.0),
        (10, 10.0, 180.0, 180.0, 20.0),
        (1, 0.3, 400.0, 30.0, 45.0),
    ],
)
def test_erlang_a_matches_dense_ctmc(
    n: int, a: float, aht: float, patience: float, within: float
) -> None:
    ref = _erlang_a_reference(n, a, aht, patience, within)
    got = erlang.erlang_a_metrics(n, a, aht, patience, within)
    assert float(got.p_wait) == pytest.approx(ref["p_wait"], abs=1e-10)
    assert float(got.p_abandon) == pytest.approx(ref["p_abandon"], abs=1e-10)
    assert float(got.service_level) == pytest.approx(ref["service_level"], abs=1e-10)
    assert float(got.asa) == pytest.approx(ref["asa"], rel=1e-8)
    # Little's law: mean wait of all arrivals = E[Lq] / lambda
    assert float(got.mean_wait) == pytest.approx(ref["mean_queue"] * aht / a, rel=1e-8)
    # abandonment rate theta E[Lq] equals lambda P(abandon)
    assert float(got.p_abandon) == pytest.approx(float(got.mean_wait) / patience, rel=1e-9)


def test_erlang_a_no_agents_everybody_abandons() -> None:
    got = erlang.erlang_a_metrics(0, 3.0, 100, 50, 20)
    assert float(got.p_wait) == 1.0
    assert float(got.p_abandon) == pytest.approx(1.0)
    assert float(got.service_level) == 0.0
    assert math.isinf(float(got.asa))


def test_erlang_a_tends_to_erlang_c() -> None:
    servers = np.array([11, 14, 20, 40])
    traffic, aht, within = 10.0, 180.0, 20.0
    c = erlang.erlang_c(servers, traffic)
    sl = erlang.service_level(servers, traffic, aht, within)
    asa = erlang.average_speed_of_answer(servers, traffic, aht)
    exact = erlang.erlang_a_metrics(servers, traffic, aht, np.inf, within)
    np.testing.assert_array_equal(exact.p_wait, c)
    np.testing.assert_array_equal(exact.service_level, sl)
    np.testing.assert_array_equal(exact.asa, asa)
    assert (exact.p_abandon == 0).all()
    # The gap closes like 1 / patience (first order in theta = AHT / patience).
    previous = np.inf
    for patience in (1e3, 1e4, 1e5, 1e6):
        got = erlang.erlang_a_metrics(servers, traffic, aht, patience * aht, within)
        gap = max(
            np.abs(got.p_wait - c).max(),
            np.abs(got.service_level - sl).max(),
            np.abs(got.asa - asa).max() / aht,
        )
        assert gap < previous / 9
        previous = gap
    assert previous < 1e-4


@settings(max_examples=40, deadline=None)
@given(
    a=st.floats(min_value=0.05, max_value=120.0),
    aht=st.floats(min_value=60.0, max_value=900.0),
    within_share=st.floats(min_value=0.0, max_value=0.5),
    patience_factor=st.floats(min_value=1.0, max_value=200.0),
    target=st.floats(min_value=0.5, max_value=0.9),
)
def test_erlang_a_needs_no_more_agents_than_erlang_c(
    a: float, aht: float, within_share: float, patience_factor: float, target: float
) -> None:
    """Abandonment relieves the queue: Erlang A never needs more agents here.

    The domain is the usual service-level regime (target <= 90 %, T <= AHT/2,
    mean patience >= T). Outside it the claim is false, see
    ``test_erlang_a_can_need_more_agents_than_erlang_c``.
    """
    within = within_share * aht
    patience = max(within, 1.0) * patience_factor
    n_a = int(erlang.required_agents_erlang_a(a, aht, patience, target, within))
    n_c = int(erlang.required_agents(a, aht, target, within))
    assert n_a <= n_c
    # minimality of the Erlang A answer
    if n_a > 0:
        below = erlang.erlang_a_metrics(n_a - 1, a, aht, patience, within)
        assert float(below.service_level) < target
    at = erlang.erlang_a_metrics(n_a, a, aht, patience, within)
    assert float(at.service_level) >= target


def test_erlang_a_can_need_more_agents_than_erlang_c() -> None:
    """Abandoned contacts count as failures, so short patience can cost agents.

    10 Erlangs, AHT 60 s, 90 % within 120 s: Erlang C is met by 11 agents
    (SL 90.8 %). With a mean patience of 1 s a contact that has to wait almost
    surely hangs up before it is answered, so SL is only 1 - P(wait)-ish:
    84.3 % at 11, 88.6 % at 12, 92.0 % at 13 agents.
    """
    assert int(erlang.required_agents(10.0, 60, 0.9, 120)) == 11
    assert float(erlang.erlang_a_metrics(11, 10.0, 60, 1.0, 120).service_level) < 0.9
    assert int(erlang.required_agents_erlang_a(10.0, 60, 1.0, 0.9, 120)) == 13


@settings(max_examples=40, deadline=None)
@given(
    a=st.floats(min_value=0.05, max_value=60.0),
    aht=st.floats(min_value=30.0, max_value=900.0),
    patience=st.floats(min_value=5.0, max_value=3000.0),
    within=st.floats(min_value=0.0, max_value=300.0),
)
def test_erlang_a_monotone_and_dominated_by_erlang_c(
    a: float, aht: float, patience: float, within: float
) -> None:
    """Across staffing levels: SL rises, occupancy falls, waits never exceed Erlang C."""
    servers = np.arange(0, int(a) + 30)
    got = erlang.erlang_a_metrics(servers, a, aht, patience, within)
    assert (np.diff(got.service_level) >= -1e-12).all()
    assert (np.diff(got.occupancy) <= 1e-12).all()
    assert (np.diff(got.p_wait) <= 1e-12).all()
    assert (got.p_wait <= erlang.erlang_c(servers, a) + 1e-12).all()
    assert (got.mean_wait <= erlang.average_speed_of_answer(servers, a, aht) * (1 + 1e-9)).all()
    assert ((got.p_abandon >= 0) & (got.p_abandon <= 1 + 1e-12)).all()


def test_required_agents_erlang_a_vectorised() -> None:
    traffic = np.array([0.0, 0.5, 10.0, 10.0, 45.0, 120.0])
    patience = np.array([60.0, 60.0, 120.0, np.inf, 200.0, 30.0])
    got = erlang.required_agents_erlang_a(traffic, 180, patience, 0.8, 20, 0.9)
    one_by_one = [
        int(erlang.required_agents_erlang_a(a, 180, p, 0.8, 20, 0.9))
        for a, p in zip(traffic, patience, strict=True)
    ]
    assert got.tolist() == one_by_one
    assert got[0] == 0
    # infinite patience is plain Erlang C
    assert got[3] == int(erlang.required_agents(10.0, 180, 0.8, 20, 0.9))
    for n, a, p in zip(got[1:], traffic[1:], patience[1:], strict=True):
        m = erlang.erlang_a_metrics(n, a, 180, p, 20)
        assert float(m.service_level) >= 0.8
        assert float(m.occupancy) <= 0.9
