"""What-if analysis: where the next hire should sit, and what changes would do.

Every answer comes from re-planning, not from a rule of thumb. The team is
solved once, exactly as ``shiftplan solve --deterministic-time T --seed S``
solves it (the baseline, :mod:`~shiftplan.whatif.baseline`); each variant is
then re-planned from that roster the fast, deterministic way and compared
with the same re-planning of the unchanged team.

- :mod:`~shiftplan.whatif.markets`: the hiring markets (bundled list of
  cities with country, zone and whether they are support hubs).
- :mod:`~shiftplan.whatif.hires`: rank markets for the next hire, with
  reasons and near-ties grouped; plan several hires; verify with full solves.
- :mod:`~shiftplan.whatif.changes`: contact volume, an agent leaving, a
  contract change.
- :mod:`~shiftplan.whatif.parallel`: the one parallel map.
"""

from shiftplan.whatif.baseline import Baseline, Replanned, compute_baseline, replan
from shiftplan.whatif.changes import ChangeReport, agent_leaves, change_contract, change_volume
from shiftplan.whatif.hires import (
    Group,
    HireRanking,
    hypothetical_agent,
    plan_hires,
    rank_hires,
    top_market,
    verify_hires,
    with_agent,
    write_with_hire,
)
from shiftplan.whatif.markets import (
    Candidate,
    Market,
    candidate_markets,
    load_markets,
    parse_market,
    team_markets,
)
from shiftplan.whatif.tables import write_ranking

__all__ = [
    "Baseline",
    "Candidate",
    "ChangeReport",
    "Group",
    "HireRanking",
    "Market",
    "Replanned",
    "agent_leaves",
    "candidate_markets",
    "change_contract",
    "change_volume",
    "compute_baseline",
    "hypothetical_agent",
    "load_markets",
    "parse_market",
    "plan_hires",
    "rank_hires",
    "replan",
    "team_markets",
    "top_market",
    "verify_hires",
    "with_agent",
    "write_ranking",
    "write_with_hire",
]
