"""DuckDB store: schema migrations, named queries and retried write transactions — nothing else.

Callers pass values already checked by ``workbench.validate`` (``workbench.actions`` does
that); the store still refuses writes to workshops or ideas that no longer exist.
"""

from __future__ import annotations

import functools
import json
import os
import random
import re
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from contextlib import nullcontext, suppress
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from workbench.models import (
    Criterion,
    Idea,
    Participant,
    UnknownItem,
    UnknownWorkshop,
    Workshop,
)
from workbench.read_cache import VersionedCache
from workbench.schema import LATEST_VERSION, MIGRATIONS

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "workbench.duckdb"
T = TypeVar("T")
Cursor = duckdb.DuckDBPyConnection

MAX_ATTEMPTS = 30

_WORKSHOP_FIELDS = ("title", "goal", "status", "live", "phase", "revealed", "score_round",
                    "dot_budget", "dot_cap", "anonymous", "timer_ends_at", "timer_label",
                    "facilitator_key_hash")
# One fixed statement per column: column names never come from callers' strings at run time.
_UPDATE_WORKSHOP = {
    field: "UPDATE workshops SET " + field + " = ?, updated_at = current_timestamp WHERE id = ?"
    for field in _WORKSHOP_FIELDS}
_WORKSHOP_COLUMNS = ("id, title, goal, status, is_demo, created_at, join_code, live, phase, "
                     "revealed, score_round, dot_budget, dot_cap, anonymous, timer_ends_at, "
                     "timer_label, coalesce(engine, '{}')")
_DELETE_WORKSHOP_ROWS = tuple(
    "DELETE FROM " + table + " WHERE workshop_id = ?"
    for table in ("scores", "votes", "idea_needs", "ideas", "evidence", "needs", "segments",
                  "criteria", "participants", "events"))
_DELETE_IDEA_ROWS = tuple(
    "DELETE FROM " + table + " WHERE idea_id = ?" for table in ("idea_needs", "scores", "votes"))


def shared(*tables: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Mark a read of ``tables`` whose result may be shared until one of them is written (when
    the store was opened with ``share_reads``; see ``workbench.read_cache``)."""
    def mark(method: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(method)
        def read(self: Store, *args: Any, **kwargs: Any) -> T:
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


class StoreBusy(RuntimeError):
    """A write kept conflicting after every retry (should not happen at workshop scale)."""


def default_path() -> Path:
    """The database file: $WORKBENCH_DB if set, else data/workbench.duckdb."""
    return Path(os.environ.get("WORKBENCH_DB") or DEFAULT_PATH)


class Store:
    """One DuckDB file; one connection per process, a cursor per operation."""

    def __init__(self, path: str | Path | None = None, *, share_reads: bool = False) -> None:
        """Open (creating and migrating) the file. ``share_reads``: reads marked ``@shared``
        return results cached until the next write — for the app's one process-wide store."""
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con = duckdb.connect(str(self.path))
        # Contended writes (phase, merges, workshop-wide changes) are serialised here so
        # they do not spin on DuckDB's optimistic-concurrency conflicts.
        self._lock = threading.Lock()
        self._voter_locks: dict[tuple[int, int], threading.Lock] = {}
        self._voter_locks_guard = threading.Lock()
        # Committed writes so far in this process, in all and per table written: what the
        # shared reads are keyed on.
        self.version = 0
        self._table_versions: dict[str, int] = {}
        self._version_lock = threading.Lock()
        self._reads = VersionedCache() if share_reads else None
        self.migrate()

    def _voter_lock(self, workshop_id: int, voter_id: int) -> threading.Lock:
        """One lock per (workshop, voter): a voter's budget and cap only race with themself."""
        with self._voter_locks_guard:
            return self._voter_locks.setdefault((workshop_id, voter_id), threading.Lock())

    # ---- plumbing -------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        self._con.close()

    def _read(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        cur = self._con.cursor()
        try:
            return cur.execute(sql, list(params)).df()
        finally:
            cur.close()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        cur = self._con.cursor()
        try:
            return cur.execute(sql, list(params)).fetchone()
        finally:
            cur.close()

    def write(self, work: Callable[[Cursor], T], *, contended: bool = False,
              retry_duplicates: bool = False, lock: Any = None, quiet: bool = False) -> T:
        """Run ``work(cursor)`` in one transaction, retrying DuckDB write conflicts.

        ``retry_duplicates`` also retries a duplicate-key error, for get-or-create and
        upserts whose existence check lost a race with another transaction. ``quiet``: the
        write changes nothing a shared read returns, so ``version`` stays.
        """
        retryable: tuple[type[BaseException], ...] = (duckdb.TransactionException,)
        if retry_duplicates:
            retryable += (duckdb.ConstraintException,)
        for attempt in range(MAX_ATTEMPTS):
            cur = self._con.cursor()
            tracking = _TrackingCursor(cur)
            try:
                with lock or (self._lock if contended else nullcontext()):
                    cur.begin()
                    result = work(tracking)  # type: ignore[arg-type]
                    cur.commit()
                if not quiet and tracking.written:
                    self._count_write(tracking.written)
                return result
            except retryable:
                _rollback(cur)
                time.sleep(min(0.05, 0.001 * 2 ** attempt) * random.random())
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
        cur = self._con.cursor()
        try:
            cur.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
                        "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
            row = cur.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
            start = int(row[0]) if row else 0
        finally:
            cur.close()
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

    # ---- workshops --------------------------------------------------------------------

    def create_workshop(self, title: str, goal: str, *, is_demo: bool = False,
                        criteria: Iterable[tuple[str, str, float]] = (),
                        join_code: str | None = None, live: bool = False,
                        facilitator_key_hash: str | None = None) -> int:
        """Insert a workshop with its starting criteria (1–5 scales); return its id."""
        def work(cur: Cursor) -> int:
            row = cur.execute("INSERT INTO workshops (title, goal, is_demo, join_code, live, "
                              "facilitator_key_hash) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                              [title, goal, is_demo, join_code, live,
                               facilitator_key_hash]).fetchone()
            workshop_id = int(row[0])
            for position, (name, direction, weight) in enumerate(criteria):
                cur.execute("INSERT INTO criteria (workshop_id, name, direction, scale_min, "
                            "scale_max, weight, position) VALUES (?, ?, ?, 1, 5, ?, ?)",
                            [workshop_id, name, direction, weight, position])
            self.log(cur, workshop_id, None, "workshop.created", title=title)
            return workshop_id
        return self.write(work)

    @shared("ideas", "participants", "workshops")
    def list_workshops(self, *, include_archived: bool = True) -> pd.DataFrame:
        """Workshops, newest first, with idea and participant counts."""
        return self._read(
            """WITH idea_counts AS (
                   SELECT workshop_id, count(*) AS ideas FROM ideas WHERE merged_into IS NULL
                   GROUP BY workshop_id),
               people AS (
                   SELECT workshop_id, count(*) AS participants FROM participants
                   GROUP BY workshop_id)
               SELECT w.id, w.title, w.goal, w.status, w.is_demo, w.live, w.phase,
                      w.created_at, w.updated_at, coalesce(i.ideas, 0) AS ideas,
                      coalesce(p.participants, 0) AS participants
               FROM workshops w LEFT JOIN idea_counts i ON i.workshop_id = w.id
                    LEFT JOIN people p ON p.workshop_id = w.id
               WHERE ? OR w.status = 'active'
               ORDER BY w.status, w.updated_at DESC, w.id DESC""", [include_archived])

    @shared("workshops")
    def workshop_choices(self) -> pd.DataFrame:
        """Active workshops for pickers (id, title, live, is_demo), as ``list_workshops`` orders
        them — without its counts, so it stays cheap on every page run."""
        return self._read("SELECT id, title, live, is_demo FROM workshops WHERE status = 'active' "
                          "ORDER BY updated_at DESC, id DESC")

    @shared("workshops")
    def get_workshop(self, workshop_id: int) -> Workshop:
        """One workshop; UnknownWorkshop if it is gone."""
        row = self._one("SELECT " + _WORKSHOP_COLUMNS + " FROM workshops WHERE id = ?",
                        [workshop_id])
        if row is None:
            raise UnknownWorkshop(workshop_id)
        return Workshop(*row)

    @shared("workshops")
    def workshop_by_code(self, join_code: str) -> Workshop | None:
        """The workshop with this join code, if any."""
        row = self._one("SELECT " + _WORKSHOP_COLUMNS + " FROM workshops WHERE join_code = ?",
                        [join_code])
        return Workshop(*row) if row else None

    def facilitator_key_hash(self, workshop_id: int) -> str | None:
        """The stored hash of the workshop's facilitator key."""
        row = self._one("SELECT facilitator_key_hash FROM workshops WHERE id = ?",
                        [workshop_id])
        if row is None:
            raise UnknownWorkshop(workshop_id)
        return row[0]

    def update_workshop(self, workshop_id: int, actor_id: int | None, **fields: Any) -> None:
        """Change title, goal or status; the change is logged."""
        assert fields and set(fields) <= set(_UPDATE_WORKSHOP), fields

        def work(cur: Cursor) -> None:
            self._require_workshop(cur, workshop_id)
            for column, value in fields.items():
                cur.execute(_UPDATE_WORKSHOP[column], [value, workshop_id])
            logged = {k: ("(hidden)" if k == "facilitator_key_hash" else v)
                      for k, v in fields.items()}
            self.log(cur, workshop_id, actor_id, "workshop.updated", **logged)
        self.write(work, contended=True)

    def delete_workshop(self, workshop_id: int, actor_id: int | None = None) -> None:
        """Delete a workshop and everything in it (its deletion stays in the event log)."""
        def work(cur: Cursor) -> None:
            self._require_workshop(cur, workshop_id)
            for statement in _DELETE_WORKSHOP_ROWS:
                cur.execute(statement, [workshop_id])
            cur.execute("DELETE FROM workshops WHERE id = ?", [workshop_id])
            self.log(cur, workshop_id, actor_id, "workshop.deleted")
        self.write(work, contended=True)

    def demo_workshop_ids(self) -> list[int]:
        """Ids of demo workshops (normally one)."""
        return [int(r) for r in self._read(
            "SELECT id FROM workshops WHERE is_demo ORDER BY id")["id"]]

    # ---- participants -----------------------------------------------------------------

    def ensure_participant(self, workshop_id: int, name: str) -> Participant:
        """The participant with this display name (case-insensitive), created if new."""
        key = name.casefold()

        def work(cur: Cursor) -> Participant:
            self._require_workshop(cur, workshop_id)
            row = cur.execute("SELECT id, name FROM participants WHERE workshop_id = ? AND "
                              "name_key = ?", [workshop_id, key]).fetchone()
            if row is None:
                row = cur.execute("INSERT INTO participants (workshop_id, name, name_key) "
                                  "VALUES (?, ?, ?) RETURNING id, name",
                                  [workshop_id, name, key]).fetchone()
                self.log(cur, workshop_id, int(row[0]), "participant.joined", name=name)
            return Participant(int(row[0]), workshop_id, str(row[1]))
        # A lost race with another session creating the same name is retried: the retry
        # finds the row the other session made.
        return self.write(work, retry_duplicates=True)

    def join_participant(self, workshop_id: int, name: str, token_hash: str,
                         is_facilitator: bool = False) -> Participant | None:
        """Add a named participant with a rejoin-token hash; None if the name is taken."""
        key = name.casefold()

        def work(cur: Cursor) -> Participant | None:
            self._require_workshop(cur, workshop_id)
            if cur.execute("SELECT 1 FROM participants WHERE workshop_id = ? AND name_key = ?",
                           [workshop_id, key]).fetchone():
                return None
            row = cur.execute("INSERT INTO participants (workshop_id, name, name_key, "
                              "rejoin_token_hash, is_facilitator, last_seen_at) VALUES "
                              "(?, ?, ?, ?, ?, now()) RETURNING id",
                              [workshop_id, name, key, token_hash, is_facilitator]).fetchone()
            self.log(cur, workshop_id, int(row[0]), "participant.joined", name=name)
            return Participant(int(row[0]), workshop_id, name, is_facilitator)
        try:
            return self.write(work)
        except duckdb.ConstraintException:
            return None  # the same name was taken by a simultaneous join

    def participant_by_token(self, workshop_id: int, token_hash: str) -> Participant | None:
        """The participant of this workshop holding this rejoin token, if any."""
        row = self._one("SELECT id, workshop_id, name, is_facilitator FROM participants "
                        "WHERE workshop_id = ? AND rejoin_token_hash = ?",
                        [workshop_id, token_hash])
        return Participant(int(row[0]), int(row[1]), str(row[2]), bool(row[3])) if row else None

    @shared("participants")
    def get_participant(self, participant_id: int) -> Participant:
        """One participant; UnknownItem if gone."""
        row = self._one("SELECT id, workshop_id, name, is_facilitator FROM participants "
                        "WHERE id = ?", [participant_id])
        if row is None:
            raise UnknownItem("participant", participant_id)
        return Participant(int(row[0]), int(row[1]), str(row[2]), bool(row[3]))

    def set_rejoin_token(self, participant_id: int, token_hash: str) -> None:
        """Give a participant (e.g. one created in free mode) a rejoin token."""
        self.write(lambda cur: cur.execute(
            "UPDATE participants SET rejoin_token_hash = ? WHERE id = ?",
            [token_hash, participant_id]))

    def grant_facilitator(self, workshop_id: int, participant_id: int) -> None:
        """Record that this participant proved the facilitator key."""
        def work(cur: Cursor) -> None:
            n = cur.execute("UPDATE participants SET is_facilitator = true WHERE id = ? AND "
                            "workshop_id = ? RETURNING id", [participant_id, workshop_id]
                            ).fetchall()
            if not n:
                raise UnknownItem("participant", participant_id)
            self.log(cur, workshop_id, participant_id, "facilitator.granted")
        self.write(work)

    def heartbeat(self, participant_id: int) -> None:
        """Mark a participant as present now (each person updates only their own row)."""
        # Quiet: presence is read through progress(), which is not shared.
        self.write(lambda cur: cur.execute(
            "UPDATE participants SET last_seen_at = now() WHERE id = ?", [participant_id]),
            quiet=True)

    def progress(self, workshop_id: int, round_no: int) -> pd.DataFrame:
        """Per participant: last seen, ideas added, ideas scored this round, dots used."""
        return self._read(
            """SELECT p.id, p.name, p.is_facilitator, p.last_seen_at,
                      (SELECT count(*) FROM ideas i WHERE i.author_id = p.id) AS ideas,
                      (SELECT count(DISTINCT s.idea_id) FROM scores s
                        WHERE s.rater_id = p.id AND s.round = ?) AS scored,
                      (SELECT count(*) FROM votes v WHERE v.voter_id = p.id AND v.round = ?)
                        AS dots
               FROM participants p WHERE p.workshop_id = ? ORDER BY p.id""",
            [round_no, round_no, workshop_id])

    @shared("participants")
    def participant_count(self, workshop_id: int) -> int:
        """How many people have joined the workshop (the facilitator included)."""
        row = self._one("SELECT count(*) FROM participants WHERE workshop_id = ?", [workshop_id])
        return int(row[0]) if row else 0

    @shared("ideas", "participants", "scores")
    def list_participants(self, workshop_id: int) -> pd.DataFrame:
        """Participants of a workshop with their idea and score counts."""
        return self._read(
            """SELECT p.id, p.name, p.created_at,
                      (SELECT count(*) FROM ideas i WHERE i.author_id = p.id) AS ideas,
                      (SELECT count(*) FROM scores s WHERE s.rater_id = p.id) AS scores
               FROM participants p WHERE p.workshop_id = ? ORDER BY p.created_at, p.id""",
            [workshop_id])

    # ---- segments, needs and evidence -------------------------------------------------

    def add_segment(self, workshop_id: int, actor_id: int | None, name: str,
                    description: str) -> int:
        """Insert a customer segment; return its id."""
        def work(cur: Cursor) -> int:
            self._require_workshop(cur, workshop_id)
            row = cur.execute("INSERT INTO segments (workshop_id, name, description) "
                              "VALUES (?, ?, ?) RETURNING id",
                              [workshop_id, name, description]).fetchone()
            self.log(cur, workshop_id, actor_id, "segment.added", segment_id=row[0], name=name)
            return int(row[0])
        return self.write(work)

    def update_segment(self, workshop_id: int, actor_id: int | None, segment_id: int,
                       name: str, description: str) -> None:
        """Rename or redescribe a segment."""
        def work(cur: Cursor) -> None:
            n = cur.execute("UPDATE segments SET name = ?, description = ? WHERE id = ? AND "
                            "workshop_id = ? RETURNING id",
                            [name, description, segment_id, workshop_id]).fetchall()
            if not n:
                raise UnknownItem("segment", segment_id)
            self.log(cur, workshop_id, actor_id, "segment.updated", segment_id=segment_id,
                     name=name)
        self.write(work)

    def delete_segment(self, workshop_id: int, actor_id: int | None, segment_id: int) -> int:
        """Delete a segment that holds no needs; return how many needs block it (0 = done)."""
        def work(cur: Cursor) -> int:
            blocking = cur.execute("SELECT count(*) FROM needs WHERE segment_id = ?",
                                   [segment_id]).fetchone()[0]
            if blocking:
                return int(blocking)
            n = cur.execute("DELETE FROM segments WHERE id = ? AND workshop_id = ? RETURNING id",
                            [segment_id, workshop_id]).fetchall()
            if not n:
                raise UnknownItem("segment", segment_id)
            self.log(cur, workshop_id, actor_id, "segment.deleted", segment_id=segment_id)
            return 0
        return self.write(work)

    @shared("needs", "segments")
    def list_segments(self, workshop_id: int) -> pd.DataFrame:
        """Segments with their need counts, in creation order."""
        return self._read(
            """SELECT s.id, s.name, s.description,
                      (SELECT count(*) FROM needs n WHERE n.segment_id = s.id) AS needs
               FROM segments s WHERE s.workshop_id = ? ORDER BY s.id""", [workshop_id])

    def need_statement_taken(self, segment_id: int, statement: str,
                             except_need: int | None = None) -> bool:
        """True when the segment already has this statement (case-insensitive)."""
        row = self._one("SELECT 1 FROM needs WHERE segment_id = ? AND lower(statement) = "
                        "lower(?) AND id IS DISTINCT FROM ?", [segment_id, statement, except_need])
        return row is not None

    def add_need(self, workshop_id: int, actor_id: int | None, segment_id: int, statement: str,
                 importance: int, satisfaction: int | None) -> int:
        """Insert a need in a segment; return its id."""
        def work(cur: Cursor) -> int:
            if cur.execute("SELECT 1 FROM segments WHERE id = ? AND workshop_id = ?",
                           [segment_id, workshop_id]).fetchone() is None:
                raise UnknownItem("segment", segment_id)
            row = cur.execute("INSERT INTO needs (workshop_id, segment_id, statement, importance, "
                              "satisfaction) VALUES (?, ?, ?, ?, ?) RETURNING id",
                              [workshop_id, segment_id, statement, importance,
                               satisfaction]).fetchone()
            self.log(cur, workshop_id, actor_id, "need.added", need_id=row[0],
                     statement=statement)
            return int(row[0])
        return self.write(work)

    def update_need(self, workshop_id: int, actor_id: int | None, need_id: int, segment_id: int,
                    statement: str, importance: int, satisfaction: int | None) -> None:
        """Edit a need's text, segment, importance and satisfaction."""
        def work(cur: Cursor) -> None:
            if cur.execute("SELECT 1 FROM segments WHERE id = ? AND workshop_id = ?",
                           [segment_id, workshop_id]).fetchone() is None:
                raise UnknownItem("segment", segment_id)
            n = cur.execute("UPDATE needs SET segment_id = ?, statement = ?, importance = ?, "
                            "satisfaction = ? WHERE id = ? AND workshop_id = ? RETURNING id",
                            [segment_id, statement, importance, satisfaction, need_id,
                             workshop_id]).fetchall()
            if not n:
                raise UnknownItem("need", need_id)
            self.log(cur, workshop_id, actor_id, "need.updated", need_id=need_id,
                     statement=statement, importance=importance, satisfaction=satisfaction)
        self.write(work)

    def ideas_tagged_to_need(self, need_id: int) -> int:
        """How many live ideas are tagged to a need."""
        row = self._one("SELECT count(*) FROM idea_needs t JOIN ideas i ON i.id = t.idea_id "
                        "WHERE t.need_id = ? AND i.merged_into IS NULL", [need_id])
        return int(row[0]) if row else 0

    def quotes_of_need(self, need_id: int) -> int:
        """How many evidence quotes are attached to a need."""
        row = self._one("SELECT count(*) FROM evidence WHERE need_id = ?", [need_id])
        return int(row[0]) if row else 0

    def delete_need(self, workshop_id: int, actor_id: int | None, need_id: int) -> int:
        """Delete a need, its evidence and its tags; return how many ideas were untagged."""
        def work(cur: Cursor) -> int:
            untagged = cur.execute("DELETE FROM idea_needs WHERE need_id = ? RETURNING idea_id",
                                   [need_id]).fetchall()
            cur.execute("DELETE FROM evidence WHERE need_id = ?", [need_id])
            n = cur.execute("DELETE FROM needs WHERE id = ? AND workshop_id = ? RETURNING id",
                            [need_id, workshop_id]).fetchall()
            if not n:
                raise UnknownItem("need", need_id)
            self.log(cur, workshop_id, actor_id, "need.deleted", need_id=need_id,
                     untagged_ideas=[r[0] for r in untagged])
            return len(untagged)
        return self.write(work)

    @shared("needs", "segments")
    def need_choices(self, workshop_id: int) -> pd.DataFrame:
        """id, statement and segment of each need, in ``list_needs`` order — for labels."""
        return self._read(
            "SELECT n.id, n.statement, s.name AS segment FROM needs n "
            "JOIN segments s ON s.id = n.segment_id WHERE n.workshop_id = ? "
            "ORDER BY s.id, n.importance DESC, n.id", [workshop_id])

    @shared("evidence", "idea_needs", "ideas", "needs", "segments")
    def list_needs(self, workshop_id: int) -> pd.DataFrame:
        """Needs with their segment name, idea counts and evidence counts."""
        return self._read(
            """WITH tagged AS (
                   SELECT t.need_id, count(*) AS ideas FROM idea_needs t
                   JOIN ideas i ON i.id = t.idea_id AND i.merged_into IS NULL
                   WHERE t.workshop_id = ? GROUP BY t.need_id),
               quoted AS (
                   SELECT need_id, count(*) AS evidence FROM evidence
                   WHERE workshop_id = ? GROUP BY need_id)
               SELECT n.id, n.segment_id, s.name AS segment, n.statement, n.importance,
                      n.satisfaction, coalesce(t.ideas, 0) AS ideas,
                      coalesce(q.evidence, 0) AS evidence
               FROM needs n JOIN segments s ON s.id = n.segment_id
                    LEFT JOIN tagged t ON t.need_id = n.id
                    LEFT JOIN quoted q ON q.need_id = n.id
               WHERE n.workshop_id = ? ORDER BY s.id, n.importance DESC, n.id""",
            [workshop_id, workshop_id, workshop_id])

    def add_evidence(self, workshop_id: int, actor_id: int | None, need_id: int, quote: str,
                     source: str) -> int:
        """Attach an evidence quote (with its source) to a need."""
        def work(cur: Cursor) -> int:
            self._require_needs(cur, workshop_id, [need_id])
            row = cur.execute("INSERT INTO evidence (workshop_id, need_id, quote, source) "
                              "VALUES (?, ?, ?, ?) RETURNING id",
                              [workshop_id, need_id, quote, source]).fetchone()
            self.log(cur, workshop_id, actor_id, "evidence.added", need_id=need_id)
            return int(row[0])
        return self.write(work)

    def delete_evidence(self, workshop_id: int, actor_id: int | None, evidence_id: int) -> None:
        """Remove one evidence quote."""
        def work(cur: Cursor) -> None:
            n = cur.execute("DELETE FROM evidence WHERE id = ? AND workshop_id = ? RETURNING id",
                            [evidence_id, workshop_id]).fetchall()
            if not n:
                raise UnknownItem("evidence quote", evidence_id)
            self.log(cur, workshop_id, actor_id, "evidence.deleted", evidence_id=evidence_id)
        self.write(work)

    @shared("evidence")
    def list_evidence(self, workshop_id: int) -> pd.DataFrame:
        """Evidence quotes of a workshop."""
        return self._read("SELECT id, need_id, quote, source FROM evidence WHERE workshop_id = ? "
                          "ORDER BY id", [workshop_id])

    # ---- ideas ------------------------------------------------------------------------

    def add_ideas(self, workshop_id: int, author_id: int | None,
                  items: Sequence[tuple[str, str]], need_ids: Sequence[int]) -> list[int]:
        """Insert ideas (title, description), all tagged to ``need_ids``, in one transaction."""
        def work(cur: Cursor) -> list[int]:
            self._require_workshop(cur, workshop_id)
            self._require_needs(cur, workshop_id, need_ids)
            ids = []
            for title, description in items:
                row = cur.execute("INSERT INTO ideas (workshop_id, title, description, author_id) "
                                  "VALUES (?, ?, ?, ?) RETURNING id",
                                  [workshop_id, title, description, author_id]).fetchone()
                ids.append(int(row[0]))
                for need_id in need_ids:
                    cur.execute("INSERT INTO idea_needs VALUES (?, ?, ?)",
                                [workshop_id, row[0], need_id])
            self.log(cur, workshop_id, author_id, "idea.added", idea_ids=ids, need_ids=need_ids)
            return ids
        return self.write(work)

    @shared("idea_needs", "ideas")
    def get_idea(self, idea_id: int) -> Idea:
        """One idea with its need ids; UnknownItem if it is gone."""
        row = self._one("""SELECT i.id, i.workshop_id, i.title, i.description, i.author_id,
                                  i.shortlisted, i.merged_into,
                                  list(t.need_id ORDER BY t.need_id)
                                    FILTER (WHERE t.need_id IS NOT NULL), i.moscow
                           FROM ideas i LEFT JOIN idea_needs t ON t.idea_id = i.id
                           WHERE i.id = ? GROUP BY ALL""", [idea_id])
        if row is None:
            raise UnknownItem("idea", idea_id)
        return Idea(*row[:7], need_ids=tuple(row[7] or ()), moscow=row[8])

    def update_idea(self, workshop_id: int, actor_id: int | None, idea_id: int, title: str,
                    description: str, need_ids: Sequence[int]) -> None:
        """Replace an idea's title, description and tags."""
        def work(cur: Cursor) -> None:
            self._require_ideas(cur, workshop_id, [idea_id])
            self._require_needs(cur, workshop_id, need_ids)
            cur.execute("UPDATE ideas SET title = ?, description = ?, updated_at = "
                        "current_timestamp WHERE id = ?", [title, description, idea_id])
            cur.execute("DELETE FROM idea_needs WHERE idea_id = ?", [idea_id])
            for need_id in need_ids:
                cur.execute("INSERT INTO idea_needs VALUES (?, ?, ?)",
                            [workshop_id, idea_id, need_id])
            self.log(cur, workshop_id, actor_id, "idea.updated", idea_id=idea_id, title=title,
                     need_ids=list(need_ids))
        self.write(work)

    def delete_idea(self, workshop_id: int, actor_id: int | None, idea_id: int) -> None:
        """Delete an idea with its tags, scores and votes."""
        def work(cur: Cursor) -> None:
            self._require_ideas(cur, workshop_id, [idea_id])
            for statement in _DELETE_IDEA_ROWS:
                cur.execute(statement, [idea_id])
            title = cur.execute("DELETE FROM ideas WHERE id = ? RETURNING title",
                                [idea_id]).fetchone()[0]
            self.log(cur, workshop_id, actor_id, "idea.deleted", idea_id=idea_id, title=title)
        self.write(work)

    @shared("idea_needs", "ideas", "participants")
    def list_ideas(self, workshop_id: int) -> pd.DataFrame:
        """Live (not merged-away) ideas with need ids, authors (kept through merges) and counts."""
        return self._read(
            """WITH tags AS (
                   SELECT idea_id, list(need_id ORDER BY need_id) AS need_ids
                   FROM idea_needs WHERE workshop_id = ? GROUP BY idea_id),
               authors AS (
                   SELECT coalesce(i.merged_into, i.id) AS idea_id,
                          list(DISTINCT p.name ORDER BY p.name) AS authors,
                          count(*) - 1 AS merged_count
                   FROM ideas i LEFT JOIN participants p ON p.id = i.author_id
                   WHERE i.workshop_id = ? GROUP BY ALL)
               SELECT i.id, i.title, i.description, i.author_id, i.shortlisted, i.created_at,
                      coalesce(t.need_ids, []) AS need_ids,
                      list_filter(coalesce(a.authors, []), lambda x: x IS NOT NULL) AS authors,
                      coalesce(a.merged_count, 0) AS merged_count
               FROM ideas i LEFT JOIN tags t ON t.idea_id = i.id
                            LEFT JOIN authors a ON a.idea_id = i.id
               WHERE i.workshop_id = ? AND i.merged_into IS NULL
               ORDER BY i.created_at, i.id""", [workshop_id, workshop_id, workshop_id])

    @shared("idea_needs", "ideas")
    def ideas_by(self, workshop_id: int, author_id: int) -> pd.DataFrame:
        """id, title, description and need ids of one author's live ideas, oldest first."""
        return self._read(
            """SELECT i.id, i.title, i.description, coalesce(t.need_ids, []) AS need_ids
               FROM ideas i
               LEFT JOIN (SELECT idea_id, list(need_id ORDER BY need_id) AS need_ids
                          FROM idea_needs WHERE workshop_id = ? GROUP BY idea_id) t
                      ON t.idea_id = i.id
               WHERE i.workshop_id = ? AND i.author_id = ? AND i.merged_into IS NULL
               ORDER BY i.created_at, i.id""", [workshop_id, workshop_id, author_id])

    @shared("idea_needs", "ideas")
    def wall_rows(self, workshop_id: int) -> list[tuple[str, list[int]]]:
        """(title, need ids) of each live idea in ``list_ideas`` order — the idea wall's data,
        a third of list_ideas' cost (it is rebuilt after every new idea)."""
        cur = self._con.cursor()
        try:
            rows = cur.execute(
                """SELECT i.title, coalesce(t.need_ids, []) FROM ideas i
                   LEFT JOIN (SELECT idea_id, list(need_id ORDER BY need_id) AS need_ids
                              FROM idea_needs WHERE workshop_id = ? GROUP BY idea_id) t
                          ON t.idea_id = i.id
                   WHERE i.workshop_id = ? AND i.merged_into IS NULL
                   ORDER BY i.created_at, i.id""", [workshop_id, workshop_id]).fetchall()
        finally:
            cur.close()
        return [(str(title), [int(n) for n in needs]) for title, needs in rows]

    @shared("ideas")
    def shortlist(self, workshop_id: int) -> pd.DataFrame:
        """id and title of the shortlisted live ideas (what ranking needs, nothing more)."""
        return self._read("SELECT id, title FROM ideas WHERE workshop_id = ? AND shortlisted "
                          "AND merged_into IS NULL ORDER BY created_at, id", [workshop_id])

    @shared("ideas")
    def moscow_buckets(self, workshop_id: int) -> pd.DataFrame:
        """idea_id and MoSCoW bucket of the shortlisted ideas that have one."""
        return self._read("SELECT id AS idea_id, moscow FROM ideas WHERE workshop_id = ? AND "
                          "shortlisted AND merged_into IS NULL AND moscow IS NOT NULL",
                          [workshop_id])

    def set_moscow(self, workshop_id: int, actor_id: int | None,
                   buckets: Mapping[int, str | None]) -> None:
        """Put ideas in MoSCoW buckets (None takes one out), in one logged transaction."""
        def work(cur: Cursor) -> None:
            self._require_ideas(cur, workshop_id, buckets)
            before = dict(cur.execute("SELECT id, moscow FROM ideas WHERE list_contains(?, id)",
                                      [list(buckets)]).fetchall())
            for idea_id, bucket in buckets.items():
                cur.execute("UPDATE ideas SET moscow = ?, updated_at = current_timestamp "
                            "WHERE id = ?", [bucket, idea_id])
            self.log(cur, workshop_id, actor_id, "moscow.set",
                     changes=[{"idea_id": i, "before": before.get(i), "after": b}
                              for i, b in buckets.items() if before.get(i) != b])
        self.write(work, contended=True)

    @shared("idea_needs", "ideas", "needs")
    def idea_need_ratings(self, workshop_id: int) -> pd.DataFrame:
        """Per (shortlisted idea, tagged need): the need's importance and satisfaction."""
        return self._read("""SELECT t.idea_id, t.need_id, n.importance, n.satisfaction
                             FROM idea_needs t JOIN needs n ON n.id = t.need_id
                             JOIN ideas i ON i.id = t.idea_id
                             WHERE t.workshop_id = ? AND i.shortlisted AND i.merged_into IS NULL
                             ORDER BY t.idea_id, t.need_id""", [workshop_id])

    def set_engine(self, workshop_id: int, actor_id: int | None, engine_json: str,
                   changes: Mapping[str, Any]) -> None:
        """Store the Decide page's settings; the changed fields go to the event log."""
        def work(cur: Cursor) -> None:
            self._require_workshop(cur, workshop_id)
            cur.execute("UPDATE workshops SET engine = ?, updated_at = current_timestamp "
                        "WHERE id = ?", [engine_json, workshop_id])
            self.log(cur, workshop_id, actor_id, "engine.updated", changes=dict(changes))
        self.write(work, contended=True)

    def set_shortlist(self, workshop_id: int, actor_id: int | None,
                      idea_ids: Sequence[int]) -> None:
        """Make exactly ``idea_ids`` the shortlist."""
        def work(cur: Cursor) -> None:
            self._require_workshop(cur, workshop_id)
            self._require_ideas(cur, workshop_id, idea_ids)
            cur.execute("UPDATE ideas SET shortlisted = list_contains(?, id) WHERE workshop_id = ? "
                        "AND merged_into IS NULL AND shortlisted <> list_contains(?, id)",
                        [list(idea_ids), workshop_id, list(idea_ids)])
            self.log(cur, workshop_id, actor_id, "shortlist.set", idea_ids=list(idea_ids))
        self.write(work, contended=True)

    def merge_ideas(self, workshop_id: int, actor_id: int | None, keep_id: int,
                    absorb_ids: Sequence[int], title: str, description: str) -> None:
        """Fold ``absorb_ids`` into ``keep_id``: tags unioned, votes moved, originals hidden."""
        def work(cur: Cursor) -> None:
            self._require_ideas(cur, workshop_id, [keep_id, *absorb_ids])
            originals = cur.execute("SELECT id, title, description, author_id FROM ideas WHERE "
                                    "list_contains(?, id)", [list(absorb_ids)]).fetchall()
            cur.execute("""INSERT INTO idea_needs
                           SELECT DISTINCT ?, ?, need_id FROM idea_needs
                           WHERE list_contains(?, idea_id) AND need_id NOT IN
                                 (SELECT need_id FROM idea_needs WHERE idea_id = ?)""",
                        [workshop_id, keep_id, list(absorb_ids), keep_id])
            cur.execute("UPDATE votes SET idea_id = ? WHERE list_contains(?, idea_id)",
                        [keep_id, list(absorb_ids)])
            # A voter with dots on several of the merged ideas keeps at most the per-idea cap
            # on the survivor; the rest go back to their budget (oldest dots stay).
            cap = cur.execute("SELECT dot_cap FROM workshops WHERE id = ?",
                              [workshop_id]).fetchone()[0]
            refunded = 0
            if cap is not None:
                refunded = len(cur.execute(
                    """DELETE FROM votes WHERE id IN (
                           SELECT id FROM (
                               SELECT id, row_number() OVER (PARTITION BY voter_id, round
                                                             ORDER BY created_at, id) AS n
                               FROM votes WHERE idea_id = ?) WHERE n > ?)
                       RETURNING id""", [keep_id, cap]).fetchall())
            shortlisted = cur.execute("SELECT bool_or(shortlisted) FROM ideas WHERE id = ? OR "
                                      "list_contains(?, id)", [keep_id, list(absorb_ids)]
                                      ).fetchone()[0]
            # Ideas merged earlier into an absorbed idea now point straight at the survivor,
            # so merges are always one level deep.
            cur.execute("UPDATE ideas SET merged_into = ? WHERE list_contains(?, merged_into)",
                        [keep_id, list(absorb_ids)])
            cur.execute("UPDATE ideas SET merged_into = ?, shortlisted = false, updated_at = "
                        "current_timestamp WHERE list_contains(?, id)", [keep_id, list(absorb_ids)])
            cur.execute("UPDATE ideas SET title = ?, description = ?, shortlisted = ?, "
                        "updated_at = current_timestamp WHERE id = ?",
                        [title, description, bool(shortlisted), keep_id])
            self.log(cur, workshop_id, actor_id, "ideas.merged", kept=keep_id, title=title,
                     dots_refunded=refunded,
                     originals=[{"id": o[0], "title": o[1], "description": o[2],
                                 "author_id": o[3]} for o in originals])
        self.write(work, contended=True)

    # ---- criteria ---------------------------------------------------------------------

    @shared("criteria")
    def list_criteria(self, workshop_id: int) -> list[Criterion]:
        """Criteria of a workshop in display order."""
        cur = self._con.cursor()
        try:
            rows = cur.execute("SELECT id, name, direction, scale_min, scale_max, weight, "
                               "position, coalesce(scale, 'custom'), coalesce(unit, '') "
                               "FROM criteria WHERE workshop_id = ? "
                               "ORDER BY position, id", [workshop_id]).fetchall()
        finally:
            cur.close()
        return [Criterion(int(r[0]), str(r[1]), str(r[2]), float(r[3]), float(r[4]),
                          float(r[5]), int(r[6]), str(r[7]), str(r[8])) for r in rows]

    def add_criterion(self, workshop_id: int, actor_id: int | None, name: str, direction: str,
                      scale_min: float, scale_max: float, weight: float, scale: str = "custom",
                      unit: str = "") -> int:
        """Append a criterion; return its id."""
        def work(cur: Cursor) -> int:
            self._require_workshop(cur, workshop_id)
            position = cur.execute("SELECT coalesce(max(position) + 1, 0) FROM criteria WHERE "
                                   "workshop_id = ?", [workshop_id]).fetchone()[0]
            row = cur.execute("INSERT INTO criteria (workshop_id, name, direction, scale_min, "
                              "scale_max, weight, position, scale, unit) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                              [workshop_id, name, direction, scale_min, scale_max, weight,
                               position, scale, unit]).fetchone()
            self.log(cur, workshop_id, actor_id, "criterion.added", criterion_id=row[0],
                     name=name, direction=direction, weight=weight, scale=scale,
                     scale_min=scale_min, scale_max=scale_max, unit=unit)
            return int(row[0])
        return self.write(work, contended=True)

    def update_criteria(self, workshop_id: int, actor_id: int | None,
                        changes: Sequence[tuple[int, str, str, float]]) -> None:
        """Apply (id, name, direction, weight) to several criteria in one logged transaction."""
        def work(cur: Cursor) -> None:
            self._require_workshop(cur, workshop_id)
            before = {r[0]: r[1:] for r in cur.execute(
                "SELECT id, name, direction, weight FROM criteria WHERE workshop_id = ?",
                [workshop_id]).fetchall()}
            for criterion_id, name, direction, weight in changes:
                if criterion_id not in before:
                    raise UnknownItem("criterion", criterion_id)
                cur.execute("UPDATE criteria SET name = ?, direction = ?, weight = ? WHERE id = ?",
                            [name, direction, weight, criterion_id])
            self.log(cur, workshop_id, actor_id, "criteria.updated",
                     before={k: list(v) for k, v in before.items()},
                     after={c[0]: list(c[1:]) for c in changes})
        self.write(work, contended=True)

    def delete_criterion(self, workshop_id: int, actor_id: int | None, criterion_id: int) -> None:
        """Remove a criterion and the scores given on it."""
        def work(cur: Cursor) -> None:
            cur.execute("DELETE FROM scores WHERE criterion_id = ?", [criterion_id])
            row = cur.execute("DELETE FROM criteria WHERE id = ? AND workshop_id = ? "
                              "RETURNING name", [criterion_id, workshop_id]).fetchone()
            if row is None:
                raise UnknownItem("criterion", criterion_id)
            self.log(cur, workshop_id, actor_id, "criterion.deleted", criterion_id=criterion_id,
                     name=row[0])
        self.write(work, contended=True)

    # ---- scores -----------------------------------------------------------------------

    def save_scores(self, workshop_id: int, rater_id: int,
                    rows: Sequence[tuple[int, int, float | None]], round_no: int = 1) -> int:
        """Upsert this rater's (idea, criterion, value) rows (None clears one); return count."""
        last = {(int(i), int(c)): v for i, c, v in rows}      # a cell given twice: last wins
        keep = [(i, c, v) for (i, c), v in last.items() if v is not None]
        clear = [(i, c) for (i, c), v in last.items() if v is None]

        def work(cur: Cursor) -> int:
            self._require_workshop(cur, workshop_id)
            self._require_ideas(cur, workshop_id, {r[0] for r in rows})
            if clear:
                cur.execute("DELETE FROM scores WHERE rater_id = ? AND round = ? AND "
                            "list_contains(?, [idea_id, criterion_id])",
                            [rater_id, round_no, [[i, c] for i, c in clear]])
            if keep:
                cur.execute("""INSERT INTO scores (workshop_id, idea_id, rater_id, criterion_id,
                                                   round, value)
                               SELECT ?, unnest(?), ?, unnest(?), ?, unnest(?)
                               ON CONFLICT (idea_id, rater_id, criterion_id, round)
                               DO UPDATE SET value = excluded.value, updated_at = now()""",
                            [workshop_id, [r[0] for r in keep], rater_id, [r[1] for r in keep],
                             round_no, [float(r[2]) for r in keep]])
            self.log(cur, workshop_id, rater_id, "scores.saved", round=round_no,
                     scores=[list(r) for r in rows])
            return len(rows)
        # The same person saving the same new cell from two tabs races on the insert.
        return self.write(work, retry_duplicates=True)

    @shared("scores")
    def scores_of(self, workshop_id: int, rater_id: int, round_no: int = 1) -> pd.DataFrame:
        """One rater's scores: idea_id, criterion_id, value."""
        return self._read("SELECT idea_id, criterion_id, value FROM scores WHERE workshop_id = ? "
                          "AND rater_id = ? AND round = ?", [workshop_id, rater_id, round_no])

    @shared("ideas", "scores")
    def score_means(self, workshop_id: int, round_no: int = 1) -> pd.DataFrame:
        """Per (idea, criterion): mean score and number of ratings, for live ideas."""
        # Group first, then keep live ideas: filtering 2.5 M score rows before grouping
        # costs twice as much as filtering the grouped rows.
        return self._read(
            """SELECT m.* FROM (
                   SELECT idea_id, criterion_id, avg(value) AS mean, count(*) AS n
                   FROM scores WHERE workshop_id = ? AND round = ?
                   GROUP BY idea_id, criterion_id) m
               SEMI JOIN ideas i ON i.id = m.idea_id AND i.merged_into IS NULL""",
            [workshop_id, round_no])

    @shared("scores")
    def raters_per_idea(self, workshop_id: int, round_no: int = 1) -> pd.DataFrame:
        """Per idea: how many distinct people scored it."""
        return self._read("SELECT idea_id, count(DISTINCT rater_id) AS raters FROM scores "
                          "WHERE workshop_id = ? AND round = ? GROUP BY idea_id",
                          [workshop_id, round_no])

    @shared("scores")
    def all_scores(self, workshop_id: int, round_no: int = 1) -> pd.DataFrame:
        """Every raw score row (idea_id, rater_id, criterion_id, value) of a round."""
        return self._read("SELECT idea_id, rater_id, criterion_id, value FROM scores "
                          "WHERE workshop_id = ? AND round = ?", [workshop_id, round_no])

    @shared("scores")
    def rater_count(self, workshop_id: int, round_no: int = 1) -> int:
        """How many people have saved at least one score in this round."""
        row = self._one("SELECT count(DISTINCT rater_id) FROM scores WHERE workshop_id = ? AND "
                        "round = ?", [workshop_id, round_no])
        return int(row[0]) if row else 0

    # ---- dot votes ----------------------------------------------------------------------

    def place_dot(self, workshop_id: int, voter_id: int, idea_id: int, round_no: int,
                  budget: int, cap: int | None) -> str | None:
        """Add one dot unless it breaks the budget or cap; return the reason it was refused."""
        def work(cur: Cursor) -> str | None:
            row = cur.execute("SELECT shortlisted FROM ideas WHERE id = ? AND workshop_id = ? "
                              "AND merged_into IS NULL", [idea_id, workshop_id]).fetchone()
            if row is None:
                raise UnknownItem("idea", idea_id)
            if not row[0]:
                return "Dots go on shortlisted ideas only."
            used, on_idea = cur.execute(
                "SELECT count(*), count(*) FILTER (WHERE idea_id = ?) FROM votes WHERE "
                "workshop_id = ? AND voter_id = ? AND round = ?",
                [idea_id, workshop_id, voter_id, round_no]).fetchone()
            if used >= budget:
                return f"You have used all {budget} of your dots. Remove one to move it."
            if cap is not None and on_idea >= cap:
                return f"At most {cap} dot(s) per idea."
            cur.execute("INSERT INTO votes (workshop_id, idea_id, voter_id, round) VALUES "
                        "(?, ?, ?, ?)", [workshop_id, idea_id, voter_id, round_no])
            self.log(cur, workshop_id, voter_id, "dot.placed", idea_id=idea_id, round=round_no)
            return None
        return self.write(work, lock=self._voter_lock(workshop_id, voter_id))

    def remove_dot(self, workshop_id: int, voter_id: int, idea_id: int, round_no: int) -> bool:
        """Take back one of your dots from an idea; False if you had none there."""
        def work(cur: Cursor) -> bool:
            row = cur.execute("SELECT max(id) FROM votes WHERE workshop_id = ? AND voter_id = ? "
                              "AND idea_id = ? AND round = ?",
                              [workshop_id, voter_id, idea_id, round_no]).fetchone()
            if row is None or row[0] is None:
                return False
            cur.execute("DELETE FROM votes WHERE id = ?", [row[0]])
            self.log(cur, workshop_id, voter_id, "dot.removed", idea_id=idea_id, round=round_no)
            return True
        return self.write(work, lock=self._voter_lock(workshop_id, voter_id))

    @shared("votes")
    def my_dots(self, workshop_id: int, voter_id: int, round_no: int) -> pd.DataFrame:
        """idea_id, dots for one voter."""
        return self._read("SELECT idea_id, count(*) AS dots FROM votes WHERE workshop_id = ? "
                          "AND voter_id = ? AND round = ? GROUP BY idea_id",
                          [workshop_id, voter_id, round_no])

    @shared("votes")
    def dot_totals(self, workshop_id: int, round_no: int) -> pd.DataFrame:
        """idea_id, dots, voters: totals per idea for a round."""
        return self._read("SELECT idea_id, count(*) AS dots, count(DISTINCT voter_id) AS voters "
                          "FROM votes WHERE workshop_id = ? AND round = ? GROUP BY idea_id",
                          [workshop_id, round_no])

    # ---- events -----------------------------------------------------------------------

    def list_events(self, workshop_id: int, limit: int = 200) -> pd.DataFrame:
        """The audit trail, newest first, with the actor's display name."""
        return self._read(
            """SELECT e.created_at, coalesce(p.name, '—') AS actor, e.kind, e.detail
               FROM events e LEFT JOIN participants p ON p.id = e.actor_id
               WHERE e.workshop_id = ? ORDER BY e.id DESC LIMIT ?""", [workshop_id, limit])


def _rollback(cur: Cursor) -> None:
    with suppress(duckdb.Error):  # a failed commit has already ended the transaction
        cur.rollback()
