"""Who is here and who is stuck: the console's reading of everyone's progress (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

ONLINE_SECONDS = 30  # a page heartbeats every 10 s; three missed beats = gone


def with_online(progress: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """``progress`` plus an ``online`` column (seen in the last 30 s)."""
    since = now - timedelta(seconds=ONLINE_SECONDS)
    seen = progress["last_seen_at"]
    return progress.assign(online=seen.notna() & (seen >= since))


def stuck(progress: pd.DataFrame, phase: str, shortlisted: int, dot_budget: int) -> list[str]:
    """Participants (not facilitators) still short of this phase's work, as "Name (why)".

    Diverge/refine: no idea added yet. Converge: not every shortlisted idea scored, or dots
    left. Anyone offline is named as such whatever the phase.
    """
    out = []
    for row in progress[~progress["is_facilitator"].astype(bool)].itertuples():
        why = []
        if not row.online:
            why.append("offline")
        if phase in ("diverge", "refine") and row.ideas == 0:
            why.append("no idea yet")
        if phase == "converge":
            if row.scored < shortlisted:
                why.append(f"scored {row.scored} of {shortlisted}")
            if row.dots < dot_budget:
                why.append(f"{dot_budget - row.dots} dot(s) left")
        if why:
            out.append(f"{row.name} ({', '.join(why)})")
    return out
