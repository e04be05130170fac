"""Coverage: agents on shift per interval, split among queues, and what gaps cost."""

from __future__ import annotations

from itertools import combinations

import numpy as np
from ortools.sat.python import cp_model

from shiftplan.solver.data import ModelData
from shiftplan.solver.variables import LinearExpr, Variables


def add_coverage(
    model: cp_model.CpModel, data: ModelData, variables: Variables
) -> list[tuple[str, LinearExpr]]:
    """Count agents on shift, allocate them to queues, and price the gaps.

    **Counting.** For each skill class (agents who serve the same queues) the
    number on shift in an interval is the sum of the shifts covering it
    (:meth:`Variables.coverage`).

    **Allocation.** An agent on shift serves one queue at a time. Rather than
    a variable per agent, queue and interval, we use Hall's condition: staff
    levels per queue can be realised by assigning agents to queues they are
    skilled for if and only if, for every set S of queues, the staff of S is
    at most the agents on shift who serve some queue of S. That is exact and
    needs ``2^queues - 1`` constraints per interval.

    **Cost.** Every queue pays the expected late contacts of its service
    curve (convex, one cut per linear piece); the ``shortfall`` term
    pays missing agent-intervals against the requirement; ``overstaffing``
    pays agent-intervals on shift above the total requirement.
    """
    coefficients = data.coefficients
    classes = data.skill_classes
    intervals = data.intervals
    # Every class's count exists, in a fixed order, whichever terms follow.
    for class_index in range(len(classes)):
        for t in range(intervals):
            variables.coverage(class_index, t)

    queues = [queue.name for queue in data.scenario.queues]
    active = {queue: data.active_intervals(queue) for queue in queues}
    for t in range(intervals):
        here = [queue for queue in queues if t in active[queue]]
        for size in range(1, len(here) + 1):
            for subset in combinations(here, size):
                serving = [
                    variables.coverage(index, t)
                    for index, (served, _) in enumerate(classes)
                    if served.intersection(subset)
                ]
                model.add(sum(variables.staff(q, t) for q in subset) <= sum(serving))

    terms: list[tuple[str, LinearExpr]] = []
    requirements = data.requirements
    for queue in queues:
        required = requirements.required(queue)
        curve = requirements.curves[queue]
        for t in sorted(active[queue]):
            staff = variables.staff(queue, t)
            if coefficients.active("late_contacts"):
                terms.append(("late_contacts", _late(model, staff, curve.late[t], queue, t)))
            if coefficients.active("shortfall") and required[t] > 0:
                short = model.new_int_var(0, int(required[t]), f"short_{queue}_{t}")
                model.add(short >= int(required[t]) - staff)
                terms.append(("shortfall", short))
    if coefficients.active("overstaffing"):
        total_required = data.required_total
        for t in range(intervals):
            on_shift = sum(variables.coverage(index, t) for index in range(len(classes)))
            over = model.new_int_var(0, len(data.agents), f"over_{t}")
            model.add(over >= on_shift - int(total_required[t]))
            terms.append(("overstaffing", over))
    return terms


def _late(
    model: cp_model.CpModel, staff: cp_model.IntVar, row: np.ndarray, queue: str, t: int
) -> cp_model.IntVar:
    """Late milli-contacts at this staff level: the convex curve as linear cuts."""
    late = model.new_int_var(0, int(row[0]), f"late_{queue}_{t}")
    slopes = np.diff(row)
    previous_slope = None
    for n, slope in enumerate(slopes.tolist()):
        if slope == previous_slope:
            continue
        previous_slope = slope
        if slope == 0 and row[n] == 0:
            break
        model.add(late >= int(row[n]) + int(slope) * (staff - n))
    return late
