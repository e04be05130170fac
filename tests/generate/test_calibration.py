"""Calibration: the forecast asks a little more than the team can work."""

from __future__ import annotations

from shiftplan.generate import build_scenario


def test_calibration_lands_near_the_contracted_hours() -> None:
    calibration = build_scenario().calibration
    assert 0.95 <= calibration.required_hours / calibration.contracted_hours <= 1.10
    assert calibration.required_hours > calibration.available_hours
