"""``weekly hours`` / ``weekly days`` per 7-day block, leave credited, and ``total hours``."""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction

from shiftplan.scenario.models import Agent, Contract
from shiftplan.validate.rows import RosterShift
from shiftplan.validate.words import duration, exact


def block_problems(
    block: list[date],
    agent: Agent,
    contract: Contract,
    shifts: list[RosterShift],
    days_off: dict[date, str],
) -> tuple[list[tuple[str, str]], int]:
    """Rules 8 and 9 for one block of local dates; also returns the block's credit."""
    length = len(block)
    days = set(block)
    in_block = [shift for shift in shifts if shift.local_date in days]
    paid = sum(shift.paid_minutes for shift in in_block)
    worked = len({shift.local_date for shift in in_block})
    # A contract that needs more days a week than there are weekdays works
    # weekends too, so leave on a weekend day is a working day lost.
    rest_days = () if contract.days_per_week.min > 7 - len(agent.weekend) else agent.weekend
    leave_days = sum(1 for day in block if day in days_off and day.weekday() not in rest_days)
    credited = min(leave_days, contract.days_per_week.max) if contract.credit_time_off else 0
    per_day = round(contract.hours_per_week.max * 60 / max(contract.days_per_week.max, 1))
    credit = credited * per_day
    scale = Fraction(length, 7)
    low = math.floor(exact(contract.hours_per_week.min) * 60 * scale)
    high = math.ceil(exact(contract.hours_per_week.max) * 60 * scale)
    day_low = math.floor(contract.days_per_week.min * scale)
    day_high = math.ceil(contract.days_per_week.max * scale)
    where = f"{block[0]}..{block[-1]}" + (f" ({length}-day block)" if length < 7 else "")
    found: list[tuple[str, str]] = []
    hours = paid + credit
    if not low <= hours <= high:
        found.append(
            (
                "weekly hours",
                f"{where}: {duration(paid)} paid + {duration(credit)} leave credit = "
                f"{duration(hours)}, outside {duration(low)}..{duration(high)}",
            )
        )
    count = worked + credited
    if not day_low <= count <= day_high:
        found.append(
            (
                "weekly days",
                f"{where}: {worked} day(s) worked + {credited} credited day(s) off = {count}, "
                f"outside {day_low}..{day_high}",
            )
        )
    return found, credit


def total_hours_problem(contract: Contract, shifts: list[RosterShift], credit: int) -> str | None:
    """``total hours``: paid plus leave credit over the cycle, when the contract sets them."""
    if contract.total_hours is None:
        return None
    paid = sum(shift.paid_minutes for shift in shifts)
    total = paid + credit
    low = exact(contract.total_hours.min) * 60
    high = exact(contract.total_hours.max) * 60
    if low <= total <= high:
        return None
    return (
        f"{duration(paid)} paid + {duration(credit)} leave credit = "
        f"{duration(total)} over the cycle, outside "
        f"{contract.total_hours.min:g}-{contract.total_hours.max:g} h"
    )
