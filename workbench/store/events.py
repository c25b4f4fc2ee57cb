"""The audit trail: every change, who made it and when."""

from __future__ import annotations

import pandas as pd

from workbench.store.core import StoreCore


class EventRows(StoreCore):
    """Reading the event log (writes append to it through ``StoreCore.log``)."""

    def list_events(self, workshop_id: int, limit: int = 200) -> pd.DataFrame:
        """The audit trail, newest first, with the actor's display name."""
        return self._read(
            """SELECT e.created_at, coalesce(p.name, '—') AS actor, e.kind, e.detail
               FROM events e LEFT JOIN participants p ON p.id = e.actor_id
               WHERE e.workshop_id = ? ORDER BY e.id DESC LIMIT ?""", [workshop_id, limit])
