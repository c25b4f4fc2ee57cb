"""Whole-workshop JSON: build a snapshot from table rows, read one back (refusing what is not
a sound backup), migrate older versions, and remap every id for a new copy (pure)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.domain.models import InvalidInput
from workbench.exchange.tables import BY_NAME, TABLES, TableSpec

FORMAT = "idea-prioritisation-workbench/workshop"
SCHEMA_VERSION = 1
MAX_BYTES = 50 * 1024 * 1024  # 50 MB: a 10,000-idea workshop with 20 raters is ~15 MB
# version v → a function turning a document of version v into one of version v + 1.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}

Rows = tuple[list[str], list[tuple]]  # column names, rows


class BackupRefused(InvalidInput):
    """The file is not a workshop backup this app can restore; the message says why."""


@dataclass(frozen=True)
class Snapshot:
    """A checked backup: the workshop row and every table's rows as dicts (old ids)."""

    workshop: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]
    schema_version: int
    exported_at: str
    names: bool

    @property
    def title(self) -> str:
        """The workshop's title."""
        return str(self.workshop.get("title", ""))

    def counts(self) -> dict[str, int]:
        """Rows per table (tables in ``TABLES`` order, the workshop row left out)."""
        return {spec.name: len(self.tables.get(spec.name, [])) for spec in TABLES[1:]}


def _plain(value: Any) -> Any:
    """A database value as JSON: timestamps as ISO text, everything else as it is."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def build(rows: Mapping[str, Rows], *, names: bool, exported_at: str) -> dict:
    """The JSON document for one workshop: ``rows`` per table name (``workshops``: its one row)."""
    tables = {}
    for spec in TABLES:
        columns, records = rows.get(spec.name, (list(_columns(spec)), []))
        if spec.name == "participants" and not names:
            columns, records = _pseudonyms(columns, records)
        tables[spec.name] = {"columns": list(columns),
                             "rows": [[_plain(v) for v in r] for r in records]}
    workshop = tables.pop("workshops")
    if len(workshop["rows"]) != 1:
        raise InvalidInput("A snapshot holds exactly one workshop.")
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION, "exported_at": exported_at,
            "names": names,
            "workshop": dict(zip(workshop["columns"], workshop["rows"][0], strict=True)),
            "tables": tables}


def _pseudonyms(columns: Sequence[str], records: Sequence[tuple]) -> Rows:
    """Participants as "Participant 1", "Participant 2" … (by slot): no names leave."""
    at = {c: i for i, c in enumerate(columns)}
    out = []
    for record in records:
        row = list(record)
        label = f"Participant {int(row[at['slot']]) + 1}" if row[at["slot"]] is not None \
            else f"Participant {row[at['id']]}"
        row[at["name"]], row[at["name_key"]] = label, label.casefold()
        out.append(tuple(row))
    return list(columns), out


def encode(document: Mapping[str, Any]) -> bytes:
    """The document as UTF-8 JSON (one line per table row would be longer; this is compact)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _columns(spec: TableSpec) -> tuple[str, ...]:
    return ((spec.key,) if spec.key else ()) + spec.columns


def parse(data: bytes) -> Snapshot:
    """Read a backup file; BackupRefused says plainly why it cannot be restored."""
    if not data:
        raise BackupRefused("The file is empty: choose a workshop backup (.json) made with "
                            "'Back up this workshop'.")
    if len(data) > MAX_BYTES:
        raise BackupRefused(f"The file is {len(data) / 1e6:.1f} MB; backups up to "
                            f"{MAX_BYTES // (1024 * 1024)} MB can be restored.")
    if b"\x00" in data:
        raise BackupRefused("The file contains NUL bytes, so it is not a JSON backup (is it a "
                            "spreadsheet or a database file?).")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BackupRefused("The file is not UTF-8 text, so it is not a workshop backup.") \
            from None
    except json.JSONDecodeError as exc:
        raise BackupRefused(f"The file is not complete JSON (line {exc.lineno}, column "
                            f"{exc.colno}: {exc.msg}); it may have been cut short. Download "
                            "the backup again.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupRefused("This JSON is not a workshop backup of the Idea Prioritisation "
                            "Workbench (it has no \"format\": \"" + FORMAT + "\").")
    return _checked(migrate(document))


def migrate(document: dict) -> dict:
    """Bring a document of an older schema version to ``SCHEMA_VERSION``; refuse newer ones."""
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BackupRefused("The backup has no valid schema_version.")
    if version > SCHEMA_VERSION:
        raise BackupRefused(f"The backup was made by a newer version of the workbench (schema "
                            f"{version}; this one reads up to {SCHEMA_VERSION}). Update the "
                            "app, then restore it.")
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise BackupRefused(f"Backups of schema version {version} can no longer be "
                                "restored.")
        document = step(document)
        version += 1
        document["schema_version"] = version
    return document


def _checked(document: dict) -> Snapshot:
    """The document as a Snapshot, once its shape, ids and references hold."""
    workshop = document.get("workshop")
    raw_tables = document.get("tables")
    if not isinstance(workshop, dict) or not isinstance(raw_tables, dict):
        raise BackupRefused("The backup has no workshop or no tables.")
    unknown = sorted(set(raw_tables) - set(BY_NAME))
    if unknown:
        raise BackupRefused(f"The backup has tables this app does not know: {', '.join(unknown)}.")
    title = workshop.get("title")
    if not isinstance(title, str) or not title.strip():
        raise BackupRefused("The backup's workshop has no title.")
    tables = {"workshops": [_row(TABLES[0], workshop, 1)]}
    for spec in TABLES[1:]:
        tables[spec.name] = _table_rows(spec, raw_tables.get(spec.name))
    _check_references(tables)
    return Snapshot(tables.pop("workshops")[0], tables, int(document["schema_version"]),
                    str(document.get("exported_at", "")), bool(document.get("names")))


def _table_rows(spec: TableSpec, raw: object) -> list[dict[str, Any]]:
    if raw is None:  # a table this file's version did not have: empty
        return []
    if not isinstance(raw, dict) or not isinstance(raw.get("rows"), list) or \
            not isinstance(raw.get("columns"), list):
        raise BackupRefused(f"The backup's table {spec.name} is damaged (no columns or rows).")
    columns = raw["columns"]
    if sorted(map(str, columns)) != sorted(_columns(spec)):
        raise BackupRefused(f"The backup's table {spec.name} has other columns than this app "
                            f"expects ({', '.join(map(str, columns))}).")
    out = []
    for n, values in enumerate(raw["rows"], start=1):
        if not isinstance(values, list) or len(values) != len(columns):
            raise BackupRefused(f"Row {n} of {spec.name} in the backup is damaged.")
        out.append(_row(spec, dict(zip(columns, values, strict=True)), n))
    return out


def _row(spec: TableSpec, row: dict[str, Any], n: int) -> dict[str, Any]:
    missing = [c for c in _columns(spec) if c not in row]
    if missing:
        raise BackupRefused(f"Row {n} of {spec.name} in the backup lacks {', '.join(missing)}.")
    for column in ((spec.key,) if spec.key else ()) + tuple(spec.refs):
        value = row[column]
        if (value is not None or column == spec.key) and not _is_id(value):
            raise BackupRefused(f"Row {n} of {spec.name} in the backup has a bad {column}: "
                                f"{value!r}.")
    for column in spec.list_refs:
        if not isinstance(row[column], list) or not all(map(_is_id, row[column])):
            raise BackupRefused(f"Row {n} of {spec.name} in the backup has a bad {column}.")
    for column, hook in spec.json.items():
        try:
            hook.ids(row[column])
        except (TypeError, ValueError, IndexError):
            raise BackupRefused(f"Row {n} of {spec.name} in the backup has a damaged "
                                f"{column}.") from None
    return {c: row[c] for c in _columns(spec)}


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _check_references(tables: Mapping[str, list[dict[str, Any]]]) -> None:
    """Every own id once in the file; every checked reference names a row of its table."""
    keys: dict[str, set[int]] = {}
    seen: set[int] = set()
    for spec in TABLES:
        if spec.key is None:
            continue
        ids = [row[spec.key] for row in tables[spec.name]]
        repeated = (set(ids) & seen) | {i for i, n in Counter(ids).items() if n > 1}
        if repeated:
            raise BackupRefused(f"The backup names id {min(repeated)} twice ({spec.name}): it "
                                "does not hold together.")
        keys[spec.name] = set(ids)
        seen |= keys[spec.name]
    for spec in TABLES:
        for column, target in spec.refs.items():
            if column in spec.soft:
                continue
            for n, row in enumerate(tables[spec.name], start=1):
                value = row[column]
                if value is not None and value not in keys[target]:
                    raise BackupRefused(
                        f"The backup does not hold together: row {n} of {spec.name} points at "
                        f"{target} id {value} ({column}), which is not in the file. Nothing "
                        "was restored.")


def old_ids(snapshot: Snapshot) -> list[int]:
    """Every id the copy needs a fresh one for, ascending (rows, then history ids)."""
    ids = {snapshot.workshop["id"]}
    every = {"workshops": [snapshot.workshop], **snapshot.tables}
    for spec in TABLES:
        for row in every[spec.name]:
            if spec.key:
                ids.add(row[spec.key])
            for column in spec.soft:
                value = row[column]
                ids.update(value if isinstance(value, list) else
                           [] if value is None else [value])
            for column, hook in spec.json.items():
                ids.update(hook.ids(row[column]))
    return sorted(ids)


def remap(snapshot: Snapshot, new_ids: Sequence[int]) -> dict[str, Rows]:
    """The snapshot's rows with fresh ids, ``workshop_id`` added; ``workshops`` holds one row.

    ``new_ids`` (at least ``len(old_ids(snapshot))``) are paired in ascending order with the
    old ones, so rows keep their order.
    """
    old = old_ids(snapshot)
    if len(new_ids) < len(old):
        raise ValueError("not enough fresh ids")
    mapping = dict(zip(old, sorted(new_ids), strict=False))
    new = mapping.__getitem__
    workshop_id = new(snapshot.workshop["id"])
    out: dict[str, Rows] = {}
    every = {"workshops": [snapshot.workshop], **snapshot.tables}
    for spec in TABLES:
        columns = list(_columns(spec))
        records = []
        for row in every[spec.name]:
            values = dict(row)
            if spec.key:
                values[spec.key] = new(row[spec.key])
            for column in spec.refs:
                values[column] = None if row[column] is None else new(row[column])
            for column in spec.list_refs:
                values[column] = [new(i) for i in row[column]]
            for column, hook in spec.json.items():
                values[column] = hook.remap(row[column], new)
            records.append(tuple(values[c] for c in columns))
        if spec.name != "workshops":
            columns = ["workshop_id"] + columns
            records = [(workshop_id,) + r for r in records]
        out[spec.name] = (columns, records)
    return out
