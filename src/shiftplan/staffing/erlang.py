"""Erlang B, Erlang C and Erlang A queueing formulas, vectorised over intervals.

Every function accepts scalars or numpy arrays and broadcasts them against each
other, so a whole horizon of intervals is evaluated in one call. Loops run over
the *server count* ``n`` (or the queue position ``j`` for Erlang A), never over
intervals.

Conventions
-----------
* ``traffic`` is the offered load ``A = arrival rate * AHT`` in Erlangs, i.e.
  ``contacts_in_interval * aht_seconds / interval_seconds``.
* Times (``aht_seconds``, ``answer_within_seconds``, ``patience_seconds``) are
  in seconds; only their ratios matter.
* An interval with ``traffic == 0`` has no contacts: it is treated as perfectly
  served (P(wait) 0, service level 1, ASA 0) whatever the staffing, which is
  consistent with :func:`required_agents` answering 0 agents for it.
* Erlang B is always evaluated with the numerically stable recursion
  ``B(0) = 1, B(n) = A B(n-1) / (n + A B(n-1))``; no factorial or power of
  ``A`` is ever formed, so traffic of thousands of Erlangs is fine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]

__all__ = [
    "ErlangAMetrics",
    "average_speed_of_answer",
    "concurrency_factor",
    "erlang_a_metrics",
    "erlang_b",
    "erlang_c",
    "occupancy",
    "required_agents",
    "required_agents_erlang_a",
    "service_level",
    "service_level_table",
]

# Chat concurrency: how many contacts' worth of work one agent clears when
# handling ``c`` chats at once (industry rule-of-thumb table).
_CONCURRENCY_TABLE: dict[int, float] = {1: 1.0, 2: 1.7, 3: 2.5, 4: 2.9, 5: 3.5}

# Erlang A series: a term is dropped once the bound on everything after it is
# below this fraction of the probability mass accumulated so far.
_SERIES_TOLERANCE = 1e-17
# Erlang A series terms are rescaled by this factor when they grow past it, so
# heavily overloaded queues (terms up to exp(thousands)) never overflow.
_RESCALE = 1e200


# --------------------------------------------------------------------------- #
# input validation
# --------------------------------------------------------------------------- #
def _float_array(
    value: npt.ArrayLike,
    name: str,
    *,
    positive: bool = False,
    allow_inf: bool = False,
    upper: float | None = None,
) -> FloatArray:
    """Convert to a float64 array and reject NaN / negative / out-of-range input."""
    arr = np.asarray(value, dtype=np.float64)
    if np.isnan(arr).any():
        msg = f"{name} must not contain NaN"
        raise ValueError(msg)
    if not allow_inf and np.isinf(arr).any():
        msg = f"{name} must be finite"
        raise ValueError(msg)
    if positive and (arr <= 0).any():
        msg = f"{name} must be > 0"
        raise ValueError(msg)
    if (arr < 0).any():
        msg = f"{name} must be >= 0"
        raise ValueError(msg)
    if upper is not None and (arr > upper).any():
        msg = f"{name} must be <= {upper}"
        raise ValueError(msg)
    return arr


def _servers_array(value: npt.ArrayLike) -> IntArray:
    """Convert a server count to int64, rejecting fractional or negative counts."""
    arr = np.asarray(value)
    if arr.dtype == np.bool_:
        msg = "servers must be integers, not booleans"
        raise TypeError(msg)
    if not np.issubdtype(arr.dtype, np.integer):
        as_float = np.asarray(arr, dtype=np.float64)
        if not np.isfinite(as_float).all() or (as_float != np.round(as_float)).any():
            msg = "servers must be whole numbers"
            raise ValueError(msg)
        arr = as_float
    if (arr < 0).any():
        msg = "servers must be >= 0"
        raise ValueError(msg)
    return np.asarray(arr, dtype=np.int64)


# --------------------------------------------------------------------------- #
# Erlang B / C building blocks (work on already-validated float arrays)
# --------------------------------------------------------------------------- #
def _erlang_c_from_b(n: FloatArray | float, a: FloatArray, b: FloatArray) -> FloatArray:
    """Erlang C from Erlang B: ``C = n B / (n - A (1 - B))`` for ``n > A``.

    This identity avoids a second series; the denominator is at least
    ``n - A > 0`` on the stable side so it never cancels catastrophically.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        c = n * b / (n - a * (1.0 - b))
    c = np.where(n > a, np.clip(c, 0.0, 1.0), 1.0)
    return np.asarray(np.where(a > 0, c, 0.0), dtype=np.float64)


def _service_level_from_c(
    n: FloatArray | float, a: FloatArray, c: FloatArray, ratio: FloatArray
) -> FloatArray:
    """``SL = 1 - C exp(-(n - A) T / AHT)``; 0 when unstable, 1 when idle.

    ``ratio`` is ``T / AHT``.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        sl = 1.0 - c * np.exp(-(n - a) * ratio)
    sl = np.where(n > a, sl, 0.0)
    return np.asarray(np.where(a > 0, sl, 1.0), dtype=np.float64)


# --------------------------------------------------------------------------- #
# Erlang B and C
# --------------------------------------------------------------------------- #
def erlang_b(servers: npt.ArrayLike, traffic: npt.ArrayLike) -> FloatArray:
    """Erlang B blocking probability of an M/M/n/n loss system.

    Parameters
    ----------
    servers : array_like of int
        Number of servers ``n >= 0``.
    traffic : array_like of float
        Offered load ``A >= 0`` in Erlangs.

    Returns
    -------
    ndarray of float
        ``B(n, A) = (A^n / n!) / sum_{k=0}^{n} A^k / k!``, broadcast over the inputs.

    Notes
    -----
    Computed with the recursion ``B(0) = 1``,
    ``B(n) = A B(n-1) / (n + A B(n-1))``, whose every step is a convex
    combination-like map of [0, 1] into itself: it cannot overflow and loses no
    precision, unlike the factorial form. Rows are sorted by server count so
    each recursion step only touches the rows that still need it.
    """
    n_arr, a_arr = np.broadcast_arrays(_servers_array(servers), _float_array(traffic, "traffic"))
    shape = n_arr.shape
    n_flat = n_arr.ravel()
    a_flat = a_arr.ravel()
    out = np.ones(n_flat.size, dtype=np.float64)
    if n_flat.size == 0:
        return out.reshape(shape)
    # Descending server count makes "rows with servers >= n" a prefix [0, m).
    order = np.argsort(-n_flat, kind="stable")
    neg_sorted = -n_flat[order]
    a_sorted = a_flat[order]
    n_max = int(-neg_sorted[0])
    levels = -np.arange(1, n_max + 1, dtype=np.int64)
    still_needed = np.searchsorted(neg_sorted, levels, side="right")
    finished_before = np.searchsorted(neg_sorted, levels, side="left")
    b = np.ones_like(a_sorted)
    res = np.ones_like(a_sorted)
    for n in range(1, n_max + 1):
        m = int(still_needed[n - 1])
        ab = a_sorted[:m] * b[:m]
        b[:m] = ab / (n + ab)
        lo = int(finished_before[n - 1])
        res[lo:m] = b[lo:m]  # rows whose server count is exactly n
    out[order] = res
    return out.reshape(shape)


def erlang_c(servers: npt.ArrayLike, traffic: npt.ArrayLike) -> FloatArray:
    """Erlang C: probability that an arriving contact has to wait (M/M/n).

    Parameters
    ----------
    servers : array_like of int
        Number of agents ``n``.
    traffic : array_like of float
        Offered load ``A`` in Erlangs.

    Returns
    -------
    ndarray of float
        ``C(n, A) = n B(n, A) / (n - A (1 - B(n, A)))`` for ``n > A``; ``1.0``
        where ``n <= A`` (the queue is unstable and everybody waits); ``0.0``
        where ``A == 0``.
    """
    a = _float_array(traffic, "traffic")
    n = _servers_array(servers)
    b = erlang_b(n, a)
    return _erlang_c_from_b(n.astype(np.float64), a, b)


def service_level(
    servers: npt.ArrayLike,
    traffic: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    answer_within_seconds: npt.ArrayLike,
) -> FloatArray:
    """Erlang C service level: share of contacts answered within ``T`` seconds.

    Parameters
    ----------
    servers : array_like of int
        Number of agents ``n``.
    traffic : array_like of float
        Offered load ``A`` in Erlangs.
    aht_seconds : array_like of float
        Average handle time (> 0).
    answer_within_seconds : array_like of float
        Service-level threshold ``T`` (>= 0).

    Returns
    -------
    ndarray of float
        ``SL = 1 - C(n, A) exp(-(n - A) T / AHT)``; ``0.0`` where ``n <= A``,
        ``1.0`` where ``A == 0``.
    """
    a = _float_array(traffic, "traffic")
    aht = _float_array(aht_seconds, "aht_seconds", positive=True)
    t = _float_array(answer_within_seconds, "answer_within_seconds")
    n = _servers_array(servers).astype(np.float64)
    c = _erlang_c_from_b(n, a, erlang_b(n, a))
    return _service_level_from_c(n, a, c, t / aht)


def average_speed_of_answer(
    servers: npt.ArrayLike, traffic: npt.ArrayLike, aht_seconds: npt.ArrayLike
) -> FloatArray:
    """Erlang C average speed of answer (mean wait over all contacts), seconds.

    Parameters
    ----------
    servers : array_like of int
        Number of agents ``n``.
    traffic : array_like of float
        Offered load ``A`` in Erlangs.
    aht_seconds : array_like of float
        Average handle time (> 0).

    Returns
    -------
    ndarray of float
        ``ASA = C(n, A) AHT / (n - A)``; ``inf`` where ``n <= A``, ``0.0``
        where ``A == 0``.
    """
    a = _float_array(traffic, "traffic")
    aht = _float_array(aht_seconds, "aht_seconds", positive=True)
    n = _servers_array(servers).astype(np.float64)
    c = _erlang_c_from_b(n, a, erlang_b(n, a))
    with np.errstate(divide="ignore", invalid="ignore"):
        asa = c * aht / (n - a)
    asa = np.where(n > a, asa, np.inf)
    return np.asarray(np.where(a > 0, asa, 0.0), dtype=np.float64)


def occupancy(servers: npt.ArrayLike, traffic: npt.ArrayLike) -> FloatArray:
    """Agent occupancy ``A / n``, capped at 1.

    Parameters
    ----------
    servers : array_like of int
        Number of agents ``n``.
    traffic : array_like of float
        Offered load ``A`` in Erlangs.

    Returns
    -------
    ndarray of float
        ``min(A / n, 1)``; ``1.0`` for ``n == 0`` with traffic, ``0.0`` for no
        traffic.
    """
    a = _float_array(traffic, "traffic")
    n = _servers_array(servers).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        occ = np.minimum(a / n, 1.0)
    occ = np.where(n > 0, occ, 1.0)
    return np.asarray(np.where(a > 0, occ, 0.0), dtype=np.float64)


_JUMP = 1000
"""Steps of the Erlang B recursion worth walking before a closed-form jump."""


def _erlang_b_closed(n: int, a: FloatArray) -> FloatArray:
    """Erlang B ``B(n, A)`` as Poisson ``pmf(n) / cdf(n)``, in log space for large ``n``."""
    from scipy.special import gammaincc, gammaln

    log_pmf = n * np.log(a) - a - gammaln(n + 1.0)
    with np.errstate(divide="ignore"):
        log_cdf = np.log(gammaincc(n + 1.0, a))
        # Exact where it is used (n >= A); where the cdf underflows (n far
        # below A) B tends to 1.
        blocked = np.exp(log_pmf - log_cdf)
    return np.asarray(np.clip(np.nan_to_num(blocked, nan=1.0, posinf=1.0), 0.0, 1.0))


def required_agents(
    traffic: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    target_service_level: npt.ArrayLike,
    answer_within_seconds: npt.ArrayLike,
    max_occupancy: npt.ArrayLike = 1.0,
) -> IntArray:
    """Smallest Erlang C agent count meeting a service level and occupancy cap.

    Parameters
    ----------
    traffic : array_like of float
        Offered load ``A`` in Erlangs per interval.
    aht_seconds : array_like of float
        Average handle time (> 0); scalar or per interval.
    target_service_level : array_like of float
        Required share of contacts answered within ``T``, in [0, 1].
    answer_within_seconds : array_like of float
        Service-level threshold ``T`` (>= 0).
    max_occupancy : array_like of float, default 1.0
        Upper bound on ``A / n``, in (0, 1].

    Returns
    -------
    ndarray of int64
        The smallest ``n`` with ``n > A``, ``A / n <= max_occupancy`` and
        ``1 - C(n, A) exp(-(n - A) T / AHT) >= target``; 0 where ``A == 0``.

    Notes
    -----
    All intervals climb ``n = 1, 2, ...`` together carrying the Erlang B
    recursion as an array, so the answer is exact (no search bracket, no
    approximation) and costs about ``max(n)`` vector steps. Rows are sorted by
    the lower bound ``max(floor(A) + 1, floor(A / max_occupancy))``: below it a
    row cannot qualify, so it only advances its recursion (3 flops) and the
    service-level test is run on the small "window" of rows that could qualify
    now. Finished rows leave the window. The loop ends because ``C`` and
    ``exp(-(n - A) T / AHT)`` both go to 0, so a target of exactly 1.0 is also
    reached (in floating point) at a finite ``n``.
    """
    arrays = np.broadcast_arrays(
        _float_array(traffic, "traffic"),
        _float_array(aht_seconds, "aht_seconds", positive=True),
        _float_array(target_service_level, "target_service_level", upper=1.0),
        _float_array(answer_within_seconds, "answer_within_seconds"),
        _float_array(max_occupancy, "max_occupancy", positive=True, upper=1.0),
    )
    shape = arrays[0].shape
    a_all, aht_all, target_all, within_all, occ_all = (x.ravel() for x in arrays)
    result = np.zeros(a_all.size, dtype=np.int64)
    rows = np.flatnonzero(a_all > 0)
    if rows.size == 0:
        return result.reshape(shape)

    a = a_all[rows]
    lower = np.maximum(np.floor(a) + 1.0, np.floor(a / occ_all[rows]))
    order = np.argsort(lower, kind="stable")
    rows, a, lower = rows[order], a[order], lower[order]
    ratio = (within_all / aht_all)[rows]
    target = target_all[rows]
    occ = occ_all[rows]

    total = rows.size
    b = np.ones(total)  # B(n, A) for rows not yet admitted to the window
    admitted = 0
    w_idx = np.empty(0, dtype=np.int64)  # positions (into the sorted arrays) of window rows
    w_b = np.empty(0)
    n = 0
    while admitted < total or w_idx.size:
        if not w_idx.size and lower[admitted] - n > _JUMP:
            # No row can qualify for many steps (a large load, or a low
            # occupancy cap): jump there with B in closed form instead of
            # walking, so the work stays bounded by the rows, not by max(n).
            n = int(lower[admitted]) - 1
            b[admitted:] = _erlang_b_closed(n, a[admitted:])
        n += 1
        if admitted < total:
            ab = a[admitted:] * b[admitted:]
            b[admitted:] = ab / (n + ab)
        if w_idx.size:
            ab = a[w_idx] * w_b
            w_b = ab / (n + ab)
        newly = int(np.searchsorted(lower, n, side="right"))
        if newly > admitted:
            w_idx = np.concatenate([w_idx, np.arange(admitted, newly)])
            w_b = np.concatenate([w_b, b[admitted:newly]])
            admitted = newly
        if not w_idx.size:
            continue
        w_a = a[w_idx]
        c = _erlang_c_from_b(float(n), w_a, w_b)
        sl = _service_level_from_c(float(n), w_a, c, ratio[w_idx])
        ok = (n > w_a) & (w_a / n <= occ[w_idx]) & (sl >= target[w_idx])
        if ok.any():
            result[rows[w_idx[ok]]] = n
            keep = ~ok
            w_idx = w_idx[keep]
            w_b = w_b[keep]
    return result.reshape(shape)


def service_level_table(
    traffic: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    answer_within_seconds: npt.ArrayLike,
    max_servers: int,
) -> FloatArray:
    """Erlang C service level for every staffing level ``0..max_servers``.

    Parameters
    ----------
    traffic : array_like of float, shape (T,)
        Offered load per interval.
    aht_seconds : array_like of float
        Average handle time, scalar or shape (T,).
    answer_within_seconds : array_like of float
        Service-level threshold, scalar or shape (T,).
    max_servers : int
        Largest staffing level to tabulate.

    Returns
    -------
    ndarray of float, shape (T, max_servers + 1)
        ``table[i, n]`` is :func:`service_level` of interval ``i`` with ``n``
        agents (0 while ``n <= A``, 1 for idle intervals). Built column by
        column with one Erlang B recursion, i.e. ``O(T * max_servers)``.
    """
    if isinstance(max_servers, bool) or int(max_servers) != max_servers or max_servers < 0:
        msg = "max_servers must be a non-negative integer"
        raise ValueError(msg)
    a = np.atleast_1d(_float_array(traffic, "traffic"))
    if a.ndim != 1:
        msg = "traffic must be one-dimensional"
        raise ValueError(msg)
    aht = np.broadcast_to(_float_array(aht_seconds, "aht_seconds", positive=True), a.shape)
    within = np.broadcast_to(_float_array(answer_within_seconds, "answer_within_seconds"), a.shape)
    ratio = within / aht
    table = np.empty((a.size, int(max_servers) + 1))
    b = np.ones_like(a)
    table[:, 0] = np.where(a > 0, 0.0, 1.0)
    for n in range(1, int(max_servers) + 1):
        ab = a * b
        b = ab / (n + ab)
        c = _erlang_c_from_b(float(n), a, b)
        table[:, n] = _service_level_from_c(float(n), a, c, ratio)
    return table


# --------------------------------------------------------------------------- #
# Erlang A (M/M/n+M)
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class ErlangAMetrics:
    """Steady-state performance of an M/M/n+M (Erlang A) queue, per interval.

    Attributes
    ----------
    p_wait : ndarray
        Probability that an arriving contact finds all agents busy.
    p_abandon : ndarray
        Probability that an arriving contact abandons before being answered.
    service_level : ndarray
        Share of *all* arriving contacts answered within ``T`` (abandoned
        contacts count as failures, whenever they abandon).
    asa : ndarray
        Average speed of answer in seconds: mean wait of the *answered*
        contacts (zero waits included); ``inf`` if none is ever answered.
    mean_wait : ndarray
        Mean time in queue over all arrivals (abandoners included), seconds.
    occupancy : ndarray
        Share of agent time spent handling contacts: carried load
        ``A (1 - p_abandon)`` divided by ``n``.
    """

    p_wait: FloatArray
    p_abandon: FloatArray
    service_level: FloatArray
    asa: FloatArray
    mean_wait: FloatArray
    occupancy: FloatArray


def _erlang_a_series(
    n: FloatArray, a: FloatArray, theta: FloatArray, tt: FloatArray, b: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """Sum the Erlang A stationary series for rows with ``theta > 0``.

    Units: time in AHTs (service rate 1), ``theta = AHT / patience``,
    ``tt = T / AHT``. ``b`` is Erlang B at ``n``.

    Returns ``(p_wait, p_abandon, service_level, served_wait, queue_length)``
    where ``served_wait = E[W; answered]`` in AHT units and ``queue_length`` is
    the mean number waiting.
    """
    rows = n.size
    out = np.zeros((5, rows))
    # head = sum_{k<n} pi_k / pi_n = (1 - B) / B (exact Erlang B identity);
    # it is +inf when B underflows, which correctly sends P(wait) to 0.
    with np.errstate(divide="ignore", over="ignore"):
        head = (1.0 - b) / b
    x = -np.expm1(-theta * tt)  # P(patience <= T) = 1 - exp(-theta T)
    xbeta = x * (n / theta + 1.0)  # x * beta with beta = n / theta + 1
    with np.errstate(divide="ignore"):
        log_t = np.log(xbeta) - (n + theta) * tt  # log t_1 of the incomplete-beta recurrence
    inc = -np.expm1(-(n + theta) * tt)  # I_x(1, beta)
    q = n / (n + theta)  # P(answered | 0 ahead)
    h = 1.0 / (n + theta)  # E[wait | answered, 0 ahead]
    w = np.ones(rows)  # w_j = pi_{n+j} / pi_n, rescaled
    s_mass = np.ones(rows)  # sum_j w_j
    s_len = np.zeros(rows)  # sum_j j w_j
    s_ab = w * (1.0 - q)  # sum_j w_j (1 - q_j)
    s_sl = w * q * inc  # sum_j w_j q_j I_j
    s_wait = w * q * h  # sum_j w_j q_j h_j
    live = np.arange(rows)
    j = 0
    while live.size:
        j += 1
        w = w * a / (n + j * theta)
        with np.errstate(under="ignore"):
            inc = np.clip(inc - np.exp(log_t), 0.0, 1.0)
        with np.errstate(divide="ignore"):
            log_t = log_t + np.log(x * j + xbeta) - math.log(j + 1)
        denom = n + (j + 1) * theta
        q = n / denom
        h = h + 1.0 / denom
        s_mass += w
        s_len += j * w
        s_ab += w * ((j + 1) * theta / denom)
        s_sl += w * q * inc
        s_wait += w * q * h
        big = w > _RESCALE
        if big.any():
            # Same factor on every accumulator of the row keeps all ratios exact.
            scale = np.where(big, 1.0 / _RESCALE, 1.0)
            w *= scale
            head *= scale
            s_mass *= scale
            s_len *= scale
            s_ab *= scale
            s_sl *= scale
            s_wait *= scale
        # Past the mode the ratios r_i = A / (n + i theta) decrease, so the tail
        # after term j is below w_j (j + 1) r / (1 - r)^2 for every sum above.
        r = a / denom
        with np.errstate(divide="ignore", invalid="ignore"):
            tail = w * (j + 1) * r / (1.0 - r) ** 2
        done = (r < 1.0) & (tail <= _SERIES_TOLERANCE * (head + s_mass))
        if done.any():
            idx = live[done]
            with np.errstate(invalid="ignore"):
                z = head[done] + s_mass[done]
                p_below = np.where(np.isinf(z), 1.0, head[done] / z)
                out[0, idx] = 1.0 - p_below
                out[1, idx] = s_ab[done] / z
                out[2, idx] = p_below + s_sl[done] / z
                out[3, idx] = s_wait[done] / z
                out[4, idx] = s_len[done] / z
            keep = ~done
            live = live[keep]
            (n, a, theta, x, xbeta, log_t, inc, h, w, head) = (
                v[keep] for v in (n, a, theta, x, xbeta, log_t, inc, h, w, head)
            )
            (s_mass, s_len, s_ab, s_sl, s_wait) = (
                v[keep] for v in (s_mass, s_len, s_ab, s_sl, s_wait)
            )
    return out[0], out[1], out[2], out[3], out[4]


def erlang_a_metrics(
    servers: npt.ArrayLike,
    traffic: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    patience_seconds: npt.ArrayLike,
    answer_within_seconds: npt.ArrayLike,
) -> ErlangAMetrics:
    """Erlang A (M/M/n+M) metrics: Erlang C with exponential customer patience.

    Parameters
    ----------
    servers : array_like of int
        Number of agents ``n``.
    traffic : array_like of float
        Offered load ``A = lambda * AHT`` in Erlangs.
    aht_seconds : array_like of float
        Average handle time ``1 / mu`` (> 0).
    patience_seconds : array_like of float
        Mean patience ``1 / theta`` (> 0). ``inf`` means nobody abandons and
        the result is exactly Erlang C (with P(abandon) = 0, also when unstable).
    answer_within_seconds : array_like of float
        Service-level threshold ``T``.

    Returns
    -------
    ErlangAMetrics
        Arrays broadcast over the inputs.

    Notes
    -----
    Time is measured in AHTs (``mu = 1``), ``theta = AHT / patience``.

    *Stationary law.* The number in system is a birth-death chain with birth
    rate ``A`` and death rate ``min(k, n) + theta max(k - n, 0)``. With
    ``w_j = pi_{n+j} / pi_n = prod_{i=1}^{j} A / (n + i theta)`` and
    ``sum_{k<n} pi_k / pi_n = (1 - B) / B`` (``B`` = Erlang B at ``n``):
    ``pi_n = 1 / ((1 - B) / B + sum_j w_j)``. The series is summed until its
    tail bound ``w_j (j+1) r / (1 - r)^2`` (``r = A / (n + (j+1) theta) < 1``)
    is below 1e-17 of the mass, i.e. to machine precision; terms are rescaled
    so overloaded queues cannot overflow. By PASTA an arrival sees ``pi``.

    * ``p_wait = pi_n sum_j w_j``.
    * A contact arriving with ``j`` ahead advances through phases of rate
      ``n + i theta`` (``i = j..0``: a service completion or an abandonment
      ahead) while its own patience runs at rate ``theta``; it is answered with
      probability ``q_j = prod_{i=0}^{j} (n + i theta) / (n + (i+1) theta)
      = n / (n + (j+1) theta)``, so ``p_abandon = pi_n sum_j w_j (1 - q_j)``
      (equal to ``theta E[Lq] / A`` by Little's law).
    * Given it is answered, its wait is a sum of independent exponentials of
      rates ``n + m theta``, ``m = 1..j+1``, whose CDF is
      ``I_x(j + 1, n / theta + 1)`` with ``x = 1 - exp(-theta T)`` (``I`` the
      regularised incomplete beta; ``exp(-theta W)`` is Beta distributed). It
      is evaluated with the recurrence
      ``I_x(m+1, b) = I_x(m, b) - x^m (1-x)^b / (m B(m, b))``.
      ``service_level = P(k < n) + pi_n sum_j w_j q_j I_x(j + 1, n/theta + 1)``.
    * ``asa = AHT * pi_n sum_j w_j q_j sum_{m=1}^{j+1} 1 / (n + m theta)
      / (1 - p_abandon)``; ``mean_wait = AHT E[Lq] / A``.

    As ``theta -> 0`` every formula tends to its Erlang C counterpart for
    ``n > A``.
    """
    arrays = np.broadcast_arrays(
        _servers_array(servers),
        _float_array(traffic, "traffic"),
        _float_array(aht_seconds, "aht_seconds", positive=True),
        _float_array(patience_seconds, "patience_seconds", positive=True, allow_inf=True),
        _float_array(answer_within_seconds, "answer_within_seconds"),
    )
    shape = arrays[0].shape
    n_int = arrays[0].ravel()
    n = n_int.astype(np.float64)
    a, aht, patience, within = (x.ravel() for x in arrays[1:])
    theta = aht / patience
    tt = within / aht

    size = n.size
    p_wait = np.zeros(size)
    p_abandon = np.zeros(size)
    level = np.ones(size)
    asa = np.zeros(size)
    mean_wait = np.zeros(size)

    # Infinite patience: exactly Erlang C.
    erl_c = (a > 0) & (theta == 0)
    if erl_c.any():
        nc, ac = n[erl_c], a[erl_c]
        c = _erlang_c_from_b(nc, ac, erlang_b(n_int[erl_c], ac))
        p_wait[erl_c] = c
        level[erl_c] = _service_level_from_c(nc, ac, c, tt[erl_c])
        with np.errstate(divide="ignore", invalid="ignore"):
            wait = np.where(nc > ac, c * aht[erl_c] / (nc - ac), np.inf)
        asa[erl_c] = wait
        mean_wait[erl_c] = wait

    finite = (a > 0) & (theta > 0)
    if finite.any():
        nf, af, aht_f = n[finite], a[finite], aht[finite]
        pw, pab, sl, served_wait, queue_len = _erlang_a_series(
            nf, af, theta[finite], tt[finite], erlang_b(n_int[finite], af)
        )
        p_wait[finite] = pw
        p_abandon[finite] = pab
        level[finite] = np.clip(sl, 0.0, 1.0)
        answered = 1.0 - pab
        with np.errstate(divide="ignore", invalid="ignore"):
            asa[finite] = np.where(answered > 0, served_wait * aht_f / answered, np.inf)
        mean_wait[finite] = queue_len * aht_f / af

    with np.errstate(divide="ignore", invalid="ignore"):
        occ = np.where(n > 0, np.minimum(a * (1.0 - p_abandon) / n, 1.0), 1.0)
    occ = np.where(a > 0, occ, 0.0)

    return ErlangAMetrics(
        p_wait=p_wait.reshape(shape),
        p_abandon=p_abandon.reshape(shape),
        service_level=level.reshape(shape),
        asa=asa.reshape(shape),
        mean_wait=mean_wait.reshape(shape),
        occupancy=np.asarray(occ, dtype=np.float64).reshape(shape),
    )


def required_agents_erlang_a(
    traffic: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    patience_seconds: npt.ArrayLike,
    target_service_level: npt.ArrayLike,
    answer_within_seconds: npt.ArrayLike,
    max_occupancy: npt.ArrayLike = 1.0,
) -> IntArray:
    """Smallest Erlang A agent count meeting a service level and occupancy cap.

    Parameters
    ----------
    traffic : array_like of float
        Offered load ``A`` in Erlangs per interval.
    aht_seconds : array_like of float
        Average handle time (> 0).
    patience_seconds : array_like of float
        Mean patience (> 0, ``inf`` for Erlang C behaviour).
    target_service_level : array_like of float
        Required share of *all* arrivals answered within ``T``, in [0, 1).
    answer_within_seconds : array_like of float
        Service-level threshold ``T``.
    max_occupancy : array_like of float, default 1.0
        Upper bound on the carried-load occupancy ``A (1 - p_abandon) / n``.

    Returns
    -------
    ndarray of int64
        Smallest ``n`` with ``service_level >= target`` and
        ``occupancy <= max_occupancy`` (see :func:`erlang_a_metrics`); 0 where
        ``A == 0``.

    Notes
    -----
    Both criteria are monotone in ``n`` (more agents: shorter queue and faster
    answers; carried load grows by less than one Erlang per added agent), so
    the answer is found by a vectorised bisection. The bracket starts at the
    Erlang C answer, which is usually an upper bound, and doubles where it is
    not (short patience makes abandoners count as failures, so Erlang A can
    need *more* agents than Erlang C when ``T`` is long relative to patience).
    A target of 1 is rejected since with finite patience it is never met.
    """
    arrays = np.broadcast_arrays(
        _float_array(traffic, "traffic"),
        _float_array(aht_seconds, "aht_seconds", positive=True),
        _float_array(patience_seconds, "patience_seconds", positive=True, allow_inf=True),
        _float_array(target_service_level, "target_service_level", upper=1.0),
        _float_array(answer_within_seconds, "answer_within_seconds"),
        _float_array(max_occupancy, "max_occupancy", positive=True, upper=1.0),
    )
    shape = arrays[0].shape
    a_all, aht_all, pat_all, target_all, within_all, occ_all = (x.ravel() for x in arrays)
    if ((target_all >= 1.0) & np.isfinite(pat_all) & (a_all > 0)).any():
        msg = "target_service_level must be < 1 with finite patience"
        raise ValueError(msg)
    result = np.zeros(a_all.size, dtype=np.int64)
    rows = np.flatnonzero(a_all > 0)
    if rows.size == 0:
        return result.reshape(shape)
    a, aht, pat = a_all[rows], aht_all[rows], pat_all[rows]
    target, within, occ = target_all[rows], within_all[rows], occ_all[rows]

    def meets(n: IntArray, sel: IntArray) -> npt.NDArray[np.bool_]:
        m = erlang_a_metrics(n, a[sel], aht[sel], pat[sel], within[sel])
        return np.asarray(
            (m.service_level >= target[sel]) & (m.occupancy <= occ[sel]), dtype=np.bool_
        )

    everything = np.arange(rows.size)
    hi = np.maximum(required_agents(a, aht, target, within, occ), 1)
    lo = np.full(rows.size, -1, dtype=np.int64)  # largest n known to fail (-1: none)
    ok = meets(hi, everything)
    pending = np.flatnonzero(~ok)
    while pending.size:  # grow the bracket where Erlang C was not enough
        lo[pending] = hi[pending]
        hi[pending] *= 2
        if (hi[pending] > 10_000_000).any():
            msg = "required_agents_erlang_a: no staffing level meets the target"
            raise RuntimeError(msg)
        pending = pending[~meets(hi[pending], pending)]
    while True:
        active = np.flatnonzero(hi - lo > 1)
        if not active.size:
            break
        mid = (lo[active] + hi[active]) // 2
        good = meets(mid, active)
        hi[active[good]] = mid[good]
        lo[active[~good]] = mid[~good]
    result[rows] = hi
    return result.reshape(shape)


# --------------------------------------------------------------------------- #
# chat concurrency
# --------------------------------------------------------------------------- #
def concurrency_factor(concurrency: int) -> float:
    """Throughput multiplier of an agent handling ``concurrency`` chats at once.

    Parameters
    ----------
    concurrency : int
        Simultaneous chats per agent (>= 1).

    Returns
    -------
    float
        Factor ``f`` such that the effective handle time is ``AHT / f``:
        ``{1: 1.0, 2: 1.7, 3: 2.5, 4: 2.9, 5: 3.5}`` (industry rule-of-thumb
        table; concurrency never scales linearly because chats interleave and
        stall each other). Above 5 the table is extended linearly with its last
        slope, 0.6 per extra chat (``3.5 + 0.6 (c - 5)``); that is optimistic
        and only meant to keep the function total.
    """
    if isinstance(concurrency, bool) or not isinstance(concurrency, int | np.integer):
        msg = "concurrency must be an integer"
        raise TypeError(msg)
    c = int(concurrency)
    if c < 1:
        msg = "concurrency must be >= 1"
        raise ValueError(msg)
    if c in _CONCURRENCY_TABLE:
        return _CONCURRENCY_TABLE[c]
    top = max(_CONCURRENCY_TABLE)
    slope = _CONCURRENCY_TABLE[top] - _CONCURRENCY_TABLE[top - 1]
    return _CONCURRENCY_TABLE[top] + slope * (c - top)
