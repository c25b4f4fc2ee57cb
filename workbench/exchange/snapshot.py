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
SCHEMA_VERSION = 2
MAX_BYTES = 50 * 1024 * 1024  # 50 MB: 10,000 ideas × 20 raters × 3 criteria is ~34 MB


def _with_columns(document: dict, added: Mapping[str, Mapping[str, Any]]) -> dict:
    """``document`` with new columns at their defaults: table → {column: value}; the
    ``workshops`` entry adds keys to the workshop row."""
    out = {**document, "workshop": {**document.get("workshop", {}),
                                    **added.get("workshops", {})}}
    tables = dict(out.get("tables") or {})
    for name, columns in added.items():
        raw = tables.get(name)
        if name == "workshops" or not isinstance(raw, dict):
            continue
        tables[name] = {"columns": [*raw.get("columns", []), *columns],
                        "rows": [[*row, *columns.values()] if isinstance(row, list) else row
                                 for row in raw.get("rows", [])]}
    out["tables"] = tables
    return out


# version v → a function turning a document of version v into one of version v + 1.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {
    # 2: imports (source keys, the Imported rater), journey stages and customer feedback,
    # decisions, KPIs and outcomes, the pushed technique card. New tables start empty.
    1: lambda d: _with_columns(d, {
        "workshops": {"technique": None, "evidence_importance": False},
        "participants": {"imported": False},
        "needs": {"stage_id": None},
        "ideas": {"source_key": None, "source_status": None}}),
}

Rows = tuple[list[str], list[tuple]]  # column names, rows


class BackupRefused(InvalidInput):
    """The file is not a workshop backup this app can restore; the message says why."""


@dataclass(frozen=True)
class Snapshot:
    """A checked backup: the workshop row (a dict) and every table's rows as tuples in its
    spec's column order (own id first), with the old ids."""

    workshop: dict[str, Any]
    tables: dict[str, list[tuple]]
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


def _json_rows(records: Sequence[tuple]) -> list[list]:
    """Rows as JSON arrays: timestamps as ISO text (only the columns that hold them are
    converted, so a 60,000-row table costs one pass)."""
    if not records:
        return []
    stamps = [k for k in range(len(records[0]))
              if isinstance(next((r[k] for r in records if r[k] is not None), None),
                            dt.datetime | dt.date)]
    if not stamps:
        return [list(r) for r in records]
    out = []
    for record in records:
        row = list(record)
        for k in stamps:
            if row[k] is not None:
                row[k] = row[k].isoformat()
        out.append(row)
    return out


def build(rows: Mapping[str, Rows], *, names: bool, exported_at: str) -> dict:
    """The JSON document for one workshop: ``rows`` per table name (``workshops``: its one row)."""
    tables = {}
    for spec in TABLES:
        columns, records = rows.get(spec.name, (list(columns_of(spec)), []))
        if spec.name == "participants" and not names:
            columns, records = _pseudonyms(columns, records)
        tables[spec.name] = {"columns": list(columns),
                             "rows": _json_rows(records)}
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


def columns_of(spec: TableSpec) -> tuple[str, ...]:
    """A table's columns in a snapshot: its own id first, then the spec's columns."""
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
    columns = columns_of(TABLES[0])
    missing = [c for c in columns if c not in workshop]
    if missing:
        raise BackupRefused(f"The backup's workshop lacks {', '.join(missing)}.")
    tables = {"workshops": [tuple(workshop[c] for c in columns)]}
    for spec in TABLES[1:]:
        tables[spec.name] = _table_rows(spec, raw_tables.get(spec.name))
    for spec in TABLES:
        _check_ids(spec, tables[spec.name])
    _check_references(tables)
    return Snapshot(dict(zip(columns, tables.pop("workshops")[0], strict=True)), tables,
                    int(document["schema_version"]), str(document.get("exported_at", "")),
                    bool(document.get("names")))


def _table_rows(spec: TableSpec, raw: object) -> list[tuple]:
    """A table's rows as tuples in the spec's column order."""
    if raw is None:  # a table this file's version did not have: empty
        return []
    if not isinstance(raw, dict) or not isinstance(raw.get("rows"), list) or \
            not isinstance(raw.get("columns"), list):
        raise BackupRefused(f"The backup's table {spec.name} is damaged (no columns or rows).")
    columns = [str(c) for c in raw["columns"]]
    wanted = columns_of(spec)
    if sorted(columns) != sorted(wanted):
        raise BackupRefused(f"The backup's table {spec.name} has other columns than this app "
                            f"expects ({', '.join(columns)}).")
    width = len(columns)
    for n, values in enumerate(raw["rows"], start=1):
        if type(values) is not list or len(values) != width:
            raise BackupRefused(f"Row {n} of {spec.name} in the backup is damaged.")
    if columns == list(wanted):
        return [tuple(values) for values in raw["rows"]]
    order = [columns.index(c) for c in wanted]
    return [tuple(values[k] for k in order) for values in raw["rows"]]


def _check_ids(spec: TableSpec, rows: list[tuple]) -> None:
    """Own ids and references are positive whole numbers (references may be NULL)."""
    at = {c: k for k, c in enumerate(columns_of(spec))}
    for column in ((spec.key,) if spec.key else ()) + tuple(spec.refs):
        k = at[column]
        distinct = {row[k] for row in rows}
        for value in distinct:
            if (value is None and column != spec.key) or _is_id(value):
                continue
            n = next(n for n, row in enumerate(rows, start=1) if row[k] == value)
            raise BackupRefused(f"Row {n} of {spec.name} in the backup has a bad {column}: "
                                f"{value!r}.")
    for n, row in enumerate(rows, start=1):
        for column in spec.list_refs:
            value = row[at[column]]
            if not isinstance(value, list) or not all(map(_is_id, value)):
                raise BackupRefused(f"Row {n} of {spec.name} in the backup has a bad {column}.")
        for column, hook in spec.json.items():
            try:
                hook.ids(row[at[column]])
            except (TypeError, ValueError, IndexError, AttributeError):
                raise BackupRefused(f"Row {n} of {spec.name} in the backup has a damaged "
                                    f"{column}.") from None


def _is_id(value: object) -> bool:
    return type(value) is int and value > 0


def _check_references(tables: Mapping[str, list[tuple]]) -> None:
    """Every own id once in the file; every checked reference names a row of its table."""
    keys: dict[str, set[int]] = {}
    seen: set[int] = set()
    for spec in TABLES:
        if spec.key is None:
            continue
        ids = [row[0] for row in tables[spec.name]]
        repeated = (set(ids) & seen) | {i for i, n in Counter(ids).items() if n > 1}
        if repeated:
            raise BackupRefused(f"The backup names id {min(repeated)} twice ({spec.name}): it "
                                "does not hold together.")
        keys[spec.name] = set(ids)
        seen |= keys[spec.name]
    for spec in TABLES:
        at = {c: k for k, c in enumerate(columns_of(spec))}
        for column, target in spec.refs.items():
            if column in spec.soft:
                continue
            k = at[column]
            stray = {row[k] for row in tables[spec.name]} - keys[target] - {None}
            if stray:
                value = min(stray)
                n = next(n for n, row in enumerate(tables[spec.name], start=1)
                         if row[k] == value)
                raise BackupRefused(
                    f"The backup does not hold together: row {n} of {spec.name} points at "
                    f"{target} id {value} ({column}), which is not in the file. Nothing "
                    "was restored.")
