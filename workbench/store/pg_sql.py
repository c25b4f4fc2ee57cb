"""The store's SQL, written for DuckDB, as PostgreSQL runs it: the few dialect differences.

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

import functools
import re

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
