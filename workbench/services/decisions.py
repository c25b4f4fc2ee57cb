"""The decision log: record go / later / no per idea with a rationale; what is selected."""

from __future__ import annotations

import pandas as pd

from workbench.domain.decisions import DECISIONS, GO, LABELS, RATIONALE_MAX
from workbench.domain.models import InvalidInput, Workshop
from workbench.domain.validate import clean_id, clean_text
from workbench.exchange.report import Table
from workbench.services.authority import gate, is_facilitator
from workbench.store import Store


def _decision(value: object) -> str:
    if not isinstance(value, str) or value.strip().lower() not in DECISIONS:
        choices = ", ".join(LABELS[d] for d in DECISIONS)
        raise InvalidInput(f"A decision must be one of {choices}.")
    return value.strip().lower()


def record_decision(store: Store, workshop_id: int, actor_id: int | None, idea_id: object,
                    decision: object, rationale: object) -> int:
    """Record ``decision`` (go, later or no) on a live idea with a rationale (required, at
    most ``RATIONALE_MAX`` characters). A later decision on the same idea replaces it as the
    current one; the earlier stay in the history. Facilitators only in a live workshop."""
    gate(store, workshop_id, actor_id, "record_decision")
    idea = clean_id(idea_id, "Idea")
    chosen = _decision(decision)
    why = clean_text(rationale, "Rationale", RATIONALE_MAX, multiline=True)
    return store.record_decision(workshop_id, actor_id, idea, chosen, why)


def current_decisions(store: Store, workshop_id: int) -> pd.DataFrame:
    """The current decision per live idea (see ``Store.decisions``)."""
    return store.decisions(workshop_id)


def must_bucket(store: Store, workshop_id: int) -> list[int]:
    """Ideas in the MoSCoW Must bucket (the selection before any decision is recorded)."""
    buckets = store.moscow_buckets(workshop_id)
    return sorted(buckets.loc[buckets["moscow"] == "must", "idea_id"].astype(int).tolist())


def selected_idea_ids(store: Store, workshop_id: int) -> list[int]:
    """The ideas the workshop chose: those whose current decision is "go"; while no decision
    is recorded at all, the MoSCoW Must bucket (what "selected" meant before decisions)."""
    current = store.decisions(workshop_id)
    if current.empty:
        return must_bucket(store, workshop_id)
    return sorted(current.loc[current["decision"] == GO, "idea_id"].astype(int).tolist())


def show_names(store: Store, workshop: Workshop, viewer_id: int | None) -> bool:
    """Whether this reader sees who decided: not in an anonymous workshop; in a live one,
    the facilitator (as Decide's rater names)."""
    return not workshop.anonymous and (not workshop.live
                                       or is_facilitator(store, workshop, viewer_id))


def decisions_table(history: pd.DataFrame, show_names: bool) -> Table:
    """Each idea's current decision with its rationale, who and when."""
    def who(row: pd.Series) -> str:
        if pd.isna(row["actor_id"]):
            return "Someone"
        if show_names and row["actor"]:
            return str(row["actor"])
        return "Facilitator" if bool(row["is_facilitator"]) else "A participant"
    return Table(pd.DataFrame({
        "Idea": history["title"].astype(str).to_numpy(),
        "Decision": [LABELS.get(d, d) for d in history["decision"]],
        "Rationale": history["rationale"].astype(str).to_numpy(),
        "Decided by": [who(r) for _, r in history.iterrows()],
        "When": list(history["created_at"])}))


def decision_view(store: Store, workshop_id: int, viewer_id: int | None, *,
                  history: bool = False) -> pd.DataFrame:
    """The current decisions (or every decision, newest first) as this reader may see them:
    Idea, Decision, Rationale, Decided by, When."""
    workshop = store.get_workshop(workshop_id)
    rows = store.decision_history(workshop_id) if history else store.decisions(workshop_id)
    return decisions_table(rows, show_names(store, workshop, viewer_id)).frame
