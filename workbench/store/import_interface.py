"""The import part of the ``Store`` interface: one backlog written in one transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

IMPORTED_NAME = "Imported"


@dataclass(frozen=True)
class ImportBatch:
    """Validated rows for ``apply_import``: one entry per idea in each list, in file order.

    Scores name their criterion by a reference: a key of ``criteria`` (an existing criterion
    id) or of ``new_criteria`` (name, direction, low, high, scale key, unit — added first)."""

    keys: Sequence[str]
    titles: Sequence[str]
    descriptions: Sequence[str]
    statuses: Sequence[str]
    themes: Sequence[Sequence[str]] = ()
    needs: Sequence[Sequence[str]] = ()
    scores: Sequence[tuple[int, str, float]] = ()      # (index into keys, reference, value)
    criteria: Mapping[str, int] = field(default_factory=dict)
    new_criteria: Mapping[str, tuple[str, str, float, float, str, str]] = field(
        default_factory=dict)
    shortlist: bool = True
    only_imported_weights: bool = False   # other criteria get weight 0
    round_no: int = 1
    detail: Mapping[str, object] = field(default_factory=dict)  # logged with the event


class ImportStore(Protocol):
    """Imported ideas and the "Imported" rater (Store inherits it)."""

    def import_keys(self, workshop_id: int) -> dict[str, int]:
        """Source key → id of every idea an import made (merged-away ones included)."""

    def apply_import(self, workshop_id: int, actor_id: int | None, batch: ImportBatch
                     ) -> dict[str, int]:
        """Add or update (by key) every idea, its labels and its scores by the workshop's one
        "Imported" rater, in one transaction logged as an ``import`` event. Returns counts:
        added, updated, skipped_merged, criteria_added, scores."""

    def imported_rater(self, workshop_id: int) -> int | None:
        """The participant that holds imported scores, if an import made one."""
