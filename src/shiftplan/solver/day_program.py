"""Pricing by dynamic programming over days: an agent's best schedule without a solver.

Column generation asks, every round and for every agent type, which
schedule keeping all of the agent's hard rules is worth most at the
current prices (:mod:`shiftplan.solver.bound`). CP-SAT answers in about
55 ms on 28 days, but on long horizons a round takes seconds to minutes
(Curtois Instance20: 50 employees x 182 days, not one round in 28 s).
Every hard rule of one agent is a rule about a walk through its days, so
the same question is a shortest path over days whose states carry what the
rules need to remember (a resource-constrained shortest path, solved here
by backward dynamic programming over dense arrays):

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

Shift-type maxima multiply the arrays by their sizes, so
:class:`ProgramPricer` leaves them out first and brings them in only where
the best walk breaks one.
Where the rules need more than the states hold (rest that reaches past the
next day) or the arrays would be too large, the caller prices with CP-SAT
instead (:func:`pricer` returns None).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
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
    alike: _Alike  # the shifts grouped by what they do to the state


_State = tuple[str, int, int, tuple[int, ...]]
"""Where a walk stands: "work" or "off", yesterday's class, the run's state, the resources."""


@dataclass
class DayProgram:
    """One agent's hard rules as a dynamic program over its days.

    Build with :func:`day_program`; :meth:`best` prices a vector of shift values.
    """

    days: list[_Day]
    sizes: tuple[int, ...]  # resource axes: AXES, then one per tracked counter
    capw: int  # work-run lengths tracked 1..capw (saturating when the maximum cannot bind)
    limit_binds: bool
    min_work: int
    capo: int  # off-run lengths tracked 1..capo (saturating)
    min_off: int
    start: tuple[str, int]  # ("work", length index) or ("off", length index) before day 0
    terminal: NDArray[np.float64]  # cost at the end, per resource state
    relaxed: dict[int, int]  # untracked shift-type maxima: type -> most
    kinds: NDArray[np.int64]  # shift type of each of the agent's candidates

    @property
    def work_states(self) -> int:
        """Work-run states: lengths 1..capw, then the exempt lengths 1..min_work-1."""
        return self.capw + max(self.min_work - 1, 0)

    def _next_work(self, index: int) -> int:
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

    def _may_end(self, index: int) -> bool:
        """Whether a work run in this state may be followed by a day off."""
        return index >= self.capw or index + 1 >= self.min_work

    def best(
        self, values: NDArray[np.float64], others: int = 0
    ) -> tuple[list[int], float, list[list[int]]] | None:
        """The schedule worth most at ``values`` (per candidate position), its worth, runners-up.

        Returns positions into the agent's candidates, or None when a
        relaxed shift-type maximum is broken by the best walk (the caller
        then prices with CP-SAT). No schedule at all gives ``([], -inf, [])``.
        The ``others`` runners-up are the best walks that leave the best one
        on some day (each the best of those that leave it on that day with
        that action), cheapest first: near-best schedules that cost no
        search, as CP-SAT's runners-up cost none.
        """
        costs = -np.asarray(values, dtype=np.float64)
        work_states = self.work_states
        successor = np.array([self._next_work(i) for i in range(work_states)], dtype=np.int64)
        too_long = np.append(successor < 0, False)
        ending = np.array([self._may_end(i) for i in range(work_states)])
        next_off = np.minimum(np.arange(self.capo) + 1, self.capo - 1)
        starting = np.arange(self.capo) + 1 >= self.min_off
        tail = self.terminal
        go_next = np.broadcast_to(tail, (self.capo, *self.sizes))
        gw_next = np.broadcast_to(tail, (1, work_states, *self.sizes))
        kept: list[tuple[NDArray[np.float32], NDArray[np.float32]]] = []
        # A run that starts on the first day touches the cycle's start: exempt.
        first_run = self.capw if self.min_work > 1 else 0
        for number in range(len(self.days) - 1, -1, -1):
            day = self.days[number]
            # Single precision is enough to steer the walk (the worth it
            # returns is the double-precision value); it halves the memory.
            kept.append((gw_next.astype(np.float32), go_next.astype(np.float32)))
            classes = day.follows.shape[0]
            gw = np.full((classes, work_states, *self.sizes), np.inf)
            go = np.full((self.capo, *self.sizes), np.inf)
            if len(day.positions):
                # Row r: the state after working today from work state r; the
                # last row: from a day off (a new run of length 1).
                picks = np.append(np.maximum(successor, 0), first_run if number == 0 else 0)
                today = costs[day.positions]
                # Shifts that lead to the same class tomorrow and change the
                # resources alike differ only in what they are worth: one
                # pull of tomorrow's costs serves them all, at the cheapest.
                alike = day.alike
                ordered = today[alike.order]
                allowed = np.where(day.follows[:, alike.order], ordered[None, :], np.inf)
                cheapest = np.minimum.reduceat(allowed, alike.starts, axis=1)
                tomorrow = gw_next[alike.klass][:, picks]
                tomorrow[:, too_long] = np.inf
                pulled = np.empty_like(tomorrow)
                for members, units, counter in alike.batches:
                    pulled[members] = self._pull(tomorrow[members], day, True, units, counter)
                spread = (slice(None), *([None] * (len(self.sizes) + 1)))
                for klass in range(classes):
                    gw[klass] = (pulled[:, :work_states] + cheapest[klass][spread]).min(axis=0)
                anyhow = np.minimum.reduceat(ordered, alike.starts)
                go[starting] = (pulled[:, work_states] + anyhow[spread[:-1]]).min(axis=0)
            if day.off:
                to_off = self._pull(go_next[0], day, False, 0, -1)
                gw[:, ending] = np.minimum(gw[:, ending], to_off)
                go = np.minimum(go, self._pull(go_next[next_off], day, False, 0, -1))
            gw_next, go_next = gw, go
        kept.reverse()
        kind, index = self.start
        zero = (0,) * len(self.sizes)
        value = float(gw_next[(0, index, *zero)] if kind == "work" else go_next[(index, *zero)])
        if not math.isfinite(value):
            return [], -math.inf, []
        begin: _State = (kind, 0, index, zero)
        turns: list[tuple[float, int, int, _State]] | None = [] if others else None
        walked = self._walk(kept, costs, begin, 0, turns)
        if walked is None:
            return None
        chosen = [position for _, position in walked]
        if self.relaxed and not self.keeps_maxima(chosen):
            return None
        found: list[list[int]] = []
        for _, number, shift, after in sorted(turns or [], key=lambda turn: turn[0]):
            if len(found) == others:
                break
            rest = self._walk(kept, costs, after, number + 1)
            if rest is None:
                continue
            turned = [position for day, position in walked if day < number]
            if shift >= 0:
                turned.append(int(self.days[number].positions[shift]))
            turned.extend(position for _, position in rest)
            if not self.relaxed or self.keeps_maxima(turned):
                found.append(turned)
        return chosen, -value, found

    def _walk(
        self,
        kept: list[tuple[NDArray[np.float32], NDArray[np.float32]]],
        costs: NDArray[np.float64],
        state: _State,
        first: int = 0,
        turns: list[tuple[float, int, int, _State]] | None = None,
    ) -> list[tuple[int, int]] | None:
        """Follow the cost-to-go forward from ``state`` on day ``first``: (day, position) worked.

        With ``turns``, every other action worth taking on the way is added
        to it as (the whole walk's cost if it turned there, day, shift or -1
        for a day off, the state after it): the start of a runner-up.
        """
        chosen: list[tuple[int, int]] = []
        spent = 0.0
        for number in range(first, len(self.days)):
            options = self._options(number, state, kept[number], costs)
            if not options:
                return None
            options.sort(key=lambda option: option[0])
            value, shift, state = options[0]
            if not math.isfinite(value):
                return None
            if turns is not None:
                for other, turn, after in options[1:]:
                    if math.isfinite(other):
                        turns.append((spent + other, number, turn, after))
            if shift >= 0:
                position = int(self.days[number].positions[shift])
                chosen.append((number, position))
                spent += float(costs[position])
        return chosen

    def _options(
        self,
        number: int,
        state: _State,
        following: tuple[NDArray[np.float32], NDArray[np.float32]],
        costs: NDArray[np.float64],
    ) -> list[tuple[float, int, _State]]:
        """Each action on day ``number`` from ``state``.

        As (its cost to the end, the shift or -1 for a day off, the next state).
        """
        day = self.days[number]
        gw_next, go_next = following
        kind, klass, index, resources = state
        options: list[tuple[float, int, _State]] = []
        if day.off:
            rest = None
            if kind == "off":
                rest = min(index + 1, self.capo - 1)
            elif self._may_end(index):
                rest = 0
            after = self._step(resources, day, False, 0, -1)
            if rest is not None and after is not None:
                value = float(go_next[(rest, *after)])
                options.append((value, -1, ("off", 0, rest, after)))
        for shift in range(len(day.positions)):
            if kind == "off":
                if index + 1 < self.min_off:
                    continue
                # A run that starts on the first day touches the cycle's start: exempt.
                run = (self.capw if self.min_work > 1 else 0) if number == 0 else 0
            else:
                if not day.follows[klass, shift]:
                    continue
                run = self._next_work(index)
                if run < 0:
                    continue
            after = self._step(resources, day, True, int(day.units[shift]), int(day.counter[shift]))
            if after is None:
                continue
            nxt = int(day.klass[shift])
            value = float(costs[day.positions[shift]]) + float(gw_next[(nxt, run, *after)])
            options.append((value, shift, ("work", nxt, run, after)))
        return options

    def keeps_maxima(self, positions: list[int]) -> bool:
        """Whether a walk keeps the shift-type maxima the arrays left out."""
        kinds = self.kinds[positions]
        return all(int(np.sum(kinds == kind)) <= most for kind, most in self.relaxed.items())

    def _step(
        self, resources: tuple[int, ...], day: _Day, works: bool, units: int, counter: int
    ) -> tuple[int, ...] | None:
        """The resources after the day (scalar), or None where a rule is broken."""
        minutes, week_minutes, week_days, weekends, flag, *counts = resources
        sizes = self.sizes
        if sizes[0] > 1:
            minutes += units
        if sizes[1] > 1:
            week_minutes += units
        if sizes[2] > 1:
            week_days += int(works)
        if day.block is not None:
            low, high, low_days, high_days = day.block
            done_minutes = week_minutes if sizes[1] > 1 else low
            done_days = week_days if sizes[2] > 1 else low_days
            if not (low <= done_minutes <= high and low_days <= done_days <= high_days):
                return None
            week_minutes = week_days = 0
        if sizes[3] > 1 or sizes[4] > 1:
            if day.weekend == 1:
                flag = flag or int(works)
            elif day.weekend == 2:
                weekends += int(works or flag)
                flag = 0
        counts = list(counts)
        if counter >= 0:
            counts[counter] += 1
        after = (minutes, week_minutes, week_days, weekends, flag, *counts)
        if any(value >= size for value, size in zip(after, sizes, strict=True)):
            return None
        return after

    def _pull(
        self, following: NDArray[np.float64], day: _Day, works: bool, units: int, counter: int
    ) -> NDArray[np.float64]:
        """Cost-to-go from today's resource states, given tomorrow's (the last axes).

        ``out[r] = following[step(r)]``, infinite where the step breaks a rule.
        """
        out = following
        lead = out.ndim - len(self.sizes)
        sizes = self.sizes
        if sizes[0] > 1 and units:
            out = _shift(out, lead + 0, units)
        if counter >= 0:
            out = _shift(out, lead + len(AXES) + counter, 1)
        if day.block is not None and (sizes[1] > 1 or sizes[2] > 1):
            low, high, low_days, high_days = day.block
            minutes = np.arange(sizes[1]) + units
            worked = np.arange(sizes[2]) + int(works)
            # An axis that is not tracked binds in no week.
            minutes_fit = (minutes >= low) & (minutes <= high) | (sizes[1] == 1)
            days_fit = (worked >= low_days) & (worked <= high_days) | (sizes[2] == 1)
            fits = minutes_fit[:, None] & days_fit[None, :]
            origin = np.take(np.take(out, [0], axis=lead + 1), [0], axis=lead + 2)
            shape = [1] * out.ndim
            shape[lead + 1], shape[lead + 2] = sizes[1], sizes[2]
            out = np.where(fits.reshape(shape), origin, np.inf)
        else:
            if sizes[1] > 1 and units:
                out = _shift(out, lead + 1, units)
            if sizes[2] > 1 and works:
                out = _shift(out, lead + 2, 1)
        if day.weekend and (sizes[3] > 1 or sizes[4] > 1):
            out = self._pull_weekend(out, lead, day.weekend, works)
        return out

    def _pull_weekend(
        self, following: NDArray[np.float64], lead: int, weekend: int, works: bool
    ) -> NDArray[np.float64]:
        """The weekend axes' part of :meth:`_pull`."""
        k_axis, f_axis = lead + 3, lead + 4
        flags = self.sizes[4]
        if weekend == 1:
            if not works:
                return following
            worked = np.take(following, [1], axis=f_axis)
            return np.repeat(worked, flags, axis=f_axis)
        unflagged = np.take(following, [0], axis=f_axis)
        counted = _shift(unflagged, k_axis, 1)
        if works:
            return np.repeat(counted, flags, axis=f_axis)
        if flags == 1:
            return unflagged
        return np.concatenate([unflagged, counted], axis=f_axis)


class ProgramPricer:
    """An agent's programs: without shift-type maxima first, with them if need be.

    Maxima multiply the arrays by their sizes (Curtois Instance18: 41 and 44
    late shifts in 84 days, 44 times the work), yet at most prices the best
    walk keeps them anyway: then it is the best schedule of the full rules
    too. Where it breaks one, the program that tracks the maxima (built
    once) answers, if it fits in ``max_cells``; if not, CP-SAT does.
    Penalising the broken maxima instead (Lagrangian relaxation) gives a
    valid ceiling too, but a loose one: on Instance19 the bound after 120 s
    of column generation fell from 2,835 to 2,016.
    """

    def __init__(
        self, data: ModelData, agent: int, light: DayProgram, max_cells: int = MAX_CELLS
    ) -> None:
        self.data = data
        self.agent = agent
        self.max_cells = max_cells
        self.light = light
        self.full: DayProgram | None = None
        self.full_built = not light.relaxed

    def best(
        self, values: NDArray[np.float64], others: int = 0
    ) -> tuple[list[int], float, list[list[int]]] | None:
        """See :meth:`DayProgram.best`; None: ask CP-SAT."""
        found = self.light.best(values, others)
        if found is not None:
            return found
        if not self.full_built:
            full = day_program(self.data, self.agent, self.max_cells)
            self.full = full if full is not None and not full.relaxed else None
            self.full_built = True
        return None if self.full is None else self.full.best(values, others)


def pricer(data: ModelData, agent: int) -> ProgramPricer | None:
    """The agent's :class:`ProgramPricer`, or None if its rules need CP-SAT."""
    light = day_program(data, agent, track_maxima=False)
    return None if light is None else ProgramPricer(data, agent, light)


def _shift(array: NDArray[np.float64], axis: int, by: int) -> NDArray[np.float64]:
    """``out[..., i, ...] = array[..., i + by, ...]``, infinite past the end."""
    size = array.shape[axis]
    out = np.full(array.shape, np.inf)
    if by < size:
        target = [slice(None)] * array.ndim
        source = [slice(None)] * array.ndim
        target[axis] = slice(0, size - by)
        source[axis] = slice(by, size)
        out[tuple(target)] = array[tuple(source)]
    return out


@dataclass(frozen=True)
class _Alike:
    """A day's shifts grouped by tomorrow's class, units and counter: alike but for their worth."""

    order: NDArray[np.int64]  # shift positions, group by group
    starts: NDArray[np.int64]  # where each group starts in ``order``
    klass: NDArray[np.int64]  # each group's class tomorrow
    batches: tuple[
        tuple[NDArray[np.int64], int, int], ...
    ]  # groups with the same units and counter


def _alike(
    klass: NDArray[np.int64], units: NDArray[np.int64], counter: NDArray[np.int64]
) -> _Alike:
    """Today's shifts (by position that day) grouped by class, units and counter."""
    groups: dict[tuple[int, int, int], list[int]] = {}
    keyed = zip(klass.tolist(), units.tolist(), counter.tolist(), strict=True)
    for position, key in enumerate(keyed):
        groups.setdefault(key, []).append(position)
    keys = list(groups)
    batches: dict[tuple[int, int], list[int]] = {}
    for index, (_, unit, tracked) in enumerate(keys):
        batches.setdefault((unit, tracked), []).append(index)
    sizes = [len(members) for members in groups.values()]
    return _Alike(
        order=np.array([p for members in groups.values() for p in members], dtype=np.int64),
        starts=np.cumsum([0, *sizes[:-1]]).astype(np.int64),
        klass=np.array([key[0] for key in keys], dtype=np.int64),
        batches=tuple(
            (np.array(members, dtype=np.int64), unit, tracked)
            for (unit, tracked), members in batches.items()
        ),
    )


def day_program(
    data: ModelData, agent: int, max_cells: int = MAX_CELLS, track_maxima: bool = True
) -> DayProgram | None:
    """The agent's hard rules as a :class:`DayProgram`, or None if they need more.

    With ``track_maxima`` false, no shift-type maximum takes a dimension:
    each is checked on the best walk instead (see :class:`ProgramPricer`).

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
    if sizes[3] == 1:
        weekend_day = {}
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
        if track_maxima and cells([maxima[k] + 1 for k in [*counters, kind]]) <= max_cells:
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
        units = np.array([int(candidates.length[s]) // unit for s in shifts], dtype=np.int64)
        counter = np.array(
            [counter_of.get(int(candidates.kind[s]), -1) for s in shifts], dtype=np.int64
        )
        built.append(
            _Day(
                positions=np.array([position_of[s] for s in shifts], dtype=np.int64),
                units=units,
                counter=counter,
                klass=klass[day],
                follows=follows,
                off=not any(candidates.locked[s] for s in shifts),
                weekend=weekend_day.get(day, 0),
                block=block_of.get(day),
                alike=_alike(klass[day], units, counter),
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
    return DayProgram(
        days=built,
        sizes=all_sizes,
        capw=capw,
        limit_binds=limit_binds,
        min_work=min_work,
        capo=capo,
        min_off=contract.min_consecutive_days_off,
        start=start,
        terminal=terminal,
        relaxed=relaxed,
        kinds=candidates.kind[mine],
    )
