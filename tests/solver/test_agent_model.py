"""One agent's own model: its rules, and whether a schedule keeps them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from curtois_rows import own_problems
from shiftplan.bench.curtois import read_instance, to_scenario
from shiftplan.solver import ModelData
from shiftplan.solver.agent_model import build_agent_model, keeps_own_rules
from shiftplan.solver.heuristic import rule_keeping_roster

DATA = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "curtois"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="the Curtois data lives in ../shared")


def test_a_schedule_keeps_the_rules_when_the_benchmarks_own_check_says_so() -> None:
    """Instance2: each first schedule keeps its rules; a shift every day or another's does not.

    The benchmark's own checker judges the same schedules, so the two agree
    on what a rule is; and the model is left with every choice open.
    """
    instance = read_instance(DATA / "Instance2.txt")
    data = ModelData.from_scenario(to_scenario(instance))
    models: dict[int, Any] = {}
    roster, failed = rule_keeping_roster(data, models)
    assert not failed
    candidates = data.candidates
    for agent in range(len(data.agents)):
        model = models.get(agent) or build_agent_model(data, agent)
        mine = sorted(int(s) for s in roster if candidates.agent[s] == agent)
        assert keeps_own_rules(model, mine)
        assert own_problems(instance, data, agent, mine) == []
        # A shift every day: more days in a row than allowed, whatever else.
        first_of_day = {int(candidates.day[s]): int(s) for s in model.indices[::-1]}
        daily = sorted(first_of_day.values())
        assert not keeps_own_rules(model, daily)
        assert own_problems(instance, data, agent, daily) != []
        # Another agent's shift is never this agent's to work.
        theirs = int(candidates.of_agent((agent + 1) % len(data.agents))[0])
        assert not keeps_own_rules(model, [*mine, theirs])
        domains = [model.model.proto.variables[v.index].domain for v in model.variables.shift]
        assert all(list(domain) == [0, 1] for domain in domains)
