"""Where workshops are kept: the ``Store`` interface, its DuckDB and PostgreSQL implementations."""

from pathlib import Path

from workbench.store.core import DEFAULT_PATH, default_path, is_database_url, shown_target
from workbench.store.duckdb_store import DuckDBStore
from workbench.store.import_interface import IMPORTED_NAME, ImportBatch
from workbench.store.interface import Store

__all__ = ["DEFAULT_PATH", "IMPORTED_NAME", "DuckDBStore", "ImportBatch", "Store", "default_path",
           "is_database_url", "shown_target",
           "open_store"]


def open_store(path: str | Path | None = None, *, share_reads: bool = False) -> Store:
    """Open the store at ``path``: a ``postgresql://`` URL opens the PostgreSQL store, anything
    else is a DuckDB file (default: $WORKBENCH_DB or data/workbench.duckdb)."""
    target = default_path() if path is None else path
    if is_database_url(target):
        from workbench.store.pg_store import PostgresStore  # psycopg only when asked for
        return PostgresStore(str(target), share_reads=share_reads)
    return DuckDBStore(target, share_reads=share_reads)
