"""Back up a whole workshop as JSON and restore a backup as a new workshop."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workbench.domain.models import Conflict, InvalidInput, InvalidToken, StoreFailure
from workbench.domain.secrets import hash_secret, new_join_code, new_secret, secret_matches
from workbench.exchange import remap, snapshot
from workbench.exchange.snapshot import BackupRefused, Snapshot
from workbench.exchange.tables import TABLES
from workbench.exchange.writers import file_stem
from workbench.services.authority import gate
from workbench.services.live import (
    Seat,
    claim_facilitator,
    join_with_code,
    reclaim_facilitator_seat,
)
from workbench.services.ranked_export import Download
from workbench.store import Store

JSON_MIME = "application/json"
MAX_BACKUP_MB = snapshot.MAX_BYTES // (1024 * 1024)


@dataclass(frozen=True)
class Restored:
    """A restored workshop: where it is and, for a live one, its new code and key (shown once)."""

    workshop_id: int
    title: str
    live: bool
    join_code: str
    facilitator_key: str | None
    counts: dict[str, int]


def backup_workshop(store: Store, workshop_id: int, actor_id: int | None, *,
                    names: bool = True) -> Download:
    """Every table of the workshop as one JSON file (the facilitator's; anyone in free mode).

    ``names=False`` replaces participants' names with "Participant k" (for sharing).
    """
    workshop = gate(store, workshop_id, actor_id, "facilitate")
    rows = store.workshop_tables(workshop_id, [(spec.name, ((spec.key,) if spec.key else ())
                                                + spec.columns) for spec in TABLES])
    document = snapshot.build(rows, names=names,
                              exported_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    return Download(snapshot.encode(document), backup_file_name(workshop.title), JSON_MIME)


def backup_file_name(title: str) -> str:
    """The backup's file name: the title's letters and digits, then the date."""
    return f"{file_stem(title)}-backup-{dt.date.today().isoformat()}.json"


def read_backup(data: object, file_name: str | None = None) -> Snapshot:
    """Check an uploaded backup and return what it holds (for a preview); nothing is written."""
    if file_name is not None and not str(file_name).lower().endswith(".json"):
        raise BackupRefused(f"{file_name} is not a .json file: choose a workshop backup made "
                            "with 'Back up this workshop'.")
    if not isinstance(data, bytes | bytearray):
        raise BackupRefused("Choose a backup file to restore.")
    return snapshot.parse(bytes(data))


def restore_backup(store: Store, data: object, file_name: str | None = None) -> Restored:
    """Restore a backup as a NEW workshop (fresh ids, a new join code, and for a live workshop
    a new facilitator key) in one store transaction; nothing is written if it is refused."""
    snap = read_backup(data, file_name)
    live = bool(snap.workshop.get("live"))
    for _ in range(5):
        ids = store.new_ids(len(remap.old_ids(snap)))
        tables = remap.remap(snap, ids)
        code = new_join_code()
        key = new_secret() if live else None
        columns, (row,) = tables["workshops"]
        columns = columns + ["join_code", "facilitator_key_hash", "is_demo"]
        values = dict(zip(columns, row + (code, hash_secret(key) if key else None, False),
                          strict=True))
        values["status"] = "active"  # a restored copy is meant to be used
        tables["workshops"] = (columns, [tuple(values[c] for c in columns)])
        try:
            workshop_id = store.insert_workshop_copy(
                tables, None, {"title": snap.title, "schema_version": snap.schema_version,
                               "exported_at": snap.exported_at, **snap.counts()})
        except Conflict as exc:
            if "join_code" in str(exc):  # another workshop took the same code a moment ago
                continue
            raise BackupRefused("The backup could not be restored: two of its rows clash (for "
                                "example two participants with the same name). Nothing was "
                                "restored.") from exc
        except (StoreFailure, InvalidInput) as exc:
            raise BackupRefused("The backup could not be restored: the database refused one "
                                "of its values (a wrong type or an impossible value). Nothing "
                                "was restored.") from exc
        return Restored(workshop_id, snap.title, live, code, key, snap.counts())
    raise RuntimeError("could not find an unused join code")


def take_restored_seat(store: Store, code: object, key: object, name: object) -> Seat:
    """The facilitator seat in a restored live workshop for whoever holds its new key: the
    facilitator of that name in the copy, else a new participant made facilitator."""
    try:
        return reclaim_facilitator_seat(store, code, name, key)
    except InvalidToken:
        workshop = store.workshop_by_code(str(code))
        if workshop is None or not secret_matches(key, store.facilitator_key_hash(workshop.id)):
            raise
    seat = join_with_code(store, code, name)
    claim_facilitator(store, seat.workshop.id, seat.participant.id, key)
    return Seat(seat.workshop, store.get_participant(seat.participant.id), seat.rejoin_token)
