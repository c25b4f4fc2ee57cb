"""The ``Store`` contract (tests/store/contract.py) run against ``PostgresStore``.

The same test functions as ``test_contract_duckdb.py``, each on a fresh database of a
throwaway cluster (tests/store/conftest.py), with private and with shared reads.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.store.contract import *  # noqa: F403
from workbench.store import Store


@pytest.fixture(params=[False, True], ids=["private_reads", "shared_reads"])
def store(request: pytest.FixtureRequest, open_pg: Callable[..., Store]) -> Store:
    """An empty, migrated PostgreSQL store on a new database."""
    return open_pg(share_reads=request.param)
