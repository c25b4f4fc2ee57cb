"""The workshop's funnel (generated → … → selected), shared by Decide and the console."""

from __future__ import annotations

from workbench.engine.funnel import Funnel, funnel
from workbench.store import Store


def workshop_funnel(store: Store, workshop_id: int, round_no: int) -> Funnel:
    """The funnel counts of this workshop and round, built once per data change."""
    def compute() -> Funnel:
        buckets = store.moscow_buckets(workshop_id)
        must = buckets.loc[buckets["moscow"] == "must", "idea_id"].astype(int).tolist()
        return funnel(store.list_ideas(workshop_id), store.score_means(workshop_id, round_no),
                      [c.id for c in store.list_criteria(workshop_id)], must)
    return store.derived(("funnel", workshop_id, round_no), compute)
