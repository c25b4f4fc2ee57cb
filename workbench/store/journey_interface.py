"""The journey and feedback part of the ``Store`` interface: stages, feedback, evidence switch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import pandas as pd


class JourneyStore(Protocol):
    """Journey stages, the stage of each need and customer feedback items (Store inherits it)."""

    def stages(self, workshop_id: int) -> pd.DataFrame:
        """id, name, position and needs (how many sit on it), in journey order."""

    def need_stages(self, workshop_id: int) -> dict[int, int | None]:
        """The stage id of every need of the workshop (None: not placed on the journey)."""

    def add_stage(self, workshop_id: int, actor_id: int | None, name: str) -> int:
        """Append a stage at the end of the journey; return its id."""

    def rename_stage(self, workshop_id: int, actor_id: int | None, stage_id: int,
                     name: str) -> None:
        """Rename a stage (names are unique in a workshop, any case)."""

    def reorder_stages(self, workshop_id: int, actor_id: int | None,
                       stage_ids: Sequence[int]) -> None:
        """Put the stages in exactly this order (every stage of the workshop, once)."""

    def delete_stage(self, workshop_id: int, actor_id: int | None, stage_id: int,
                     move_to: int | None) -> int:
        """Delete a stage, first moving its needs to ``move_to``; return how many needs block
        it when it has some and ``move_to`` is None (then nothing is written)."""

    def set_need_stage(self, workshop_id: int, actor_id: int | None, need_ids: Sequence[int],
                       stage_id: int | None) -> None:
        """Place needs on a stage (None: take them off the journey)."""

    def add_feedback(self, workshop_id: int, actor_id: int | None, rows: pd.DataFrame) -> int:
        """Insert validated rows (text, score, scale, given_on, segment, source) in one write;
        return how many."""

    def feedback(self, workshop_id: int) -> pd.DataFrame:
        """id, text, score, scale, given_on, segment, source, need_id, rejected — oldest first."""

    def assign_feedback(self, workshop_id: int, actor_id: int | None,
                        pairs: Sequence[tuple[int, int | None]]) -> None:
        """Assign each (feedback id, need id) in one write (need None: unassign the item)."""

    def reject_suggestions(self, workshop_id: int, actor_id: int | None,
                           pairs: Sequence[tuple[int, int]]) -> None:
        """Remember (feedback id, need id) suggestions a person rejected, so they stay away."""

    def delete_feedback(self, workshop_id: int, actor_id: int | None,
                        feedback_ids: Sequence[int]) -> None:
        """Delete feedback items."""

    def evidence_sets_importance(self, workshop_id: int) -> bool:
        """Whether feedback evidence, not the stated rating, sets need importance."""

    def set_evidence_importance(self, workshop_id: int, actor_id: int | None, on: bool) -> None:
        """Switch need importance between the stated rating and the feedback evidence."""
