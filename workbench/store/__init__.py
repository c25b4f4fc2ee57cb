"""Where workshops are kept: the ``Store`` interface and its DuckDB implementation."""

from workbench.store.core import DEFAULT_PATH, default_path
from workbench.store.duckdb_store import DuckDBStore
from workbench.store.import_interface import IMPORTED_NAME, ImportBatch
from workbench.store.interface import Store

__all__ = ["DEFAULT_PATH", "IMPORTED_NAME", "DuckDBStore", "ImportBatch", "Store", "default_path",
           "open_store"]


def open_store(path: str | None = None, *, share_reads: bool = False) -> Store:
    """Open the store at ``path`` (default: $WORKBENCH_DB or data/workbench.duckdb)."""
    return DuckDBStore(path, share_reads=share_reads)
