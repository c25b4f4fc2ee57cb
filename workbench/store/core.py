"""The DuckDB store's core: one connection, retried write transactions, migrations, shared reads.

The kinds of data (``workshops``, ``people``, ``needs``, ``ideas``, ``scores``, ``votes``,
``events``) are mixins over this core; ``duckdb_store.DuckDBStore`` puts them together.
DuckDB's exceptions stop here: ``write`` turns them into named domain errors.
"""

from __future__ import annotations

import functools
import json
import os
import random
import re
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from contextlib import nullcontext, suppress
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import duckdb
import pandas as pd

from workbench.domain.models import Conflict, StoreBusy, StoreFailure, UnknownItem, UnknownWorkshop
from workbench.store.locks import StructureLock
from workbench.store.read_cache import VersionedCache
from workbench.store.schema import LATEST_VERSION, MIGRATIONS

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "workbench.duckdb"
T = TypeVar("T")
Cursor = duckdb.DuckDBPyConnection

MAX_ATTEMPTS = 30


def shared(*tables: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Mark a read of ``tables`` whose result may be shared until one of them is written (when
    the store was opened with ``share_reads``; see ``workbench.store.read_cache``)."""
    def mark(method: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(method)
        def read(self: StoreCore, *args: Any, **kwargs: Any) -> T:
            if self._reads is None:
                return method(self, *args, **kwargs)
            key = (method.__name__, args, tuple(sorted(kwargs.items())))
            return self._reads.get(key, self.versions(*tables),
                                   lambda: method(self, *args, **kwargs))
        read.tables = frozenset(tables)  # type: ignore[attr-defined]
        return read
    return mark


_WRITES = re.compile(r"\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+(\w+)",
                     re.IGNORECASE)


@functools.lru_cache(maxsize=2048)
def written_tables(sql: str) -> frozenset[str]:
    """The tables an INSERT / UPDATE / DELETE statement writes (all SQL here is our own)."""
    return frozenset(name.lower() for name in _WRITES.findall(sql))


class _TrackingCursor:
    """A cursor that notes which tables the statements run through it write."""

    dialect = "duckdb"

    def __init__(self, cur: Cursor) -> None:
        self._cur = cur
        self.written: set[str] = set()

    def execute(self, sql: str, parameters: Any = None) -> _TrackingCursor:
        """Run ``sql`` on the cursor, noting the tables it writes."""
        self.written |= written_tables(sql)
        self._cur.execute(sql, parameters)
        return self

    def executemany(self, sql: str, parameters: Any = None) -> _TrackingCursor:
        """Run ``sql`` once per parameter set, noting the tables it writes."""
        self.written |= written_tables(sql)
        self._cur.executemany(sql, parameters)
        return self

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cur, name)


def is_database_url(target: object) -> bool:
    """True for a PostgreSQL URL (postgresql://… or postgres://…), False for a file path."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def shown_target(target: object) -> str:
    """The database as it may be shown or logged: a URL without its password."""
    text = str(target)
    if not is_database_url(text):
        return text
    parts = urlsplit(text)
    if parts.password is None:
        return text
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def default_path() -> Path | str:
    """The database: $WORKBENCH_DB if set (a file path, or a postgresql:// URL kept as a
    string), else data/workbench.duckdb."""
    setting = os.environ.get("WORKBENCH_DB") or ""
    return setting if is_database_url(setting) else Path(setting or DEFAULT_PATH)


class StoreCore:
    """One DuckDB file; one connection per process, a cursor per operation."""

    # Which SQL dialect the cursor given to ``write`` work speaks; a statement the two
    # engines spell too differently for ``pg_sql`` is chosen by it.
    dialect = "duckdb"

    def __init__(self, path: str | Path | None = None, *, share_reads: bool = False) -> None:
        """Open (creating and migrating) the file. ``share_reads``: reads marked ``@shared``
        return results cached until the next write — for the app's one process-wide store."""
        self.path = Path(path if path is not None else default_path())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(str(self.path))
        except duckdb.Error as exc:
            # Typically another process holds the file: DuckDB allows one writer process.
            raise StoreFailure(f"Cannot open the database file {self.path}: {exc}") from exc
        # Contended writes (phase, merges, workshop-wide changes) are serialised here so
        # they do not spin on DuckDB's optimistic-concurrency conflicts.
        self._lock = threading.Lock()
        self._voter_locks: dict[tuple[int, int], threading.Lock] = {}
        self._voter_locks_guard = threading.Lock()
        self._structure = StructureLock()
        # Committed writes so far in this process, in all and per table written: what the
        # shared reads are keyed on.
        self.version = 0
        self._table_versions: dict[str, int] = {}
        self._version_lock = threading.Lock()
        self._reads = VersionedCache() if share_reads else None
        try:
            self.migrate()
        except BaseException:
            self._con.close()
            raise

    def _voter_lock(self, workshop_id: int, voter_id: int) -> threading.Lock:
        """One lock per (workshop, voter): a voter's budget and cap only race with themself."""
        with self._voter_locks_guard:
            return self._voter_locks.setdefault((workshop_id, voter_id), threading.Lock())

    # ---- plumbing -------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        self._con.close()

    def _read(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        return self._query(sql, params, lambda result: result.df())

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        return self._query(sql, params, lambda result: result.fetchone())

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self._query(sql, params, lambda result: result.fetchall())

    def _query(self, sql: str, params: Sequence[Any], fetch: Callable[[Cursor], T]) -> T:
        cur = self._con.cursor()
        try:
            return fetch(cur.execute(sql, list(params)))
        except duckdb.Error as exc:
            raise StoreFailure(f"The database could not read: {exc}") from exc
        finally:
            cur.close()

    def write(self, work: Callable[[Cursor], T], *, contended: bool = False,
              retry_duplicates: bool = False, lock: Any = None, quiet: bool = False,
              structure: str | None = None) -> T:
        """Run ``work(cursor)`` in one transaction, retrying DuckDB write conflicts.

        ``retry_duplicates`` also retries a duplicate-key error, for get-or-create and
        upserts whose existence check lost a race with another transaction. ``quiet``: the
        write changes nothing a shared read returns, so ``version`` stays. ``structure``:
        "adds" or "removes" — see ``locks.StructureLock``; taken before any other lock.
        """
        hold = {"adds": self._structure.shared, "removes": self._structure.exclusive,
                None: nullcontext}[structure]
        retryable: tuple[type[BaseException], ...] = (duckdb.TransactionException,)
        if retry_duplicates:
            retryable += (duckdb.ConstraintException,)
        for attempt in range(MAX_ATTEMPTS):
            cur = self._con.cursor()
            tracking = _TrackingCursor(cur)
            try:
                with hold(), lock or (self._lock if contended else nullcontext()):
                    cur.begin()
                    result = work(tracking)  # type: ignore[arg-type]
                    cur.commit()
                if not quiet and tracking.written:
                    self._count_write(tracking.written)
                return result
            except retryable:
                _rollback(cur)
                time.sleep(min(0.05, 0.001 * 2 ** attempt) * random.random())
            except duckdb.ConstraintException as exc:
                _rollback(cur)
                raise Conflict(str(exc)) from exc
            except duckdb.Error as exc:
                _rollback(cur)
                raise StoreFailure(f"The database refused the change: {exc}") from exc
            except BaseException:
                _rollback(cur)
                raise
            finally:
                cur.close()
        raise StoreBusy("The database is busy; please try again.")

    def _count_write(self, tables: Iterable[str]) -> None:
        with self._version_lock:
            self.version += 1
            for table in tables:
                self._table_versions[table] = self._table_versions.get(table, 0) + 1

    def versions(self, *tables: str) -> tuple[int, ...]:
        """How many committed writes touched each of ``tables`` (a key for shared results)."""
        return tuple(self._table_versions.get(t, 0) for t in tables)

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, shared until the next committed write when reads are shared.

        For results built from shared reads (a ranking, a chart): ``key`` must name what is
        computed and every input that is not stored data (workshop, round, choices made).
        """
        if self._reads is None:
            return compute()
        return self._reads.get(("derived", key), self.version, compute)

    def migrate(self) -> int:
        """Bring the file to the latest schema version; return the version it was at."""
        self.write(lambda cur: cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
            "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"), quiet=True)
        row = self._one("SELECT coalesce(max(version), 0) FROM schema_version")
        start = int(row[0]) if row else 0
        for version in range(start, LATEST_VERSION):
            def apply(c: Cursor, v: int = version) -> None:
                for step in MIGRATIONS[v]:
                    if callable(step):
                        step(c)
                    else:
                        c.execute(step)
                c.execute("INSERT INTO schema_version (version) VALUES (?)", [v + 1])
            self.write(apply, contended=True)
        return start

    def schema_version(self) -> int:
        """The schema version the file is at."""
        row = self._one("SELECT coalesce(max(version), 0) FROM schema_version")
        return int(row[0]) if row else 0

    @staticmethod
    def log(cur: Cursor, workshop_id: int, actor_id: int | None, kind: str,
            **detail: Any) -> None:
        """Append one audit event inside the caller's transaction."""
        cur.execute("INSERT INTO events (workshop_id, actor_id, kind, detail) VALUES (?, ?, ?, ?)",
                    [workshop_id, actor_id, kind, json.dumps(detail, default=str)])

    @staticmethod
    def _require_workshop(cur: Cursor, workshop_id: int) -> None:
        if cur.execute("SELECT 1 FROM workshops WHERE id = ?", [workshop_id]).fetchone() is None:
            raise UnknownWorkshop(workshop_id)

    @staticmethod
    def _require_ideas(cur: Cursor, workshop_id: int, idea_ids: Iterable[int]) -> None:
        wanted = set(idea_ids)
        found = {r[0] for r in cur.execute(
            "SELECT id FROM ideas WHERE workshop_id = ? AND merged_into IS NULL "
            "AND list_contains(?, id)", [workshop_id, sorted(wanted)]).fetchall()}
        if wanted - found:
            raise UnknownItem("idea", min(wanted - found))

    @staticmethod
    def _require_needs(cur: Cursor, workshop_id: int, need_ids: Iterable[int]) -> None:
        wanted = set(need_ids)
        if not wanted:
            return
        found = {r[0] for r in cur.execute(
            "SELECT id FROM needs WHERE workshop_id = ? AND list_contains(?, id)",
            [workshop_id, sorted(wanted)]).fetchall()}
        if wanted - found:
            raise UnknownItem("need", min(wanted - found))



def _rollback(cur: Cursor) -> None:
    with suppress(duckdb.Error):  # a failed commit has already ended the transaction
        cur.rollback()
