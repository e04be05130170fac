"""Fixtures of the validator tests."""

from __future__ import annotations

import pytest

from shiftplan.scenario.models import Scenario
from validator_scenario import write_scenario


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    """The validator's 31-day scenario (see :mod:`validator_scenario`), loaded once per file."""
    return write_scenario(tmp_path_factory.mktemp("base"))
