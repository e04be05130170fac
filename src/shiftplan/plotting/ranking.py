"""Late contacts avoided per candidate market for the next hire, near-ties grouped."""

from __future__ import annotations

from typing import Any

import pandas as pd

# Okabe-Ito (without its yellow, too pale on white): distinguishable with
# every common colour-vision deficiency. Groups past these share grey.
GROUP_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
OTHERS = "#999999"


def plot_ranking(ranking: Any, ax: Any = None, top: int = 15) -> Any:
    """Horizontal bars: late contacts each candidate's hire would avoid, best on top.

    Bars of one group (candidates within noise of each other) share a
    colour; the legend names the groups and sits outside the bars.

    Parameters
    ----------
    ranking
        A :class:`shiftplan.whatif.HireRanking`.
    ax
        A matplotlib Axes to draw on; a new Figure (no pyplot, no backend
        change) when None.
    top
        Candidates to show, best first.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    frame: pd.DataFrame = ranking.frame.head(top)
    if ax is None:
        figure = Figure(figsize=(12, 0.35 * max(len(frame), 4) + 1.8), layout="constrained")
        ax = figure.add_subplot()
    else:
        figure = ax.figure
    labels = [f"{city} ({country})" for city, country in zip(frame["city"], frame["country"],
                                                               strict=True)]  # fmt: skip
    groups = list(dict.fromkeys(frame["group"]))
    colour_of = {
        group: GROUP_COLOURS[i] if i < len(GROUP_COLOURS) else OTHERS
        for i, group in enumerate(groups)
    }
    positions = list(range(len(frame)))[::-1]
    ax.barh(
        positions,
        frame["late_contacts_avoided"].round(),
        color=[colour_of[group] for group in frame["group"]],
    )
    ax.set_yticks(positions, labels)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("late contacts avoided over the horizon (contacts)")
    ax.grid(axis="x", alpha=0.3)
    names = {group.labels[0]: group.name for group in ranking.groups}
    handles = []
    for group in groups[: len(GROUP_COLOURS)]:
        first = frame[frame["group"] == group].iloc[0]
        name = names.get(f"{first['city']} ({first['country']})", f"group {group}")
        handles.append(Patch(color=colour_of[group], label=f"{group}. {name}"))
    if len(groups) > len(GROUP_COLOURS):
        handles.append(Patch(color=OTHERS, label="later groups"))
    # Beside the axes, so the legend never covers a bar.
    ax.legend(
        handles=handles,
        title="groups (within 1% of the leader's figure)",
        loc="upper left",
        bbox_to_anchor=(1.02, 1),
        borderaxespad=0,
        frameon=False,
        fontsize="small",
    )
    if ranking.groups:
        best = ranking.groups[0]
        ax.set_title(
            f"Best next hire: {best.name.split(',')[0]} "
            f"(about {round(best.late_contacts_avoided):,} late contacts avoided)"
        )
    else:
        ax.set_title("No candidate market evaluated")
    return figure
