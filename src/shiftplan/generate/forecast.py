"""The contact forecast: customers' business hours in their own time zones, on the UTC grid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np


@dataclass(frozen=True)
class Region:
    """Where customers write in from: a share of volume over a few zones."""

    name: str
    share: float
    zones: tuple[tuple[str, float], ...]


REGIONS: tuple[Region, ...] = (
    Region(
        "Americas",
        0.45,
        (
            ("America/New_York", 0.50),
            ("America/Chicago", 0.20),
            ("America/Los_Angeles", 0.18),
            ("America/Sao_Paulo", 0.12),
        ),
    ),
    Region("EMEA", 0.35, (("Europe/London", 0.40), ("Europe/Paris", 0.45), ("Asia/Dubai", 0.15))),
    Region(
        "APAC", 0.20, (("Australia/Sydney", 0.45), ("Asia/Singapore", 0.35), ("Asia/Tokyo", 0.20))
    ),
)


# Volume by customers' local weekday (Monday first): weekends at 32-40 % of a weekday.
CHAT_WEEKDAY = (1.10, 1.04, 1.00, 0.98, 0.92, 0.40, 0.36)


EMAIL_WEEKDAY = (1.16, 1.05, 1.00, 0.97, 0.90, 0.32, 0.35)


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _daily_curve(hour: np.ndarray, queue: str) -> np.ndarray:
    """Relative volume by customers' local hour: business hours, a lunch dip, evenings."""
    if queue == "chat":
        open_hours = _logistic((hour - 8.0) / 0.75) * _logistic((18.5 - hour) / 1.25)
        morning = 1 + 0.10 * np.exp(-(((hour - 10.5) / 1.5) ** 2))
        lunch = 1 - 0.10 * np.exp(-(((hour - 12.75) / 0.9) ** 2))
        evening = 0.12 * np.exp(-(((hour - 20.5) / 1.5) ** 2))
        return 0.04 + 0.96 * open_hours * morning * lunch + evening
    open_hours = _logistic((hour - 7.5) / 1.0) * _logistic((17.5 - hour) / 1.75)
    morning = 1 + 0.20 * np.exp(-(((hour - 9.0) / 1.25) ** 2))
    evening = 0.15 * np.exp(-(((hour - 21.0) / 2.0) ** 2))
    return 0.08 + 0.92 * open_hours * morning + evening


def _local_hours(zone: str, stamps: Sequence[datetime]) -> tuple[np.ndarray, np.ndarray]:
    """Local hour of day (fractional) and weekday of UTC instants in ``zone``."""
    tz = ZoneInfo(zone)
    hours = np.empty(len(stamps))
    weekdays = np.empty(len(stamps), dtype=np.int64)
    for index, stamp in enumerate(stamps):
        local = stamp.astimezone(tz)
        hours[index] = local.hour + local.minute / 60 + local.second / 3600
        weekdays[index] = local.weekday()
    return hours, weekdays


def expected_contacts(start: date, days: int, interval_minutes: int) -> dict[str, np.ndarray]:
    """Expected contacts per interval for each queue, before scaling: total 1 per queue.

    Each region contributes its share of the volume, shaped by the daily curve
    and the weekday pattern *in its customers' local time*, so clocks changing
    in one region move only that region's curve on the UTC grid.
    """
    count = days * 24 * 60 // interval_minutes
    origin = datetime(start.year, start.month, start.day, tzinfo=UTC)
    step = timedelta(minutes=interval_minutes)
    midpoints = [origin + step * index + step / 2 for index in range(count)]
    local = {zone: _local_hours(zone, midpoints) for region in REGIONS for zone, _ in region.zones}
    result: dict[str, np.ndarray] = {}
    for queue, weekday_factor in (("chat", CHAT_WEEKDAY), ("email", EMAIL_WEEKDAY)):
        factors = np.asarray(weekday_factor)
        total = np.zeros(count)
        for region in REGIONS:
            curve = np.zeros(count)
            for zone, weight in region.zones:
                hours, weekdays = local[zone]
                curve += weight * _daily_curve(hours, queue) * factors[weekdays]
            total += region.share * curve / curve.sum()
        result[queue] = total / total.sum()
    return result


def contact_noise(rng: np.random.Generator, days: int, interval_minutes: int) -> np.ndarray:
    """Mild multiplicative noise: a factor per UTC day and one per interval."""
    per_day = 24 * 60 // interval_minutes
    daily = rng.lognormal(mean=0.0, sigma=0.05, size=days)
    spot = rng.lognormal(mean=0.0, sigma=0.06, size=days * per_day)
    return np.repeat(daily, per_day) * spot
