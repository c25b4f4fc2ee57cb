"""The PostgreSQL store: the same kinds of data as ``DuckDBStore``, over ``PostgresCore``."""

from __future__ import annotations

from workbench.store.core import StoreCore
from workbench.store.duckdb_store import DuckDBStore
from workbench.store.pg_core import PostgresCore

# DuckDBStore's mixins, whichever are added there: one list of kinds of data for both engines.
_MIXINS = tuple(base for base in DuckDBStore.__bases__ if base is not StoreCore)


class PostgresStore(PostgresCore, *_MIXINS):  # type: ignore[misc]
    """One PostgreSQL database shared by every app process: DuckDBStore's mixins, whose SQL
    ``pg_sql`` translates, over a core that pools connections and locks in the database."""
