"""The funnel from many ideas to few: generated → after merging → shortlisted → scored →
selected.

- **generated**: every idea still in the workshop, counting the ones merged away into
  another (a deleted idea is gone and not counted);
- **after merging**: the live ideas (what the idea wall shows);
- **shortlisted**: live ideas on the shortlist;
- **scored**: shortlisted ideas that have, in the current round, at least one rating on every
  current criterion — so the aggregate has a value on each (derived criteria such as
  "Serves important needs" are not rated and not required);
- **selected**: shortlisted ideas the workshop chose — those whose current decision in the
  decision log is *go* (``services.decisions.selected_idea_ids``); while no decision is
  recorded at all, the MoSCoW *Must* bucket on Decide; ``None`` ("not chosen yet") while
  nothing is chosen.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import pandas as pd

STAGES = ("Generated", "After merging", "Shortlisted", "Scored", "Selected")
NOT_CHOSEN = "not chosen yet"


@dataclass(frozen=True)
class Funnel:
    """Idea counts at each stage; ``selected`` is None until something is chosen."""

    generated: int
    merged: int
    shortlisted: int
    scored: int
    selected: int | None

    def counts(self) -> list[int | None]:
        """The five counts in ``STAGES`` order."""
        return [self.generated, self.merged, self.shortlisted, self.scored, self.selected]

    def line(self) -> str:
        """'Funnel: 40 ideas → 31 after merging → 8 shortlisted → 6 scored → 3 selected'."""
        chosen = NOT_CHOSEN if self.selected is None else f"{self.selected} selected"
        return (f"Funnel: {self.generated} ideas → {self.merged} after merging → "
                f"{self.shortlisted} shortlisted → {self.scored} scored → {chosen}")

    def table(self) -> pd.DataFrame:
        """Stage, ideas and share of the generated ideas (the chart's table alternative)."""
        counts = self.counts()
        shares = ["" if c is None or not self.generated else f"{c / self.generated:.0%}"
                  for c in counts]
        return pd.DataFrame({"Stage": list(STAGES),
                             "Ideas": ["–" if c is None else str(c) for c in counts],
                             "Share of generated": shares})


def funnel(ideas: pd.DataFrame, score_means: pd.DataFrame, criterion_ids: Sequence[int],
           selected_ids: Collection[int] = ()) -> Funnel:
    """Count the stages from ``ideas`` (live ideas: id, shortlisted, merged_count),
    ``score_means`` (idea_id, criterion_id, n for the current round), the current rated
    criteria and the chosen ideas (decided "go", else the Must bucket)."""
    if ideas.empty:
        return Funnel(0, 0, 0, 0, None)
    live = len(ideas)
    generated = live + int(ideas["merged_count"].fillna(0).astype(int).sum())
    short = set(ideas.loc[ideas["shortlisted"].astype(bool), "id"].astype(int))
    wanted = {int(c) for c in criterion_ids}
    scored = 0
    if wanted and not score_means.empty:
        rated = score_means[(score_means["n"] > 0)
                            & score_means["criterion_id"].astype(int).isin(wanted)]
        per_idea = rated.groupby(rated["idea_id"].astype(int))["criterion_id"].nunique()
        scored = sum(1 for i, k in per_idea.items() if k == len(wanted) and i in short)
    selected = len(short & {int(i) for i in selected_ids})
    return Funnel(generated, live, len(short), scored, selected or None)
