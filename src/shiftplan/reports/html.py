"""One self-contained HTML report of a solve, built from its output folder.

The page is rendered by Jinja2 (autoescaped, so an agent called ``<b>`` is a
name, not markup) from ``summary.json``, ``roster.csv``, ``coverage.csv`` and
``gaps.csv``, plus the scenario they were made for (named in summary.json)
for its zones, leave and holidays. Plots are PNG data URIs: the file opens
offline, by e-mail, with no network resource of any kind.
"""

from __future__ import annotations

import base64
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from shiftplan.errors import ShiftplanError
from shiftplan.reports.gaps import gap_windows, nobody_on
from shiftplan.reports.headline import headline
from shiftplan.reports.requests import denied_requests
from shiftplan.reports.words import hours, percent, quality_text, whole, window_text
from shiftplan.scenario.load import load_scenario
from shiftplan.scenario.models import Scenario

REPORT_NAME = "report.html"


class ReportError(ShiftplanError):
    """The output folder cannot make a report (a file is missing or unreadable)."""


def figure_uri(figure: Any, dpi: int = 80) -> str:
    """A figure as a PNG data URI; the figure is closed afterwards."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format="png", dpi=dpi)
    finally:
        plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _read(out_dir: Path, name: str, *, text_na: bool = True) -> pd.DataFrame:
    path = out_dir / name
    if not path.is_file():
        msg = f"{path}: file not found; run `shiftplan solve SCENARIO --out {out_dir}` first"
        raise ReportError(msg)
    try:
        # Names stay text ('NA' is a name); numbers with blanks read as NaN.
        return pd.read_csv(path, keep_default_na=not text_na)
    except (ValueError, pd.errors.ParserError) as error:
        msg = f"{path}: not a readable CSV file ({error})"
        raise ReportError(msg) from None


def _summary(out_dir: Path) -> dict[str, Any]:
    path = out_dir / "summary.json"
    if not path.is_file():
        msg = f"{path}: file not found; is {out_dir} the --out folder of `shiftplan solve`?"
        raise ReportError(msg)
    try:
        summary: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        msg = f"{path}: not valid JSON ({error.msg}, line {error.lineno})"
        raise ReportError(msg) from None
    return summary


def _scenario(out_dir: Path, summary: dict[str, Any]) -> Scenario:
    named = summary.get("scenario_file")
    if not named:
        msg = f"{out_dir / 'summary.json'}: names no scenario_file; pass --scenario"
        raise ReportError(msg)
    path = Path(named)
    if not path.is_absolute():
        path = out_dir / path
    if not path.is_file():
        msg = f"{path}: scenario named in summary.json not found; pass --scenario"
        raise ReportError(msg)
    return load_scenario(path)


def build_report(out_dir: str | Path, scenario: Scenario | None = None) -> str:
    """The HTML report of the solve whose files are in ``out_dir``.

    Parameters
    ----------
    out_dir
        The ``--out`` folder of ``shiftplan solve`` (summary.json, roster.csv,
        coverage.csv, gaps.csv).
    scenario
        The scenario solved; by default the one summary.json names.

    Returns
    -------
    str
        A complete HTML document with every plot embedded.

    Raises
    ------
    ReportError
        When a file is missing or unreadable.
    """
    out_dir = Path(out_dir)
    summary = _summary(out_dir)
    if summary.get("status") not in ("OPTIMAL", "FEASIBLE"):
        reasons = "; ".join(summary.get("explanation") or []) or "see summary.json"
        msg = (
            f"{out_dir / 'summary.json'}: the solve found no roster "
            f"(status {summary.get('status')}): {reasons}"
        )
        raise ReportError(msg)
    if scenario is None:
        scenario = _scenario(out_dir, summary)
    roster = _read(out_dir, "roster.csv")
    coverage = _read(out_dir, "coverage.csv", text_na=False)
    if "nobody_on" not in coverage.columns:
        coverage["nobody_on"] = nobody_on(scenario, roster, coverage).to_numpy()
    else:
        coverage["nobody_on"] = coverage["nobody_on"].astype(str).str.lower() == "true"
    gaps_path = out_dir / "gaps.csv"
    gaps = (
        _read(out_dir, "gaps.csv")
        if gaps_path.is_file()
        else gap_windows(scenario, roster, coverage)
    )
    if "causes" not in gaps.columns:
        gaps = gap_windows(scenario, roster, coverage)
    gaps["nobody_on"] = gaps["nobody_on"].astype(str).str.lower() == "true"
    return render(scenario, summary, roster, coverage, gaps)


def render(
    scenario: Scenario,
    summary: dict[str, Any],
    roster: pd.DataFrame,
    coverage: pd.DataFrame,
    gaps: pd.DataFrame,
) -> str:
    """The HTML report from the frames of a solve (see :func:`build_report`)."""
    from shiftplan.plotting import plot_coverage, plot_coverage_heatmap, plot_roster_timeline
    from shiftplan.plotting.coverage import weeks

    kpis = summary.get("kpis", {})
    zone = scenario.report_zone
    paid = float(roster["paid_hours"].astype(float).sum()) if len(roster) else 0.0
    head = headline(scenario, coverage, paid)
    queues = [
        {
            "queue": q.queue,
            "promise": q.promise,
            "contacts": whole(q.contacts),
            "service_level": percent(q.service_level),
            "target": percent(q.target),
            "meeting": percent(q.intervals_meeting),
            "late": whole(float(kpis.get("queues", {}).get(q.queue, {}).get("late_contacts", 0))),
            "short": hours(float(coverage.loc[coverage["queue"] == q.queue, "shortfall"].sum())
                           * scenario.horizon.interval_minutes / 60),
            "nobody": hours(q.nobody_hours),
        }
        for q in head.queues
    ]  # fmt: skip
    nobody_hours = sum(q.nobody_hours for q in head.queues)
    cards = [
        {"value": hours(head.required_hours), "label": "agent-hours the forecast needs"},
        {"value": hours(head.paid_hours), "label": "paid agent-hours scheduled"},
        {
            "value": hours(head.short_hours),
            "label": "agent-hours short",
            "bad": head.short_hours > 0,
        },
        {"value": percent(head.short_share), "label": "of intervals short", "bad": True},
        {
            "value": hours(nobody_hours),
            "label": "queue-hours with nobody online",
            "bad": nobody_hours > 0,
        },
    ]
    cards += [
        {
            "value": percent(q.service_level),
            "label": f"{q.queue} {q.promise} (target {percent(q.target)})",
            "bad": q.service_level is not None and q.service_level < q.target,
        }
        for q in head.queues
    ]
    windows = [
        {
            "queue": row["queue"],
            "when": window_text(row["start_utc"], row["end_utc"], zone),
            "hours": hours(float(row["hours"])),
            "worst": int(row["worst_shortfall"]),
            "short": hours(float(row["agent_hours_short"])),
            "late": whole(float(row["late_contacts"])),
            "level": percent(float(row["service_level"])),
            "causes": row["causes"],
            "nobody": bool(row["nobody_on"]),
        }
        for _, row in gaps.iterrows()
    ]
    people = pd.DataFrame(kpis.get("agents", []))
    shift_counts = roster.groupby("agent_id").size() if len(roster) else pd.Series(dtype=int)
    agents = []
    for agent in scenario.agents:
        record = (
            people[people["agent_id"] == agent.id].iloc[0].to_dict()
            if len(people) and (people["agent_id"] == agent.id).any()
            else {}
        )
        agents.append(
            {
                "name": agent.name,
                "id": agent.id,
                "zone": agent.timezone,
                "contract": agent.contract,
                "shifts": int(shift_counts.get(agent.id, 0)),
                "hours": hours(float(record.get("hours", 0.0))),
                "nights": int(record.get("nights", 0)),
                "weekends_worked": int(record.get("weekends_worked", 0)),
                "weekend_shifts": int(record.get("weekend_shifts", record.get("weekends", 0))),
            }
        )
    denied = denied_requests(scenario, roster) if scenario.requests else pd.DataFrame()
    status = str(summary.get("status", ""))
    gap = summary.get("gap")
    by_term = kpis.get("objective_by_term", {})
    solver = {
        "status": status,
        "objective": _number(summary.get("objective")),
        "bound": _number(summary.get("bound")),
        "gap": "not proven" if gap is None else f"{float(gap):.2%}",
        "runtime": f"{float(summary.get('runtime_seconds', 0.0)):.1f} s",
        "terms": [
            {"name": term.replace("_", " "), "points": f"{float(points):,.1f}"}
            for term, points in by_term.items()
        ],
    }
    environment = Environment(
        loader=PackageLoader("shiftplan.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = environment.get_template("report.html.j2")
    return template.render(
        name=scenario.name,
        days=scenario.horizon.days,
        first_day=f"{scenario.horizon.start:%a %Y-%m-%d}",
        zone=scenario.file.report_timezone,
        made=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        headline=head.sentences(),
        quality=quality_text(status, None if gap is None else float(gap)),
        cards=cards,
        queues=queues,
        heatmap=figure_uri(plot_coverage_heatmap(scenario, coverage)),
        nobody=[window for window in windows if window["nobody"]],
        gaps=[window for window in windows if not window["nobody"]],
        weeks=[
            figure_uri(plot_coverage(scenario, coverage, week=week))
            for week in range(1, weeks(scenario) + 1)
        ],
        timeline=figure_uri(plot_roster_timeline(scenario, roster), dpi=70),
        agents=agents,
        denied=denied.to_dict("records"),
        requests=len(scenario.requests),
        solver=solver,
    )


def _number(value: object) -> str:
    if value is None:
        return "none"
    return f"{float(str(value)):,.1f}"
