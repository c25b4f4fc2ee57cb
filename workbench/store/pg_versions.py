"""Per-table write versions shared by every process on one PostgreSQL database.

Each committed write bumps ``table_versions`` (one row per table a shared read depends on)
inside its own transaction and sends the new numbers with ``pg_notify``, which PostgreSQL
delivers at commit and only on commit. Every process runs one listener thread that keeps a
local copy of the numbers up to date from those notifications; shared reads and ``derived``
results are keyed on that copy (``workbench.store.read_cache``), so a write in process A
invalidates process B's cached results as soon as B hears of it (a millisecond or so on one
host), without B asking the database on every read. After the listener (re)connects it reads
the whole table, so notifications missed while disconnected cannot leave a stale result.
"""

from __future__ import annotations

import contextlib
import json
import threading
import uuid
from collections.abc import Iterable, Mapping

import psycopg

CHANNEL = "workbench_versions"
# The new numbers of the tables written, and the notification that carries them to every
# listening process, in one round trip at the end of the write's transaction. Names are sorted
# so two writes bump shared rows in the same order (no deadlock between them).
BUMP = """WITH bumped AS (
              INSERT INTO table_versions (name, version) SELECT unnest(%s::text[]), 1
              ON CONFLICT (name) DO UPDATE SET version = table_versions.version + 1
              RETURNING name, version),
          numbers AS (SELECT coalesce(json_object_agg(name, version), '{}') AS v FROM bumped)
          SELECT pg_notify('""" + CHANNEL + """',
                           json_build_object('from', %s::text, 'v', v)::text), v::text
          FROM numbers"""
RECONNECT_SECONDS = (0.1, 0.25, 0.5, 1.0, 2.0)


class TableVersions:
    """This process's copy of the database's per-table write counts, kept by a listener, and
    its count of the writes it has heard of (its own on commit, others' by notification)."""

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
        """The latest known count of committed writes to each of ``tables``."""
        numbers = self._numbers
        return tuple(numbers.get(t, 0) for t in tables)

    def merge(self, numbers: Mapping[str, int], writes: int = 0) -> None:
        """Take newer numbers (from this process's commit, a notification or a catch-up) and
        count ``writes`` more writes heard of."""
        with self._changed:
            self.writes += writes
            merged = dict(self._numbers)
            for name, version in numbers.items():
                if version > merged.get(name, 0):
                    merged[name] = int(version)
            self._numbers = merged  # readers see the old dict or the new one, never half
            self._changed.notify_all()

    def wait_for(self, numbers: Mapping[str, int], timeout: float) -> bool:
        """Block until this process knows of at least ``numbers`` (or ``timeout`` passes)."""
        with self._changed:
            return self._changed.wait_for(
                lambda: all(self._numbers.get(t, 0) >= v for t, v in numbers.items()), timeout)

    def close(self, conn: psycopg.Connection | None = None) -> None:
        """Stop the listener thread (at once when given a connection to wake it with)."""
        self._stop.set()
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                conn.execute("SELECT pg_notify(%s, %s)",
                             [CHANNEL, json.dumps({"from": self.token, "v": {}})])
        self._thread.join(timeout=5)

    def _listen(self) -> None:
        attempt = 0
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True,
                                     connect_timeout=5) as conn:
                    conn.execute("LISTEN " + CHANNEL)
                    # Writes missed while away are unknown in number: count one, so
                    # ``derived`` results are recomputed.
                    self.merge(dict(conn.execute("SELECT name, version FROM table_versions"
                                                 ).fetchall()), writes=1 if attempt else 0)
                    self.connected.set()
                    attempt = 0
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.5):
                            if self._stop.is_set():
                                break
                            sender, numbers = _parse(note.payload)
                            if sender != self.token:  # our own writes counted at commit
                                self.merge(numbers, writes=1)
            except psycopg.Error:
                # The server went away: readers keep the last numbers (their cached results
                # cannot be newer than the database anyway) until the catch-up on reconnect.
                self.connected.clear()
                self._stop.wait(RECONNECT_SECONDS[min(attempt, len(RECONNECT_SECONDS) - 1)])
                attempt += 1


def _parse(payload: str) -> tuple[str, dict[str, int]]:
    with contextlib.suppress(ValueError, TypeError, AttributeError):
        note = json.loads(payload)
        return str(note["from"]), _numbers(note["v"])
    return "", {}


def _numbers(value: object) -> dict[str, int]:
    data = json.loads(value) if isinstance(value, str) else value
    return {str(k): int(v) for k, v in (data or {}).items()}


def bump(cur: psycopg.Cursor, tables: Iterable[str], sender: str) -> dict[str, int]:
    """Count one more write to each of ``tables`` in the caller's transaction and announce it
    (every listening process hears it when the transaction commits); return the new numbers."""
    row = cur.execute(BUMP, [sorted(set(tables)), sender]).fetchone()
    return _numbers(row[1]) if row else {}
