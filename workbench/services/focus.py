"""The need everyone is asked to brainstorm next ("Focus now" on Brainstorm)."""

from __future__ import annotations

from workbench.domain.models import UnknownItem
from workbench.domain.validate import clean_id
from workbench.services.authority import gate
from workbench.store import Store


def set_focus_need(store: Store, workshop_id: int, actor_id: int | None,
                   need_id: object) -> int | None:
    """Push one need of this workshop as the brainstorm focus (None clears it); the
    facilitator's call in a live workshop, anyone's in free mode. Returns the need id."""
    cleaned = None if need_id is None else clean_id(need_id, "Need")
    gate(store, workshop_id, actor_id, "focus_need")
    if cleaned is not None and cleaned not in set(
            store.need_choices(workshop_id)["id"].astype(int)):
        raise UnknownItem("need", cleaned)
    store.set_focus_need(workshop_id, actor_id, cleaned)
    return cleaned
