"""Whole-workshop rows for backups: read every table of one workshop in one snapshot, and
insert a complete copy (rows already remapped to fresh ids) in one transaction."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from workbench.domain.models import InvalidInput
from workbench.store.core import Cursor, StoreCore

_IDENT = frozenset("abcdefghijklmnopqrstuvwxyz_0123456789")
_WHOLE = frozenset({"BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT",
                    "UINTEGER"})


def _quoted(name: str) -> str:
    """An identifier from a table spec (ours, never a person's text), checked and quoted."""
    if not name or not set(name) <= _IDENT:
        raise InvalidInput(f"Not a column or table name: {name!r}")
    return '"' + name + '"'


# PostgreSQL's udt_name → the type name a CAST takes (the same words as DuckDB's where both
# have them, so _WHOLE and the list check read either).
_PG_TYPES = {"int8": "BIGINT", "int4": "INTEGER", "int2": "SMALLINT", "float8": "DOUBLE",
             "float4": "REAL", "bool": "BOOLEAN", "varchar": "VARCHAR", "text": "VARCHAR",
             "timestamp": "TIMESTAMP", "timestamptz": "TIMESTAMPTZ", "date": "DATE",
             "numeric": "NUMERIC", "_int8": "BIGINT[]", "_int4": "INTEGER[]",
             "_bool": "BOOLEAN[]", "_float8": "DOUBLE[]", "_float4": "REAL[]"}


def _list_text(values: Any, dialect: str) -> str:
    """A list as text its engine casts to an array: JSON for DuckDB, ``{…}`` for PostgreSQL."""
    items = [json.dumps(v) for v in values]
    return "{" + ",".join(items) + "}" if dialect == "postgresql" else "[" + ",".join(items) + "]"


class ExchangeRows(StoreCore):
    """Reading and writing a workshop as whole tables (backup and restore)."""

    def _column_types(self, cur: Cursor, table: str) -> dict[str, str]:
        """Column → type as a CAST names it (DuckDB's spelling; PostgreSQL's mapped to it)."""
        if self.dialect == "postgresql":
            return {str(name): _PG_TYPES.get(str(udt), str(udt).upper())
                    for name, udt in cur.execute(
                        "SELECT column_name, udt_name FROM information_schema.columns "
                        "WHERE table_name = ? AND table_schema = current_schema()",
                        [table]).fetchall()}
        return {str(r[0]): str(r[1]) for r in cur.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
            "AND schema_name = 'main'", [table]).fetchall()}

    def workshop_tables(self, workshop_id: int,
                        tables: Sequence[tuple[str, Sequence[str]]]
                        ) -> dict[str, tuple[list[str], list[tuple]]]:
        """Per (table, columns): the workshop's rows, ordered by the first column; all read in
        one transaction, so references between the tables hold. ``workshops``: its one row."""
        def read(cur: Cursor) -> dict[str, tuple[list[str], list[tuple]]]:
            if self.dialect == "postgresql":  # one snapshot for every statement, as DuckDB
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            self._require_workshop(cur, workshop_id)
            out = {}
            for table, columns in tables:
                known = self._column_types(cur, table)
                missing = [c for c in columns if c not in known]
                if missing:
                    raise InvalidInput(f"{table} has no column {', '.join(missing)}")
                where = "id" if table == "workshops" else "workshop_id"
                sql = (f"SELECT {', '.join(map(_quoted, columns))} FROM {_quoted(table)} "
                       f"WHERE {where} = ? ORDER BY {', '.join(map(_quoted, columns[:3]))}")
                out[table] = (list(columns), cur.execute(sql, [workshop_id]).fetchall())
            return out
        return self.write(read, quiet=True)

    def new_ids(self, count: int) -> list[int]:
        """``count`` fresh ids from the one id sequence, ascending."""
        if count <= 0:
            return []
        return sorted(int(r[0]) for r in self._all(
            "SELECT nextval('ids') FROM generate_series(1, ?)", [count]))

    def insert_workshop_copy(self, tables: Mapping[str, tuple[Sequence[str], Sequence[tuple]]],
                             actor_id: int | None, detail: Mapping[str, Any]) -> int:
        """Insert a whole workshop (``workshops``: its one row, with its id) and its rows in one
        transaction; log it; return the workshop's id. Nothing is written if any row fails."""
        columns, rows = tables["workshops"]
        if len(rows) != 1:
            raise InvalidInput("A copy holds exactly one workshop.")
        workshop_id = int(rows[0][list(columns).index("id")])

        def work(cur: Cursor) -> int:
            for table, (names, records) in tables.items():
                if records:
                    self._insert_rows(cur, table, names, records)
            self.log(cur, workshop_id, actor_id, "workshop.restored", **detail)
            return workshop_id
        return self.write(work, contended=True)

    def _insert_rows(self, cur: Cursor, table: str, columns: Sequence[str],
                     records: Sequence[tuple]) -> None:
        types = self._column_types(cur, table)
        missing = [c for c in columns if c not in types]
        if missing:
            raise InvalidInput(f"{table} has no column {', '.join(missing)}")
        frame = pd.DataFrame.from_records(list(records), columns=list(columns))
        for column in columns:
            kind = types[column]
            if kind.endswith("[]"):  # lists travel as text each engine casts back
                frame[column] = [None if v is None else _list_text(v, self.dialect)
                                 for v in frame[column]]
            elif kind in _WHOLE and pd.api.types.is_float_dtype(frame[column]):
                # Mixed ints and NULLs arrive as floats; a fraction would be rounded silently.
                values = frame[column].dropna()
                if not (values % 1 == 0).all():
                    raise InvalidInput(f"{table}.{column} holds a fraction where a whole "
                                       "number belongs.")
        # pandas' guess per column (numbers, NaN for NULL, text) is cast to each column's own
        # type: exact for doubles, ids below 2**53, ISO timestamps and JSON lists.
        casts = ", ".join(f"CAST({_quoted(c)} AS {types[c]})" for c in columns)
        # Registered on this write's own cursor, which closes with it; no unregister after a
        # failure (in an aborted transaction it would raise and hide the real error).
        cur.register("copy_rows", frame)
        # The table name unquoted (checked by _quoted): StoreCore counts the tables a write
        # touches from "INSERT INTO name", and shared reads are invalidated by that count.
        _quoted(table)
        cur.execute(f"INSERT INTO {table} ({', '.join(map(_quoted, columns))}) "
                    f"SELECT {casts} FROM copy_rows")
        cur.unregister("copy_rows")
