"""The team: sites, names, contracts, and who is on leave when."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from shiftplan.scenario.models import Contract, FloatRange, IntRange, StartWindow

PART_TIME_SHARE = 0.15


SKILL_MIX = (("chat;email", 0.72), ("chat", 0.16), ("email", 0.12))


@dataclass(frozen=True)
class Site:
    """A place the team works from."""

    zone: str
    country: str
    weight: float
    """Relative head count."""
    night_share: float
    """Share of the site's agents on the night contract."""
    priority: int
    """Sites are kept in this order when fewer time zones are asked for."""


# West to east: agent ids run in this order. Head counts follow where the work is
# once night shifts are counted: Manila and Kolkata nights (21:00-23:00 local
# starts) work the Americas' afternoon, so the Asian sites are the largest.
SITES: tuple[Site, ...] = (
    Site("America/Vancouver", "CA", 4, 0.0, 8),
    Site("America/Mexico_City", "MX", 4, 0.0, 10),
    Site("America/Toronto", "CA", 5, 0.0, 1),
    Site("America/Sao_Paulo", "BR", 3, 0.0, 4),
    Site("Europe/Dublin", "IE", 4, 0.0, 7),
    Site("Africa/Lagos", "NG", 3, 0.0, 9),
    Site("Europe/Berlin", "DE", 4, 0.0, 2),
    Site("Asia/Kolkata", "IN", 6, 0.4, 6),
    Site("Asia/Manila", "PH", 7, 0.6, 3),
    Site("Australia/Sydney", "AU", 4, 0.0, 5),
)


MAX_TIMEZONES = len(SITES)


# A few common first names and surnames per country, comma-separated: enough for
# unique names in teams of a few hundred.
_NAME_LISTS: dict[str, tuple[str, str]] = {
    "CA": (
        (
            "Liam, Olivia, Noah, Emma, Ethan, Chloé, Lucas, Sophie, Jacob, Amélie, Owen, "
            "Maya, Nathan, Léa, Gabriel, Hannah"
        ),
        (
            "Tremblay, Smith, Roy, Gagnon, Brown, Wilson, MacDonald, Côté, Martin, Campbell, "
            "Lee, Bouchard, Taylor, Anderson, Gauthier, Singh"
        ),
    ),
    "MX": (
        (
            "Santiago, Sofía, Mateo, Valentina, Diego, Ximena, Emiliano, Regina, Leonardo, "
            "Camila, Alejandro, Fernanda, Daniel, Mariana, Andrés, Renata"
        ),
        (
            "Hernández, García, Martínez, López, González, Pérez, Rodríguez, Sánchez, "
            "Ramírez, Flores, Torres, Rivera, Gómez, Díaz, Cruz, Morales"
        ),
    ),
    "BR": (
        (
            "João, Maria, Pedro, Ana, Lucas, Juliana, Gabriel, Beatriz, Rafael, Camila, "
            "Mateus, Larissa, Thiago, Fernanda, Bruno, Letícia"
        ),
        (
            "Silva, Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, "
            "Gomes, Costa, Ribeiro, Martins, Carvalho, Almeida, Barbosa"
        ),
    ),
    "IE": (
        (
            "Seán, Aoife, Conor, Niamh, Cian, Saoirse, Oisín, Ciara, Darragh, Róisín, Eoin, "
            "Siobhán, Patrick, Orla, Ciarán, Méabh"
        ),
        (
            "Murphy, Kelly, O'Sullivan, Walsh, O'Brien, Byrne, Ryan, O'Connor, O'Neill, "
            "Doyle, McCarthy, Gallagher, Kennedy, Lynch, Quinn, Brennan"
        ),
    ),
    "NG": (
        (
            "Chinedu, Adaeze, Oluwaseun, Ngozi, Emeka, Funmilayo, Tunde, Chiamaka, Ibrahim, "
            "Aisha, Obinna, Yetunde, Segun, Amaka, Musa, Folake"
        ),
        (
            "Okafor, Adeyemi, Okonkwo, Balogun, Eze, Abubakar, Nwosu, Adebayo, Olawale, "
            "Chukwu, Bello, Ogunleye, Nwachukwu, Afolabi, Usman, Ibekwe"
        ),
    ),
    "DE": (
        (
            "Lukas, Anna, Leon, Lena, Felix, Marie, Jonas, Sophie, Maximilian, Laura, Paul, "
            "Julia, Tobias, Katharina, Niklas, Hannah"
        ),
        (
            "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, "
            "Hoffmann, Koch, Richter, Klein, Wolf, Schröder, Neumann"
        ),
    ),
    "IN": (
        (
            "Aarav, Priya, Rohan, Ananya, Arjun, Kavya, Vikram, Sneha, Rahul, Divya, Karthik, "
            "Pooja, Aditya, Meera, Siddharth, Lakshmi"
        ),
        (
            "Sharma, Patel, Iyer, Reddy, Nair, Gupta, Singh, Menon, Rao, Kumar, Das, Joshi, "
            "Mehta, Pillai, Banerjee, Chatterjee"
        ),
    ),
    "PH": (
        (
            "Juan, Maria, Jose, Angelica, Mark, Kristine, John Paul, Mary Grace, Carlo, "
            "Patricia, Miguel, Jasmine, Rafael, Camille, Paolo, Bea"
        ),
        (
            "Santos, Reyes, Cruz, Bautista, Garcia, Mendoza, Ramos, Aquino, Villanueva, Dela "
            "Cruz, Castillo, Fernandez, Navarro, Torres, Domingo, Pascual"
        ),
    ),
    "AU": (
        (
            "Jack, Charlotte, William, Olivia, Thomas, Amelia, James, Isla, Oliver, Mia, "
            "Lachlan, Grace, Cooper, Ruby, Harrison, Zoe"
        ),
        (
            "Smith, Jones, Williams, Brown, Wilson, Taylor, Nguyen, Johnson, Martin, White, "
            "Anderson, Walker, Thompson, Kelly, Ryan, Harris"
        ),
    ),
}


NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    country: (tuple(firsts.split(", ")), tuple(lasts.split(", ")))
    for country, (firsts, lasts) in _NAME_LISTS.items()
}


def _contract(
    hours: tuple[float, float],
    shift_hours: list[float],
    days: tuple[int, int],
    window: tuple[str, str],
    max_consecutive_days: int,
) -> Contract:
    """A contract as the scenario model holds it, so the loader reads back the same rules."""
    return Contract(
        hours_per_week=FloatRange(min=hours[0], max=hours[1]),
        shift_hours=shift_hours,
        days_per_week=IntRange(min=days[0], max=days[1]),
        start_window=StartWindow.model_validate({"earliest": window[0], "latest": window[1]}),
        start_step_minutes=60,
        min_rest_hours=11,
        max_consecutive_days=max_consecutive_days,
    )


CONTRACTS: dict[str, Contract] = {
    "full-time": _contract((40, 40), [8], (5, 5), ("07:00", "12:00"), 6),
    "part-time": _contract((20, 30), [4, 6], (4, 5), ("08:00", "16:00"), 6),
    "nights": _contract((40, 40), [8], (5, 5), ("21:00", "23:00"), 5),
}
"""The generator's contracts by name; ``min_weekends_off`` is set per scenario."""


LEAVE_REASONS = ("annual leave", "annual leave", "annual leave", "training", "family leave")


@dataclass(frozen=True)
class AgentRow:
    """One row of agents.csv."""

    id: str
    name: str
    timezone: str
    country: str
    contract: str
    skills: str


@dataclass(frozen=True)
class LeaveRow:
    """One row of time_off.csv."""

    agent_id: str
    first_day: date
    last_day: date
    reason: str


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), each >= 1 if possible."""
    count = len(weights)
    floor = 1 if total >= count else 0
    share = np.asarray(weights, dtype=float)
    quota = floor + share / share.sum() * (total - floor * count)
    counts = np.floor(quota).astype(int)
    remainder = quota - counts
    # Stable order: largest remainder first, ties to the earlier site.
    order = sorted(range(count), key=lambda index: (-remainder[index], index))
    for index in order[: total - int(counts.sum())]:
        counts[index] += 1
    return [int(value) for value in counts]


def make_team(rng: np.random.Generator, size: int, sites: Sequence[Site]) -> list[AgentRow]:
    """The team: head counts per site, contracts, skills and names, seeded by ``rng``."""
    counts = _apportion(size, [site.weight for site in sites])
    contracts: list[str] = []
    zones: list[Site] = []
    for site, count in zip(sites, counts, strict=True):
        nights = round(count * site.night_share)
        contracts += ["nights"] * nights + ["full-time"] * (count - nights)
        zones += [site] * count
    day_workers = [index for index, contract in enumerate(contracts) if contract != "nights"]
    part_timers = min(round(size * PART_TIME_SHARE), len(day_workers))
    for index in rng.choice(day_workers, size=part_timers, replace=False):
        contracts[int(index)] = "part-time"
    labels = [label for label, _ in SKILL_MIX]
    weights = np.asarray([weight for _, weight in SKILL_MIX])
    skills = [labels[int(i)] for i in rng.choice(len(labels), size=size, p=weights)]
    if not any("chat" in s for s in skills) or not any("email" in s for s in skills):
        skills[0] = "chat;email"
    names = _make_names(rng, [site.country for site in zones])
    width = max(3, len(str(size)))
    team: list[AgentRow] = []
    for index in range(size):
        team.append(
            AgentRow(
                id=f"A{index + 1:0{width}d}",
                name=names[index],
                timezone=zones[index].zone,
                country=zones[index].country,
                contract=contracts[index],
                skills=skills[index],
            )
        )
    # Mix contracts within each site so that ids do not give them away.
    return _shuffle_within_sites(rng, team)


def _shuffle_within_sites(rng: np.random.Generator, team: list[AgentRow]) -> list[AgentRow]:
    """Mix the contracts and skills of each site's agents, keeping ids in order."""
    result: list[AgentRow] = []
    position = 0
    while position < len(team):
        end = position
        while end < len(team) and team[end].timezone == team[position].timezone:
            end += 1
        block = team[position:end]
        order = rng.permutation(len(block))
        for slot, source in zip(block, order, strict=True):
            other = block[int(source)]
            result.append(
                AgentRow(
                    slot.id, slot.name, slot.timezone, slot.country, other.contract, other.skills
                )
            )
        position = end
    return result


def _make_names(rng: np.random.Generator, countries: Sequence[str]) -> list[str]:
    """A name per agent from their country's lists, unique while the lists last.

    First names and surnames are shuffled once per country and paired so that
    a site repeats neither until it has more agents than either list.
    """
    names: list[str] = []
    used: set[str] = set()
    orders: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    taken: dict[str, int] = {}
    for country in countries:
        firsts, lasts = NAMES[country]
        if country not in orders:
            orders[country] = (rng.permutation(len(firsts)), rng.permutation(len(lasts)))
        first_order, last_order = orders[country]
        name = ""
        while taken.get(country, 0) < len(firsts) * len(lasts):
            k = taken.get(country, 0)
            taken[country] = k + 1
            first = firsts[int(first_order[k % len(firsts)])]
            last = lasts[int(last_order[(k + k // len(firsts)) % len(lasts)])]
            name = f"{first} {last}"
            if name not in used:
                break
        if not name or name in used:  # a very large site: reuse names, ids stay unique
            first = firsts[int(rng.integers(0, len(firsts)))]
            name = f"{first} {lasts[int(rng.integers(0, len(lasts)))]}"
        used.add(name)
        names.append(name)
    return names


def make_time_off(
    rng: np.random.Generator, team: Sequence[AgentRow], start: date, days: int
) -> list[LeaveRow]:
    """A few blocks of 2-7 days of leave, for different agents, inside the horizon."""
    rows = min(len(team), max(1, round(len(team) * 0.14) + int(rng.integers(0, 3))))
    chosen = rng.choice(len(team), size=rows, replace=False)
    leave: list[LeaveRow] = []
    for index in chosen:
        length = min(int(rng.integers(2, 8)), days)
        first = int(rng.integers(0, days - length + 1))
        reason = LEAVE_REASONS[int(rng.integers(0, len(LEAVE_REASONS)))]
        leave.append(
            LeaveRow(
                agent_id=team[int(index)].id,
                first_day=start + timedelta(days=first),
                last_day=start + timedelta(days=first + length - 1),
                reason=reason,
            )
        )
    return sorted(leave, key=lambda row: (row.first_day, row.agent_id))
