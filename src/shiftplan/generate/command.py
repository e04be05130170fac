"""``python -m shiftplan.generate``: the generator's command line."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from shiftplan.generate.files import default_slug, describe, write_scenario
from shiftplan.generate.synthetic import (
    EXAMPLE_AGENTS,
    EXAMPLE_DAYS,
    EXAMPLE_SEED,
    EXAMPLE_SLUG,
    EXAMPLE_START,
    EXAMPLE_TIMEZONES,
    build_scenario,
)
from shiftplan.generate.team import MAX_TIMEZONES


def find_repo_root(start: Path | None = None) -> Path:
    """The project folder (holding pyproject.toml and scenarios/) above the module or cwd."""
    candidates = [Path(__file__).resolve().parent, (start or Path.cwd()).resolve()]
    for candidate in candidates:
        for folder in (candidate, *candidate.parents):
            if (folder / "pyproject.toml").is_file() and (folder / "src" / "shiftplan").is_dir():
                return folder
    msg = (
        "cannot find the shiftplan repository (pyproject.toml next to src/shiftplan); "
        "run from inside it or use --out"
    )
    raise FileNotFoundError(msg)


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m shiftplan.generate",
        description="Write a seeded synthetic follow-the-sun support scenario.",
    )
    parser.add_argument(
        "--example",
        action="store_true",
        help="regenerate the bundled example: scenarios/example.yaml and data/example/*.csv "
        "in the repository",
    )
    parser.add_argument("--agents", type=int, default=EXAMPLE_AGENTS, help="team size")
    parser.add_argument("--days", type=int, default=EXAMPLE_DAYS, help="horizon length")
    parser.add_argument(
        "--start", type=date.fromisoformat, default=EXAMPLE_START, help="first day, YYYY-MM-DD"
    )
    parser.add_argument(
        "--interval", type=int, default=30, choices=(15, 30, 60), help="grid interval in minutes"
    )
    parser.add_argument("--seed", type=int, default=EXAMPLE_SEED, help="random seed")
    parser.add_argument(
        "--timezones",
        type=int,
        default=EXAMPLE_TIMEZONES,
        choices=range(1, MAX_TIMEZONES + 1),
        metavar=f"1..{MAX_TIMEZONES}",
        help="number of time zones the team works in (10 adds Mexico City)",
    )
    parser.add_argument("--out", type=Path, help="folder for the YAML file")
    parser.add_argument("--data-dir", type=Path, help="folder for the CSV files (default: --out)")
    parser.add_argument("--name", help="the scenario's display name")
    parser.add_argument("--slug", help="YAML file name without .yaml")
    args = parser.parse_args(argv)
    if args.example:
        sizes = (args.agents, args.days, args.start, args.interval, args.seed, args.timezones)
        example = (EXAMPLE_AGENTS, EXAMPLE_DAYS, EXAMPLE_START, 30, EXAMPLE_SEED, EXAMPLE_TIMEZONES)
        if args.out or args.data_dir or args.slug or args.name or sizes != example:
            parser.error("--example regenerates the bundled example as it is; give no other option")
    if not args.example and args.out is None:
        parser.error("give --out DIR, or --example to regenerate the bundled example")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m shiftplan.generate``."""
    args = _parse_args(argv)
    if args.example:
        root = find_repo_root()
        out_dir, data_dir, slug = root / "scenarios", root / "data" / "example", EXAMPLE_SLUG
    else:
        out_dir, data_dir, slug = args.out, args.data_dir, args.slug
    scenario = build_scenario(
        agents=args.agents,
        days=args.days,
        start=args.start,
        interval_minutes=args.interval,
        seed=args.seed,
        timezones=args.timezones,
        name=args.name,
    )
    if slug is None:
        slug = default_slug(
            args.agents,
            args.days,
            args.start,
            args.interval,
            args.seed,
            args.timezones,
            args.name,
        )
    path = write_scenario(scenario, out_dir, data_dir=data_dir, slug=slug)
    print(f"wrote {path}")
    for line in describe(scenario):
        print(f"  {line}")
    return 0
