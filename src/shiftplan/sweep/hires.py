"""The sweep's one contact with the hiring what-if: where the hires of a variant sit.

Hires are hypothetical agents made by :mod:`shiftplan.whatif`, so a sweep's
"2 hires" are the same people the hiring what-if would rank: same id scheme,
contract, skills and their country's public holidays. A hire's place is
written like the what-if's markets: an IANA zone, optionally with the
country whose holidays they keep (``Asia/Manila`` or ``Europe/London:IE``).
When the grid names none, the what-if ranks the team's own zones once,
before the sweep, and the hires go to the best of them in turn.
"""

from __future__ import annotations

from shiftplan.scenario.models import Scenario


def add_hires(
    scenario: Scenario, count: int, places: tuple[str, ...], contract: str | None
) -> Scenario:
    """The scenario with ``count`` new agents, the n-th in ``places[n % len(places)]``.

    Parameters
    ----------
    scenario
        The team before the hires.
    count
        How many agents join.
    places
        Where the hires live, used in turn: 'Asia/Manila' or 'Asia/Manila:PH'.
    contract
        Their contract (None: the scenario's first); they have every skill.
    """
    from shiftplan.whatif import hypothetical_agent, parse_market, with_agent

    team = scenario
    for number in range(1, count + 1):
        market = parse_market(places[(number - 1) % len(places)])
        # Two hires in one place need distinct ids.
        agent = hypothetical_agent(team, market, contract, None, suffix=f"-{number}")
        agent = agent.model_copy(update={"name": f"{agent.name} {number}"})
        scenario = with_agent(scenario, agent)
    return scenario


def ranked_team_zones(
    scenario: Scenario, contract: str | None, workers: int | None, top: int
) -> tuple[str, ...]:
    """The ``top`` best of the team's own zones for a hire, by the hiring what-if."""
    from shiftplan.whatif import rank_hires

    ranking = rank_hires(scenario, markets="team", contract=contract, workers=workers)
    best = ranking.frame.head(top)
    # 'zone:country', so each hire keeps the holidays of the city ranked.
    return tuple(f"{zone}:{country}" for zone, country in zip(best["timezone"], best["country"],
                                                               strict=True))  # fmt: skip
