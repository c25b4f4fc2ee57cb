"""The PostgreSQL store's core: a connection pool, retried write transactions under advisory
locks, migrations, and shared reads kept fresh across processes (``pg_versions``).

The mixins get what the DuckDB core gives them: ``write(work, ...)`` with a cursor taking
their DuckDB-dialect SQL (``pg_sql.to_postgres``). psycopg's errors become domain errors.

How the DuckDB core's in-process locks map (see docs/postgresql.md): every write runs in READ
COMMITTED, takes its locks first (each later statement sees everything committed before the
lock was granted), and holds them to COMMIT:
  structure="adds"    -> pg_advisory_xact_lock_shared(structure)
  structure="removes" -> pg_advisory_xact_lock(structure)    (waiting removers go first)
  contended=True      -> pg_advisory_xact_lock(contended)
  a voter's lock      -> pg_advisory_xact_lock(hash of workshop, voter)
Serialization failures, deadlocks and (when asked) duplicate keys are retried like DuckDB's
write conflicts.
"""

from __future__ import annotations

import hashlib
import os
import random
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from contextlib import nullcontext, suppress
from typing import Any, TypeVar

import psycopg
from psycopg import errors as pgerrors
from psycopg.types.numeric import FloatLoader
from psycopg_pool import ConnectionPool, PoolTimeout

from workbench.domain.models import Conflict, StoreBusy, StoreFailure
from workbench.store.core import MAX_ATTEMPTS, StoreCore
from workbench.store.pg_sql import PgCursor
from workbench.store.pg_versions import TableVersions, announce
from workbench.store.read_cache import VersionedCache
from workbench.store.schema import LATEST_VERSION, MIGRATIONS

T = TypeVar("T")
UNREACHABLE = ("The database server cannot be reached right now, so nothing was saved or "
               "loaded. The app keeps trying; try again in a moment.")
POOL_SIZE = int(os.environ.get("WORKBENCH_PG_POOL", "10"))
WAIT_SECONDS = float(os.environ.get("WORKBENCH_PG_WAIT", "5"))
_RETRIED = (pgerrors.SerializationFailure, pgerrors.DeadlockDetected)


def advisory_key(*parts: object) -> int:
    """A signed 64-bit advisory-lock key for ``parts``, the same in every process."""
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


STRUCTURE_KEY = advisory_key("workbench", "structure")
CONTENDED_KEY = advisory_key("workbench", "contended")
MIGRATE_KEY = advisory_key("workbench", "migrate")


class AdvisoryLock:
    """A lock a write takes inside its transaction (``write(lock=...)``), for every process."""

    def __init__(self, key: int) -> None:
        self.key = key


def _configure(conn: psycopg.Connection) -> None:
    # sum() and avg() of integers are NUMERIC in PostgreSQL; DuckDB gives floats.
    conn.adapters.register_loader("numeric", FloatLoader)


class PostgresCore(StoreCore):
    """One PostgreSQL database shared by any number of processes; a pooled connection per
    operation, a listener thread per process."""

    dialect = "postgresql"

    def __init__(self, url: str, *, share_reads: bool = False) -> None:  # noqa: D107
        """Connect to ``url`` (postgresql://…), migrating the database if it is behind.
        ``share_reads``: as for the DuckDB store; kept fresh across processes."""
        self.path = url
        self._url = url
        self._reads = VersionedCache() if share_reads else None
        self._pool_lock = threading.Lock()
        self._pool = self._new_pool()
        try:
            self._pool.open(wait=True, timeout=WAIT_SECONDS)
            self.migrate()
        except (PoolTimeout, psycopg.Error) as exc:
            self._pool.close()
            raise StoreFailure(f"Cannot open the database {_safe(url)}: {exc}") from exc
        self._versions = TableVersions(url)
        self._versions.connected.wait(WAIT_SECONDS)

    @property
    def version(self) -> int:  # type: ignore[override]
        """Committed writes this process has heard of (its own and other processes')."""
        return self._versions.writes

    def versions(self, *tables: str) -> tuple[int, ...]:
        """How many committed writes (in any process) touched each of ``tables``."""
        return self._versions.get(*tables)

    def wait_for_versions(self, numbers: dict[str, int], timeout: float = 5.0) -> bool:
        """Block until ``versions`` reach ``numbers`` (True), or ``timeout`` passes (False)."""
        return self._versions.wait_for(numbers, timeout)

    def _voter_lock(self, workshop_id: int, voter_id: int) -> AdvisoryLock:  # type: ignore[override]
        """One database lock per (workshop, voter), held by whichever process writes."""
        return AdvisoryLock(advisory_key("voter", workshop_id, voter_id))

    def close(self) -> None:
        """Stop the listener and close every pooled connection."""
        try:
            with self._pool.connection(timeout=1) as conn:
                self._versions.close(conn)
        except PoolTimeout:  # the server is gone: the listener stops within half a second
            self._versions.close()
        self._pool.close()

    def _query(self, sql: str, params: Sequence[Any], fetch: Callable[[Any], T]) -> T:
        for attempt in range(3):
            pool = self._pool
            try:
                with pool.connection() as conn:
                    return fetch(PgCursor(conn.cursor()).execute(sql, params))
            except PoolTimeout as exc:
                failure = self._no_connection(pool)
                if failure is not None:
                    raise failure from exc
            except psycopg.OperationalError as exc:
                # A pooled connection the server dropped (a restart): one more try on a
                # fresh one before telling the person.
                if attempt:
                    raise StoreFailure(UNREACHABLE) from exc
                self._pool.check()
            except psycopg.Error as exc:
                raise StoreFailure(f"The database could not read: {_first_line(exc)}") from exc
        raise StoreFailure(UNREACHABLE)

    def write(self, work: Callable[[Any], T], *, contended: bool = False,
              retry_duplicates: bool = False, lock: Any = None, quiet: bool = False,
              structure: str | None = None) -> T:
        """Run ``work(cursor)`` in one transaction under the locks asked for (see the module
        docstring), retrying serialization failures and deadlocks; the same options as
        ``StoreCore.write``."""
        keys = {"adds": [("pg_advisory_xact_lock_shared", STRUCTURE_KEY)],
                "removes": [("pg_advisory_xact_lock", STRUCTURE_KEY)], None: []}[structure]
        if contended:
            keys.append(("pg_advisory_xact_lock", CONTENDED_KEY))
        if isinstance(lock, AdvisoryLock):
            keys.append(("pg_advisory_xact_lock", lock.key))
        local = nullcontext() if lock is None or isinstance(lock, AdvisoryLock) else lock
        take = "SELECT " + ", ".join(f"{fn}(%s)" for fn, _ in keys) if keys else ""
        broken = 0
        for attempt in range(MAX_ATTEMPTS):
            committing, pool = False, self._pool
            try:
                with local, pool.connection() as conn:
                    raw = conn.cursor()
                    try:
                        raw.execute("BEGIN")
                        if take:
                            raw.execute(take, [key for _, key in keys])
                        cur = PgCursor(raw)
                        result = work(cur)
                        counted = bool(cur.written) and not quiet
                        if counted:
                            announce(raw, cur.written, self._versions.token)
                        committing = True
                        raw.execute("COMMIT")
                    except BaseException:
                        with suppress(psycopg.Error):  # a broken connection has no transaction
                            conn.execute("ROLLBACK")
                        raise
                if counted:
                    self._versions.count(cur.written)
                return result
            except _RETRIED:
                _back_off(attempt)
            except pgerrors.UniqueViolation as exc:
                if not retry_duplicates:
                    raise Conflict(_first_line(exc)) from exc
                _back_off(attempt)
            except pgerrors.IntegrityError as exc:
                raise Conflict(_first_line(exc)) from exc
            except PoolTimeout as exc:
                failure = self._no_connection(pool)
                if failure is not None or broken > 1:
                    raise failure or StoreFailure(UNREACHABLE) from exc
                broken += 1
            except psycopg.OperationalError as exc:
                if committing:
                    raise StoreFailure("The connection to the database broke while saving: the "
                                       "change may not have been saved. Reload to check before "
                                       "trying again.") from exc
                if broken > 1:
                    raise StoreFailure(UNREACHABLE) from exc
                broken += 1  # nothing was committed: try again on a fresh connection
                self._pool.check()
            except psycopg.Error as exc:
                raise StoreFailure(f"The database refused the change: {_first_line(exc)}"
                                   ) from exc
        raise StoreBusy("The database is busy; please try again.")

    def _new_pool(self) -> ConnectionPool:
        return ConnectionPool(self._url, min_size=1, max_size=POOL_SIZE, open=False,
                              timeout=WAIT_SECONDS, configure=_configure,
                              kwargs={"autocommit": True, "options": "-c TimeZone=UTC"})

    def _no_connection(self, pool: ConnectionPool) -> StoreFailure | StoreBusy | None:
        """Why ``pool`` gave no connection in time: the server is gone (StoreFailure), every
        connection is busy (StoreBusy), or the server is back but the pool is still waiting
        out its reconnect back-off — then a fresh pool replaces it (None: try again)."""
        try:
            with psycopg.connect(self._url, connect_timeout=2):
                pass
        except psycopg.Error:
            return StoreFailure(UNREACHABLE)
        if pool.get_stats().get("pool_size", 0) >= POOL_SIZE:
            return StoreBusy("The database is busy; please try again.")
        with self._pool_lock:
            if self._pool is pool:
                self._pool = self._new_pool()
                self._pool.open()
                pool.close(timeout=0)
        return None

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, shared until the next committed write (in any process)."""
        if self._reads is None:
            return compute()
        return self._reads.get(("derived", key), self.version, compute)

    def migrate(self) -> int:
        """Bring the database to the latest schema version in one transaction (PostgreSQL's
        DDL is transactional), under a lock so racing processes migrate once."""
        with self._pool.connection() as conn, conn.transaction():
            raw = conn.cursor()
            raw.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATE_KEY])
            raw.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
                        "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
            start = int(raw.execute("SELECT coalesce(max(version), 0) FROM schema_version"
                                    ).fetchone()[0])
            cur = PgCursor(raw)
            for version in range(start, LATEST_VERSION):
                for step in MIGRATIONS[version]:
                    if callable(step):
                        step(cur)
                    else:
                        cur.execute(step)
                cur.execute("INSERT INTO schema_version (version) VALUES (?)", [version + 1])
        return start


def _back_off(attempt: int) -> None:
    time.sleep(min(0.05, 0.001 * 2 ** attempt) * random.random())


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    return f"{info.get('dbname', '')} on {info.get('host', 'localhost')}:{info.get('port', 5432)}"
