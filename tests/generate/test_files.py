"""Writing a generated scenario: the bundled example byte for byte, seeded determinism."""

from __future__ import annotations

from pathlib import Path

from shiftplan.generate import generate_scenario
from shiftplan.generate.team import CONTRACTS
from shiftplan.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "example.yaml"
EXAMPLE_DATA = ROOT / "data" / "example"
CSV_NAMES = ("agents.csv", "forecast.csv", "time_off.csv")


def _files(yaml_path: Path, data_dir: Path) -> dict[str, bytes]:
    files = {yaml_path.name: yaml_path.read_bytes()}
    files.update({name: (data_dir / name).read_bytes() for name in CSV_NAMES})
    return files


def test_bundled_example_is_what_the_generator_writes(tmp_path: Path) -> None:
    yaml_path = generate_scenario(tmp_path / "scenarios", data_dir=tmp_path / "data" / "example")
    assert yaml_path.name == "example.yaml"
    assert _files(yaml_path, tmp_path / "data" / "example") == _files(EXAMPLE, EXAMPLE_DATA)


def test_same_seed_writes_identical_bytes(tmp_path: Path) -> None:
    first = generate_scenario(tmp_path / "a", agents=30, days=7, seed=11)
    second = generate_scenario(tmp_path / "b", agents=30, days=7, seed=11)
    assert _files(first, first.parent) == _files(second, second.parent)
    assert not list((tmp_path / "a").glob(".*.tmp"))


def test_different_seed_gives_different_data(tmp_path: Path) -> None:
    first = generate_scenario(tmp_path / "a", agents=30, days=7, seed=11)
    second = generate_scenario(tmp_path / "b", agents=30, days=7, seed=12)
    one, two = _files(first, first.parent), _files(second, second.parent)
    assert one["forecast.csv"] != two["forecast.csv"]
    assert one["agents.csv"] != two["agents.csv"]


def test_written_contracts_load_back_as_the_generators_models() -> None:
    """The YAML writer and the scenario loader agree on every contract field."""
    loaded = load_scenario(EXAMPLE).contracts
    assert set(loaded) == set(CONTRACTS)
    for name, contract in CONTRACTS.items():
        # Weekends off are set per scenario: the example asks for one.
        assert loaded[name] == contract.model_copy(update={"min_weekends_off": 1}), name
