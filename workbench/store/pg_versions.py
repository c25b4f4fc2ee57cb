"""Per-table write counts kept by every process on one PostgreSQL database, told by NOTIFY.

Each write sends, inside its own transaction, one ``pg_notify`` naming the tables it wrote;
PostgreSQL delivers it to every listening connection at commit and only on commit. Every
process runs one listener thread that counts the writes it hears of per table, exactly as the
DuckDB core counts its own commits; shared reads and ``derived`` results are keyed on those
counts (``workbench.store.read_cache``), so a write in process A invalidates process B's cached
results as soon as B hears of it (a millisecond or so on one host), without B asking the
database on every read. A process counts its own writes when they commit (and skips their
notifications), so its own reads are fresh at once, as on DuckDB.

The counts live in each process, not in a table: the notification, sent in the transaction,
already arrives exactly once per committed write, and a counter row per table would be one
more row every writer of that table queues on. Sending it in the transaction has a price:
PostgreSQL commits notifying transactions one at a time (to queue notifications in commit
order) — measured, 40 % of the write throughput at 50 writers with no pauses
(docs/postgresql.md). Sent after the commit it would be free, but a process killed between
the two would leave other processes' caches stale until the table is written again.
When the listener loses its connection it cannot know what it missed, so on reconnecting it
moves every count.
"""

from __future__ import annotations

import contextlib
import json
import threading
import uuid
from collections.abc import Iterable

import psycopg

CHANNEL = "workbench_writes"
RECONNECT_SECONDS = (0.1, 0.25, 0.5, 1.0, 2.0)


class TableVersions:
    """This process's count of the writes it has heard of, in all and per table written."""

    def __init__(self, conninfo: str) -> None:
        self._conninfo = conninfo
        self.token = uuid.uuid4().hex  # tells our own notifications from other processes'
        self._numbers: dict[str, int] = {}
        self.writes = 0
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self.connected = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="workbench-pg-listener",
                                        daemon=True)
        self._thread.start()

    def get(self, *tables: str) -> tuple[int, ...]:
        """How many writes to each of ``tables`` this process has heard of."""
        numbers = self._numbers
        return tuple(numbers.get(t, 0) for t in tables)

    def count(self, tables: Iterable[str]) -> None:
        """Count one more write, to ``tables``."""
        with self._changed:
            numbers = dict(self._numbers)
            for name in tables:
                numbers[name] = numbers.get(name, 0) + 1
            self._numbers = numbers  # readers see the old dict or the new one, never half
            self.writes += 1
            self._changed.notify_all()

    def wait_for(self, numbers: dict[str, int], timeout: float) -> bool:
        """Block until the counts reach at least ``numbers`` (True) or ``timeout`` passes."""
        with self._changed:
            return self._changed.wait_for(
                lambda: all(self._numbers.get(t, 0) >= v for t, v in numbers.items()), timeout)

    def close(self, conn: psycopg.Connection | None = None) -> None:
        """Stop the listener thread (at once when given a connection to wake it with)."""
        self._stop.set()
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                conn.execute("SELECT pg_notify(%s, %s)", [CHANNEL, message(self.token, ())])
        self._thread.join(timeout=5)

    def _listen(self) -> None:
        attempt, missed = 0, False
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True,
                                     connect_timeout=5) as conn:
                    conn.execute("LISTEN " + CHANNEL)
                    if missed:  # writes while we were away are unknown: all may have changed
                        self.count(list(self._numbers))
                    self.connected.set()
                    attempt, missed = 0, False
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.5):
                            if self._stop.is_set():
                                break
                            sender, tables = _parse(note.payload)
                            if sender != self.token:  # our own writes counted at commit
                                self.count(tables)
            except psycopg.Error:
                # Readers keep the last counts until the reconnect moves them all.
                self.connected.clear()
                missed = True
                self._stop.wait(RECONNECT_SECONDS[min(attempt, len(RECONNECT_SECONDS) - 1)])
                attempt += 1


def message(sender: str, tables: Iterable[str]) -> str:
    """The notification a write sends: who sent it and the tables it wrote."""
    return json.dumps({"from": sender, "tables": sorted(set(tables))})


def _parse(payload: str) -> tuple[str, list[str]]:
    with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
        note = json.loads(payload)
        return str(note["from"]), [str(t) for t in note["tables"]]
    return "", []


def announce(cur: psycopg.Cursor, tables: Iterable[str], sender: str) -> None:
    """Tell every listening process, when the caller's transaction commits, that it wrote
    ``tables``."""
    cur.execute("SELECT pg_notify(%s, %s)", [CHANNEL, message(sender, tables)])
