"""The solver's value types: how to run a solve, and what it returned."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from shiftplan.status import Progress, SolveStatus

DETERMINISTIC_WORKERS = 8
"""CP-SAT workers of every deterministic solve, whatever the machine's cores.

CP-SAT's interleaved search repeats exactly only for the same number of
workers, so a fixed count makes ``--deterministic-time T --seed S`` give the
same roster on a laptop and on a 64-core server. Eight is the portfolio
CP-SAT needs to be effective (LNS, feasibility jump, LP).
"""

SAFETY_TIME_LIMIT = 3600.0
"""Wall-clock seconds a deterministic solve may take at most (a safety net)."""


LONG_HORIZON_DAYS = 90
"""Horizons at least this long (a quarter) are long: the descent takes short hinted steps
(:mod:`shiftplan.solver.heuristic`) and head-count scenarios give it half the time, unless
the team is small enough to be searched window by window (:func:`windowed`)."""

WINDOW_TEAM = 50
"""Teams of at most this many agents on a long horizon are searched four weeks at a time
(:mod:`shiftplan.solver.windows`)."""


def windowed(days: int, agents: int) -> bool:
    """Whether CP-SAT searches this horizon window by window rather than whole."""
    return days >= LONG_HORIZON_DAYS and agents <= WINDOW_TEAM


@dataclass(frozen=True)
class SolveParams:
    """How to run CP-SAT.

    Attributes
    ----------
    time_limit
        Wall-clock seconds; the best roster found by then is returned.
    workers
        Parallel search workers (0: eight or the number of cores, more; in a
        deterministic run always :data:`DETERMINISTIC_WORKERS`).
    seed
        Random seed of the search.
    deterministic_limit
        CP-SAT deterministic time limit, in CP-SAT work units (not seconds:
        how long a unit takes depends on the machine and its load). With
        it the heuristic runs to convergence regardless of the clock and
        CP-SAT interleaves a fixed number of workers, so the roster repeats
        exactly on every run and machine (as long as ``time_limit`` is not
        reached first); None for wall-clock only. See :func:`deterministic`.
    log
        Print CP-SAT's own search log.
    hint_shifts
        Candidate indices of a previous roster to start the search from.
    parameters
        Any other CP-SAT parameter by name, passed through unchanged.
    progress
        Called with a :class:`~shiftplan.status.Progress` at every improving roster.
    heuristic_share
        Share of the time limit the agent-by-agent heuristic may use before
        CP-SAT starts (0 turns it off).
    bound_share
        Share of the time limit for the column-generation lower bound
        (0 turns it off; skipped in deterministic runs). Each phase ends at
        the sum of the shares so far, so time one phase leaves goes on.
    polish_share
        Share of the time limit the descent may spend polishing the roster
        read off the column-generation relaxation.
    cp_sat_share
        Share of the time limit kept for CP-SAT at the end, at least; the
        descent may continue on the better roster until then.
    locked
        A roster (frame, or path of a roster.csv or workbook) whose shifts
        are kept exactly; see :mod:`shiftplan.locks`. Used by
        :func:`shiftplan.solve`, not by the model itself.
    lock_until
        Lock only the local days before this date (None: the whole cycle).
    """

    time_limit: float = 50.0
    workers: int = 0
    seed: int = 0
    deterministic_limit: float | None = None
    log: bool = False
    hint_shifts: frozenset[int] | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    progress: Callable[[Progress], None] | None = None
    heuristic_share: float = 0.2
    bound_share: float = 0.65
    polish_share: float = 0.1
    cp_sat_share: float = 0.05
    locked: Any = None
    lock_until: date | None = None

    def for_head_count(self, days: int, agents: int) -> SolveParams:
        """The shares for a team whose only demand is head-count per shift type.

        Without interval demand the whole model is small and CP-SAT's own
        search is strong, so it gets 30% of the time (unless the caller chose
        the shares), where the interval case gives it 5%: the descent's fifth
        is cut to a twentieth. Column generation keeps 60%: its integer
        master is CP-SAT's starting roster, its relaxation decides the days
        CP-SAT searches around first, and its bound is proven. With CP-SAT at
        50% and column generation at 40%, Curtois Instance8 ended at 1,778
        and Instance9 at 914, against 1,479 and 621 with these shares (60 s,
        the same loaded machine back to back; Instance7 1,059 and 1,060).

        On a horizon of ``LONG_HORIZON_DAYS`` or more the whole model is not
        small (Curtois Instance24: a million candidate shifts, 30 s to build,
        nothing found in 104 s of search, 4.2 GB): the descent gets half the
        time, column generation 40% and CP-SAT 5%, which the phases skip when
        the model cannot even be built in it. Instance24 at 300 s: 616,509
        against 1,401,555 with the shares above; Instance21 (182 days)
        253,336 with them against 68,411 before they were raised.

        A team small enough to be searched four weeks at a time
        (:func:`windowed`) gives column generation 45%, CP-SAT's windows 45%
        and the descent 5%. Since the day programs price long horizons
        (0.16 s an employee on 182 days) column generation proves a bound
        there, and its relaxation's roster is a far better start for the
        windows than the descent's: Curtois Instance20 (50 employees x 182
        days) at 300 s ends at 5,522-6,157 with a bound of 4,142-4,631 (best
        known 4,769; two runs), against 6,913-7,147 and no bound with the
        descent at 20%, column generation at 10% and the windows at 65% (two
        runs, the same machine and hour). Where a pricing round cannot finish
        (Instance22, 364 days: the program's arrays would not fit, and CP-SAT
        is too slow) column generation gives up at once and the descent takes
        its time: 175,412 against 178,013.
        """
        defaults = SolveParams()
        shares = ("heuristic_share", "bound_share", "polish_share", "cp_sat_share")
        if any(getattr(self, name) != getattr(defaults, name) for name in shares):
            return self
        if windowed(days, agents):
            return replace(
                self, heuristic_share=0.05, bound_share=0.45, polish_share=0.05, cp_sat_share=0.45
            )
        if days >= LONG_HORIZON_DAYS:
            return replace(
                self, heuristic_share=0.5, bound_share=0.4, polish_share=0.05, cp_sat_share=0.05
            )
        return replace(
            self, heuristic_share=0.05, bound_share=0.6, polish_share=0.05, cp_sat_share=0.3
        )

    @property
    def is_deterministic(self) -> bool:
        """Whether the solve stops on CP-SAT work units rather than the clock."""
        return self.deterministic_limit is not None


def deterministic(params: SolveParams, work_units: float) -> SolveParams:
    """The deterministic-time policy: the same roster on every run and machine.

    Used by ``shiftplan solve --deterministic-time`` and by the what-if
    verification, so both solve a scenario the same way.

    Parameters
    ----------
    params
        The parameters to make deterministic (seed, log, progress are kept).
    work_units
        CP-SAT deterministic time limit, in CP-SAT work units (not seconds).

    Returns
    -------
    SolveParams
        With the deterministic limit set, the worker count fixed at
        :data:`DETERMINISTIC_WORKERS` unless one was chosen explicitly, and
        the wall clock only a safety net of at least an hour.
    """
    return replace(
        params,
        deterministic_limit=work_units,
        workers=params.workers or DETERMINISTIC_WORKERS,
        # The deterministic budget decides; the clock is only a safety net.
        time_limit=max(params.time_limit, SAFETY_TIME_LIMIT),
    )


@dataclass(frozen=True)
class ModelOutcome:
    """What the search returned, as candidate indices.

    The allocation of agents to queues is not part of it: the reports
    recompute the best allocation from the roster itself.
    """

    status: SolveStatus
    shifts: list[int]
    objective: int | None
    bound: int | None
    runtime: float
    heuristic_shifts: list[int] | None = None
