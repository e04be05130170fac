"""Pricing by dynamic programming over days: an agent's best schedule without a solver.

Column generation asks, every round and for every agent type, which
schedule keeping all of the agent's hard rules is worth most at the
current prices (:mod:`shiftplan.solver.bound`). CP-SAT answers in about
55 ms on 28 days, but on long horizons a round takes seconds to minutes
(Curtois Instance20: 50 employees x 182 days, not one round in 28 s).
Every hard rule of one agent is a rule about a walk through its days, so
the same question is a shortest path over days whose states carry what the
rules need to remember (a resource-constrained shortest path, solved here
by backward dynamic programming over dense arrays, compiled):

* what the agent worked yesterday, as the *class* of its shift: the shifts
  that may follow it today (forbidden successions and minimum rest),
* the length of the current run of working days or of days off (maximum and
  minimum consecutive days, minimum consecutive days off; a run touching
  either end of the cycle is exempt from the minimum, as in the model),
* minutes over the cycle, minutes and days in the current 7-day block,
* weekends worked so far and whether the current weekend is worked,
* shifts of each type whose maximum can bind.

Only what can bind is tracked: a Curtois employee's week limits (0-168
hours) take no dimension. The arrays are the cost-to-go from each state; a
forward walk then picks, day by day, the action that keeps to it, and the
walks that leave it once are the runners-up. The answer is exact: the
ceiling it returns is the best schedule's worth, not a bound on it.

Both passes are loops over flat arrays compiled by Numba (``nogil``, so the
two pricing threads run on both cores; ``cache``, so the compiling is paid
once per installation). They replaced the same program in NumPy array
operations, which picked the same schedules 4-11 times slower: per Curtois
employee, 0.7 ms against 7.3 ms on Instance8 (28 days), 3.4 against 19.5 on
Instance13 (28 days, 18 shift types), 41 against 151 on Instance20 (182 days).

Shift-type maxima multiply the arrays by their sizes, so
:class:`ProgramPricer` leaves them out first and brings them in only where
the best walk breaks one.
Where the rules need more than the states hold (rest that reaches past the
next day) or the arrays would be too large, the caller prices with CP-SAT
instead (:func:`pricer` returns None).
"""

from __future__ import annotations

import heapq
import math
import threading
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from numba import njit
from numpy.typing import NDArray

from shiftplan.solver.constraints.weekends import weekends_of
from shiftplan.solver.constraints.weekly_hours import cycle_limits, week_limits
from shiftplan.solver.data import ModelData

MAX_CELLS = 40_000_000
"""Cost-to-go cells kept for the forward walk (4 bytes each) above which CP-SAT prices the agent.
Curtois Instance20's employees (182 days, minutes and weekends tracked) need up to 15 million."""

#: Resource axes of the state arrays, after the control axis.
AXES = ("minutes", "week_minutes", "week_days", "weekends", "weekend_flag")


@dataclass(frozen=True)
class _Day:
    """One day's choices: the agent's shifts that day and what each does to the state."""

    positions: NDArray[np.int64]  # positions in the agent's candidates
    units: NDArray[np.int64]  # length in minute units
    counter: NDArray[np.int64]  # tracked shift-type counter, or -1
    klass: NDArray[np.int64]  # tomorrow's class of each shift
    follows: NDArray[np.bool_]  # (yesterday's classes, shifts): may this shift follow
    off: bool  # a day off is allowed (not on a locked day)
    weekend: int  # 0: not a weekend day; 1: a weekend day, not its last; 2: a weekend's last day
    block: tuple[int, int, int, int] | None  # (low, high) minute units and days, if a block ends


_Arrays = tuple[Any, ...]
"""A :class:`_Flat`'s fields as one tuple, the way the compiled kernels take them."""


@dataclass(frozen=True)
class _Flat:
    """A program's days as padded arrays, for the compiled kernels.

    A walk's state is (work or off, yesterday's class, the run's length
    index, the resources as one flat index into ``sizes``). What an action
    does to the resources is a table per distinct (works, units, counter,
    end of a block, weekend day): ``step[table, r]`` is the flat index after
    it, or -1 where a rule is broken. A day's shifts that lead to the same
    class tomorrow through the same table are one *group*: they differ only
    in their worth, so one pass over the states serves them all.
    """

    count: NDArray[np.int64]  # (days,) shifts each day
    position: NDArray[np.int64]  # (days, most shifts): position in the agent's candidates
    group: NDArray[np.int64]  # (days, most shifts): the shift's group that day
    follows: NDArray[np.bool_]  # (days, classes, most shifts): may follow yesterday's class
    groups: NDArray[np.int64]  # (days,) groups each day
    group_class: NDArray[np.int64]  # (days, most groups): tomorrow's class
    group_step: NDArray[np.int64]  # (days, most groups): its step table
    off: NDArray[np.bool_]  # (days,) a day off is allowed
    off_step: NDArray[np.int64]  # (days,) the step table of a day off
    step: NDArray[np.int32]  # (tables, resource states)
    successor: NDArray[np.int64]  # (work states,) after one more working day, -1: too long
    ending: NDArray[np.bool_]  # (work states,) a day off may follow
    next_off: NDArray[np.int64]  # (off states,) after one more day off
    starting: NDArray[np.bool_]  # (off states,) a working day may follow
    first_run: int  # the work state of a run starting on day 0
    terminal: NDArray[np.float64]  # (resource states,) cost at the end

    def arrays(self) -> _Arrays:
        """Everything but the terminal cost, in the order the kernels unpack it."""
        return (
            self.count, self.position, self.group, self.follows, self.groups,
            self.group_class, self.group_step, self.off, self.off_step, self.step,
            self.successor, self.ending, self.next_off, self.starting, self.first_run,
        )  # fmt: skip


@njit(cache=True, nogil=True)
def _work_today(
    row: NDArray[np.float64],
    worth: NDArray[np.float64],
    run: int,
    groups: int,
    group_class: NDArray[np.int64],
    group_step: NDArray[np.int64],
    step: NDArray[np.int32],
    next_work: NDArray[np.float64],
) -> None:
    """Lower ``row`` (one state's cost-to-go per resource state) by working one of today's groups.

    ``worth[g]`` is the cheapest shift of group ``g`` allowed from the state
    (infinite: none); working it leads to tomorrow's class of the group, work
    state ``run`` and the resources its step table gives.
    """
    for g in range(groups):
        c = worth[g]
        if c == np.inf:
            continue
        table = step[group_step[g]]
        tomorrow = next_work[group_class[g], run]
        for r in range(row.shape[0]):
            a = table[r]
            if a >= 0:
                v = c + tomorrow[a]
                if v < row[r]:
                    row[r] = v


@njit(cache=True, nogil=True)
def _backward(
    costs: NDArray[np.float64],
    arrays: _Arrays,
    terminal: NDArray[np.float64],
    work_to_go: NDArray[np.float32],
    off_to_go: NDArray[np.float32],
    start_work: bool,
    start_index: int,
) -> float:
    """Cost-to-go of every state of every day, backwards; the start state's, in full precision.

    Fills ``work_to_go[d]`` (classes, work states, resources) and
    ``off_to_go[d]`` (off states, resources) with the cost from day ``d``
    on, in single precision (enough to steer the walk); day ``days`` is the
    terminal cost. The sums themselves run in double precision.
    """
    (flat_count, position, group, follows, groups, group_class, group_step, off, off_step,
     step, successor, ending, next_off, starting, first_run) = arrays  # fmt: skip
    days, classes, work_states, resources = work_to_go.shape
    days -= 1
    off_states = off_to_go.shape[1]
    inf = np.inf
    next_work = np.empty((classes, work_states, resources))
    next_rest = np.empty((off_states, resources))
    for k in range(classes):
        for w in range(work_states):
            next_work[k, w] = terminal
    for o in range(off_states):
        next_rest[o] = terminal
    work_to_go[days] = next_work.astype(np.float32)
    off_to_go[days] = next_rest.astype(np.float32)
    now_work = np.empty_like(next_work)
    now_rest = np.empty_like(next_rest)
    most_groups = group_class.shape[1]
    cheapest = np.empty((classes, most_groups))
    anyhow = np.empty(most_groups)
    for d in range(days - 1, -1, -1):
        now_work[:] = inf
        now_rest[:] = inf
        count = flat_count[d]
        cheapest[:] = inf
        anyhow[:] = inf
        for s in range(count):
            g = group[d, s]
            c = costs[position[d, s]]
            if c < anyhow[g]:
                anyhow[g] = c
            for k in range(classes):
                if follows[d, k, s] and c < cheapest[k, g]:
                    cheapest[k, g] = c
        rest_step = step[off_step[d]]
        for k in range(classes):
            for w in range(work_states):
                row = now_work[k, w]
                if off[d] and ending[w]:
                    for r in range(resources):
                        a = rest_step[r]
                        if a >= 0:
                            row[r] = next_rest[0, a]
                after = successor[w]
                if after < 0:
                    continue
                _work_today(
                    row,
                    cheapest[k],
                    after,
                    groups[d],
                    group_class[d],
                    group_step[d],
                    step,
                    next_work,
                )
        run = first_run if d == 0 else 0
        for o in range(off_states):
            row = now_rest[o]
            if off[d]:
                tomorrow = next_rest[next_off[o]]
                for r in range(resources):
                    a = rest_step[r]
                    if a >= 0:
                        row[r] = tomorrow[a]
            if not starting[o]:
                continue
            _work_today(row, anyhow, run, groups[d], group_class[d], group_step[d], step, next_work)
        work_to_go[d] = now_work.astype(np.float32)
        off_to_go[d] = now_rest.astype(np.float32)
        now_work, next_work = next_work, now_work
        now_rest, next_rest = next_rest, now_rest
    if start_work:
        return float(next_work[0, start_index, 0])
    return float(next_rest[start_index, 0])


@njit(cache=True, nogil=True)
def _walk(
    costs: NDArray[np.float64],
    arrays: _Arrays,
    work_to_go: NDArray[np.float32],
    off_to_go: NDArray[np.float32],
    state: NDArray[np.int64],
    first: int,
    turns: NDArray[np.float64],
) -> tuple[bool, NDArray[np.int64], int]:
    """Follow the cost-to-go forward from ``state`` (work?, class, run, resources) on day ``first``.

    Returns whether the walk reached the end, the shift worked each day
    (-1: a day off) and how many rows of ``turns`` it filled: every other
    action worth taking on the way, as (the whole walk's cost if it turned
    there, day, shift or -1, the state after it as four numbers). Pass a
    ``turns`` of no rows to record none.
    """
    (flat_count, position, group, follows, _, group_class, group_step, off, off_step,
     step, successor, ending, next_off, starting, first_run) = arrays  # fmt: skip
    days = work_to_go.shape[0] - 1
    chosen = np.full(days, -1, dtype=np.int64)
    works, klass, index, r = state[0], state[1], state[2], state[3]
    spent = 0.0
    filled = 0
    most = flat_count.max() + 1
    values = np.empty(most)
    afters = np.empty((most, 4), dtype=np.int64)
    shifts = np.empty(most, dtype=np.int64)
    for d in range(first, days):
        options = 0
        if off[d]:
            rest = -1
            if works == 0:
                rest = min(index + 1, next_off.shape[0] - 1)
            elif ending[index]:
                rest = 0
            a = step[off_step[d], r]
            if rest >= 0 and a >= 0:
                values[options] = off_to_go[d + 1, rest, a]
                shifts[options] = -1
                afters[options, 0], afters[options, 1] = 0, 0
                afters[options, 2], afters[options, 3] = rest, a
                options += 1
        for s in range(flat_count[d]):
            if works == 0:
                if not starting[index]:
                    continue
                run = first_run if d == 0 else 0
            else:
                if not follows[d, klass, s]:
                    continue
                run = successor[index]
                if run < 0:
                    continue
            g = group[d, s]
            a = step[group_step[d, g], r]
            if a < 0:
                continue
            tomorrow = group_class[d, g]
            values[options] = costs[position[d, s]] + work_to_go[d + 1, tomorrow, run, a]
            shifts[options] = s
            afters[options, 0], afters[options, 1] = 1, tomorrow
            afters[options, 2], afters[options, 3] = run, a
            options += 1
        if options == 0:
            return False, chosen, filled
        best = 0
        for option in range(1, options):
            if values[option] < values[best]:
                best = option
        if not np.isfinite(values[best]):
            return False, chosen, filled
        if turns.shape[0] > 0:
            for option in range(options):
                if option != best and np.isfinite(values[option]):
                    turns[filled, 0] = spent + values[option]
                    turns[filled, 1] = d
                    turns[filled, 2] = shifts[option]
                    for i in range(4):
                        turns[filled, 3 + i] = afters[option, i]
                    filled += 1
        s = shifts[best]
        works, klass, index, r = afters[best, 0], afters[best, 1], afters[best, 2], afters[best, 3]
        if s >= 0:
            chosen[d] = s
            spent += costs[position[d, s]]
    return True, chosen, filled


@dataclass
class DayProgram:
    """One agent's hard rules as a dynamic program over its days.

    Build with :func:`day_program`; :meth:`best` prices a vector of shift values.
    """

    flat: _Flat
    sizes: tuple[int, ...]  # resource axes: AXES, then one per tracked counter
    start: tuple[str, int]  # ("work", length index) or ("off", length index) before day 0
    relaxed: dict[int, int]  # untracked shift-type maxima: type -> most
    tracked: frozenset[int]  # shift types whose maxima take a dimension
    kinds: NDArray[np.int64]  # shift type of each of the agent's candidates

    @property
    def cells(self) -> int:
        """Cost-to-go cells kept for the walk."""
        flat = self.flat
        days = len(flat.count) + 1
        classes = flat.follows.shape[1]
        return days * (classes * len(flat.successor) + len(flat.next_off)) * len(flat.terminal)

    def _to_go(
        self, values: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float32], NDArray[np.float32], float]:
        """Costs (minus ``values``), the cost-to-go of every state, and the start's."""
        flat = self.flat
        costs = -np.ascontiguousarray(values, dtype=np.float64)
        days = len(flat.count)
        classes = flat.follows.shape[1]
        resources = len(flat.terminal)
        work_to_go = np.empty((days + 1, classes, len(flat.successor), resources), np.float32)
        off_to_go = np.empty((days + 1, len(flat.next_off), resources), np.float32)
        kind, index = self.start
        value = _backward(
            costs, flat.arrays(), flat.terminal, work_to_go, off_to_go, kind == "work", index,
        )  # fmt: skip
        return costs, work_to_go, off_to_go, value

    def best(
        self, values: NDArray[np.float64], others: int = 0
    ) -> tuple[list[int], float, list[list[int]]] | frozenset[int] | None:
        """The schedule worth most at ``values`` (per candidate position), its worth, runners-up.

        Returns positions into the agent's candidates; where the best walk
        breaks shift-type maxima left out of the arrays, those shift types
        instead (see :class:`ProgramPricer`); None if the walk cannot be
        followed. No schedule at all gives ``([], -inf, [])``.
        The ``others`` runners-up are the best walks that leave the best one
        on some day (each the best of those that leave it on that day with
        that action), cheapest first: near-best schedules that cost no
        search, as CP-SAT's runners-up cost none.
        """
        flat = self.flat
        costs, work_to_go, off_to_go, value = self._to_go(values)
        days = len(flat.count)
        kind, index = self.start
        arrays = flat.arrays()
        if not math.isfinite(value):
            return [], -math.inf, []

        def walk(
            state: NDArray[np.int64], first: int, turns: NDArray[np.float64]
        ) -> tuple[bool, NDArray[np.int64], int]:
            return _walk(
                costs, arrays, work_to_go, off_to_go, state, first, turns,
            )  # fmt: skip

        begin = np.array([int(kind == "work"), 0, index, 0], dtype=np.int64)
        room = days * (flat.position.shape[1] + 1) if others else 0
        turns = np.empty((room, 7))
        ended, walked, filled = walk(begin, 0, turns)
        if not ended:
            return None
        worked = [int(d) for d in np.flatnonzero(walked >= 0)]
        chosen = [int(flat.position[d, walked[d]]) for d in worked]
        broken = self.broken(chosen)
        if broken:
            return broken
        found: list[list[int]] = []
        none = np.empty((0, 7))
        for row in turns[np.argsort(turns[:filled, 0], kind="stable")]:
            if len(found) == others:
                break
            number, shift = int(row[1]), int(row[2])
            ended, rest, _ = walk(row[3:].astype(np.int64), number + 1, none)
            if not ended:
                continue
            turned = [int(flat.position[d, walked[d]]) for d in worked if d < number]
            if shift >= 0:
                turned.append(int(flat.position[number, shift]))
            turned.extend(
                int(flat.position[d, rest[d]]) for d in range(number + 1, days) if rest[d] >= 0
            )
            if not self.broken(turned):
                found.append(turned)
        return chosen, -value, found

    def within(
        self, values: NDArray[np.float64], floor: float, most: int, deadline: float = math.inf
    ) -> tuple[list[list[int]], bool]:
        """The ``most`` schedules worth most at ``values`` of those worth ``floor`` or more.

        Returns them best first, and whether they are all of them: False when
        the search stopped at ``most``, at the ``deadline`` (``perf_counter``
        seconds), or after walking many times ``most`` schedules that break a
        maximum left out.

        A walk is the best walk from its start with one other action taken
        on some day, then the best walk from there, and so on: each schedule
        is the best one from the state it is in after the last day it turns.
        So a search that, from each schedule found, tries every other action
        after the day it turned, meets every schedule exactly once; taking
        the one with the best worth next (its worth is known before it is
        walked), it meets them best first and stops at ``floor``. The
        cost-to-go is exact, or optimistic where maxima are left out, so
        nothing worth ``floor`` is missed; schedules that break a maximum
        left out are skipped, and the search goes on past them.
        """
        flat = self.flat
        costs, work_to_go, off_to_go, value = self._to_go(values)
        days = len(flat.count)
        kind, index = self.start
        arrays = flat.arrays()
        # The cost-to-go is kept in single precision: a hair of room.
        limit = -floor + 1e-6 * (abs(floor) + float(np.abs(costs).sum()))
        if not math.isfinite(value) or value > limit:
            return [], True
        room = days * (flat.position.shape[1] + 1)
        found: list[list[int]] = []
        begin = np.array([int(kind == "work"), 0, index, 0], dtype=np.int64)
        # (cost, tie-break, state, first day, shifts before it, their cost)
        waiting: list[tuple[float, int, NDArray[np.int64], int, list[int], float]] = [
            (value, 0, begin, 0, [], 0.0)
        ]
        pushed = 1
        walks = 0
        # Each walk's turns are read (and copied) before the next walk writes.
        turns = np.empty((room, 7))
        while waiting:
            walks += 1
            if len(found) == most or walks > 20 * most + 1000:
                return found, False
            if walks % 256 == 0 and time.perf_counter() > deadline:
                return found, False
            _, _, state, first, prefix, spent = heapq.heappop(waiting)
            ended, walked, filled = _walk(
                costs, arrays, work_to_go, off_to_go, state, first, turns,
            )  # fmt: skip
            if not ended:
                return found, False  # a walk the cost-to-go promised; not to be trusted
            worked = [d for d in range(first, days) if walked[d] >= 0]
            tail = [int(flat.position[d, walked[d]]) for d in worked]
            if not self.broken(prefix + tail):
                found.append(prefix + tail)
            for row in turns[:filled]:
                if spent + row[0] > limit:
                    continue
                number, shift = int(row[1]), int(row[2])
                before = [p for d, p in zip(worked, tail, strict=True) if d < number]
                if shift >= 0:
                    before.append(int(flat.position[number, shift]))
                paid = spent + float(costs[before].sum())
                after = row[3:].astype(np.int64)
                heapq.heappush(
                    waiting, (spent + row[0], pushed, after, number + 1, prefix + before, paid)
                )
                pushed += 1
        return found, True

    def broken(self, positions: list[int]) -> frozenset[int]:
        """The shift types whose maxima (left out of the arrays) a walk breaks; empty: none."""
        if not self.relaxed:
            return frozenset()
        kinds = self.kinds[positions]
        return frozenset(k for k, most in self.relaxed.items() if int(np.sum(kinds == k)) > most)


class ProgramPricer:
    """An agent's program, tracking a shift-type maximum only once a best walk breaks it.

    Maxima multiply the arrays by their sizes (Curtois Instance18: 41 and 44
    late shifts in 84 days, 44 times the work), yet at most prices the best
    walk keeps them anyway: then it is the best schedule of the full rules
    too. Where it breaks some, the program is built again tracking those as
    well, and so on until the best walk keeps every maximum, or the arrays
    would not fit in ``max_cells`` (then CP-SAT answers). The program grows
    and stays grown for the agent's later rounds, as decremental state-space
    relaxation does for vehicle routing's elementary paths. Tracking every
    maximum at once did not fit for most of Curtois Instance13's employees
    (18 shift types, seven maxima that can bind), which left their pricing
    to CP-SAT. Penalising the broken maxima instead (Lagrangian relaxation)
    gives a valid ceiling too, but a loose one: on Instance19 the bound after
    120 s of column generation fell from 2,835 to 2,016.
    """

    def __init__(
        self, data: ModelData, agent: int, light: DayProgram, max_cells: int = MAX_CELLS
    ) -> None:
        self.data = data
        self.agent = agent
        self.max_cells = max_cells
        self.program = light
        self.too_large: list[frozenset[int]] = []

    def best(
        self, values: NDArray[np.float64], others: int = 0
    ) -> tuple[list[int], float, list[list[int]]] | None:
        """See :meth:`DayProgram.best`; None: ask CP-SAT."""
        program = self.program
        while True:
            found = program.best(values, others)
            if not isinstance(found, frozenset):
                return found
            # Each pass tracks at least one maximum more, so this ends.
            wanted = program.tracked | found
            if any(large <= wanted for large in self.too_large):
                return None
            grown = day_program(self.data, self.agent, self.max_cells, track_maxima=wanted)
            if grown is None or not wanted <= grown.tracked:
                self.too_large.append(wanted)
                return None
            self.program = program = grown

    def within(
        self, values: NDArray[np.float64], slack: float, most: int, deadline: float = math.inf
    ) -> tuple[list[list[int]], bool] | None:
        """The ``most`` best schedules of those worth at most ``slack`` less than the best.

        See :meth:`DayProgram.within`; None if the best is for CP-SAT to find
        (or to explain: no schedule at all).
        """
        best = self.best(values)
        if best is None or not math.isfinite(best[1]):
            return None
        # The program now tracks every maximum the best walk would break:
        # its best is the rules' best, the floor exact.
        return self.program.within(values, best[1] - slack, most, deadline)


_COMPILED = threading.Event()
_WARMING = threading.Lock()
_warming_started = False


def warm_up() -> None:
    """Compile the kernels (or load them from Numba's cache) in a background thread.

    Compiling takes about 11 s on the 2-core machine, once per installation;
    loading the cached code about 0.6 s. A solve starts this at once, so the
    first roster and the descent run meanwhile, and column generation prices
    with CP-SAT until :func:`compiled` says the programs are ready: a first
    run after installing is not held up (the example's bound was 520 instead
    of about 2,840 when its pricing threads waited for the compiler).
    """
    global _warming_started
    with _WARMING:
        if _warming_started:
            return
        _warming_started = True
    threading.Thread(target=_compile, name="shiftplan-day-programs", daemon=True).start()


def compiled() -> bool:
    """Whether the kernels are ready (see :func:`warm_up`)."""
    return _COMPILED.is_set()


def compile_now() -> None:
    """Compile the kernels in this thread, if not yet: for a caller that must price by program."""
    if not _COMPILED.is_set():
        _compile()


def _compile() -> None:
    """Run a one-day program through the same construction as a real one: compiles both kernels."""
    day = _Day(
        positions=np.zeros(1, dtype=np.int64),
        units=np.ones(1, dtype=np.int64),
        counter=np.full(1, -1, dtype=np.int64),
        klass=np.zeros(1, dtype=np.int64),
        follows=np.ones((1, 1), dtype=bool),
        off=True,
        weekend=0,
        block=None,
    )
    sizes = (1, 1, 1, 1, 1)
    runs = _Runs(capw=1, limit_binds=False, min_work=1, capo=1, min_off=1)
    flat = _flatten([day], sizes, runs, np.zeros(1))
    program = DayProgram(flat, sizes, ("off", 0), {}, frozenset(), np.zeros(1, dtype=np.int64))
    program.best(np.ones(1), others=1)
    _COMPILED.set()


def pricer(data: ModelData, agent: int) -> ProgramPricer | None:
    """The agent's :class:`ProgramPricer`, or None if its rules need CP-SAT."""
    light = day_program(data, agent, track_maxima=False)
    return None if light is None else ProgramPricer(data, agent, light)


def day_program(
    data: ModelData,
    agent: int,
    max_cells: int = MAX_CELLS,
    track_maxima: bool | frozenset[int] = True,
) -> DayProgram | None:
    """The agent's hard rules as a :class:`DayProgram`, or None if they need more.

    With ``track_maxima`` false, no shift-type maximum takes a dimension:
    each is checked on the best walk instead (see :class:`ProgramPricer`);
    with a set of shift types, only theirs do (each while the arrays fit).

    Reads the rules from the same data the hard constraint families read
    (:mod:`shiftplan.solver.constraints`), so the schedules it finds keep
    exactly the rules CP-SAT's agent model keeps.
    """
    candidates = data.candidates
    contract = data.contract(agent)
    mine = candidates.of_agent(agent)
    days = data.days
    rest = round(contract.min_rest_hours * 60)
    previous_end = data.previous_end(agent)
    position_of = {int(s): i for i, s in enumerate(mine.tolist())}
    names = [shift.name for shift in contract.shift_types]
    followers: dict[int, set[int]] = {}
    for earlier_type, later_type in contract.forbidden_successions:
        followers.setdefault(names.index(earlier_type), set()).add(names.index(later_type))
    maxima = {names.index(name): most for name, most in contract.max_shifts.items()}
    on_day: list[list[int]] = []
    for day in range(days):
        shifts = [int(s) for s in data.shifts_by_agent_day.get((agent, day), ())]
        if previous_end is not None:
            shifts = [s for s in shifts if candidates.start[s] >= previous_end + rest]
        shifts = [s for s in shifts if maxima.get(int(candidates.kind[s]), 1) > 0]
        locked = [s for s in shifts if candidates.locked[s]]
        on_day.append(locked[:1] if locked else shifts)
    # Rest reaching past the next day is more than yesterday's class can say.
    for day in range(days - 2):
        if on_day[day]:
            latest = max(int(candidates.end[s]) for s in on_day[day])
            later = [s for d in range(day + 2, days) for s in on_day[d]]
            if later and min(int(candidates.start[s]) for s in later) < latest + rest:
                return None
    lengths = [int(candidates.length[s]) for shifts in on_day for s in shifts]
    unit = math.gcd(*lengths) if lengths else 1

    def may_follow(earlier: int, later: int) -> bool:
        if candidates.start[later] < candidates.end[earlier] + rest:
            return False
        kind = int(candidates.kind[earlier])
        return int(candidates.kind[later]) not in followers.get(kind, ())

    # Classes: today's shifts grouped by which of tomorrow's shifts may follow them.
    klass: list[NDArray[np.int64]] = []
    rows: list[NDArray[np.bool_]] = []
    for day in range(days):
        tomorrow = on_day[day + 1] if day + 1 < days else []
        table = np.array(
            [[may_follow(s, t) for t in tomorrow] for s in on_day[day]], dtype=bool
        ).reshape(len(on_day[day]), len(tomorrow))
        if not on_day[day] or not tomorrow:
            unique = np.ones((1, len(tomorrow)), dtype=bool)
            inverse = np.zeros(len(on_day[day]), dtype=np.int64)
        else:
            unique, inverse = np.unique(table, axis=0, return_inverse=True)
        klass.append(np.asarray(inverse, dtype=np.int64).reshape(-1))
        rows.append(unique)
    # Resources: only those whose limits can bind.
    most_per_day = [
        max((int(candidates.length[s]) for s in shifts), default=0) for shifts in on_day
    ]
    sizes = [1, 1, 1, 1, 1]
    cycle = cycle_limits(data, agent)
    terminal_minutes: tuple[int, int] | None = None
    if cycle is not None:
        low, high = cycle
        if high < 0:
            return None  # no schedule at all: let CP-SAT say so
        if low > 0 or high < sum(most_per_day):
            sizes[0] = high // unit + 1
            terminal_minutes = (-(-low // unit), high // unit)
    weeks = week_limits(data, agent)
    block_of: dict[int, tuple[int, int, int, int]] = {}
    for week in weeks:
        possible = sum(most_per_day[week.first : week.stop])
        working = sum(1 for d in range(week.first, week.stop) if on_day[d])
        if week.low_minutes > 0 or week.high_minutes < possible:
            sizes[1] = max(sizes[1], week.high_minutes // unit + 1)
        if week.low_days > 0 or week.high_days < working:
            sizes[2] = max(sizes[2], week.high_days + 1)
        block_of[week.stop - 1] = (
            -(-week.low_minutes // unit),
            week.high_minutes // unit,
            week.low_days,
            week.high_days,
        )
    weekend_day: dict[int, int] = {}
    needed = contract.min_weekends_off
    if needed > 0:
        weekends = weekends_of(data, agent)
        allowed = len(weekends) - needed
        if allowed < 0:
            return None
        worked_possible = sum(1 for w in weekends if any(on_day[d] for d in w))
        if allowed < worked_possible:
            sizes[3] = allowed + 1
            if any(len(w) > 1 for w in weekends):
                sizes[4] = 2
            for w in weekends:
                for d in w[:-1]:
                    weekend_day[d] = 1
                weekend_day[w[-1]] = 2
    # Shift-type maxima that can bind, fewest first, while the arrays fit.
    binding = sorted(
        (most, kind)
        for kind, most in maxima.items()
        if most < sum(1 for shifts in on_day if any(candidates.kind[s] == kind for s in shifts))
    )
    limit = contract.max_consecutive_days
    before = data.previous_run(agent)
    limit_binds = limit < days + before
    min_work = contract.min_consecutive_days
    capw = limit if limit_binds else max(min_work, 1)
    capo = max(contract.min_consecutive_days_off, 1)
    controls = max(len(r) for r in rows) * (capw + max(min_work - 1, 0)) + capo

    def cells(extra: list[int]) -> int:
        return days * controls * math.prod(sizes) * math.prod(extra)

    counters: list[int] = []
    relaxed: dict[int, int] = {}
    for most, kind in binding:
        wanted = track_maxima if isinstance(track_maxima, bool) else kind in track_maxima
        if wanted and cells([maxima[k] + 1 for k in [*counters, kind]]) <= max_cells:
            counters.append(kind)
        else:
            relaxed[kind] = most
    if cells([maxima[k] + 1 for k in counters]) > max_cells:
        return None
    counter_of = {kind: i for i, kind in enumerate(counters)}
    all_sizes = (*sizes, *(maxima[k] + 1 for k in counters))
    built: list[_Day] = []
    for day in range(days):
        shifts = on_day[day]
        # Yesterday's classes (one, allowing all, after a day with no shifts or before day 0).
        follows = rows[day - 1] if day > 0 else np.ones((1, len(shifts)), dtype=bool)
        built.append(
            _Day(
                positions=np.array([position_of[s] for s in shifts], dtype=np.int64),
                units=np.array([int(candidates.length[s]) // unit for s in shifts], dtype=np.int64),
                counter=np.array(
                    [counter_of.get(int(candidates.kind[s]), -1) for s in shifts], dtype=np.int64
                ),
                klass=klass[day],
                follows=follows,
                off=not any(candidates.locked[s] for s in shifts),
                weekend=weekend_day.get(day, 0),
                block=block_of.get(day),
            )
        )
    terminal = np.zeros(all_sizes)
    if terminal_minutes is not None:
        low, high = terminal_minutes
        outside = (np.arange(all_sizes[0]) < low) | (np.arange(all_sizes[0]) > high)
        terminal[outside] = np.inf
    if all_sizes[4] > 1:
        terminal[:, :, :, :, 1] = np.inf
    if before > 0:
        if before < min_work:
            start = ("work", capw + before - 1)
        else:
            start = ("work", min(before, capw) - 1)
    else:
        start = ("off", capo - 1)
    runs = _Runs(capw, limit_binds, min_work, capo, contract.min_consecutive_days_off)
    return DayProgram(
        flat=_flatten(built, all_sizes, runs, terminal.reshape(-1)),
        sizes=all_sizes,
        start=start,
        relaxed=relaxed,
        tracked=frozenset(counters),
        kinds=candidates.kind[mine],
    )


@dataclass(frozen=True)
class _Runs:
    """The rules on runs of working days and of days off."""

    capw: int  # work-run lengths tracked 1..capw (saturating when the maximum cannot bind)
    limit_binds: bool  # the maximum run of working days can bind
    min_work: int
    capo: int  # off-run lengths tracked 1..capo (saturating)
    min_off: int

    @property
    def work_states(self) -> int:
        """Work-run states: lengths 1..capw, then the exempt lengths 1..min_work-1."""
        return self.capw + max(self.min_work - 1, 0)

    def next_work(self, index: int) -> int:
        """The work-run state after one more working day, or -1 if it would be too long."""
        if index >= self.capw:  # exempt run of length index - capw + 1
            length = index - self.capw + 2
            if length < self.min_work:
                return self.capw + length - 1
        else:
            length = index + 2
        if length > self.capw:
            return -1 if self.limit_binds else self.capw - 1
        return length - 1

    def may_end(self, index: int) -> bool:
        """Whether a work run in this state may be followed by a day off."""
        return index >= self.capw or index + 1 >= self.min_work


def _flatten(
    built: list[_Day], sizes: tuple[int, ...], runs: _Runs, terminal: NDArray[np.float64]
) -> _Flat:
    """The days as padded arrays, with a step table per distinct action (see :class:`_Flat`)."""
    days = len(built)
    most = max(1, *(len(day.positions) for day in built))
    classes = max(day.follows.shape[0] for day in built)
    resources = _Resources(sizes)
    tables: dict[tuple[object, ...], int] = {}

    def table(day: _Day, works: bool, units: int, counter: int) -> int:
        key = (works, units, counter, day.block, day.weekend)
        if key not in tables:
            tables[key] = len(tables)
            resources.add(day, works, units, counter)
        return tables[key]

    count = np.zeros(days, dtype=np.int64)
    position = np.zeros((days, most), dtype=np.int64)
    group = np.zeros((days, most), dtype=np.int64)
    follows = np.zeros((days, classes, most), dtype=bool)
    off = np.array([day.off for day in built], dtype=bool)
    off_step = np.array([table(day, False, 0, -1) for day in built], dtype=np.int64)
    keyed: list[dict[tuple[int, int], int]] = []
    for d, day in enumerate(built):
        n = len(day.positions)
        count[d] = n
        position[d, :n] = day.positions
        follows[d, : day.follows.shape[0], :n] = day.follows
        mine: dict[tuple[int, int], int] = {}
        for s in range(n):
            step = table(day, True, int(day.units[s]), int(day.counter[s]))
            group[d, s] = mine.setdefault((int(day.klass[s]), step), len(mine))
        keyed.append(mine)
    width = max(1, *(len(mine) for mine in keyed))
    groups = np.array([len(mine) for mine in keyed], dtype=np.int64)
    group_class = np.zeros((days, width), dtype=np.int64)
    group_step = np.zeros((days, width), dtype=np.int64)
    for d, mine in enumerate(keyed):
        for (tomorrow, step), g in mine.items():
            group_class[d, g], group_step[d, g] = tomorrow, step
    work_states = runs.work_states
    capo = runs.capo
    return _Flat(
        count=count,
        position=position,
        group=group,
        follows=follows,
        groups=groups,
        group_class=group_class,
        group_step=group_step,
        off=off,
        off_step=off_step,
        step=np.stack(resources.steps),
        successor=np.array([runs.next_work(i) for i in range(work_states)], dtype=np.int64),
        ending=np.array([runs.may_end(i) for i in range(work_states)], dtype=bool),
        next_off=np.minimum(np.arange(capo) + 1, capo - 1).astype(np.int64),
        starting=np.arange(capo) + 1 >= runs.min_off,
        first_run=runs.capw if runs.min_work > 1 else 0,
        terminal=np.ascontiguousarray(terminal, dtype=np.float64),
    )


class _Resources:
    """Step tables over every resource state at once: where each action leads, or -1."""

    def __init__(self, sizes: tuple[int, ...]) -> None:
        self.sizes = sizes
        total = math.prod(sizes)
        self.axes = [a.astype(np.int64) for a in np.unravel_index(np.arange(total), sizes)]
        self.strides = [math.prod(sizes[i + 1 :]) for i in range(len(sizes))]
        self.steps: list[NDArray[np.int32]] = []

    def add(self, day: _Day, works: bool, units: int, counter: int) -> None:
        """Append the table of one action on a day like ``day``."""
        sizes = self.sizes
        minutes, week_minutes, week_days, weekends, flag, *counts = self.axes
        fits = np.ones(len(minutes), dtype=bool)
        if sizes[0] > 1:
            minutes = minutes + units
        if sizes[1] > 1:
            week_minutes = week_minutes + units
        if sizes[2] > 1:
            week_days = week_days + int(works)
        if day.block is not None:
            low, high, low_days, high_days = day.block
            done_minutes = week_minutes if sizes[1] > 1 else np.full_like(minutes, low)
            done_days = week_days if sizes[2] > 1 else np.full_like(minutes, low_days)
            fits &= (low <= done_minutes) & (done_minutes <= high)
            fits &= (low_days <= done_days) & (done_days <= high_days)
            week_minutes = week_days = np.zeros_like(minutes)
        # Weekends are tracked whenever they can bind, also when none may be
        # worked at all (an axis of size 1: any weekend worked breaks it).
        if day.weekend:
            if day.weekend == 1:
                flag = np.maximum(flag, int(works))
            elif day.weekend == 2:
                weekends = weekends + np.maximum(flag, int(works))
                flag = np.zeros_like(flag)
        counts = list(counts)
        if counter >= 0:
            counts[counter] = counts[counter] + 1
        after = [minutes, week_minutes, week_days, weekends, flag, *counts]
        index = np.zeros(len(minutes), dtype=np.int64)
        for values, size, stride in zip(after, sizes, self.strides, strict=True):
            fits &= values < size
            index += values * stride
        self.steps.append(np.where(fits, index, -1).astype(np.int32))
