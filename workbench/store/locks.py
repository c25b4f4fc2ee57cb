"""A shared/exclusive lock that makes "check, then write" atomic across racing writes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class StructureLock:
    """Many writers that *add to* rows (scores, dots, tags, ideas) share it; a writer that
    *removes or folds away* rows (deleting an idea, a need, a criterion, a workshop; merging)
    holds it alone.

    DuckDB's snapshot isolation lets a score save check "the idea exists", then commit after a
    delete of that idea committed: no row is written by both, so no conflict is raised and
    the score is left orphaned. Under this lock the save's transaction either commits before
    the delete starts, or starts after the delete committed and sees the idea gone. Waiting
    removers go first, so a stream of score saves cannot starve a delete.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._sharing = 0
        self._alone = False
        self._waiting_alone = 0

    @contextmanager
    def shared(self) -> Iterator[None]:
        """Hold the lock with other adders."""
        with self._cond:
            while self._alone or self._waiting_alone:
                self._cond.wait()
            self._sharing += 1
        try:
            yield
        finally:
            with self._cond:
                self._sharing -= 1
                if not self._sharing:
                    self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the lock alone."""
        with self._cond:
            self._waiting_alone += 1
            while self._alone or self._sharing:
                self._cond.wait()
            self._waiting_alone -= 1
            self._alone = True
        try:
            yield
        finally:
            with self._cond:
                self._alone = False
                self._cond.notify_all()
