"""The headline: whether the team is big enough, and each queue keeps its promise."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from shiftplan.reports.words import hours, percent, whole
from shiftplan.scenario.models import Scenario


@dataclass(frozen=True)
class QueueHeadline:
    """One queue's service against its own target.

    Attributes
    ----------
    service_level
        Share of the queue's contacts expected to be answered in time.
    target
        The queue's target share (realtime: its service level; deferred:
        every contact within its response window, 100%).
    promise
        The promise in words ('answered within 60 s', 'answered within 4 h').
    intervals_meeting
        Share of the intervals with contacts whose own expected service level
        meets the target.
    nobody_hours
        Hours with contacts due and nobody with the skill on shift.
    """

    queue: str
    contacts: float
    service_level: float | None
    target: float
    promise: str
    intervals_meeting: float | None
    nobody_hours: float


@dataclass(frozen=True)
class Headline:
    """The figures a manager reads first."""

    required_hours: float
    paid_hours: float
    short_hours: float
    full_time_hours: float
    full_time_short: float
    days: int
    short_share: float
    queues: list[QueueHeadline]

    def sentences(self) -> list[str]:
        """The headline in plain words, one sentence a line."""
        lines = [
            f"The forecast needs {hours(self.required_hours)} agent-hours on shift; the roster "
            f"schedules {hours(self.paid_hours)} paid agent-hours.",
        ]
        if self.short_hours > 0:
            people = (
                "less than one full-time person"
                if self.full_time_short < 0.5
                else f"about {whole(self.full_time_short)} full-time "
                f"{'person' if round(self.full_time_short) == 1 else 'people'}"
            )
            lines.append(
                f"Coverage falls short by {hours(self.short_hours)} agent-hours over the "
                f"{self.days}-day cycle: {people} ({hours(self.full_time_hours)} h each), and "
                f"{percent(self.short_share)} of the intervals with contacts are short."
            )
        else:
            lines.append("Every interval has the agents it needs.")
        for queue in self.queues:
            meeting = (
                ""
                if queue.intervals_meeting is None
                else f"; {percent(queue.intervals_meeting)} of intervals meet it"
            )
            nobody = (
                f"; nobody online for {hours(queue.nobody_hours)} h"
                if queue.nobody_hours > 0
                else ""
            )
            lines.append(
                f"{queue.queue}: {percent(queue.service_level)} {queue.promise} "
                f"(target {percent(queue.target)}){meeting}{nobody}."
            )
        return lines


def headline(scenario: Scenario, coverage: pd.DataFrame, paid_hours: float) -> Headline:
    """The headline of a roster from its coverage (``Result.coverage`` or coverage.csv).

    ``coverage`` needs a ``nobody_on`` column (see :func:`shiftplan.reports.gaps.nobody_on`).
    """
    hours_per_interval = scenario.horizon.interval_minutes / 60
    queues = []
    for queue in scenario.queues:
        rows = coverage[coverage["queue"] == queue.name]
        contacts = float(rows["contacts"].sum())
        late = float(rows["expected_late_contacts"].sum())
        level = min(1.0, max(0.0, 1 - late / contacts)) if contacts else None
        if queue.service_level is not None:
            target = queue.service_level.target
            promise = f"answered within {queue.service_level.answer_within_seconds:g} s"
        else:
            target = 1.0
            promise = f"answered within {queue.respond_within_hours:g} h"
        busy = rows[rows["contacts"] > 0]
        meeting = (
            float((busy["expected_service_level"] >= target - 1e-9).mean()) if len(busy) else None
        )
        queues.append(
            QueueHeadline(
                queue=queue.name,
                contacts=contacts,
                service_level=level,
                target=target,
                promise=promise,
                intervals_meeting=meeting,
                nobody_hours=float(rows["nobody_on"].astype(bool).sum()) * hours_per_interval,
            )
        )
    demanded = coverage[coverage["required"] > 0]
    full_time = max(contract.hours_per_week.max for contract in scenario.contracts.values())
    days = scenario.horizon.days
    full_time_hours = full_time * days / 7
    short_hours = float(coverage["shortfall"].sum()) * hours_per_interval
    return Headline(
        required_hours=float(coverage["required"].sum()) * hours_per_interval,
        paid_hours=paid_hours,
        short_hours=short_hours,
        full_time_hours=full_time_hours,
        full_time_short=short_hours / full_time_hours if full_time_hours else 0.0,
        days=days,
        short_share=float(np.mean(demanded["shortfall"].to_numpy() > 0)) if len(demanded) else 0.0,
        queues=queues,
    )
