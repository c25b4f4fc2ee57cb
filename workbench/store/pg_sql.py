"""The store's SQL, written for DuckDB, as PostgreSQL runs it: the dialect differences, and
the cursor (``PgCursor``) that applies them with the DuckDB cursor's surface.

The mixins hold one SQL text per statement, in DuckDB's dialect with ``?`` placeholders.
``to_postgres`` rewrites the handful of constructs the two engines spell differently, outside
string literals; everything else is already common SQL. What it rewrites, and nothing more:

* ``?`` placeholders become psycopg's ``%s`` (a literal ``%`` becomes ``%%``);
* ``list_contains(list, x)`` becomes ``((x) = ANY(list))``;
* ``list(...)`` (DuckDB's list aggregate) becomes ``array_agg(...)``; ``[]`` becomes ``'{}'``;
* in DDL, ``DOUBLE`` becomes ``DOUBLE PRECISION`` and ``FLOAT[]`` (4-byte) ``REAL[]``.

A statement that needs more than this (a DuckDB-only join or bit function) is written twice in
its mixin and chosen by ``self.dialect`` — see ``ScoreRows.score_means``. Constructs PostgreSQL
15 lacks and that have a common spelling (``GROUP BY ALL``, ``INSERT OR REPLACE``, a subquery
without an alias) are written in the common spelling instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd
import psycopg
from psycopg import sql as pgsql

from workbench.store.core import written_tables

_TOKENS = re.compile(r"'(?:[^']|'')*'|[^']+")
_LIST_AGG = re.compile(r"\blist\s*\(", re.IGNORECASE)
_EMPTY_LIST = re.compile(r"(?<![\w\]])\[\s*\]")
_DOUBLE = re.compile(r"\bDOUBLE\b(?!\s+PRECISION)", re.IGNORECASE)
_FLOAT_LIST = re.compile(r"\bFLOAT\s*\[\]", re.IGNORECASE)
_LIST_CONTAINS = re.compile(r"\blist_contains\s*\(", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def to_postgres(sql: str) -> str:
    """``sql`` (DuckDB dialect, ``?`` placeholders) as PostgreSQL runs it through psycopg."""
    parts = []
    for token in _TOKENS.findall(sql):
        if token.startswith("'"):
            parts.append(token.replace("%", "%%"))
            continue
        token = token.replace("%", "%%").replace("?", "%s")
        token = _rewrite_list_contains(token)
        token = _LIST_AGG.sub("array_agg(", token)
        token = _DOUBLE.sub("DOUBLE PRECISION", token)
        token = _FLOAT_LIST.sub("REAL[]", token)
        token = _EMPTY_LIST.sub("'{}'", token)
        parts.append(token)
    return "".join(parts)


def _rewrite_list_contains(sql: str) -> str:
    """``list_contains(a, b)`` -> ``(b) = ANY(a)``, for arguments with balanced brackets."""
    while (found := _LIST_CONTAINS.search(sql)) is not None:
        start, depth, args, arg_start = found.end(), 1, [], found.end()
        i = start
        while depth:
            ch = sql[i]
            if ch in "([":
                depth += 1
            elif ch in ")]":
                depth -= 1
            elif ch == "," and depth == 1:
                args.append(sql[arg_start:i].strip())
                arg_start = i + 1
            i += 1
        args.append(sql[arg_start:i - 1].strip())
        if len(args) != 2:
            raise ValueError(f"list_contains takes two arguments: {sql[found.start():i]}")
        sql = f"{sql[:found.start()]}(({args[1]}) = ANY({args[0]})){sql[i:]}"
    return sql


class PgCursor:
    """A psycopg cursor with the DuckDB cursor's surface the mixins use."""

    dialect = "postgresql"

    def __init__(self, cur: psycopg.Cursor) -> None:
        self._cur = cur
        self.written: set[str] = set()

    def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> PgCursor:
        """Run ``sql`` (DuckDB dialect, ``?`` placeholders), noting the tables it writes."""
        self.written |= written_tables(sql)
        self._cur.execute(to_postgres(sql), list(parameters or ()))
        return self

    def executemany(self, sql: str, parameters: Sequence[Sequence[Any]]) -> PgCursor:
        """Run ``sql`` once per parameter set."""
        self.written |= written_tables(sql)
        self._cur.executemany(to_postgres(sql), [list(p) for p in parameters])
        return self

    def fetchone(self) -> tuple | None:
        """The next row, or None."""
        return self._cur.fetchone()

    def fetchall(self) -> list[tuple]:
        """The remaining rows."""
        return self._cur.fetchall()

    def register(self, name: str, frame: pd.DataFrame) -> None:
        """What DuckDB's ``register`` gives the mixins: ``frame`` readable as table ``name``
        until ``unregister`` — here a temporary table filled by COPY, gone at commit."""
        columns = [pgsql.Identifier(str(c)) for c in frame.columns]
        # Types come from _pg_type's fixed words, never from data.
        spec = pgsql.SQL(", ").join(pgsql.SQL("{} {}").format(c, pgsql.SQL(_pg_type(frame[k])))
                                  for c, k in zip(columns, frame.columns, strict=True))
        self._cur.execute(pgsql.SQL("CREATE TEMP TABLE {} ({}) ON COMMIT DROP").format(
            pgsql.Identifier(name), spec))
        rows = frame.astype(object).where(frame.notna(), None).itertuples(index=False,
                                                                           name=None)
        with self._cur.copy(pgsql.SQL("COPY {} ({}) FROM STDIN").format(
                pgsql.Identifier(name), pgsql.SQL(", ").join(columns))) as copy:
            for row in rows:
                copy.write_row(row)

    def unregister(self, name: str) -> None:
        """Drop a table ``register`` made."""
        self._cur.execute(pgsql.SQL("DROP TABLE IF EXISTS {}").format(pgsql.Identifier(name)))

    def df(self) -> pd.DataFrame:
        """The remaining rows as a table with the result's column names."""
        columns = [d.name for d in self._cur.description or ()]
        return pd.DataFrame.from_records(self._cur.fetchall(), columns=columns)


def _pg_type(column: pd.Series) -> str:
    """The PostgreSQL type a registered column gets: from its dtype, or from its first value
    when pandas holds Python objects (text, dates, whole numbers with NULLs)."""
    kind = column.dtype
    if pd.api.types.is_bool_dtype(kind):
        return "BOOLEAN"
    if pd.api.types.is_integer_dtype(kind):
        return "BIGINT"
    if pd.api.types.is_float_dtype(kind):
        return "DOUBLE PRECISION"
    if pd.api.types.is_datetime64_any_dtype(kind):
        return "TIMESTAMP"
    first = next((v for v in column if v is not None and not (isinstance(v, float)
                                                               and v != v)), None)
    if isinstance(first, bool):
        return "BOOLEAN"
    if isinstance(first, int):
        return "BIGINT"
    if isinstance(first, float):
        return "DOUBLE PRECISION"
    if isinstance(first, dt.datetime):
        return "TIMESTAMP"
    if isinstance(first, dt.date):
        return "DATE"
    return "TEXT"
