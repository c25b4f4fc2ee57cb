"""The backup part of the ``Store`` interface: a workshop as whole tables, out and back in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol


class ExchangeStore(Protocol):
    """Whole-workshop reads and the one-transaction copy (Store inherits it)."""

    def workshop_tables(self, workshop_id: int,
                        tables: Sequence[tuple[str, Sequence[str]]]
                        ) -> dict[str, tuple[list[str], list[tuple]]]:
        """Per (table, columns): the workshop's rows, read in one transaction
        (``workshops``: its one row). UnknownWorkshop if it is gone."""

    def new_ids(self, count: int) -> list[int]:
        """``count`` fresh ids from the one id sequence, ascending."""

    def insert_workshop_copy(self, tables: Mapping[str, tuple[Sequence[str], Sequence[tuple]]],
                             actor_id: int | None, detail: Mapping[str, Any]) -> int:
        """Insert a whole workshop and its rows (fresh ids already in them) in one transaction;
        return the workshop's id."""
