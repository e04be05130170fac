"""Hiring markets: the places a recruiter can actually hire in.

A candidate for the next hire is a city with a country, not a bare time
zone: the country decides the hire's public holidays, and only cities where
people live and work are worth an advert. The bundled ``markets.csv`` lists
cities with their ISO 3166 country code, IANA zone, a region and whether the
city is a common customer-support (contact-centre / BPO) hub.

Where the list comes from: it was compiled by hand for shiftplan from cities
that public industry coverage commonly names as contact-centre and BPO
locations (``hub = yes``: e.g. Manila, Cebu, Bangalore, Hyderabad, Kuala
Lumpur, Cape Town, Cairo, Lisbon, Dublin, Krakow, Sofia, Bucharest, Mexico
City, Bogota, Sao Paulo, Buenos Aires, Austin, Tampa, Toronto, Brisbane,
Auckland, Tokyo), plus large cities in other UTC offsets (``hub = no``) so
that ``--markets all`` covers every inhabited offset a team might need. The
zones are the cities' zones in the IANA tz database. It is a starting
point, not a survey: edit it freely.

Two markets with the same UTC offsets over the horizon and the same public
holidays give exactly the same roster, so only one of them is evaluated and
the others are listed beside it.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Literal
from zoneinfo import ZoneInfo

from shiftplan.errors import ShiftplanError
from shiftplan.scenario.load import public_holidays, timezone_problem
from shiftplan.scenario.models import Scenario

MarketChoice = Literal["team", "hubs", "all"]
MARKET_CHOICES: tuple[str, ...] = ("team", "hubs", "all")


@dataclass(frozen=True)
class Market:
    """A city a recruiter can hire in."""

    city: str
    country: str
    timezone: str
    hub: bool = False
    region: str = ""

    @property
    def label(self) -> str:
        """'Manila (PH)'."""
        return f"{self.city} ({self.country})"


@dataclass(frozen=True)
class Candidate:
    """One distinct option for the next hire, and the markets it stands for.

    Attributes
    ----------
    market
        The market shown (the team's own city first, then a hub).
    same_as
        Other markets with the same UTC offsets and public holidays over the
        horizon: a hire there would be rostered identically.
    offsets
        The distinct UTC offsets the zone uses over the horizon, in order.
    holidays
        The country's public holidays in the horizon (empty when the
        scenario does not give agents their holidays off).
    source
        ``team`` (the team already works there), ``hub``, ``market`` (from the
        list, not a hub) or ``requested`` (named by the user).
    """

    market: Market
    same_as: tuple[Market, ...]
    offsets: tuple[timedelta, ...]
    holidays: frozenset[date]
    source: str

    @property
    def label(self) -> str:
        """'Manila (PH)'."""
        return self.market.label


@cache
def load_markets() -> tuple[Market, ...]:
    """Every market in the bundled ``markets.csv``, in file order."""
    text = resources.files("shiftplan.whatif").joinpath("markets.csv").read_text("utf-8")
    return tuple(
        Market(
            city=row["city"],
            country=row["country"],
            timezone=row["timezone"],
            hub=row["hub"] == "yes",
            region=row["region"],
        )
        for row in csv.DictReader(text.splitlines())
    )


@cache
def zone_countries() -> dict[str, str]:
    """The country of each inhabited zone, from the IANA ``zone.tab`` in `tzdata`."""
    text = resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text(encoding="utf-8")
    countries = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            countries[parts[2]] = parts[0]
    return countries


@cache
def country_names() -> dict[str, str]:
    """ISO 3166 country codes and names, from the IANA ``iso3166.tab`` in `tzdata`."""
    text = resources.files("tzdata").joinpath("zoneinfo/iso3166.tab").read_text(encoding="utf-8")
    names = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t", 1)
            names[code] = name.strip()
    return names


def region_of(timezone: str) -> str:
    """A coarse region for a zone not in the market list (for group names)."""
    for market in load_markets():
        if market.timezone == timezone:
            return market.region
    area = timezone.split("/", 1)[0]
    if area == "America":
        return "Americas"
    if area in ("Europe", "Atlantic"):
        return "Europe"
    if area in ("Africa", "Indian"):
        return "Africa"
    if area in ("Australia", "Pacific", "Antarctica"):
        return "Asia-Pacific"
    offset = datetime(2027, 1, 15, 12).astimezone(ZoneInfo(timezone)).utcoffset()
    hours = 0.0 if offset is None else offset.total_seconds() / 3600
    if hours >= 6.5:
        return "Asia-Pacific"
    return "South Asia" if hours >= 5 else "Middle East"


def offset_pattern(timezone: str, scenario: Scenario) -> tuple[timedelta, ...]:
    """The zone's UTC offset at every interval of the horizon.

    Two zones with equal patterns put every local start at the same UTC
    instant; comparing only the set of offsets would merge zones that change
    clocks on different dates (the US and the EU, three weeks apart).
    """
    horizon = scenario.horizon
    zone = ZoneInfo(timezone)
    step = timedelta(minutes=horizon.interval_minutes)
    return tuple(
        (horizon.start_utc + step * k).astimezone(zone).utcoffset() or timedelta(0)
        for k in range(horizon.intervals)
    )


def distinct_offsets(pattern: tuple[timedelta, ...]) -> tuple[timedelta, ...]:
    """The offsets of a pattern, each once, in order of appearance."""
    return tuple(dict.fromkeys(pattern))


def format_offsets(offsets: tuple[timedelta, ...]) -> str:
    """'UTC+05:30' or 'UTC+01:00/+02:00' for a zone that changes clocks."""
    parts = []
    for offset in offsets:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        parts.append(f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}")
    return "UTC" + "/".join(parts)


def country_holidays(scenario: Scenario, country: str) -> frozenset[date]:
    """``country``'s public holidays in the horizon (empty when none are known)."""
    if country in scenario.holidays:
        return scenario.holidays[country]
    horizon = scenario.horizon
    try:
        return public_holidays(country, horizon.start, horizon.days_list[-1])
    except NotImplementedError:
        return frozenset()


def team_markets(scenario: Scenario) -> list[Market]:
    """The team's own cities: one per (zone, country) pair, named from the list if it can be."""
    found: list[Market] = []
    for agent in scenario.agents:
        pair = (agent.timezone, agent.country)
        if any((m.timezone, m.country) == pair for m in found):
            continue
        listed = [m for m in load_markets() if (m.timezone, m.country) == pair]
        found.append(listed[0] if listed else _zone_market(agent.timezone, agent.country))
    return found


def _zone_market(timezone: str, country: str) -> Market:
    city = timezone.rsplit("/", 1)[-1].replace("_", " ")
    return Market(city, country, timezone, hub=False, region=region_of(timezone))


def parse_market(text: str) -> Market:
    """A market from 'Asia/Manila' or 'Asia/Manila:PH' (the country of a shared zone).

    Raises
    ------
    ShiftplanError
        Naming the zone or country when either is not usable.
    """
    zone, _, country = text.strip().partition(":")
    zone, country = zone.strip(), country.strip().upper()
    problem = timezone_problem(zone)
    if problem is not None:
        message, hint = problem
        msg = f"timezone: {message}" + (f"; {hint}" if hint else "")
        raise ShiftplanError(msg)
    if country:
        check_country(country)
    else:
        known = zone_countries().get(zone)
        if known is None:
            msg = (
                f"timezone '{zone}' is not the zone of any country, so a hire there has no "
                f"public holidays; name the country, e.g. '{zone}:GB'"
            )
            raise ShiftplanError(msg)
        country = known
    listed = [m for m in load_markets() if (m.timezone, m.country) == (zone, country)]
    return listed[0] if listed else _zone_market(zone, country)


def check_country(code: str) -> None:
    """Raise a :class:`ShiftplanError` naming ``code`` when it is not an ISO 3166 code."""
    if code not in country_names():
        close = difflib.get_close_matches(code, sorted(country_names()), n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        msg = f"country '{code}' is not an ISO 3166 two-letter country code{hint}"
        raise ShiftplanError(msg)


def candidate_markets(
    scenario: Scenario,
    markets: str = "hubs",
    countries: list[str] | None = None,
    timezones: list[str] | None = None,
) -> list[Candidate]:
    """The distinct options for the next hire.

    Parameters
    ----------
    scenario
        The team as it is.
    markets
        ``team`` (the team's own cities), ``hubs`` (those plus the
        customer-support hubs; the default) or ``all`` (every listed city).
    countries
        ISO country codes: every listed city in these countries instead
        (a country without a listed city: its zones from the tz database).
    timezones
        Zones, each optionally with its country ('Asia/Manila:PH'), instead.

    Returns
    -------
    list of Candidate
        One per distinct (UTC offsets over the horizon, public holidays)
        pair, the team's own cities first, then the list's order.
    """
    if markets not in MARKET_CHOICES:
        msg = f"markets '{markets}' is not one of: {', '.join(MARKET_CHOICES)}"
        raise ShiftplanError(msg)
    team = team_markets(scenario)
    options: list[tuple[Market, str]]
    if timezones:
        options = [(parse_market(text), "requested") for text in timezones]
    elif countries:
        codes = [code.strip().upper() for code in countries if code.strip()]
        for code in codes:
            check_country(code)
        options = [(m, "team") for m in team if m.country in codes]
        for code in codes:
            listed = [m for m in load_markets() if m.country == code]
            if not listed:
                zones = sorted(z for z, c in zone_countries().items() if c == code)
                listed = [_zone_market(zone, code) for zone in zones]
            options += [(m, "hub" if m.hub else "market") for m in listed]
    else:
        options = [(m, "team") for m in team]
        if markets != "team":
            options += [
                (m, "hub" if m.hub else "market")
                for m in load_markets()
                if m.hub or markets == "all"
            ]
    return _distinct(scenario, options)


def _distinct(scenario: Scenario, options: list[tuple[Market, str]]) -> list[Candidate]:
    holidays_apply = scenario.file.public_holidays
    groups: dict[tuple[tuple[timedelta, ...], frozenset[date]], list[tuple[Market, str]]] = {}
    patterns: dict[str, tuple[timedelta, ...]] = {}
    for market, source in options:
        if market.timezone not in patterns:
            patterns[market.timezone] = offset_pattern(market.timezone, scenario)
        days = country_holidays(scenario, market.country) if holidays_apply else frozenset()
        members = groups.setdefault((patterns[market.timezone], days), [])
        if market not in [m for m, _ in members]:
            members.append((market, source))
    return [
        Candidate(
            market=members[0][0],
            same_as=tuple(m for m, _ in members[1:]),
            offsets=distinct_offsets(pattern),
            holidays=days,
            source=members[0][1],
        )
        for (pattern, days), members in groups.items()
    ]
