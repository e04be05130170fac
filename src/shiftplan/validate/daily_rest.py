"""``minimum rest``: elapsed time between consecutive shifts, previous cycle included."""

from __future__ import annotations

from datetime import datetime

from shiftplan.scenario.models import Agent, Contract, Scenario
from shiftplan.validate.rows import RosterShift
from shiftplan.validate.words import duration, elapsed_minutes


def rest_problems(
    scenario: Scenario, agent: Agent, contract: Contract, shifts: list[RosterShift]
) -> list[str]:
    """Rule 7: elapsed rest between consecutive shifts, previous cycle included."""
    items: list[tuple[datetime, datetime, str, bool]] = [
        (shift.start, shift.end, shift.label(), False) for shift in shifts
    ]
    items.extend(
        (
            previous.start_utc,
            previous.end_utc,
            f"previous-cycle shift of {previous.local_date} ending {previous.end_utc.isoformat()}",
            True,
        )
        for previous in scenario.previous_shifts
        if previous.agent_id == agent.id
    )
    items.sort(key=lambda item: (item[0], item[1]))
    need = contract.min_rest_hours * 60
    problems: list[str] = []
    latest: tuple[datetime, datetime, str, bool] | None = None
    for item in items:
        if latest is not None and not (item[3] and latest[3]):
            rest = elapsed_minutes(item[0] - latest[1])
            if rest < 0:
                # Negative rest means the shifts overlap: say so, not "-6 h rest".
                problems.append(
                    f"{item[2]}: overlaps the {latest[2]} by {duration(-rest)} "
                    f"(no rest at all; {contract.min_rest_hours:g} h needed)"
                )
            elif rest < need - 1e-9:
                problems.append(
                    f"{item[2]}: only {duration(rest)} elapsed rest after the {latest[2]}, "
                    f"{duration(need - rest)} short of {contract.min_rest_hours:g} h"
                )
        if latest is None or item[1] > latest[1]:
            latest = item
    return problems
