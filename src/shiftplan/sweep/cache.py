"""Finished variants on disk, so a re-run does only what is left.

A variant's key is a hash of everything its figures depend on: the scenario's
content (not its path), the variant, the rostering settings, and the code
version (the hash of every source file of the package, so any change to the
code invalidates the cache instead of serving figures it would no longer
produce). Only finished variants are stored: a failed one runs again.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from shiftplan.atomic import write_text
from shiftplan.scenario.models import Scenario


@cache
def code_version() -> str:
    """Hash of the package version and every Python source file of shiftplan."""
    # The installed version, read from the package metadata rather than the
    # top-level package, which imports the sweep (layers run one way).
    try:
        installed = metadata.version("shiftplan")
    except metadata.PackageNotFoundError:  # pragma: no cover - a source tree
        installed = "0.0.0"
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(installed.encode())
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def scenario_fingerprint(scenario: Scenario) -> str:
    """Hash of the scenario's content: rules, team, forecast, leave, holidays, requests."""
    digest = hashlib.sha256()
    content = scenario.model_dump(mode="json", exclude={"forecast", "path", "holidays"})
    digest.update(json.dumps(content, sort_keys=True, default=str).encode())
    holidays = {country: sorted(map(str, days)) for country, days in scenario.holidays.items()}
    digest.update(json.dumps(holidays, sort_keys=True).encode())
    digest.update(scenario.forecast.to_csv(index=False, lineterminator="\n").encode())
    return digest.hexdigest()


def variant_key(scenario_hash: str, variant: dict[str, Any], settings: dict[str, Any]) -> str:
    """The cache key of one variant under one code version."""
    payload = {
        "code": code_version(),
        "scenario": scenario_hash,
        "variant": variant,
        "settings": settings,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:20]


class ResultCache:
    """One JSON file per finished variant in a folder (None: keep nothing)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored figures of a variant, or None."""
        if self.folder is None:
            return None
        path = self.folder / f"{key}.json"
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # Missing or unreadable (e.g. cut by a full disk): run it again.
            return None
        return stored if isinstance(stored, dict) else None

    def put(self, key: str, figures: dict[str, Any]) -> None:
        """Store a finished variant's figures."""
        if self.folder is not None:
            # Keys in the order the task wrote them: that is the column order of the frame.
            write_text(self.folder / f"{key}.json", json.dumps(figures))
