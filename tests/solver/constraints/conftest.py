"""Fixtures of the constraint-family tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from family_check import TinyModel
from scenario_factory import write_tiny_scenario
from shiftplan import load_scenario
from shiftplan.solver import ModelData

Settings = dict[str, Any]
Rows = list[dict[str, Any]]


@pytest.fixture
def tiny_model(tmp_path: Path) -> Callable[..., TinyModel]:
    """Build a :class:`TinyModel` from the tiny scenario with ``settings`` merged in."""

    def build(
        settings: dict[str, Any] | None = None, requests: list[dict[str, Any]] | None = None
    ) -> TinyModel:
        path = write_tiny_scenario(tmp_path, settings=settings)
        if requests is not None:
            pd.DataFrame(requests).to_csv(tmp_path / "requests.csv", index=False)
            path.write_text(path.read_text() + "requests: requests.csv\n")
        return TinyModel(ModelData.from_scenario(load_scenario(path)))

    return build
