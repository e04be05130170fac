"""What-if figures for people: rounded to what they mean, in words, never None.

Hours are rounded to the half hour, contacts to whole contacts, service
levels shown as percentages; a figure that was not computed is left blank.
These tables are what the console prints and what the CSV files hold; the
unrounded frames stay available to notebooks.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from shiftplan.atomic import replacing
from shiftplan.whatif.baseline import Baseline


class HireRanking(Protocol):
    """What these tables read of a ranking (:class:`shiftplan.whatif.hires.HireRanking`).

    A structural type, so that the tables sit below the ranking that uses
    them for its ``table()`` and ``report()`` and the two never import each
    other in a circle.
    """

    @property
    def frame(self) -> pd.DataFrame:
        """One row per candidate market."""

    @property
    def baseline(self) -> Baseline:
        """The roster every candidate is compared against."""

    @property
    def groups(self) -> list[Any]:
        """Candidates within noise of each other."""

    @property
    def not_evaluated(self) -> list[str]:
        """Candidates the budget or Ctrl-C cut."""

    @property
    def stopped(self) -> str | None:
        """What stopped the ranking early, if anything."""

    @property
    def notes(self) -> list[str]:
        """Lines printed under the table."""

    @property
    def contract(self) -> str:
        """The hire's contract."""

    @property
    def skills(self) -> tuple[str, ...]:
        """The hire's skills."""

    def table(self) -> pd.DataFrame:
        """The ranking for people."""


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def contacts(value: Any) -> int | str:
    """Whole contacts ('' when not computed)."""
    return "" if _missing(value) else round(float(value))


def hours(value: Any) -> float | str:
    """Hours to the half hour ('' when not computed)."""
    return "" if _missing(value) else round(float(value) * 2) / 2


def percent(value: Any) -> str:
    """A share as '87.5%' ('' when not computed)."""
    return "" if _missing(value) else f"{float(value):.1%}"


def signed(value: Any, kind: str) -> str:
    """A change with its sign: '+12', '-3.5 h', '+1.2 pt' ('' when not computed)."""
    if _missing(value):
        return ""
    if kind == "contacts":
        number = round(float(value))
        return f"{number:+d}" if number else "0"
    if kind == "hours":
        half = round(float(value) * 2) / 2
        return f"{half:+g} h" if half else "0 h"
    points = round(float(value) * 100, 1)
    return f"{points:+g} pt" if points else "0 pt"


def people_ranking(ranking: HireRanking) -> pd.DataFrame:
    """The hire ranking rounded and labelled for a recruiter (console and CSV)."""
    frame = ranking.frame
    zone = ranking.baseline.scenario.file.report_timezone
    queues = list(ranking.baseline.reference.kpis["queues"])
    table = pd.DataFrame(
        {
            "rank": frame["rank"],
            "group": frame["group"],
            "market": [f"{c} ({k})" for c, k in zip(frame["city"], frame["country"], strict=True)],
            "timezone": frame["timezone"],
            "utc_offsets": frame["utc_offsets"],
            "hub": ["yes" if hub else "no" for hub in frame["hub"]],
            "same_as": frame["same_as"],
            "late_contacts_avoided": [contacts(v) for v in frame["late_contacts_avoided"]],
            "agent_hours_short_closed": [hours(v) for v in frame["agent_hours_short_closed"]],
            "short_hours_worked": [hours(v) for v in frame["short_hours_covered"]],
            f"short_window ({zone})": frame["short_window_report"],
            "short_window (local)": frame["short_window_local"],
            "team_holidays_open": frame["team_holidays_open"],
            "shifts": frame["shifts"],
            "paid_hours": [hours(v) for v in frame["paid_hours"]],
            "local_starts": frame["local_starts"],
            "days": frame["days"],
            "service_level_before": [percent(v) for v in frame["service_level_before"]],
            "service_level_after": [percent(v) for v in frame["service_level_after"]],
        }
    )
    for queue in queues:
        for when in ("before", "after"):
            column = f"{queue}_late_{when}"
            table[f"{queue}_late_contacts_{when}"] = [contacts(v) for v in frame[column]]
    if "verified_late_contacts_avoided" in frame:
        table["verified_late_contacts_avoided"] = [
            contacts(v) for v in frame["verified_late_contacts_avoided"]
        ]
        table["verified_agent_hours_short_closed"] = [
            hours(v) for v in frame["verified_agent_hours_short_closed"]
        ]
    return table


def ranking_report(ranking: HireRanking, top: int) -> str:
    """The console report of a hire ranking."""
    base = ranking.baseline
    scenario = base.scenario
    zone = scenario.file.report_timezone
    lines = [*base.lines(), ""]
    lines.append(
        f"The hire: contract '{ranking.contract}', skills {', '.join(ranking.skills)}; "
        "each candidate gets its country's public holidays."
    )
    evaluated = len(ranking.frame)
    total = evaluated + len(ranking.not_evaluated)
    if ranking.stopped:
        left_out = ", ".join(ranking.not_evaluated[:8])
        if len(ranking.not_evaluated) > 8:
            left_out += f" and {len(ranking.not_evaluated) - 8} more"
        lines.append(
            f"Stopped by {ranking.stopped}: {evaluated} of {total} candidates evaluated "
            f"(the most promising first); not evaluated: {left_out}."
        )
    lines.extend(ranking.notes)
    if ranking.frame.empty:
        lines.append("No candidate was evaluated.")
        return "\n".join(lines)
    lines.append("")
    lines.append(
        f"Where the next hire avoids most late contacts ({evaluated} candidate markets; "
        "markets within 1% of the leader's figure of each other form one group):"
    )
    for number, group in enumerate(ranking.groups[:5], start=1):
        lines.append(
            f"  {number}. {group.name}: {', '.join(group.labels[:8])}"
            + (f" and {len(group.labels) - 8} more" if len(group.labels) > 8 else "")
            + f" (about {contacts(group.late_contacts_avoided)} late contacts avoided)"
        )
    lines.append("")
    columns = ["rank", "group", "market", "utc_offsets", "late_contacts_avoided",
               "agent_hours_short_closed", "short_hours_worked"]  # fmt: skip
    table = ranking.table()
    if "verified_late_contacts_avoided" in table:
        columns.append("verified_late_contacts_avoided")
    shown = (
        table[columns]
        .head(top)
        .rename(
            columns={
                "late_contacts_avoided": "late contacts avoided",
                "agent_hours_short_closed": "agent-hours short closed",
                "short_hours_worked": "short hours worked",
                "verified_late_contacts_avoided": "verified (full solve)",
                "utc_offsets": "UTC offsets",
            }
        )
    )
    lines.append(shown.to_string(index=False))
    lines.append("")
    lines.append("Why (top 3):")
    queues = list(base.reference.kpis["queues"])
    for _, row in ranking.frame.head(3).iterrows():
        label = f"{row['city']} ({row['country']}, {row['timezone']})"
        lines.append(f"  {label}" + (f", same as {row['same_as']}" if row["same_as"] else ""))
        if row["short_window_report"]:
            lines.append(
                f"    works {hours(row['short_hours_covered']):g} h that are short today, "
                f"mostly {row['short_window_report']} {zone} "
                f"({row['short_window_local']} local time)"
            )
        else:
            lines.append("    works no hours that are short today")
        if row["team_holidays_open"]:
            lines.append(f"    open on team holidays its country does not share: "
                         f"{row['team_holidays_open']}")  # fmt: skip
        lines.append(
            f"    {row['shifts']} shifts, {hours(row['paid_hours']):g} paid hours; "
            f"local starts {row['local_starts']}; {row['days']}"
        )
        per_queue = "; ".join(
            f"{queue} {contacts(row[f'{queue}_late_before'])} -> "
            f"{contacts(row[f'{queue}_late_after'])}"
            for queue in queues
        )
        lines.append(f"    late contacts per queue: {per_queue}")
    return "\n".join(lines)


def before_after_table(before: dict[str, Any], after: dict[str, Any]) -> pd.DataFrame:
    """Headline KPIs before and after, overall and per queue, rounded for people."""
    kinds = {
        "late_contacts": "contacts",
        "service_level": "share",
        "agent_hours_short": "hours",
        "intervals_nobody_on": "count",
        "covered_share": "share",
        "paid_hours": "hours",
    }
    rows = [("all", key, before[key], after[key]) for key in kinds]
    for queue, figures in after["queues"].items():
        for key in ("late_contacts", "service_level", "agent_hours_short"):
            rows.append((queue, key, before["queues"][queue][key], figures[key]))
    table = []
    for queue, key, old, new in rows:
        kind = kinds[key]
        show = {"contacts": contacts, "hours": hours, "share": percent, "count": contacts}[kind]
        change = None if _missing(old) or _missing(new) else float(new) - float(old)
        table.append(
            {
                "queue": queue,
                "figure": key.replace("_", " "),
                "before": show(old),
                "after": show(new),
                "change": signed(change, "contacts" if kind == "count" else kind),
            }
        )
    return pd.DataFrame(table)


def write_ranking(ranking: HireRanking, path: Path) -> tuple[Path, Path]:
    """Write the people's table as CSV at ``path`` and the chart beside it (``.png``).

    Both are written to a temporary file first and renamed, so a reader
    never sees half a file.
    """
    from shiftplan.plotting import plot_ranking
    from shiftplan.reports.files import write_frame

    write_frame(path, ranking.table())
    chart = path.with_suffix(".png")
    figure = plot_ranking(ranking)
    with replacing(chart) as temporary:
        figure.savefig(temporary, dpi=90, format="png")
    return path, chart
