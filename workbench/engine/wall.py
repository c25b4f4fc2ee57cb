"""The idea wall as text: ideas grouped by the need they serve, ready for one Markdown block.

One block instead of an expander per need: the wall is redrawn every two seconds in every
open browser, and each Streamlit element is a message the server builds and sends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from workbench.domain.labels import distinct
from workbench.domain.safe_text import md

UNTAGGED = "Untagged — not linked to any need yet"


def need_labels(needs: pd.DataFrame) -> dict[int, str]:
    """'statement · segment' per need id, kept apart where two would read the same."""
    return distinct({int(r.id): f"{r.statement} · {r.segment}" for r in needs.itertuples()})


def wall_groups(ideas: Iterable[tuple[str, Sequence[int]]],
                labels: Mapping[int, str]) -> list[tuple[str, list[str]]]:
    """(need label, idea titles) per need, fullest first, then the untagged ideas, from
    (title, need ids) pairs.

    An idea tagged to two needs is listed under both; needs without ideas come last among the
    needs so the gaps show.
    """
    by_need: dict[int, list[str]] = {need_id: [] for need_id in labels}
    untagged: list[str] = []
    for title, need_ids in ideas:
        tagged = [int(n) for n in need_ids if int(n) in by_need]
        for need_id in tagged:
            by_need[need_id].append(title)
        if not tagged:
            untagged.append(title)
    groups = [(labels[n], titles) for n, titles in by_need.items()]
    groups.sort(key=lambda g: -len(g[1]))
    if untagged:
        groups.append((UNTAGGED, untagged))
    return groups


def wall_markdown(groups: list[tuple[str, list[str]]],
                  themes: Mapping[str, str] | None = None) -> str:
    """The groups as Markdown: a bold heading with the count, then a bullet per title (with
    its theme in italics when ``themes``, theme by title, names one)."""
    themes = themes or {}
    parts = []
    for label, titles in groups:
        parts.append(f"**{md(label)}** · {len(titles)}")
        if titles:
            parts.append("\n".join(f"- {md(t)}" + (f" · *{md(themes[t])}*" if themes.get(t)
                                                     else "") for t in titles))
        else:
            parts.append("*No ideas for this need yet — a gap worth filling?*")
    return "\n\n".join(parts)
