"""Requirements of a whole scenario: per queue and interval, from its forecast."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from scenario_factory import write_tiny_scenario
from shiftplan import compute_requirements, load_scenario


def test_realtime_requirements_follow_the_contacts(tmp_path: Path) -> None:
    """No chat contacts, nobody required; more contacts never need fewer agents."""
    requirements = compute_requirements(load_scenario(write_tiny_scenario(tmp_path)))
    frame = requirements.frame
    chat = frame[frame["queue"] == "chat"]
    contacts = chat["contacts"].to_numpy()
    required = requirements.required("chat")
    assert len(required) == 7 * 24 and (required >= 0).all()
    assert (required[contacts == 0] == 0).all() and (required[contacts > 0] > 0).all()
    order = np.argsort(contacts, kind="stable")
    assert (np.diff(required[order]) >= 0).all()


def test_more_shrinkage_needs_more_scheduled_agents(tmp_path: Path) -> None:
    """Grossing up for shrinkage: 50% shrinkage never needs fewer agents than 20%."""
    low = compute_requirements(load_scenario(write_tiny_scenario(tmp_path / "low")))
    high_path = write_tiny_scenario(tmp_path / "high", settings={"shrinkage": 0.5})
    high = compute_requirements(load_scenario(high_path))
    for queue in ("chat", "email"):
        assert (high.required(queue) >= low.required(queue)).all()
    assert high.required("chat").max() > low.required("chat").max()
