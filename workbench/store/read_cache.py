"""Read results shared between callers until the next committed write.

The app process owns its DuckDB file, so every change passes through its one ``Store``; the
store counts its commits (``Store.version``) and a result read at version v stays right
until the count moves. Fifty browsers re-rendering a page then cost one query per change
instead of one per person per rerun.

Each (query, arguments) keeps only its newest result, so memory is bounded by the number of
distinct queries, not by how often data changes. Callers get their own copy of tables and
lists: a page that adds a column must not change what another session sees.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import pandas as pd

MAX_ENTRIES = 4096


class VersionedCache:
    """(key -> (version, value)), newest version only, least recently used dropped first."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, version: int, compute: Callable[[], Any]) -> Any:
        """The value cached for ``key`` at ``version``, else ``compute()`` (stored unless a
        newer version was stored meanwhile). Exceptions are raised, never stored."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found[0] == version:
                self._entries.move_to_end(key)
                self.hits += 1
                return private_copy(found[1])
            self.misses += 1
        # ``version`` was read before the query: if a write lands during it, the result is
        # kept under the old number, which nobody asks for once the count has moved on.
        value = compute()
        with self._lock:
            found = self._entries.get(key)
            if found is None or found[0] <= version:
                self._entries[key] = (version, value)
                self._entries.move_to_end(key)
                while len(self._entries) > self._max:
                    self._entries.popitem(last=False)
        return private_copy(value)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()


def private_copy(value: Any) -> Any:
    """A copy the caller may change: tables, lists and dicts are copied; frozen values not."""
    if isinstance(value, pd.DataFrame):
        return value.copy()
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value
