"""Shift-cover demand recounted from a roster alone: people per shift type and day.

Managers often say demand as a head-count ("3 on Early, Monday to Friday")
instead of a contact forecast. A scenario's ``demand`` file lists such rows;
this module counts, from the roster's own rows, how many agents work each
shift type on each local day, and what the misses cost. The solver's
``shift cover`` family prices the same thing, and a test checks both agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pandas as pd

from shiftplan.scenario.models import Contract, Scenario


def shift_type_of(contract: Contract, minute: int, length: int) -> str | None:
    """The name of the contract's shift type with this local start and length."""
    for shift in contract.shift_types:
        if shift.start_minute == minute % 1440 and shift.minutes == length:
            return shift.name
    return None


def shift_kinds(scenario: Scenario, shifts: pd.DataFrame) -> Iterator[tuple[str, date, str | None]]:
    """Each roster row as (agent id, local date, its contract's shift type, None if none)."""
    for agent_id, local_date, start_local, paid in zip(
        shifts["agent_id"],
        shifts["local_date"],
        shifts["start_local"],
        shifts["paid_hours"],
        strict=True,
    ):
        contract = scenario.contracts[scenario.agent(agent_id).contract]
        minute = start_local.hour * 60 + start_local.minute
        yield agent_id, local_date, shift_type_of(contract, minute, round(float(paid) * 60))


def shift_types_worked(scenario: Scenario, shifts: pd.DataFrame) -> dict[tuple[str, date], str]:
    """The named shift type each agent works on each local day (unnamed shifts left out)."""
    return {
        (agent_id, local_date): kind
        for agent_id, local_date, kind in shift_kinds(scenario, shifts)
        if kind is not None
    }


def shift_cover_frame(scenario: Scenario, shifts: pd.DataFrame) -> pd.DataFrame:
    """One row per demand row: required, scheduled, people short and extra.

    Returns
    -------
    pandas.DataFrame
        Columns ``date``, ``shift_type``, ``required``, ``scheduled``,
        ``short``, ``extra``, ``under_weight``, ``over_weight``.
    """
    columns = ["date", "shift_type", "required", "scheduled", "short", "extra"]
    columns += ["under_weight", "over_weight"]
    if not scenario.shift_cover:
        return pd.DataFrame({column: [] for column in columns})
    scheduled = _scheduled(scenario, shifts)
    rows = []
    for cover in scenario.shift_cover:
        on = scheduled.get((cover.day, cover.shift_type), 0)
        rows.append(
            {
                "date": cover.day,
                "shift_type": cover.shift_type,
                "required": cover.required,
                "scheduled": on,
                "short": max(cover.required - on, 0),
                "extra": max(on - cover.required, 0),
                "under_weight": cover.under_weight,
                "over_weight": cover.over_weight,
            }
        )
    return pd.DataFrame(rows, columns=columns)


def shift_cover_count(scenario: Scenario, shifts: pd.DataFrame) -> int:
    """The objective's shift-cover count: weighted people short and extra, in thousandths.

    Rounded per row exactly as the solver rounds its coefficients, so the
    two agree to the unit.
    """
    if not scenario.shift_cover:
        return 0
    scheduled = _scheduled(scenario, shifts)
    total = 0
    for cover in scenario.shift_cover:
        on = scheduled.get((cover.day, cover.shift_type), 0)
        total += round(cover.under_weight * 1000) * max(cover.required - on, 0)
        total += round(cover.over_weight * 1000) * max(on - cover.required, 0)
    return total


def _scheduled(scenario: Scenario, shifts: pd.DataFrame) -> dict[tuple[date, str], int]:
    """Agents working each (local day, shift type name)."""
    scheduled: dict[tuple[date, str], int] = {}
    for (_, day), kind in shift_types_worked(scenario, shifts).items():
        scheduled[day, kind] = scheduled.get((day, kind), 0) + 1
    return scheduled
