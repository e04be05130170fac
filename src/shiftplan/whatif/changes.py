"""Other what-ifs: more or fewer contacts, an agent leaving, a contract change.

Each compares the baseline (``shiftplan solve`` with the same settings,
re-planned the fast way) with the changed team re-planned the same way from
the baseline's roster.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from shiftplan.errors import ShiftplanError
from shiftplan.scenario.models import Agent, Scenario
from shiftplan.staffing.requirements import compute_requirements
from shiftplan.whatif.baseline import (
    DEFAULT_DETERMINISTIC_TIME,
    DEFAULT_PASSES,
    Baseline,
    compute_baseline,
    replan,
)
from shiftplan.whatif.hires import HireRanking, rank_hires
from shiftplan.whatif.tables import before_after_table


@dataclass(frozen=True)
class ChangeReport:
    """A change's before/after figures against the baseline.

    Attributes
    ----------
    what
        The change in words.
    baseline
        The baseline (its solve and its fast re-planning, the "before").
    after
        KPIs of the changed team, re-planned the fast way.
    """

    what: str
    baseline: Baseline
    after: dict[str, Any]

    def table(self) -> pd.DataFrame:
        """Before/after per figure, overall and per queue, rounded for people."""
        return before_after_table(self.baseline.reference.kpis, self.after)

    def report(self) -> str:
        """Baseline lines, the change and the table."""
        lines = [*self.baseline.lines(), "", f"{self.what}:"]
        lines.append(self.table().to_string(index=False))
        return "\n".join(lines)


def _settings(
    seed: int, deterministic_time: float, passes: int, report: Any = None
) -> dict[str, Any]:
    return {
        "seed": seed,
        "deterministic_time": deterministic_time,
        "passes": passes,
        "report": report,
    }


def change_volume(
    scenario: Scenario,
    change: float,
    queue: str | None = None,
    *,
    seed: int = 0,
    deterministic_time: float = DEFAULT_DETERMINISTIC_TIME,
    passes: int = DEFAULT_PASSES,
    base: Baseline | None = None,
    report: Any = None,
) -> ChangeReport:
    """Before/after KPIs when contacts change by ``change`` (0.2 = +20%).

    ``report`` is called with lines of progress for people.
    """
    if change <= -1:
        msg = f"change {change:+.0%}: contacts cannot fall by 100% or more"
        raise ShiftplanError(msg)
    names = [q.name for q in scenario.queues]
    if queue is not None and queue not in names:
        msg = f"queue '{queue}' is not one of the scenario's queues: {', '.join(names)}"
        raise ShiftplanError(msg)
    base = base or compute_baseline(scenario, **_settings(seed, deterministic_time, passes, report))
    forecast = scenario.forecast.copy()
    rows = forecast["queue"] == queue if queue else slice(None)
    forecast.loc[rows, "contacts"] = forecast.loc[rows, "contacts"] * (1 + change)
    changed = scenario.model_copy(update={"forecast": forecast})
    after = replan(changed, compute_requirements(changed), base.roster, base.seed, base.passes)
    what = f"Contacts {change:+.0%} ({queue or 'all queues'}), the same team re-planned"
    return ChangeReport(what, base, after.kpis)


def agent_leaves(
    scenario: Scenario,
    agent_id: str,
    *,
    seed: int = 0,
    deterministic_time: float = DEFAULT_DETERMINISTIC_TIME,
    passes: int = DEFAULT_PASSES,
    markets: str = "hubs",
    countries: list[str] | None = None,
    timezones: list[str] | None = None,
    workers: int | None = None,
    time_limit: float | None = None,
    report: Any = None,
) -> tuple[ChangeReport, HireRanking]:
    """What breaks when an agent leaves, and which market would replace them best.

    The replacement ranking is for the team without the agent, with the
    leaver's contract and skills.
    """
    leaver = find_agent(scenario, agent_id)
    base = compute_baseline(scenario, **_settings(seed, deterministic_time, passes, report))
    remaining = scenario.with_agents(tuple(a for a in scenario.agents if a.id != agent_id))
    after = replan(remaining, base.requirements, base.roster, base.seed, base.passes)
    change = ChangeReport(
        f"Agent {agent_id} leaves, the rest of the team re-planned", base, after.kpis
    )
    # Replacements are compared with the team without the leaver, re-planned
    # the same way; the baseline solve stays the one printed above.
    without = replace(
        base, scenario=remaining, reference=after, reference_what=f"the team without {agent_id}"
    )
    ranking = rank_hires(
        remaining,
        markets=markets,
        countries=countries,
        timezones=timezones,
        contract=leaver.contract,
        skills=leaver.skills,
        seed=seed,
        passes=passes,
        deterministic_time=deterministic_time,
        workers=workers,
        time_limit=time_limit,
        base=without,
        report=report,
    )
    return change, ranking


def change_contract(
    scenario: Scenario,
    agent_id: str,
    contract: str,
    *,
    seed: int = 0,
    deterministic_time: float = DEFAULT_DETERMINISTIC_TIME,
    passes: int = DEFAULT_PASSES,
    base: Baseline | None = None,
    report: Any = None,
) -> ChangeReport:
    """Before/after KPIs when one agent moves to another contract."""
    agent = find_agent(scenario, agent_id)
    if contract not in scenario.contracts:
        msg = f"contract '{contract}' is not one of the scenario's contracts: " + ", ".join(
            scenario.contracts
        )
        raise ShiftplanError(msg)
    base = base or compute_baseline(scenario, **_settings(seed, deterministic_time, passes, report))
    index = scenario.agents.index(agent)
    moved = agent.model_copy(update={"contract": contract})
    changed = scenario.with_agents(tuple(moved if a.id == agent_id else a for a in scenario.agents))
    # The agent's shifts under the old contract may break the new one: keep
    # the rest of the roster and plan this agent first.
    others = base.roster[base.roster["agent_id"] != agent_id]
    after = replan(changed, base.requirements, others, base.seed, base.passes, first=(index,))
    what = f"Agent {agent_id} moves from contract '{agent.contract}' to '{contract}'"
    return ChangeReport(what, base, after.kpis)


def find_agent(scenario: Scenario, agent_id: str) -> Agent:
    """The agent with this id, or an error naming the id and the agents file."""
    for agent in scenario.agents:
        if agent.id == agent_id:
            return agent
    close = [a.id for a in scenario.agents if a.id.lower() == agent_id.lower()]
    hint = f"; did you mean '{close[0]}'?" if close else ""
    msg = f"agent id '{agent_id}' is not in the scenario's agents{hint}"
    raise ShiftplanError(msg)
