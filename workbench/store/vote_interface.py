"""The dots and audit-trail part of the ``Store`` interface."""

from __future__ import annotations

from typing import Protocol

import pandas as pd


class VoteStore(Protocol):
    """Dot votes per round, and the event log read back (Store inherits it)."""

    def dot_totals(self, workshop_id: int, round_no: int) -> pd.DataFrame:
        """idea_id, dots, voters: totals per idea for a round."""

    def my_dots(self, workshop_id: int, voter_id: int, round_no: int) -> pd.DataFrame:
        """idea_id, dots for one voter."""

    def place_dot(self, workshop_id: int, voter_id: int, idea_id: int, round_no: int,
                  budget: int, cap: int | None) -> str | None:
        """Add one dot unless it breaks the budget or cap; return the reason it was refused."""

    def remove_dot(self, workshop_id: int, voter_id: int, idea_id: int, round_no: int) -> bool:
        """Take back one of your dots from an idea; False if you had none there."""

    def list_events(self, workshop_id: int, limit: int = 200) -> pd.DataFrame:
        """The audit trail, newest first, with the actor's display name."""
