"""The ``Store`` contract (tests/store/contract.py) run against ``DuckDBStore``.

Every contract test runs twice on a fresh database file: with private reads (each call
queries) and with shared reads (results reused until the next committed write, as the app's
one process-wide store does).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.store.contract import *  # noqa: F403
from tests.store.kpi_contract import *  # noqa: F403
from workbench.store import DuckDBStore, Store


@pytest.fixture(params=[False, True], ids=["private_reads", "shared_reads"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty, migrated DuckDB store on a new file in tmp_path."""
    opened = DuckDBStore(tmp_path / "contract.duckdb", share_reads=request.param)
    yield opened
    opened.close()
