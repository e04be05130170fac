"""The benchmark's objective, computed from a solution and the instance alone.

penalty = sum of on-request weights not met + off-request weights violated
        + per (day, shift): under weight x people short + over weight x extra.

Nothing here reads the engine's scenario, model or roster: a solution is the
``(employee, day, shift)`` rows anyone's solver would write.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from shiftplan.bench.curtois.reader import CurtoisInstance

Assignment = tuple[str, int, str]
"""One assigned shift: employee id, day (from 0) and shift id, as in the instance."""


def penalty(instance: CurtoisInstance, solution: Iterable[Assignment]) -> int:
    """The Curtois & Qu objective of a solution (lower is better).

    Parameters
    ----------
    instance
        The instance as read by :func:`~shiftplan.bench.curtois.read_instance`.
    solution
        Assigned shifts; a solution breaking hard rules is scored all the same
        (check it with :func:`~shiftplan.bench.curtois.check_solution`).
    """
    assigned = set(solution)
    return sum(penalty_by_part(instance, assigned).values())


def penalty_by_part(instance: CurtoisInstance, assigned: set[Assignment]) -> dict[str, int]:
    """The objective split into on requests, off requests, under- and over-cover."""
    on = sum(r.weight for r in instance.on_requests if (r.employee, r.day, r.shift) not in assigned)
    off = sum(r.weight for r in instance.off_requests if (r.employee, r.day, r.shift) in assigned)
    count = Counter((day, shift) for _, day, shift in assigned)
    under = over = 0
    for row in instance.cover:
        working = count[row.day, row.shift]
        under += row.under_weight * max(row.requirement - working, 0)
        over += row.over_weight * max(working - row.requirement, 0)
    return {"on_requests": on, "off_requests": off, "under_cover": under, "over_cover": over}
