"""The workshop's funnel (generated → … → selected), shared by Decide and the console."""

from __future__ import annotations

from workbench import services
from workbench.engine.funnel import Funnel, funnel
from workbench.store import Store


def workshop_funnel(store: Store, workshop_id: int, round_no: int) -> Funnel:
    """The funnel counts of this workshop and round, built once per data change; "selected"
    is the ideas decided "go" (the Must bucket while nothing is decided)."""
    def compute() -> Funnel:
        return funnel(store.list_ideas(workshop_id), store.score_means(workshop_id, round_no),
                      [c.id for c in store.list_criteria(workshop_id)],
                      services.selected_idea_ids(store, workshop_id))
    return store.derived(("funnel", workshop_id, round_no), compute)
